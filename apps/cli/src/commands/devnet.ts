import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { formatTokenAmount, type HearthDeployment, listMarkets } from '@hearth/sdk'
import { raytraceFrameName } from '@hearth/workloads'
import { createPublicClient, formatUnits, http } from 'viem'
import { UsageError } from '../CliError.js'
import { type LaunchedDevnet, launchDevnet } from '../devnet/launchDevnet.js'
import { type Devnet, demoHeat, demoStablecoin } from '../devnet/startDevnet.js'
import type { Io } from '../io.js'

/** Help text of `hearth devnet`. */
export const devnetUsage = `Usage: hearth devnet [options]

Starts a local Hearth network and runs a demo job on it, then keeps running until Ctrl-C:
  - an embedded anvil node with the contracts deployed, a default set of markets and funded demo
    accounts; the deployment is written to .hearth/devnet.json;
  - a Docker engine (found, or started: installed from Debian's docker.io when missing);
  - provider agents (hearth-provider, one process each) declaring different GPUs (1× RTX 4090,
    2× RTX 3090, 1× A100 80GB, …), benchmarked, staked, registered and queued in their markets; their
    data and logs are in .hearth/providers/<name>/ (agent.log, register.log);
  - the indexer with its API and the web console (a child process, SQLite under .hearth/indexer/),
    at http://127.0.0.1:8600/ by default;
  - the demo: a ray-traced animation rendered across the providers, one lease each, the frames
    downloaded, checked against the chain and re-rendered in part locally, into .hearth/demo/<run>/.
Ctrl-C stops the agents, their containers, the indexer, anvil, and a Docker engine the devnet started.

Options:
  --port <n>          JSON-RPC port (default 8545; 0 picks a free one)
  --host <address>    interface to listen on (default 127.0.0.1)
  --block-time <s>    mine a block every <s> seconds (default: mine each transaction at once)
  --providers <n>     provider agents to start (default 3; 0 starts none, and no Docker engine)
  --no-demo           do not run the demo job
  --api-port <n>      port of the indexer's API and console (default 8600; 0 picks a free one)
  --no-indexer        do not start the indexer, its API and the console
  --accounts <n>      demo accounts to fund besides the deployer (default 4, at least 2 per provider)
  --out <file>        where to write the deployment (default .hearth/devnet.json)
  --json              print the network (and the demo) as one JSON object instead of tables
  -h, --help          show this help`

/** Parses a non-negative integer option, or fails with a usage error naming it. */
function integer(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed > max)
    throw new UsageError(`--${name} must be an integer from 0 to ${max}`)
  return parsed
}

/**
 * `hearth devnet`: starts the local network (chain, engine, provider agents), runs the demo, prints
 * where everything is, and stops it all when `io.signal` aborts.
 * @param argv The arguments after `devnet`.
 * @param io Output, working directory and the stop signal.
 * @returns The exit code: 0, or 1 when the demo failed (the network still ran until Ctrl-C).
 */
