// The consumer commands end to end: a local network (anvil + contracts + funded accounts), a provider
// agent started through its own command line, jobs in a real Docker engine.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import {
  auctionsAbi,
  CloseReason,
  GpuVendor,
  getLeaseClosed,
  getTokenBalance,
  registerProvider,
  SupplySource,
  toBytes32String,
} from '@hearth/sdk'
import { encryptKeystore } from '@hearth/sdk/node'
import { createPublicClient, createWalletClient, formatUnits, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { providerBin } from '../src/commands/provider.js'
import { type Devnet, startDevnet } from '../src/devnet/startDevnet.js'
import { startDevnetIndexer } from '../src/devnet/startDevnetIndexer.js'
import { runHearth } from './recorder.js'

let dir: string
let devnet: Devnet
let agent: ChildProcess | undefined
let endpoint: string
const image = inject('cliBusyboxImage')

const key = (role: string): Hex => {
  const account = devnet.accounts.find((a) => a.role === role)
  if (!account) throw new Error(`no ${role} account`)
  return account.privateKey
}

function hearth(argv: string[], privateKey?: Hex) {
  return runHearth(argv, { cwd: dir, env: { HEARTH_PRIVATE_KEY: privateKey ?? key('consumer-1') } })
}

// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON output
type Json = Record<string, any>

async function json(argv: string[], privateKey?: Hex): Promise<Json> {
  const result = await hearth([...argv, '--json'], privateKey)
  if (result.code !== 0) throw new Error(`hearth ${argv.join(' ')} failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as Json
}

/** The last line a command wrote to stderr (progress lines come before it). */
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)

function spec(name: string, script: string): string {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(
    file,
    `version: 1\nimage: ${image}\ncommand: ["sh", "-c", ${JSON.stringify(script)}]\nresources:\n  memory: 64Mi\nduration: 1h\n`,
  )
  return `${name}.yaml`
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const publicClient = () => createPublicClient({ transport: http(devnet.rpcUrl) })

async function queued(): Promise<void> {
  const cpu = devnet.deployment.markets.find((m) => m.name.startsWith('cpu'))
  await until(async () => {
    const { getQueue } = await import('@hearth/sdk')
    const queue = await getQueue(publicClient(), { deployment: devnet.deployment, market: cpu?.id ?? 0 })
    return queue.length > 0 ? true : undefined
  }, 'the provider to be queued')
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-cli-consumer-'))
  devnet = await startDevnet({ port: 0, outFile: join(dir, '.hearth', 'devnet.json'), demoAccounts: 4 })
  const cpu = devnet.deployment.markets.find((m) => m.name.startsWith('cpu'))
  if (!cpu) throw new Error('no CPU market')

  // A CPU provider registered with the endpoint its agent will listen on.
  const port = await freePort()
  endpoint = `http://127.0.0.1:${port}`
  const providerWallet = createWalletClient({
    account: privateKeyToAccount(key('provider-1')),
    chain: { ...(await import('viem/chains')).anvil, id: devnet.chainId },
    transport: http(devnet.rpcUrl),
  })
  await registerProvider(providerWallet, {
    deployment: devnet.deployment,
    hardware: {
      gpuVendor: GpuVendor.None,
      gpuModel: toBytes32String(''),
      gpuCount: 0,
      vramMiB: 0,
      cpuCores: cpus().length,
      ramMiB: Math.floor(totalmem() / 2 ** 20),
      diskGiB: 500,
      bandwidthMbps: 1000,
      region: toBytes32String('eu-west'),
      complianceTags: 0n,
      supplySource: SupplySource.Home,
      benchmarkGflops: 10,
    },
    endpoint,
  })
  const dataDir = join(dir, 'provider')
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(
    join(dataDir, 'provider.yaml'),
    JSON.stringify({
      rpcUrl: devnet.rpcUrl,
      deployment: join(dir, '.hearth', 'devnet.json'),
      api: { host: '127.0.0.1', port },
      markets: [cpu.id],
      pollIntervalMs: 100,
      withdrawIntervalSeconds: 0,
      docker: inject('cliDockerHost'),
    }),
  )
  const child = spawn(
    process.execPath,
    [providerBin, 'start', '--config', join(dataDir, 'provider.yaml'), '--log-level', 'warn'],
    {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HEARTH_PRIVATE_KEY: key('provider-1') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  agent = child
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  await until(
    async () => (output.includes('serving') ? true : child.exitCode !== null ? Promise.reject() : undefined),
    `the provider agent to serve (${output})`,
    60_000,
  ).catch((error: unknown) => {
    throw new Error(`the provider agent did not start: ${output || String(error)}`)
  })
  await queued()
})

afterAll(async () => {
  if (agent && agent.exitCode === null) {
    agent.kill('SIGTERM')
    await new Promise((resolve) => agent?.once('exit', resolve))
  }
  await devnet?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('hearth consumer commands on a local network', () => {
  it('deploy --wait → logs → results (hash checked on chain) → status', async () => {
    const file = spec('finite', 'echo hello from hearth; echo 42 > /output/answer.txt; sleep 1; echo done')
    const deployed = await hearth(['deploy', file, '--wait'])
    expect(deployed.stderr).toMatch(/matched: lease \d+ with provider 0x/)
    expect(deployed.stderr).toContain(`spec sent to ${endpoint}`)
    expect(deployed.stderr).toMatch(/running|the job finished/)
    expect(deployed.code).toBe(0)
    const lease = /Lease (\d+)/.exec(deployed.stdout)?.[1]
    expect(lease).toBeDefined()
    expect(deployed.stdout).toMatch(/price\s+0\.0\d+ tUSD\/h/)
    expect(deployed.stdout).toMatch(/deposit\s+[\d.]+ tUSD, lasts 1h/)

    const followed = await hearth(['logs', '-f', String(lease)])
    expect(followed.code).toBe(0)
    expect(followed.stdout).toContain('hello from hearth\n')
    expect(followed.stdout).toContain('done\n')
    expect(followed.stderr).toContain('the job finished')

    const out = join(dir, 'out')
    const results = await hearth(['results', String(lease), '-o', 'out'])
    expect(results.code).toBe(0)
    expect(results.stdout).toContain('matches the result hash on chain')
    expect(readFileSync(join(out, 'answer.txt'), 'utf8')).toBe('42\n')
    const closed = await getLeaseClosed(publicClient(), {
      deployment: devnet.deployment,
      leaseId: BigInt(String(lease)),
    })
    expect(closed?.reason).toBe(CloseReason.JobFinished)
    expect(results.stdout).toContain(String(closed?.resultHash))

    const status = await json(['status', String(lease)])
    expect(status).toMatchObject({ state: 'closed', closeReason: 'JobFinished', job: { state: 'finished' } })
    const all = await json(['status'])
    expect((all.leases as { lease: string }[]).map((l) => l.lease)).toContain(String(lease))
  })

  it('deploy a long job, top it up, close it: the refund printed is the one on chain', async () => {
    await queued()
    const deployed = await json(['deploy', spec('long', 'echo up; sleep 600'), '--wait'])
    expect(deployed.state).toBe('running')
    const lease = String(deployed.lease)
    const deposit = BigInt(deployed.deposit)
    expect(BigInt(deployed.fundedSeconds)).toBe(3600n)

    const topped = await json(['top-up', lease, '0.5'])
    expect(BigInt(topped.added)).toBeGreaterThan(0n)
    expect(BigInt(topped.added)).toBeLessThanOrEqual(500_000n)
    expect(BigInt(topped.fundedSecondsLeft)).toBeGreaterThan(3600n)

    const consumer = privateKeyToAccount(key('consumer-1')).address
    const token = devnet.deployment.contracts.testStablecoin as Hex
    const before = await getTokenBalance(publicClient(), { token, owner: consumer })
    const closed = await hearth(['close', lease])
    expect(closed.code).toBe(0)
    const event = await getLeaseClosed(publicClient(), {
      deployment: devnet.deployment,
      leaseId: BigInt(lease),
    })
    expect(event?.reason).toBe(CloseReason.ByConsumer)
    const refund = event?.refund ?? 0n
    expect(refund).toBeGreaterThan(0n)
    // Closed within seconds of opening: at most the whole deposit comes back.
    expect(refund).toBeLessThanOrEqual(deposit + BigInt(topped.added))
    const after = await getTokenBalance(publicClient(), { token, owner: consumer })
    expect(after - before).toBe(refund)
    expect(closed.stdout).toContain(`Lease ${lease} closed: ${formatUnits(refund, 6)} tUSD refunded`)
    const none = await hearth(['results', lease, '-o', 'none'])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(
      `hearth: lease ${lease} has no results: it was closed (by you) before its job finished\n`,
    )
  })

  it("deploy --auction collects the provider's signed bid from its API and accepts it", async () => {
    await queued()
    const deployed = await json([
      'deploy',
      spec('auction', 'echo auctioned'),
      '--auction',
      '--bidding',
      '20',
      '--wait',
    ])
    expect(deployed.order).toMatch(/^\d+$/)
    expect(deployed.provider).toBe(privateKeyToAccount(key('provider-1')).address)
    expect(['running', 'finished']).toContain(deployed.state)
    const closed = await until(
      () =>
        getLeaseClosed(publicClient(), { deployment: devnet.deployment, leaseId: BigInt(deployed.lease) }),
      'the auction lease to finish',
    )
    expect(closed.reason).toBe(CloseReason.JobFinished)
  })

  it('deploy --auction fails before opening an order when no registered provider fits', async () => {
    writeFileSync(
      join(dir, 'gpu-auction.yaml'),
      `version: 1\nimage: ${image}\nresources:\n  gpu:\n    model: rtx-4090\n`,
    )
    const orders = () =>
      publicClient().readContract({
        abi: auctionsAbi,
        address: devnet.deployment.contracts.auctions,
        functionName: 'orderCount',
      })
    const before = await orders()
    const none = await hearth(['deploy', 'gpu-auction.yaml', '--auction', '--bidding', '10'])
    expect(none.code).toBe(1)
    expect(lastLine(none.stderr)).toMatch(
      /^hearth: No provider: no registered provider can bid in market rtx-4090 \(tUSD\): no provider with a rtx-4090 GPU.*; no order was opened$/,
    )
    expect(none.stderr).not.toContain('auction: order')
    expect(await orders()).toBe(before)
  })

  it('quote and deploy --auction agree on a provider that fits but is busy (not queued)', async () => {
    await queued()
    const busy = await json(['deploy', spec('busy', 'echo busy; sleep 600'), '--wait'])
    expect(busy.state).toBe('running')
    try {
      const quoted = await hearth(['quote', spec('second', 'true')])
      expect(quoted.stdout).toContain(
        '1 provider fits but is not waiting in a queue, so a plain deploy cannot be matched to it; `hearth deploy --auction` opens an order and asks it for a bid:',
      )
      const auctioned = await hearth(['deploy', 'second.yaml', '--auction', '--bidding', '6'])
      expect(auctioned.code).toBe(1)
      expect(auctioned.stderr).toMatch(/auction: order \d+ .*; asking 1 provider that fit the spec/)
      // The busy provider was asked (not skipped for being out of the queue) and its reason is listed.
      expect(lastLine(auctioned.stderr)).toMatch(
        /^hearth: No provider: none of the 1 provider\(s\) asked bid on order \d+ in market cpu \(tUSD\) \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}: No bid for order \d+: not in a market we serve, no free capacity, or below our floor\); the order was cancelled and its deposit returned$/,
      )
    } finally {
      await hearth(['close', String(busy.lease)])
    }
  })

  it('contract reverts in words: a top-up below the minimum, closing twice, an unknown market', async () => {
    await queued()
    const deployed = await json(['deploy', spec('reverts', 'sleep 600'), '--wait'])
    const lease = String(deployed.lease)
    const tiny = await hearth(['top-up', lease, '0.000001'])
    expect(tiny.code).toBe(1)
    expect(tiny.stderr).toMatch(/^hearth: 0\.000001 tUSD is less than the minimum top-up 0\.\d+ tUSD\n$/)
    expect((await hearth(['close', lease])).code).toBe(0)
    const again = await hearth(['close', lease])
    expect(again.code).toBe(1)
    expect(again.stderr).toBe(`hearth: lease ${lease} is already closed\n`)
    const market = await hearth(['deploy', spec('market99', 'true'), '--market', '99'])
    expect(market.code).toBe(1)
    expect(lastLine(market.stderr)).toBe(
      `hearth: there is no market 99 (markets: ${devnet.deployment.markets.map((m) => `${m.id} ${m.name}`).join(', ')})`,
    )
  })

  it('one-line errors: bad spec, no provider, not enough balance, lease not yours', async () => {
    await queued()
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nimage: 42\nresources:\n  cpu: -1\n')
    const bad = await hearth(['deploy', 'bad.yaml'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(
      /^hearth: bad spec bad\.yaml:2:\d+: image: .+ \(and 1 more: run `hearth validate bad\.yaml`\)\n$/,
    )

    writeFileSync(
      join(dir, 'gpu.yaml'),
      `version: 1\nimage: ${image}\nresources:\n  gpu:\n    model: rtx-4090\n`,
    )
    const none = await hearth(['deploy', 'gpu.yaml'])
    expect(none.code).toBe(1)
    expect(lastLine(none.stderr)).toBe(
      'hearth: No provider: none is waiting in market rtx-4090 (tUSD) now; try again later, or run a reverse auction (--auction)',
    )

    const placed = (name: string, placement: string) => {
      writeFileSync(
        join(dir, `${name}.yaml`),
        `version: 1\nimage: ${image}\ncommand: ["true"]\nresources: { cpu: 1, memory: 32Mi }\nplacement: ${placement}\n`,
      )
      return `${name}.yaml`
    }
    const unknownTag = await hearth(['deploy', placed('pci', '{ compliance: [pci-dss] }')])
    expect(unknownTag.code).toBe(1)
    expect(lastLine(unknownTag.stderr)).toBe(
      'hearth: Invalid placement.compliance: no provider can declare "pci-dss" (the tags are soc2, hipaa, gdpr, iso27001, e2e)',
    )
    // The queued provider declares no compliance tag: the contract matches nobody, and nothing is taken.
    const hipaa = await hearth(['deploy', placed('hipaa', '{ compliance: [hipaa] }')])
    expect(hipaa.code).toBe(1)
    expect(lastLine(hipaa.stderr)).toBe(
      "hearth: No provider: none of the 1 provider(s) waiting in market cpu (tUSD) meets the spec's placement (region, compliance, reputation) or tier; `hearth quote` says which requirement fails",
    )

    // Anvil's account 9 holds ETH for gas but no tUSD.
    const broke = await hearth(['deploy', spec('broke', 'true')], anvilKey9)
    expect(broke.code).toBe(1)
    expect(lastLine(broke.stderr)).toMatch(
      /^hearth: Not enough tUSD: the lease deposit needs (0\.\d+) tUSD, 0x[0-9a-fA-F]{40} holds 0 tUSD \(short by \1 tUSD\)$/,
    )

    const all = await json(['status'])
    const lease = (all.leases as { lease: string }[])[0]?.lease
    const stranger = await hearth(['logs', String(lease)], key('consumer-2'))
    expect(stranger.code).toBe(1)
    expect(stranger.stderr).toMatch(
      new RegExp(
        `^hearth: Lease ${lease} is not yours: its consumer is 0x[0-9a-fA-F]{40}, you are 0x[0-9a-fA-F]{40}\\n$`,
      ),
    )
    const unknownLease = await hearth(['close', '999999'])
    expect(unknownLease.stderr).toBe('hearth: There is no lease 999999\n')
  })

  it('takes the key from an encrypted keystore: password from HEARTH_PASSWORD or the prompt', async () => {
    const keystore = await encryptKeystore(key('consumer-1'), 'correct horse', { scryptN: 1024 })
    writeFileSync(join(dir, 'consumer.json'), JSON.stringify(keystore))
    const run = (env: Record<string, string>, promptPassword?: (q: string) => Promise<string>) =>
      runHearth(['status', '--keystore', 'consumer.json', '--json'], { cwd: dir, env, promptPassword })
    const fromEnv = await run({ HEARTH_PASSWORD: 'correct horse' })
    expect(fromEnv.code).toBe(0)
    expect(JSON.parse(fromEnv.stdout).account).toBe(privateKeyToAccount(key('consumer-1')).address)

    const asked: string[] = []
    const prompted = await run({}, async (question) => {
      asked.push(question)
      return 'correct horse'
    })
    expect(prompted.code).toBe(0)
    expect(asked).toEqual(['Password for consumer.json: '])

    const wrong = await run({ HEARTH_PASSWORD: 'wrong' })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1)
    expect(wrong.stderr).toMatch(/^hearth: .*password/i)
    const noPassword = await run({})
    expect(noPassword.code).toBe(1)
    expect(noPassword.stderr).toMatch(/^hearth: .*HEARTH_PASSWORD/)
  })

  it('status and quote list from an indexer when one is given, with the same answers', async () => {
    const indexer = await startDevnetIndexer({
      deploymentFile: join(dir, '.hearth', 'devnet.json'),
      dir: join(dir, '.hearth', 'indexer'),
      apiPort: 0,
    })
    try {
      const fromChain = await json(['status'])
      // The indexer follows the chain a poll behind: wait until it has every lease.
      for (let i = 0; i < 100; i++) {
        const listed = await json(['status', '--indexer', indexer.url])
        if (listed.leases.length === fromChain.leases.length) break
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(await json(['status', '--indexer', indexer.url])).toEqual(fromChain)
      expect(fromChain.leases.length).toBeGreaterThan(0)

      const quoted = await json(['quote', spec('quoted', 'true')])
      const viaIndexer = await json(['quote', 'quoted.yaml', '--indexer', indexer.url])
      expect(viaIndexer.offers).toEqual(quoted.offers)
      expect(viaIndexer.providerCount).toBe(quoted.providerCount)

      const dead = await hearth(['status', '--indexer', 'http://127.0.0.1:1'])
      expect(dead.code).toBe(1)
      expect(dead.stderr.trim().split('\n')).toHaveLength(1)
      const bad = await hearth(['quote', 'quoted.yaml', '--indexer', 'ftp://x'])
      expect(bad.stderr).toMatch(/^hearth: --indexer must be an http\(s\) URL, not "ftp:\/\/x"/)
    } finally {
      await indexer.stop()
    }
  })

  it('says the provider is unreachable, naming its endpoint', async () => {
    const all = await json(['status'])
    const lease = (all.leases as { lease: string }[])[0]?.lease
    agent?.kill('SIGTERM')
    await new Promise((resolve) => agent?.once('exit', resolve))
    const logs = await hearth(['logs', String(lease)])
    expect(logs.code).toBe(1)
    expect(logs.stderr).toBe(`hearth: Provider unreachable at ${endpoint}: connection refused\n`)
    // Following: one line per outage, then a bounded give-up with a one-line error.
    const started = Date.now()
    const followed = await hearth(['logs', '-f', String(lease), '--retry-for', '2'])
    expect(followed.code).toBe(1)
    expect(followed.stderr).toBe(
      `hearth: provider unreachable at ${endpoint}, retrying…\nhearth: provider unreachable at ${endpoint} for 2 s; gave up (\`hearth logs -f ${lease} --offset 0\` resumes)\n`,
    )
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

// Anvil's tenth dev account (the devnet funds the deployer and four demo accounts only).
const anvilKey9: Hex = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6'
