import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { DockerEngine } from '@hearth/runtime'
import {
  closeLease,
  createProviderClient,
  formatTokenAmount,
  getLeaseClosed,
  getWithdrawable,
  type HearthDeployment,
  hashJobSpec,
  LeaseState,
  marketplaceAbi,
  openLease,
  quotePrice,
  sweepFees,
} from '@hearth/sdk'
import { downloadResults } from '@hearth/sdk/node'
import {
  encodeAnimatedPng,
  ensureRaytraceImage,
  parsePpm,
  type RaytraceAnimation,
  raytraceFrameName,
  verifyRaytraceFrames,
} from '@hearth/workloads'
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getContractEvents, readContract } from 'viem/actions'
import { CliError } from '../CliError.js'
import type { DevnetProvider } from './startDevnetProviders.js'

/** The demo's default animation: 48 frames of 384×216 (two seconds at 24 frames per second). */
export const demoAnimation: RaytraceAnimation = { width: 384, height: 216, frames: 48 }

/** Options of {@link runDemo}. */
export type RunDemoOptions = {
  rpcUrl: string
  chain: Chain
  deployment: HearthDeployment
  /** The consumer who pays (a funded demo account). */
  consumer: { address: Address; privateKey: Hex }
  /** Sends the fee sweep (anyone may; the devnet uses the deployer). */
  sweeper: { privateKey: Hex }
  providers: readonly DevnetProvider[]
  engine: DockerEngine
  /** Results go to `<dir>/<run>/`. */
  dir: string
  animation?: RaytraceAnimation | undefined
  onProgress?: ((line: string) => void) | undefined
  /** Called with the demo image's tag once it is in the engine (before any lease opens). */
  onImage?: ((tag: string) => void) | undefined
  signal?: AbortSignal | undefined
}

/** One lease of the demo. */
export type DemoLease = {
  lease: bigint
  provider: Address
  providerName: string
  market: string
  symbol: string
  decimals: number
  pricePerSecond: bigint
  /** Locked when it opened. */
  deposit: bigint
  /** The frames it rendered: `first` … `first + count - 1`. */
  first: number
  count: number
  resultHash: Hex
  /** Paid back to the consumer when it closed. */
  refund: bigint
}

/** What one provider earned in the demo, per token. */
export type DemoEarning = {
  providerName: string
  provider: Address
  symbol: string
  decimals: number
  /** Already paid to the provider (net of the fee). */
  withdrawn: bigint
  /** Accrued and not yet withdrawn. */
  withdrawable: bigint
  /** Protocol fee taken from its withdrawals. */
  fee: bigint
}

/** The protocol fees swept after the demo, per token. */
export type DemoFee = {
  symbol: string
  decimals: number
  /** Fees the marketplace held for the token before the sweep (the sum of the providers' fees). */
  collected: bigint
  burned: bigint
  toTreasury: bigint
  /** Left with the marketplace: a sweep of one base unit or less is skipped. */
  unswept: bigint
}

/** What {@link runDemo} returns. */
export type RunDemoReturnType = {
  run: string
  animation: RaytraceAnimation
  image: string
  /** `<dir>/<run>`, with `frames/`, `animation.png` and `summary.json`. */
  runDir: string
  framesDir: string
  /** The frames as one animated PNG (plays in a browser). */
  animationFile: string
  leases: DemoLease[]
  verification: { ok: boolean; framesChecked: number; pixelsChecked: number; fullFrames: number[] }
  earnings: DemoEarning[]
  fees: DemoFee[]
  heatSupply: { before: bigint; after: bigint }
  timings: {
    /** Finding (or building) the ray tracer image. */
    imageMs: number
    /** Opening the leases. */
    leasesOpenedMs: number
    /** Leases opened → every frame downloaded, hash-checked against the chain and re-render checked. */
    verifiedMs: number
    /** Earnings withdrawn by the agents and fees swept. */
    settledMs: number
  }
}

/**
 * The devnet's demo job, run end to end as a consumer would: renders the frames of a short animation
 * with the ray tracer (an image built locally from Debian packages), split across the providers —
 * one lease per provider at its market's price, each rendering a contiguous slice of frames. For each
 * lease it sends the spec privately with an access token, follows the job's log, downloads the result
 * files checked against the hash the provider recorded on chain, and then checks the frames
 * themselves by re-rendering random pixels and whole frames ({@link verifyRaytraceFrames}). Finally it
 * waits for the agents to withdraw their earnings and sweeps the protocol fees (burning HEAT's share).
 *
 * @returns The leases, the verdict, earnings, fees and timings.
 * @throws {CliError} when a lease fails, a result does not match the chain or a frame is wrong.
 */
