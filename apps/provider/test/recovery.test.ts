import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { marketplaceAbi } from '@hearth/abi'
import { dockerFromHost } from '@hearth/runtime'
import { CloseReason, faucet, getWithdrawable } from '@hearth/sdk'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
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

const bin = fileURLToPath(new URL('../bin/hearth-provider.mjs', import.meta.url))
const image = inject('providerBusyboxImage')
const docker = dockerFromHost(inject('providerDockerHost'))
let network: ProviderNetwork
const children: ChildProcess[] = []

/** Starts `hearth-provider start` as a child process; resolves with its API URL once it serves. */
function startAgentProcess(
  configPath: string,
  privateKey: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'start', '--config', configPath], {
    env: { ...process.env, HEARTH_PRIVATE_KEY: privateKey, DOCKER_HOST: inject('providerDockerHost') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      output += String(chunk)
      const match = /serving (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve({ child, url: match[1], output: () => output })
    })
    child.on('exit', (code) => reject(new Error(`the agent exited with ${code}:\n${output}`)))
  })
}

beforeAll(async () => {
  network = await startProviderNetwork()
  await faucet(network.wallet(2), { deployment: network.deployment, amount: 10_000_000_000n })
})

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

afterAll(async () => {
  await network?.stop()
})

describe('restart safety', () => {
  it('recovers a running lease after kill -9: the job keeps running, is re-attached, and the lease closes with its result', async () => {
    await registerCpuProvider(network, 4)
    const provider = network.wallet(4).account.address
    const configPath = await writeProviderConfig(network, 'killed')
    const first = await startAgentProcess(configPath, network.privateKey(4))
    await eventually(() => queuedIn(network, provider), 30_000, 'the agent to queue')

    const spec = shellSpec(
      image,
      'for i in $(seq 1 25); do echo count $i; sleep 0.2; done; echo finished > /output/done.txt',
    )
    const { lease, token } = await openLeaseFor(network, 2, spec)
    const all = await token()
    const put = await eventually(
      async () => {
        const response = await fetch(`${first.url}/v1/leases/${lease}/spec`, {
          method: 'PUT',
          headers: { authorization: `Hearth ${all}` },
          body: JSON.stringify(spec),
        })
        return response.status === 409 &&
          ((await response.json()) as { error: { code: string } }).error.code === 'not_ready'
          ? undefined
          : response.status
      },
      10_000,
      'the agent to know the lease',
    )
    expect(put).toBe(202)
    await eventually(
      async () => {
        const [found] = await jobsOf(network, docker, lease)
        return found?.state === 'running' ? true : undefined
      },
      20_000,
      'the job to run',
    )

    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))
    // The agent is gone; the job is not.
    const [orphan] = await jobsOf(network, docker, lease)
    expect(orphan?.state).toBe('running')

    const second = await startAgentProcess(configPath, network.privateKey(4))
    const closed = await eventually(
      () => closeEvent(network, lease),
      30_000,
      'the lease to close after the restart',
    )
    expect(closed.reason).toBe(CloseReason.JobFinished)
    const status = await (
      await fetch(`${second.url}/v1/leases/${lease}`, { headers: { authorization: `Hearth ${all}` } })
    ).json()
    expect(status).toMatchObject({ state: 'finished', exitCode: 0, resultHash: closed.resultHash })
    // Every line is in the log once, in order, across the crash.
    const logs = await (
      await fetch(`${second.url}/v1/leases/${lease}/logs`, { headers: { authorization: `Hearth ${all}` } })
    ).text()
    const counted = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((r) => r.stream === 'stdout')
      .map((r) => r.line)
    expect(counted).toEqual(Array.from({ length: 25 }, (_, i) => `count ${i + 1}`))
    // A graceful stop steps out of the queue, so no lease is matched to a provider that is down.
    second.child.kill('SIGTERM')
    await new Promise((resolve) => second.child.once('exit', resolve))
    expect(await queuedIn(network, provider)).toBeUndefined()
    // Nothing is left on the host.
    await eventually(
      async () => ((await jobsOf(network, docker, lease)).length === 0 ? true : undefined),
      10_000,
      'the container to go',
    )
  })

  it('stops a job whose lease ran out of funds, closes it on chain, and withdraws the earnings', async () => {
    await registerCpuProvider(network, 5)
    const provider = network.wallet(5).account.address
    const configPath = await writeProviderConfig(network, 'funds', { withdrawIntervalSeconds: 1 })
    const agent = await startAgentInProcess(network, 5, configPath, inject('providerDockerHost'))
    try {
      await eventually(() => queuedIn(network, provider), 30_000, 'the agent to queue')
      const spec = shellSpec(image, 'echo working; sleep 600')
      const price = await network.publicClient.readContract({
        abi: marketplaceAbi,
        address: network.deployment.contracts.marketplace,
        functionName: 'quotePrice',
        args: [network.cpuMarket, 0],
      })
      // The least a lease may hold: one minute of funding.
      const { lease, token } = await openLeaseFor(network, 2, spec, { deposit: price * 60n })
      const all = await token()
      await eventually(async () => (agent.agent.lease(lease) ? true : undefined), 10_000, 'the lease')
      await fetch(`${agent.url}/v1/leases/${lease}/spec`, {
        method: 'PUT',
        headers: { authorization: `Hearth ${all}` },
        body: JSON.stringify(spec),
      })
      await eventually(
        async () => {
          const s = (await (
            await fetch(`${agent.url}/v1/leases/${lease}`, { headers: { authorization: `Hearth ${all}` } })
          ).json()) as { state: string; reason?: string }
          return s.state === 'running' ? s : undefined
        },
        20_000,
        'the job to run',
      )
      // Two minutes pass on chain: the funding has run out.
      await network.testClient.increaseTime({ seconds: 120 })
      await network.testClient.mine({ blocks: 1 })
      const status = await eventually(
        async () => {
          const s = (await (
            await fetch(`${agent.url}/v1/leases/${lease}`, { headers: { authorization: `Hearth ${all}` } })
          ).json()) as { state: string; reason?: string }
          return s.state === 'closed' ? s : undefined
        },
        20_000,
        'the job to stop',
      )
      expect(status.reason).toBe('lease ran out of funds')
      const closed = await eventually(() => closeEvent(network, lease), 20_000, 'the lease to close on chain')
      expect(closed.reason).toBe(CloseReason.OutOfFunds)
      // The scheduled withdrawal pays the provider everything the lease earned.
      await eventually(
        async () =>
          (await getWithdrawable(network.publicClient, {
            deployment: network.deployment,
            leaseId: lease,
          })) === 0n
            ? true
            : undefined,
        20_000,
        'the earnings to be withdrawn',
      )
      await eventually(
        async () => ((await jobsOf(network, docker, lease)).length === 0 ? true : undefined),
        10_000,
        'the container to be removed',
      )
    } finally {
      await agent.stop()
    }
  })
})
