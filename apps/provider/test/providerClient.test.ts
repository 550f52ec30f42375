// The SDK's provider API client against the real agent: specs, logs followed across a dropped
// connection, results checked against the chain, typed errors.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CloseReason,
  createProviderClient,
  type LogRecord,
  ProviderApiError,
  ProviderUnreachableError,
  ResultsMismatchError,
  SpecHashMismatchError,
} from '@hearth/sdk'
import { downloadResults } from '@hearth/sdk/node'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { RunningAgent } from '../src/runAgent.js'
import {
  closeEvent,
  eventually,
  openLeaseFor,
  type ProviderNetwork,
  queuedIn,
  registerCpuProvider,
  shellSpec,
  startAgentInProcess,
  startProviderNetwork,
  writeProviderConfig,
} from './providerNetwork.js'

const PROVIDER = 1
const CONSUMER = 2
const STRANGER = 3

let network: ProviderNetwork
let agent: RunningAgent
let scratch: string
const image = inject('providerBusyboxImage')

/**
 * A TCP relay in front of the agent: `sever()` drops every open connection (the relay keeps
 * listening, so a client can reconnect), `rewrite` changes bytes on their way back to the client.
 */
type Relay = { url: string; sever: () => void; close: () => Promise<void> }

async function startRelay(target: string, rewrite?: (chunk: Buffer) => Buffer): Promise<Relay> {
  const { hostname, port } = new URL(target)
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = new Socket()
    sockets.add(client)
    sockets.add(upstream)
    upstream.connect(Number(port), hostname)
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk: Buffer) => client.write(rewrite ? rewrite(chunk) : chunk))
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    sever: () => {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function queued() {
  await eventually(
    () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
    20_000,
    'the agent to be queued',
  )
}

beforeAll(async () => {
  network = await startProviderNetwork()
  await registerCpuProvider(network, PROVIDER)
  const { faucet } = await import('@hearth/sdk')
  await faucet(network.wallet(CONSUMER), { deployment: network.deployment, amount: 10_000_000_000n })
  const configPath = await writeProviderConfig(network, 'agent')
  agent = await startAgentInProcess(network, PROVIDER, configPath, inject('providerDockerHost'))
  scratch = await mkdtemp(join(tmpdir(), 'hearth-client-test-'))
})

afterAll(async () => {
  await agent?.stop()
  await network?.stop()
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('createProviderClient against a real agent', () => {
  it('sends the spec (a wrong one is refused with both hashes) and follows the log across a dropped connection, each line once', async () => {
    await queued()
    const spec = shellSpec(image, 'for i in 1 2 3 4 5 6 7 8; do echo tick $i; sleep 0.25; done')
    const { lease, provider } = await openLeaseFor(network, CONSUMER, spec)
    const relay = await startRelay(agent.url)
    try {
      const client = createProviderClient({
        wallet: network.wallet(CONSUMER),
        deployment: network.deployment,
        provider,
        endpoint: relay.url,
      })
      const wrong = await client.putSpec(lease, { ...spec, command: ['true'] }).catch((e: unknown) => e)
      expect(wrong).toBeInstanceOf(SpecHashMismatchError)
      expect((wrong as SpecHashMismatchError).code).toBe('spec_hash_mismatch')
      expect((wrong as SpecHashMismatchError).expected).toMatch(/^0x[0-9a-f]{64}$/)
      expect((wrong as SpecHashMismatchError).actual).not.toBe((wrong as SpecHashMismatchError).expected)

      // Key order does not matter: the client sends canonical JSON.
      const accepted = await client.putSpec(lease, Object.fromEntries(Object.entries(spec).reverse()))
      expect(accepted.lease).toBe(lease)
      expect(['starting', 'running']).toContain(accepted.state)

      const records: LogRecord[] = []
      const reconnects: number[] = []
      let severed = false
      const end = await client.followLogs(lease, {
        onRecord: (record) => {
          records.push(record)
          if (!severed && record.stream === 'stdout' && record.line === 'tick 2') {
            severed = true
            relay.sever()
          }
        },
        onReconnect: (_attempt, offset) => reconnects.push(offset),
      })
      expect(severed).toBe(true)
      expect(reconnects.length).toBeGreaterThanOrEqual(1)
      expect(records.filter((r) => r.stream === 'stdout').map((r) => r.line)).toEqual(
        [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `tick ${i}`),
      )
      // No gap and no repeat: each record starts where the previous one ended.
      for (let i = 1; i < records.length; i++) expect(records[i]?.offset).toBe(records[i - 1]?.next)
      expect(end.state).toBe('finished')
      expect(end.next).toBe(records.at(-1)?.next)

      // The same log over HTTP, and resuming from the middle.
      const read = await client.readLogs(lease)
      expect(read.records).toEqual(records)
      expect(read.done).toBe(true)
      const tail = await client.readLogs(lease, { offset: records[3]?.offset })
      expect(tail.records).toEqual(records.slice(3))
    } finally {
      await relay.close()
    }
  })

  it('downloads results checked against the chain, and detects a tampered file or root', async () => {
    await queued()
    const spec = shellSpec(
      image,
      'echo hello world > /output/greeting.txt; mkdir /output/sub; echo 42 > /output/sub/answer; ln -s /etc/passwd /output/link',
    )
    const { lease, provider } = await openLeaseFor(network, CONSUMER, spec)
    const client = createProviderClient({
      wallet: network.wallet(CONSUMER),
      deployment: network.deployment,
      provider,
      endpoint: agent.url,
    })
    await client.putSpec(lease, spec)
    const closed = await eventually(() => closeEvent(network, lease), 30_000, 'the lease to close on chain')
    expect(closed.reason).toBe(CloseReason.JobFinished)

    const manifest = await client.getResults(lease)
    expect(manifest.root).toBe(closed.resultHash)
    const out = join(scratch, 'results')
    const downloaded = await downloadResults(client, { lease, dir: out })
    expect(downloaded.files.map((f) => f.path)).toEqual(['greeting.txt', 'sub/answer'])
    expect(downloaded.skipped.map((f) => f.path)).toEqual(['link'])
    expect(await readFile(join(out, 'greeting.txt'), 'utf8')).toBe('hello world\n')
    expect(await readFile(join(out, 'sub/answer'), 'utf8')).toBe('42\n')

    // A provider (or anything between) that changes a file's bytes in transit is caught by its hash,
    // and nothing is left behind under its name.
    const liar = await startRelay(agent.url, (chunk) =>
      Buffer.from(chunk.toString('latin1').replace('hello world', 'HELLO WORLD'), 'latin1'),
    )
    try {
      const lied = createProviderClient({
        wallet: network.wallet(CONSUMER),
        deployment: network.deployment,
        provider,
        endpoint: liar.url,
      })
      const other = join(scratch, 'tampered-in-transit')
      const error = await downloadResults(lied, { lease, dir: other }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ResultsMismatchError)
      expect((error as ResultsMismatchError).kind).toBe('file')
      expect((error as ResultsMismatchError).path).toBe('greeting.txt')
      await expect(readFile(join(other, 'greeting.txt'))).rejects.toThrow()
    } finally {
      await liar.close()
    }

    // Results changed on the provider's disk after it recorded the hash no longer match the chain.
    const jobDir = agent.agent.jobDir(lease)
    if (!jobDir) throw new Error('no job dir')
    await writeFile(join(jobDir, 'output', 'greeting.txt'), 'forged\n')
    const error = await client.getResults(lease).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ResultsMismatchError)
    expect((error as ResultsMismatchError).kind).toBe('chain')
    expect((error as ResultsMismatchError).expected).toBe(closed.resultHash)
    expect((error as Error).message).toContain(`lease ${lease}`)
  })

  it("says when the lease is not the wallet's, and when the provider cannot be reached (naming the endpoint)", async () => {
    await queued()
    const spec = shellSpec(image, 'sleep 2')
    const { lease, provider } = await openLeaseFor(network, CONSUMER, spec)
    const stranger = createProviderClient({
      wallet: network.wallet(STRANGER),
      deployment: network.deployment,
      provider,
      endpoint: agent.url,
    })
    const forbidden = await eventually(
      async () => {
        const error = await stranger.getLeaseStatus(lease).catch((e: unknown) => e)
        return error instanceof ProviderApiError && error.code !== 'not_ready' ? error : undefined
      },
      10_000,
      'a refusal',
    )
    expect(forbidden.code).toBe('forbidden')
    expect(forbidden.status).toBe(403)
    expect(forbidden.apiDetails?.reason).toBe('not_consumer')

    // The endpoint comes from the registry: the test provider registered one nobody listens on.
    const fromRegistry = createProviderClient({
      wallet: network.wallet(CONSUMER),
      deployment: network.deployment,
      provider,
    })
    expect(await fromRegistry.endpoint()).toBe('http://127.0.0.1:0')
    const unreachable = await fromRegistry.getLeaseStatus(lease).catch((e: unknown) => e)
    expect(unreachable).toBeInstanceOf(ProviderUnreachableError)
    expect((unreachable as ProviderUnreachableError).endpoint).toBe('http://127.0.0.1:0')
    expect((unreachable as Error).message).toContain('http://127.0.0.1:0')

    const closedPort = await startRelay(agent.url)
    await closedPort.close()
    const refused = createProviderClient({
      wallet: network.wallet(CONSUMER),
      deployment: network.deployment,
      provider,
      endpoint: closedPort.url,
    })
    const error = await refused.putSpec(lease, spec).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderUnreachableError)
    expect((error as ProviderUnreachableError).shortMessage).toBe(
      `Provider unreachable at ${closedPort.url}: connection refused.`,
    )

    // Let the job run out so the provider is free for the next file.
    const client = createProviderClient({
      wallet: network.wallet(CONSUMER),
      deployment: network.deployment,
      provider,
      endpoint: agent.url,
    })
    await client.putSpec(lease, spec)
    await eventually(() => closeEvent(network, lease), 30_000, 'the lease to close')
  })
})