export async function devnet(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'block-time': { type: 'string' },
      providers: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      'api-port': { type: 'string' },
      'no-indexer': { type: 'boolean', default: false },
      accounts: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    io.stdout(`${devnetUsage}\n`)
    return 0
  }
  const outFile = resolve(io.cwd, values.out ?? '.hearth/devnet.json')
  const blockTimeSeconds = integer('block-time', values['block-time'], 3600)
  if (blockTimeSeconds === 0) throw new UsageError('--block-time must be at least 1')
  const log = values.json ? () => {} : (line: string) => io.stderr(`  ${line}\n`)

  const port = integer('port', values.port, 65_535)
  const demoAccounts = integer('accounts', values.accounts, 100)
  const providerCount = integer('providers', values.providers, 8) ?? 3
  const demo = !values['no-demo']
  const apiPort = integer('api-port', values['api-port'], 65_535) ?? 8600

  if (!values.json) io.stderr('Starting the Hearth devnet…\n')
  let network: LaunchedDevnet
  try {
    network = await launchDevnet({
      port,
      host: values.host,
      blockTimeSeconds,
      demoAccounts,
      outFile,
      dir: resolve(io.cwd, '.hearth'),
      providers: providerCount,
      demo,
      indexer: values['no-indexer'] ? false : { apiPort, apiHost: values.host },
      dockerStateDir: io.env.HEARTH_DOCKER_STATE_DIR,
      onProgress: log,
      onNetwork: (started, indexer) => {
        if (values.json) return
        describe(started, outFile).then(
          (summary) => io.stdout(`${summary.text}${indexer ? `Console and API  ${indexer.url}/\n\n` : ''}`),
          () => {},
        )
        if (providerCount > 0) io.stderr(`Starting ${providerCount} provider agent(s)…\n`)
      },
      signal: io.signal,
    })
  } catch (error) {
    if (io.signal.aborted) {
      if (!values.json) io.stderr('Stopped.\n')
      return 0
    }
    throw error
  }
  try {
    const summary = await describe(network.devnet, outFile)
    const launched = describeLaunch(network, io.cwd)
    const consoleUrl = network.indexer ? `${network.indexer.url}/` : null
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ ...summary.json, ...launched.json, indexerUrl: network.indexer?.url ?? null, consoleUrl }, jsonBigint)}\n`,
      )
    } else {
      io.stdout(
        `${launched.text}\n${consoleUrl ? `Console: ${consoleUrl}  (API: ${consoleUrl}v1/stats, ${consoleUrl}openapi.json)\n` : ''}Press Ctrl-C to stop.\n\n`,
      )
      if (network.demoError) io.stderr(`hearth: the demo failed: ${network.demoError}\n`)
    }
    if (!io.signal.aborted) {
      await new Promise<void>((resolveAbort) =>
        io.signal.addEventListener('abort', () => resolveAbort(), { once: true }),
      )
    }
    if (!values.json) io.stderr('Stopping the devnet…\n')
  } finally {
    await network.stop()
  }
  if (!values.json) io.stderr('Stopped.\n')
  return network.demoError ? 1 : 0
}

const jsonBigint = (_: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)

/** The providers and the demo, as text for people and JSON for programs. */
function describeLaunch(
  network: LaunchedDevnet,
  cwd: string,
): { text: string; json: Record<string, unknown> } {
  const { providers, demo, engine } = network
  const pad = (text: string, width: number) => text.padEnd(width)
  const here = (path: string) => {
    const rel = relative(cwd, path)
    return rel.startsWith('..') ? path : rel
  }
  const lines: string[] = []
  if (providers.length > 0) {
    lines.push(
      `Providers (Docker engine ${engine?.host ?? '-'}; each agent's log is its data dir's agent.log)`,
      `  ${pad('name', 12)}${pad('address', 44)}${pad('declares', 14)}${pad('market', 18)}${pad('API', 24)}data dir`,
      ...providers.map(
        (p) =>
          `  ${pad(p.name, 12)}${pad(p.address, 44)}${pad(p.hardware.label, 14)}${pad(p.market.name, 18)}${pad(p.apiUrl, 24)}${here(p.dataDir)}`,
      ),
      '',
    )
  }
  if (demo) {
    const amount = (value: bigint, decimals: number, symbol: string) =>
      `${roundedUnits(value, decimals)} ${symbol}`
    const first = demo.leases[0]?.first ?? 0
    const last = demo.animation.frames - 1
    const t = demo.timings
    lines.push(
      `Demo: a ray-traced animation, ${demo.animation.frames} frames of ${demo.animation.width}×${demo.animation.height}, split across ${demo.leases.length} provider(s) (image ${demo.image})`,
      `  ${pad('lease', 7)}${pad('provider', 12)}${pad('market', 18)}${pad('frames', 9)}${pad('paid', 26)}refund`,
      ...demo.leases.map(
        (l) =>
          `  ${pad(String(l.lease), 7)}${pad(l.providerName, 12)}${pad(l.market, 18)}${pad(`${l.first}–${l.first + l.count - 1}`, 9)}${pad(amount(l.deposit - l.refund, l.decimals, l.symbol), 26)}${amount(l.refund, l.decimals, l.symbol)}`,
      ),
      ...(demo.leases.some((l) => l.deposit === l.refund)
        ? [
            '  (billing is per second of chain time: a lease opened and closed within the same chain second pays nothing)',
          ]
        : []),
      `  Verified: every result's hash matches the one its provider recorded on chain; ${demo.verification.pixelsChecked} pixels re-rendered locally (frames ${demo.verification.fullFrames.join(', ')} in full), all equal`,
      '  Earned (the agents withdraw on their own):',
      ...demo.earnings.map(
        (e) =>
          `    ${pad(e.providerName, 12)}${amount(e.withdrawn, e.decimals, e.symbol)} withdrawn, ${amount(e.withdrawable, e.decimals, e.symbol)} withdrawable (protocol fee ${amount(e.fee, e.decimals, e.symbol)})`,
      ),
      `  Protocol fees: ${demo.fees
        .map((f) => {
          const parts = [
            ...(f.burned > 0n ? [`${amount(f.burned, f.decimals, f.symbol)} burned`] : []),
            ...(f.toTreasury > 0n || f.unswept === 0n
              ? [`${amount(f.toTreasury, f.decimals, f.symbol)} to the treasury`]
              : []),
            ...(f.unswept > 0n
              ? [`${amount(f.unswept, f.decimals, f.symbol)} left in the marketplace (too small to sweep)`]
              : []),
          ]
          return `${amount(f.collected, f.decimals, f.symbol)} collected: ${parts.join(', ')}${f.symbol !== 'HEAT' && f.burned === 0n ? ' (only HEAT fees are burned)' : ''}`
        })
        .join('; ')}`,
      `  HEAT supply: ${formatUnits(demo.heatSupply.before, 18)} → ${formatUnits(demo.heatSupply.after, 18)} (−${formatUnits(demo.heatSupply.before - demo.heatSupply.after, 18)})`,
      `  Frames: ${here(demo.framesDir)}/${raytraceFrameName(first)} … ${raytraceFrameName(last)} (PPM)`,
      `  Animation: ${here(demo.animationFile)} (animated PNG: open it in a browser); summary: ${here(join(demo.runDir, 'summary.json'))}`,
      `  Took: image ${seconds(t.imageMs)} s, leases opened ${seconds(t.leasesOpenedMs)} s, rendered → all results verified ${seconds(t.verifiedMs)} s, earnings and fees settled ${seconds(t.settledMs)} s`,
      '',
    )
  } else if (network.demoError) {
    lines.push(`Demo failed: ${network.demoError}`, '')
  }
  const json = {
    docker: engine ? { host: engine.host, source: engine.source, startedByUs: engine.startedByUs } : null,
    providers,
    demo: demo ?? null,
    demoError: network.demoError ?? null,
    timings: network.timings,
  }
  return { text: lines.join('\n'), json }
}

