import { createHash } from 'node:crypto'
import { CloseReason, getLease, LeaseState, signAccessToken } from '@hearth/sdk'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { RunningAgent } from '../src/runAgent.js'
import {
  closeEvent,
  eventually,
  jobsOf,
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
const image = inject('providerBusyboxImage')

// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON bodies
type ApiBody = Record<string, any>

async function api(path: string, token?: string, init: RequestInit = {}) {
  const response = await fetch(`${agent.url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Hearth ${token}` } : {}), ...(init.headers ?? {}) },
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: response.status, body: body as ApiBody, text, headers: response.headers }
}

beforeAll(async () => {
  network = await startProviderNetwork()
  await registerCpuProvider(network, PROVIDER)
  const { faucet } = await import('@hearth/sdk')
  await faucet(network.wallet(CONSUMER), { deployment: network.deployment, amount: 10_000_000_000n })
  const configPath = await writeProviderConfig(network, 'agent')
  agent = await startAgentInProcess(network, PROVIDER, configPath, inject('providerDockerHost'))
})

afterAll(async () => {
  await agent?.stop()
  await network?.stop()
})

describe('provider agent against anvil and a real Docker engine', () => {
  it('joins the queue of the market its hardware fits', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to join the CPU queue',
    )
    const health = await api('/v1/health')
    expect(health.body).toMatchObject({
      provider: network.wallet(PROVIDER).account.address,
      chainId: network.deployment.chainId,
    })
  })

  it('runs a lease: spec checked against the chain, logs streamed, results hashed and recorded on chain', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to be queued',
    )
    const spec = shellSpec(
      image,
      'for i in 1 2 3; do echo line $i; done; echo hello > /output/greeting.txt; mkdir /output/sub; echo 42 > /output/sub/answer',
      {
        resources: { memory: '64Mi' },
      },
    )
    const { lease, token } = await openLeaseFor(network, CONSUMER, spec)
    const all = await token()
    await eventually(
      async () => (agent.agent.lease(lease) ? true : undefined),
      10_000,
      'the agent to see the lease',
    )

    // A spec that is not the one the lease was opened with is refused with both hashes.
    const wrong = await api(`/v1/leases/${lease}/spec`, all, {
      method: 'PUT',
      body: JSON.stringify({ ...spec, command: ['true'] }),
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body.error.code).toBe('spec_hash_mismatch')
    expect(wrong.body.error.details.expected).toMatch(/^0x[0-9a-f]{64}$/)

    // Key order does not matter: the hash is over canonical JSON.
    const reordered = Object.fromEntries(Object.entries(spec).reverse())
    const accepted = await api(`/v1/leases/${lease}/spec`, all, {
      method: 'PUT',
      body: JSON.stringify(reordered),
    })
    expect(accepted.status).toBe(202)
    const again = await api(`/v1/leases/${lease}/spec`, all, { method: 'PUT', body: JSON.stringify(spec) })
    expect(again.status).toBe(409)

    const closed = await eventually(() => closeEvent(network, lease), 30_000, 'the lease to close on chain')
    expect(closed.reason).toBe(CloseReason.JobFinished)

    const status = await api(`/v1/leases/${lease}`, all)
    expect(status.body).toMatchObject({ state: 'finished', exitCode: 0, resultHash: closed.resultHash })

    const logs = await api(`/v1/leases/${lease}/logs`, all)
    const records = logs.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(records.filter((r) => r.stream === 'stdout').map((r) => r.line)).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ])
    // Offsets chain: each record's next is the following one's offset; resuming from one skips what came before.
    for (let i = 1; i < records.length; i++) expect(records[i].offset).toBe(records[i - 1].next)
    const resumed = await api(`/v1/leases/${lease}/logs?offset=${records[1].offset}`, all)
    expect(resumed.text.trim().split('\n')).toHaveLength(records.length - 1)

    const results = await api(`/v1/leases/${lease}/results`, all)
    expect(results.body.root).toBe(closed.resultHash)
    expect(results.body.files.map((f: { path: string }) => f.path)).toEqual(['greeting.txt', 'sub/answer'])
    const file = await fetch(`${agent.url}/v1/leases/${lease}/results/files/greeting.txt`, {
      headers: { authorization: `Hearth ${all}` },
    })
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(bytes.toString()).toBe('hello\n')
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(results.body.files[0].sha256)
    const escaped = await api(`/v1/leases/${lease}/results/files/..%2F..%2Fprovider.yaml`, all)
    expect(escaped.status).toBe(400)
  })

  it('streams live logs over a WebSocket and resumes from an offset after a reconnect', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to rejoin the queue',
    )
    const spec = shellSpec(image, 'for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.3; done')
    const { lease, token } = await openLeaseFor(network, CONSUMER, spec)
    const logsToken = await token(['logs', 'spec'])
    await eventually(async () => (agent.agent.lease(lease) ? true : undefined), 10_000, 'the lease')
    expect(
      (await api(`/v1/leases/${lease}/spec`, logsToken, { method: 'PUT', body: JSON.stringify(spec) }))
        .status,
    ).toBe(202)

    const { WebSocket } = await import('ws')
    const read = (offset: number, stopAfter?: number) =>
      new Promise<{ lines: string[]; next: number; done: boolean }>((resolve, reject) => {
        const ws = new WebSocket(
          `${agent.url.replace('http', 'ws')}/v1/leases/${lease}/logs/ws?offset=${offset}&token=${logsToken}`,
        )
        const lines: string[] = []
        let next = offset
        ws.on('message', (data) => {
          const message = JSON.parse(String(data))
          if (message.done) {
            resolve({ lines, next: message.next, done: true })
            ws.close()
            return
          }
          next = message.next
          if (message.stream === 'stdout') lines.push(message.line)
          if (stopAfter !== undefined && lines.length >= stopAfter) {
            ws.close()
            resolve({ lines, next, done: false })
          }
        })
        ws.on('error', reject)
      })
    const first = await read(0, 2)
    expect(first.lines).toEqual(['tick 1', 'tick 2'])
    const rest = await read(first.next)
    expect(rest.done).toBe(true)
    expect([...first.lines, ...rest.lines]).toEqual([
      'tick 1',
      'tick 2',
      'tick 3',
      'tick 4',
      'tick 5',
      'tick 6',
    ])
  })

  it('kills a job over its memory limit and closes the lease with the reason', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to rejoin the queue',
    )
    const spec = shellSpec(image, 'echo growing; x=0123456789abcdef; while :; do x="$x$x"; done', {
      resources: { memory: '16Mi' },
    })
    const { lease, token } = await openLeaseFor(network, CONSUMER, spec)
    const all = await token()
    await eventually(async () => (agent.agent.lease(lease) ? true : undefined), 10_000, 'the lease')
    expect(
      (await api(`/v1/leases/${lease}/spec`, all, { method: 'PUT', body: JSON.stringify(spec) })).status,
    ).toBe(202)
    const closed = await eventually(() => closeEvent(network, lease), 30_000, 'the lease to close')
    expect(closed.reason).toBe(CloseReason.JobFailed)
    const status = await api(`/v1/leases/${lease}`, all)
    expect(status.body.state).toBe('failed')
    expect(status.body.reason).toBe('out of memory: the job used more than its 16 MiB limit')
    expect(status.body.exitCode).toBe(137)
  })

  it('stops the job when the consumer closes the lease', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to rejoin the queue',
    )
    const spec = shellSpec(image, 'echo started; sleep 600')
    const { lease, token } = await openLeaseFor(network, CONSUMER, spec)
    const all = await token()
    await eventually(async () => (agent.agent.lease(lease) ? true : undefined), 10_000, 'the lease')
    await api(`/v1/leases/${lease}/spec`, all, { method: 'PUT', body: JSON.stringify(spec) })
    await eventually(
      async () => ((await api(`/v1/leases/${lease}`, all)).body.state === 'running' ? true : undefined),
      20_000,
      'running',
    )
    const { closeLease } = await import('@hearth/sdk')
    await closeLease(network.wallet(CONSUMER), { deployment: network.deployment, leaseId: lease })
    const status = await eventually(
      async () => {
        const s = await api(`/v1/leases/${lease}`, all)
        return s.body.state === 'closed' && agent.agent.logsDone(lease) ? s.body : undefined
      },
      20_000,
      'the job to stop',
    )
    expect(status.reason).toBe('closed by the consumer')
    const { dockerFromHost } = await import('@hearth/runtime')
    const docker = dockerFromHost(inject('providerDockerHost'))
    // The engine may still be removing it a moment after the job stopped.
    await eventually(
      async () => ((await jobsOf(network, docker, lease)).length === 0 ? true : undefined),
      10_000,
      'the container to be removed',
    )
  })

  it('proxies an exposed port of the job through the provider API, and counts what it did in /metrics', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to rejoin the queue',
    )
    const spec = shellSpec(
      image,
      'mkdir -p /scratch/www && echo served > /scratch/www/index.html && exec httpd -f -p 8080 -h /scratch/www',
      {
        ports: [{ port: 8080 }],
      },
    )
    const { lease, token } = await openLeaseFor(network, CONSUMER, spec)
    const all = await token()
    await eventually(async () => (agent.agent.lease(lease) ? true : undefined), 10_000, 'the lease')
    expect(
      (await api(`/v1/leases/${lease}/spec`, all, { method: 'PUT', body: JSON.stringify(spec) })).status,
    ).toBe(202)
    const page = await eventually(
      async () => {
        const answer = await api(`/v1/leases/${lease}/ports/8080/index.html`, all)
        return answer.status === 200 ? answer.text : undefined
      },
      20_000,
      'the job to serve',
    )
    expect(page).toBe('served\n')
    const status = await api(`/v1/leases/${lease}`, all)
    expect(status.body.ports).toEqual([expect.objectContaining({ port: 8080, protocol: 'tcp' })])
    expect((await api(`/v1/leases/${lease}/ports/9999/`, all)).status).toBe(404)
    const { closeLease } = await import('@hearth/sdk')
    await closeLease(network.wallet(CONSUMER), { deployment: network.deployment, leaseId: lease })
    await eventually(async () => (agent.agent.logsDone(lease) ? true : undefined), 20_000, 'the job to stop')

    const metrics = (await api('/metrics')).text
    expect(metrics).toMatch(/hearth_provider_leases_opened_total \d+/)
    expect(metrics).toMatch(/hearth_provider_leases_ended_total\{outcome="finished"\} [1-9]/)
    expect(metrics).toMatch(/hearth_provider_leases_ended_total\{outcome="failed"\} [1-9]/)
    expect(metrics).toMatch(/hearth_provider_container_starts_total [1-9]/)
  })

  it('answers a reverse auction with a signed bid between its floor and the market price', async () => {
    const { createOrder, acceptSignedBid, hashJobSpec, quotePrice } = await import('@hearth/sdk')
    const spec = shellSpec(image, 'echo auction')
    const reference = await quotePrice(network.publicClient, {
      deployment: network.deployment,
      market: network.cpuMarket,
      tier: 0,
    })
    const order = await createOrder(network.wallet(CONSUMER), {
      deployment: network.deployment,
      market: network.cpuMarket,
      maxPricePerSecond: reference * 2n,
      durationSeconds: 3600n,
      biddingSeconds: 600n,
      specHash: hashJobSpec(spec),
    })
    const bid = await eventually(
      async () => {
        const answer = await api(`/v1/orders/${order.orderId}/bid`)
        return answer.status === 200 ? answer.body : undefined
      },
      10_000,
      'a signed bid',
    )
    expect(bid.bid.provider).toBe(network.wallet(PROVIDER).account.address)
    // The floor is 0 and the policy asks 90% of the way to the reference price.
    expect(BigInt(bid.bid.pricePerSecond)).toBeLessThanOrEqual(reference)
    const accepted = await acceptSignedBid(network.wallet(CONSUMER), {
      deployment: network.deployment,
      signedBid: {
        bid: {
          order: BigInt(bid.bid.order),
          provider: bid.bid.provider,
          pricePerSecond: BigInt(bid.bid.pricePerSecond),
          deadline: BigInt(bid.bid.deadline),
        },
        signature: bid.signature,
      },
    })
    const lease = accepted.leaseId
    await eventually(
      async () => (agent.agent.lease(lease) ? true : undefined),
      10_000,
      'the agent to see the auction lease',
    )
    expect(agent.agent.lease(lease)?.order).toBe(String(order.orderId))
    const all = await signAccessToken(network.wallet(CONSUMER), {
      marketplace: network.deployment.contracts.marketplace,
      lease,
      provider: accepted.provider,
      scope: 'all',
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    })
    expect(
      (await api(`/v1/leases/${lease}/spec`, all, { method: 'PUT', body: JSON.stringify(spec) })).status,
    ).toBe(202)
    expect(
      (await eventually(() => closeEvent(network, lease), 30_000, 'the auction lease to finish')).reason,
    ).toBe(CloseReason.JobFinished)
    expect((await api('/v1/orders/999999/bid')).status).toBe(404)
  })

  it('refuses requests without a valid token from the lease owner, saying why', async () => {
    await eventually(
      () => queuedIn(network, network.wallet(PROVIDER).account.address, network.cpuMarket),
      20_000,
      'the agent to rejoin the queue',
    )
    const spec = shellSpec(image, 'sleep 1')
    const { lease, token, provider } = await openLeaseFor(network, CONSUMER, spec)
    await eventually(async () => (agent.agent.lease(lease) ? true : undefined), 10_000, 'the lease')
    const missing = await api(`/v1/leases/${lease}`)
    expect(missing.status).toBe(401)
    expect(missing.body.error.code).toBe('unauthenticated')
    const garbage = await api(`/v1/leases/${lease}`, 'not-a-token')
    expect(garbage.status).toBe(401)

    const marketplace = network.deployment.contracts.marketplace
    const expiresAt = Math.floor(Date.now() / 1000) + 600
    const strangerToken = await signAccessToken(network.wallet(STRANGER), {
      marketplace,
      lease,
      provider,
      scope: 'all',
      expiresAt,
    })
    const stranger = await api(`/v1/leases/${lease}`, strangerToken)
    expect(stranger.status).toBe(403)
    expect(stranger.body.error.details.reason).toBe('not_consumer')

    const statusOnly = await token(['status'])
    expect((await api(`/v1/leases/${lease}`, statusOnly)).status).toBe(200)
    const logs = await api(`/v1/leases/${lease}/logs`, statusOnly)
    expect(logs.status).toBe(403)
    expect(logs.body.error.details.reason).toBe('scope')

    const otherProvider = await signAccessToken(network.wallet(CONSUMER), {
      marketplace,
      lease,
      provider: network.wallet(STRANGER).account.address,
      scope: 'all',
      expiresAt,
    })
    expect((await api(`/v1/leases/${lease}`, otherProvider)).body.error.details.reason).toBe('wrong_provider')

    const expired = await signAccessToken(network.wallet(CONSUMER), {
      marketplace,
      lease,
      provider,
      scope: 'all',
      expiresAt: 1000,
    })
    const expiredAnswer = await api(`/v1/leases/${lease}`, expired)
    expect(expiredAnswer.status).toBe(401)
    expect(expiredAnswer.body.error.details.reason).toBe('expired')

    expect((await api('/v1/leases/abc', await token())).status).toBe(400)
    const onChain = await getLease(network.publicClient, { deployment: network.deployment, leaseId: lease })
    expect(onChain.state).toBe(LeaseState.Active)
  })
})
