import { existsSync, statSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { providerRegistryAbi } from '@hearth/abi'
import { decryptKeystore } from '@hearth/sdk/node'
import { writeContract } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { fund, type ProviderNetwork, startProviderNetwork } from './providerNetwork.js'

let network: ProviderNetwork
const ACCOUNT = 6

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    cwd: network.dir,
    signal: new AbortController().signal,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOCKER_HOST: inject('providerDockerHost'),
      ...env,
    },
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  network = await startProviderNetwork()
})

afterAll(async () => {
  await network?.stop()
})

describe('hearth provider commands', () => {
  const dataDir = () => join(network.dir, 'cli')
  const secrets = () => ({
    HEARTH_PASSWORD: 'correct horse',
    HEARTH_PRIVATE_KEY: network.privateKey(ACCOUNT),
  })

  it('init imports the key into an encrypted keystore, probes the hardware and writes the config', async () => {
    const { code, stdout } = await run(
      [
        'init',
        '--data-dir',
        dataDir(),
        '--rpc-url',
        network.node.rpcUrl,
        '--deployment',
        network.deploymentPath,
        '--region',
        'eu-west',
      ],
      secrets(),
    )
    const address = network.wallet(ACCOUNT).account.address
    expect(stdout).toContain(address)
    expect(stdout).toMatch(/CPU\s+.+\d+ cores/)
    const keystore = join(dataDir(), 'key.json')
    expect(statSync(keystore).mode & 0o777).toBe(0o600)
    expect(await decryptKeystore(JSON.parse(await readFile(keystore, 'utf8')), 'correct horse')).toBe(
      network.privateKey(ACCOUNT),
    )
    expect(await readFile(join(dataDir(), 'provider.yaml'), 'utf8')).toContain('region: eu-west')
    // The default network minimum (256 GiB of disk) may or may not fit this machine: either way it says so.
    expect(stdout).toMatch(/Next: fund this address|does not meet the network minimum/)
    expect([0, 1]).toContain(code)
  })

  it('init keeps an existing key, and refuses to create one without a password', async () => {
    const again = await run(['init', '--data-dir', dataDir()], { HEARTH_PASSWORD: 'x' })
    expect(again.stdout).toContain('existing keystore')
    const fresh = await run(['init', '--data-dir', join(network.dir, 'nopassword')])
    expect(fresh.code).toBe(1)
    expect(fresh.stderr).toContain('HEARTH_PASSWORD')
  })

  it('register refuses a machine below the network minimum, naming the numbers', async () => {
    await writeContract(network.wallet(0), {
      abi: providerRegistryAbi,
      address: network.deployment.contracts.providerRegistry,
      functionName: 'setMinimumSpec',
      args: [4_000_000, 1],
    })
    const { code, stderr } = await run(['register', '--data-dir', dataDir(), '--skip-benchmark'], {
      HEARTH_PASSWORD: 'correct horse',
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/RAM [\d ]+ MiB is below the network minimum of 4 000 000 MiB/)
  })

  it('register benchmarks the machine in a container, stakes and registers it', async () => {
    await writeContract(network.wallet(0), {
      abi: providerRegistryAbi,
      address: network.deployment.contracts.providerRegistry,
      functionName: 'setMinimumSpec',
      args: [1024, 1],
    })
    // Before any HEAT: the missing stake is named with the numbers, before any transaction.
    const unfunded = await run(['register', '--data-dir', dataDir(), '--skip-benchmark'], {
      HEARTH_PASSWORD: 'correct horse',
    })
    expect(unfunded.code).toBe(1)
    expect(unfunded.stderr).toMatch(
      /^hearth provider: 0x[0-9a-fA-F]{40} needs ([\d.]+) HEAT for the stake \(it holds 0, short by \1\); on a local network: `hearth fund 0x[0-9a-fA-F]{40}`\n$/,
    )
    await fund(network, ACCOUNT)
    const { code, stdout, stderr } = await run(['register', '--data-dir', dataDir(), '--n', '128'], {
      HEARTH_PASSWORD: 'correct horse',
    })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/Registered 0x[0-9a-fA-F]{40}: CPU only, \d+ GFLOPS, staked [\d.]+ HEAT/)
    const provider = await network.publicClient.readContract({
      abi: providerRegistryAbi,
      address: network.deployment.contracts.providerRegistry,
      functionName: 'getProvider',
      args: [network.wallet(ACCOUNT).account.address],
    })
    expect(provider.status).toBe(1)
    expect(provider.hardware.benchmarkGflops).toBeGreaterThan(0)
    const twice = await run(['register', '--data-dir', dataDir(), '--skip-benchmark'], {
      HEARTH_PASSWORD: 'correct horse',
    })
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('already registered')
  })

  it('status and withdraw report from the chain and the journal', async () => {
    const status = await run(['status', '--data-dir', dataDir(), '--json'], {
      HEARTH_PASSWORD: 'correct horse',
    })
    expect(status.code).toBe(0)
    const parsed = JSON.parse(status.stdout)
    expect(parsed).toMatchObject({ registered: true, queue: null, leases: [] })
    expect(Number(parsed.stake.split(' ')[0])).toBeGreaterThan(0)
    const text = await run(['status', '--data-dir', dataDir()], { HEARTH_PASSWORD: 'correct horse' })
    expect(text.stdout).toContain('Reputation')
    const withdraw = await run(['withdraw', '--data-dir', dataDir()], { HEARTH_PASSWORD: 'correct horse' })
    expect(withdraw.code).toBe(0)
    expect(withdraw.stdout).toContain('Nothing to withdraw')
  })

  it('says clearly what is wrong with a bad config or a wrong password', async () => {
    const bad = join(network.dir, 'bad')
    await run(['init', '--data-dir', bad, '--rpc-url', network.node.rpcUrl], { HEARTH_PASSWORD: 'pw' })
    const path = join(bad, 'provider.yaml')
    await writeFile(path, `${await readFile(path, 'utf8')}pollIntervalMs: fast\nbidz: on\n`)
    const result = await run(['status', '--data-dir', bad], { HEARTH_PASSWORD: 'pw' })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('pollIntervalMs')
    expect(result.stderr).toContain('bidz')
    const wrong = await run(['status', '--data-dir', dataDir()], { HEARTH_PASSWORD: 'wrong' })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/password/i)
    expect(existsSync(join(dataDir(), 'key.json'))).toBe(true)
  })
})