export async function runDemo(options: RunDemoOptions): Promise<RunDemoReturnType> {
  const { deployment, providers, signal } = options
  const animation = options.animation ?? demoAnimation
  const progress = options.onProgress ?? (() => {})
  if (providers.length === 0) throw new CliError('the demo needs at least one provider')
  const transport = http(options.rpcUrl)
  const publicClient = createPublicClient({ chain: options.chain, transport, pollingInterval: 100 })
  const wallet = createWalletClient({
    account: privateKeyToAccount(options.consumer.privateKey),
    chain: options.chain,
    transport,
    pollingInterval: 100,
  })
  const run = new Date().toISOString().replace(/[:.]/g, '-')
  const runDir = join(options.dir, run)
  const framesDir = join(runDir, 'frames')
  await mkdir(framesDir, { recursive: true })
  const checkAbort = () => {
    if (signal?.aborted) throw new CliError('the demo was stopped')
  }

  let started = performance.now()
  const image = await ensureRaytraceImage(options.engine.docker, {
    logger: {
      debug: () => {},
      info: (_, message) => progress(`demo image: ${message}`),
      warn: (_, message) => progress(`demo image: ${message}`),
      error: (_, message) => progress(`demo image: ${message}`),
    },
  })
  const imageMs = performance.now() - started
  progress(`demo image ${image.tag} (${image.built ? 'built' : 'cached'} in ${seconds(imageMs)} s)`)
  options.onImage?.(image.tag)
  checkAbort()

  // One lease per provider, each a contiguous slice of the frames. Sent one after the other: one
  // consumer account, one nonce sequence.
  started = performance.now()
  const slices = splitFrames(animation.frames, providers.length)
  const opened: { lease: DemoLease; spec: unknown }[] = []
  for (const [i, slice] of slices.entries()) {
    const target = providers[i] as DevnetProvider
    const spec = {
      version: 1,
      name: `demo-frames-${slice.first}-${slice.first + slice.count - 1}`,
      image: image.tag,
      command: [
        'raytrace',
        String(animation.width),
        String(animation.height),
        String(animation.frames),
        String(slice.first),
        String(slice.count),
        '/output',
      ],
      resources: { cpu: 1, memory: '256Mi' },
      timeout: '10m',
    }
    const market = target.market.id
    const price = await quotePrice(publicClient, { deployment, market })
    const token = await marketToken(publicClient, deployment, market)
    // An hour's deposit: the job takes seconds, the rest comes back when it closes.
    const result = await openLease(wallet, {
      deployment,
      market,
      deposit: price * 3600n,
      specHash: hashJobSpec(spec),
    })
    const matched = providers.find((p) => p.address.toLowerCase() === result.provider.toLowerCase())
    opened.push({
      spec,
      lease: {
        lease: result.leaseId,
        provider: result.provider,
        providerName: matched?.name ?? result.provider,
        market: target.market.name,
        symbol: token.symbol,
        decimals: token.decimals,
        pricePerSecond: result.pricePerSecond,
        deposit: result.deposit,
        first: slice.first,
        count: slice.count,
        resultHash: '0x',
        refund: 0n,
      },
    })
    progress(
      `lease ${result.leaseId} opened in ${target.market.name} with ${matched?.name ?? result.provider} at ` +
        `${formatTokenAmount(result.pricePerSecond * 3600n, token.decimals)} ${token.symbol}/h: frames ${slice.first}–${slice.first + slice.count - 1}`,
    )
  }
  const leasesOpenedMs = performance.now() - started
  checkAbort()

  // Each lease: spec → follow the log → closed on chain with a result hash → download and check.
  started = performance.now()
  await Promise.all(
    opened.map(async ({ lease, spec }) => {
      const client = createProviderClient({ wallet, deployment, provider: lease.provider, publicClient })
      await client.putSpec(lease.lease, spec)
      let rendered = 0
      const end = await client.followLogs(lease.lease, {
        onRecord: (record) => {
          if (record.stream === 'stdout' && /rendered$/.test(record.line)) rendered++
        },
        ...(signal ? { signal } : {}),
      })
      checkAbort()
      if (end.state !== 'finished')
        throw new CliError(
          `lease ${lease.lease} on ${lease.providerName} ${end.state ?? 'ended'}: ${end.reason ?? 'no reason given'}`,
        )
      progress(`lease ${lease.lease}: ${rendered} frames rendered on ${lease.providerName}`)
      const closed = await waitForClose(publicClient, deployment, lease.lease, signal)
      lease.resultHash = closed.resultHash
      lease.refund = closed.refund
      const staging = join(runDir, `lease-${lease.lease}`)
      const downloaded = await downloadResults(client, { lease: lease.lease, dir: staging })
      for (const file of downloaded.files) {
        if (!/^frame-\d{4,}\.ppm$/.test(file.path))
          throw new CliError(`lease ${lease.lease} returned an unexpected file ${file.path}`)
        await rename(join(staging, file.path), join(framesDir, file.path))
      }
      await rm(staging, { recursive: true, force: true })
      progress(
        `lease ${lease.lease}: ${downloaded.files.length} files downloaded, root ${closed.resultHash.slice(0, 18)}… matches the chain`,
      )
    }),
  )
  checkAbort()
  const verdict = await verifyRaytraceFrames({
    animation,
    dir: framesDir,
    frames: Array.from({ length: animation.frames }, (_, i) => i),
    fullFrames: providers.length,
  })
  const extra = (await readdir(framesDir)).filter(
    (name) => !/^frame-\d{4,}\.ppm$/.test(name) || Number(name.slice(6, -4)) >= animation.frames,
  )
  if (!verdict.ok || extra.length > 0)
    throw new CliError(
      `the frames do not check out: ${[...verdict.problems.map((p) => p.message), ...extra.map((e) => `unexpected ${e}`)].join('; ')}`,
    )
  const verifiedMs = performance.now() - started
  progress(
    `all ${verdict.framesChecked} frames verified: ${verdict.pixelsChecked} pixels re-rendered (frames ${verdict.fullFrames.join(', ')} in full)`,
  )

  // The verified frames as one animated PNG, to look at in a browser.
  const pixels: Uint8Array[] = []
  for (let frame = 0; frame < animation.frames; frame++) {
    const parsed = parsePpm(await readFile(join(framesDir, raytraceFrameName(frame))))
    if ('image' in parsed) pixels.push(parsed.image.pixels)
  }
  const animationFile = join(runDir, 'animation.png')
  await writeFile(
    animationFile,
    encodeAnimatedPng({ width: animation.width, height: animation.height, frames: pixels }),
  )

  // Close what is still open (the providers close on finishing; this is the consumer's part).
  for (const { lease } of opened) {
    const state = await readContract(publicClient, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getLease',
      args: [lease.lease],
    })
    if (state.state === LeaseState.Active) {
      const closed = await closeLease(wallet, { deployment, leaseId: lease.lease })
      lease.refund = closed.refund
    }
  }

  // Earnings: the agents withdraw on their own every few seconds; wait for it (briefly).
  started = performance.now()
  const deadline = Date.now() + 20_000
  const pending = async () => {
    let left = 0n
    for (const { lease } of opened)
      left += await getWithdrawable(publicClient, { deployment, leaseId: lease.lease })
    return left
  }
  while ((await pending()) > 0n && Date.now() < deadline) {
    checkAbort()
    await sleep(250)
  }
  const withdrawals = await getContractEvents(publicClient, {
    abi: marketplaceAbi,
    address: deployment.contracts.marketplace,
    eventName: 'LeaseWithdrawn',
    fromBlock: deployment.deployBlock,
    strict: true,
  })
  const earnings: DemoEarning[] = []
  for (const { lease } of opened) {
    let earning = earnings.find((e) => e.provider === lease.provider && e.symbol === lease.symbol)
    if (!earning) {
      earning = {
        providerName: lease.providerName,
        provider: lease.provider,
        symbol: lease.symbol,
        decimals: lease.decimals,
        withdrawn: 0n,
        withdrawable: 0n,
        fee: 0n,
      }
      earnings.push(earning)
    }
    for (const log of withdrawals.filter((w) => w.args.lease === lease.lease)) {
      earning.withdrawn += log.args.amount
      earning.fee += log.args.fee
    }
    earning.withdrawable += await getWithdrawable(publicClient, { deployment, leaseId: lease.lease })
  }

  // Fees: sweep each token's; HEAT's burn share is burned (its supply falls by that much).
  const heat = deployment.contracts.hearthToken
  const supply = () =>
    readContract(publicClient, { abi: erc20Abi, address: heat, functionName: 'totalSupply' })
  const sweeper = createWalletClient({
    account: privateKeyToAccount(options.sweeper.privateKey),
    chain: options.chain,
    transport,
    pollingInterval: 100,
  })
  const before = await supply()
  const fees: DemoFee[] = []
  const tokens = new Map<Address, { symbol: string; decimals: number }>()
  for (const { lease } of opened) {
    const token = await marketToken(publicClient, deployment, marketIdOf(deployment, lease.market))
    tokens.set(token.address, { symbol: token.symbol, decimals: token.decimals })
  }
  for (const [token, { symbol, decimals }] of tokens) {
    const owed = await readContract(publicClient, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'feesOwed',
      args: [token],
    })
    if (owed <= 1n) {
      fees.push({ symbol, decimals, collected: owed, burned: 0n, toTreasury: 0n, unswept: owed })
      continue
    }
    const swept = await sweepFees(sweeper, { deployment, token })
    fees.push({
      symbol,
      decimals,
      collected: owed,
      burned: swept.burned,
      toTreasury: swept.toTreasury,
      unswept: owed - swept.burned - swept.toTreasury,
    })
  }
  const after = await supply()
  const settledMs = performance.now() - started

  const result: RunDemoReturnType = {
    run,
    animation,
    image: image.tag,
    runDir,
    framesDir,
    animationFile,
    leases: opened.map((o) => o.lease),
    verification: {
      ok: verdict.ok,
      framesChecked: verdict.framesChecked,
      pixelsChecked: verdict.pixelsChecked,
      fullFrames: verdict.fullFrames,
    },
    earnings,
    fees,
    heatSupply: { before, after },
    timings: { imageMs, leasesOpenedMs, verifiedMs, settledMs },
  }
  await writeFile(
    join(runDir, 'summary.json'),
    `${JSON.stringify(result, (_, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`,
  )
  return result
}