/** A token amount in whole units, cut to 8 decimals for reading (the JSON keeps base units). */
function roundedUnits(value: bigint, decimals: number): string {
  const cut = decimals > 8 ? 10n ** BigInt(decimals - 8) : 1n
  const rounded = formatUnits((value / cut) * cut, decimals)
  return rounded === '0' && value > 0n ? `<0.00000001` : rounded
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}

/** The network as a table for people and as JSON for programs. */
async function describe(
  network: Devnet,
  outFile: string,
): Promise<{ text: string; json: Record<string, unknown> }> {
  const { deployment, rpcUrl, chainId, accounts } = network
  const client = createPublicClient({ transport: http(rpcUrl) })
  const markets = await listMarkets(client, { deployment })
  const symbol = (token: string) => tokenSymbol(deployment, token)
  const rows = deployment.markets.map((market) => {
    const config = markets.find((m) => m.id === market.id)?.config
    const perHour = (config?.referencePricePerSecond ?? 0n) * 3600n
    const decimals = symbol(market.token) === 'tUSD' ? 6 : 18
    return {
      ...market,
      pricePerHour: `${formatTokenAmount(perHour, decimals)} ${symbol(market.token)}`,
      referencePricePerSecond: String(config?.referencePricePerSecond ?? 0n),
    }
  })
  const contracts = Object.entries(deployment.contracts)
  const pad = (text: string, width: number) => text.padEnd(width)
  const text = [
    '',
    'Hearth devnet',
    `  RPC URL       ${rpcUrl}`,
    `  Chain id      ${chainId}`,
    `  Deploy block  ${deployment.deployBlock}`,
    '',
    'Contracts',
    ...contracts.map(([name, address]) => `  ${pad(name, 18)}${address}`),
    '',
    'Markets',
    `  ${pad('id', 4)}${pad('name', 20)}${pad('GPU model', 12)}reference price`,
    ...rows.map(
      (m) =>
        `  ${pad(String(m.id), 4)}${pad(m.name, 20)}${pad(m.gpuModel || '(cpu)', 12)}${m.pricePerHour}/h`,
    ),
    '',
    `Accounts (demo accounts hold ${formatUnits(demoStablecoin, 6)} tUSD and ${formatUnits(demoHeat, 18)} HEAT; anvil's public dev keys)`,
    ...accounts.map((a) => `  ${pad(a.role, 12)}${a.address}  ${a.privateKey}`),
    '',
    `Deployment written to ${outFile}`,
    '',
  ].join('\n')
  const json = {
    rpcUrl,
    chainId,
    deployment: { ...deployment, deployBlock: deployment.deployBlock.toString() },
    markets: rows,
    accounts,
    deploymentFile: outFile,
  }
  return { text, json }
}

function tokenSymbol(deployment: HearthDeployment, token: string): string {
  if (token === deployment.contracts.hearthToken) return 'HEAT'
  if (token === deployment.contracts.testStablecoin) return 'tUSD'
  return token
}
