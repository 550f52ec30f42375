// Test helpers: a real anvil with Hearth deployed by deployHearth, clients for its dev accounts, and
// the small steps most tests start from. Not exported from the package.
import { GpuVendor, SupplySource } from '@hearth/abi'
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type PublicClient,
  parseEther,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { faucet } from '../actions/faucet.js'
import { joinQueue } from '../actions/joinQueue.js'
import { registerProvider } from '../actions/registerProvider.js'
import { transferToken } from '../actions/transferToken.js'
import { type DeployHearthParameters, deployHearth } from '../deploy/deployHearth.js'
import type { HearthDeployment } from '../deployment.js'
import { type StartAnvilParameters, type StartAnvilReturnType, startAnvil } from '../node/startAnvil.js'
import type { Hardware, MarketId } from '../types.js'
import { toBytes32String } from '../utils/bytes32.js'

/** A wallet client for one of anvil's dev accounts. */
export type AccountClient = WalletClient<Transport, Chain, Account>

/** A running anvil with Hearth deployed, and clients for it. */
export type TestNetwork = {
  node: StartAnvilReturnType
  deployment: HearthDeployment
  publicClient: PublicClient<Transport, Chain>
  testClient: TestClient<'anvil', Transport, Chain>
  /** A wallet client for anvil's dev account `index` (0 is the deployer). */
  wallet: (index: number) => AccountClient
  /** The id of the default market named `name`, e.g. `rtx-4090 (tUSD)`. */
  market: (name: string) => MarketId
  /** tUSD's address (throws when the deployment has none). */
  usd: Address
  heat: Address
}

/** Starts anvil and deploys Hearth with deployHearth. */
export async function startTestNetwork(
  options: { anvil?: StartAnvilParameters; deploy?: DeployHearthParameters } = {},
): Promise<TestNetwork> {
  const node = await startAnvil(options.anvil)
  try {
    const transport = http(node.rpcUrl)
    // Anvil mines at once: poll receipts often rather than viem's default of every 4 s.
    const pollingInterval = 50
    const publicClient = createPublicClient({ chain: node.chain, transport, pollingInterval })
    const testClient = createTestClient({ chain: node.chain, mode: 'anvil', transport, pollingInterval })
    const wallets = new Map<number, AccountClient>()
    const wallet = (index: number): AccountClient => {
      const key = node.accounts[index]?.privateKey
      if (!key) throw new RangeError(`anvil has no dev account ${index}`)
      const client =
        wallets.get(index) ??
        createWalletClient({
          account: privateKeyToAccount(key),
          chain: node.chain,
          transport,
          pollingInterval,
        })
      wallets.set(index, client)
      return client
    }
    const deployment = await deployHearth(wallet(0), publicClient, options.deploy)
    const market = (name: string): MarketId => {
      const found = deployment.markets.find((m) => m.name === name)
      if (!found) throw new RangeError(`no market named ${name}`)
      return found.id
    }
    return {
      node,
      deployment,
      publicClient,
      testClient,
      wallet,
      market,
      get usd(): Address {
        const usd = deployment.contracts.testStablecoin
        if (!usd) throw new RangeError('the test network has no tUSD')
        return usd
      },
      heat: deployment.contracts.hearthToken,
    }
  } catch (error) {
    await node.stop()
    throw error
  }
}

/**
 * Registers the vitest hooks that start a test network for the file and revert the chain to a
 * snapshot after each test, and returns a getter for it.
 */
export function useTestNetwork(
  options: { anvil?: StartAnvilParameters; deploy?: DeployHearthParameters } = {},
): () => TestNetwork {
  let network: TestNetwork | undefined
  let snapshot: `0x${string}` | undefined
  beforeAll(async () => {
    network = await startTestNetwork(options)
  })
  afterAll(async () => {
    await network?.node.stop()
  })
  beforeEach(async () => {
    snapshot = await network?.testClient.snapshot()
  })
  afterEach(async () => {
    if (snapshot) await network?.testClient.revert({ id: snapshot })
  })
  return () => {
    if (!network) throw new Error('the test network is not started (use it inside a test)')
    return network
  }
}

/** A home RTX 4090 box in eu-west (GDPR) that meets the minimum spec. */
export function rtx4090(overrides: Partial<Hardware> = {}): Hardware {
  return {
    gpuVendor: GpuVendor.Nvidia,
    gpuModel: toBytes32String('rtx-4090'),
    gpuCount: 1,
    vramMiB: 24_564,
    cpuCores: 16,
    ramMiB: 64 * 1024,
    diskGiB: 1000,
    bandwidthMbps: 1000,
    region: toBytes32String('eu-west'),
    complianceTags: 1n << 2n,
    supplySource: SupplySource.Home,
    benchmarkGflops: 82_000,
    ...overrides,
  }
}

/** Gives dev account `index` 10 000 tUSD and 100 000 HEAT from the deployer. */
export async function fund(network: TestNetwork, index: number): Promise<void> {
  const client = network.wallet(index)
  await faucet(client, { deployment: network.deployment, amount: 10_000_000_000n })
  await transferToken(network.wallet(0), {
    token: network.heat,
    to: client.account.address,
    amount: parseEther('100000'),
  })
}

/** Funds and registers dev account `index` as a provider with `hardware`. */
export async function registeredProvider(
  network: TestNetwork,
  index: number,
  hardware: Hardware = rtx4090(),
): Promise<Address> {
  await fund(network, index)
  const client = network.wallet(index)
  await registerProvider(client, {
    deployment: network.deployment,
    hardware,
    endpoint: `https://p${index}.test:8443`,
  })
  return client.account.address
}

/** Funds, registers (with `hardware`) and queues dev account `index` in `market`. */
export async function queuedProvider(
  network: TestNetwork,
  index: number,
  market: MarketId,
  hardware: Hardware = rtx4090(),
): Promise<Address> {
  const provider = await registeredProvider(network, index, hardware)
  await joinQueue(network.wallet(index), { deployment: network.deployment, market })
  return provider
}