/**
 * Splits `frames` frames into `parts` contiguous slices as even as can be (the first ones one frame
 * longer); no slice is empty, so there are at most `frames` slices.
 */
export function splitFrames(frames: number, parts: number): { first: number; count: number }[] {
  const slices: { first: number; count: number }[] = []
  const n = Math.min(parts, frames)
  let first = 0
  for (let i = 0; i < n; i++) {
    const count = Math.floor(frames / n) + (i < frames % n ? 1 : 0)
    slices.push({ first, count })
    first += count
  }
  return slices
}

/** Resolves with the lease's `LeaseClosed` once the provider has finished it on chain. */
async function waitForClose(
  client: ReturnType<typeof createPublicClient>,
  deployment: HearthDeployment,
  leaseId: bigint,
  signal: AbortSignal | undefined,
) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const closed = await getLeaseClosed(client, { deployment, leaseId })
    if (closed) {
      if (/^0x0+$/.test(closed.resultHash))
        throw new CliError(`lease ${leaseId} closed without a result (close reason ${closed.reason})`)
      return closed
    }
    if (signal?.aborted) throw new CliError('the demo was stopped')
    if (Date.now() > deadline) throw new CliError(`lease ${leaseId} was not finished on chain within 60 s`)
    await sleep(200)
  }
}

async function marketToken(
  client: ReturnType<typeof createPublicClient>,
  deployment: HearthDeployment,
  market: number,
): Promise<{ address: Address; symbol: string; decimals: number }> {
  const found = deployment.markets.find((m) => Number(m.id) === market)
  if (!found) throw new CliError(`the deployment has no market ${market}`)
  const address = found.token
  const [symbol, decimals] = await Promise.all([
    readContract(client, { abi: erc20Abi, address, functionName: 'symbol' }),
    readContract(client, { abi: erc20Abi, address, functionName: 'decimals' }),
  ])
  return { address, symbol, decimals }
}

function marketIdOf(deployment: HearthDeployment, name: string): number {
  const found = deployment.markets.find((m) => m.name === name)
  if (!found) throw new CliError(`the deployment has no market "${name}"`)
  return Number(found.id)
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}
