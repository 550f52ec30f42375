import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  deployHearth,
  faucet,
  type HearthDeployment,
  providerRegistryAbi,
  serializeDeployment,
  transferToken,
} from '@hearth/sdk'
import { type AnvilAccount, startAnvil } from '@hearth/sdk/node'
import {
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { writeContract } from 'viem/actions'

/** tUSD each demo account gets from the faucet (its limit per call): 10 000 tUSD. */
export const demoStablecoin = 10_000_000_000n
/** The minimum hardware a devnet provider declares (RAM in MiB, free disk in GiB). */
export const devnetMinimumSpec = { ramMiB: 4096, diskGiB: 10 } as const

/** HEAT each demo account gets from the deployer: enough to stake a few GPUs. */
export const demoHeat = parseEther('10000')

/** Options of {@link startDevnet}. */
export type DevnetOptions = {
  /** Port of the JSON-RPC endpoint; default 8545, 0 for any free port. */
  port?: number | undefined
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string | undefined
  /** Mine a block every this many seconds once deployed; default: mine each transaction at once. */
  blockTimeSeconds?: number | undefined
  /** How many dev accounts after the deployer to fund, alternating providers and consumers; default 4. */
  demoAccounts?: number | undefined
  /** Where to write the deployment (removed on stop); default: nowhere. */
  outFile?: string | undefined
  /** Called with a line per step. */
  onProgress?: ((line: string) => void) | undefined
}

/** A funded dev account and what the demo uses it for. */
export type DemoAccount = {
  role: string
  address: Address
  privateKey: Hex
}

/** A running local Hearth network. */
export type Devnet = {
  rpcUrl: string
  chainId: number
  /** A viem chain for the node. */
  chain: Chain
  deployment: HearthDeployment
  /** The deployer (owner and treasury) first, then the funded demo accounts. */
  accounts: DemoAccount[]
  /** Stops anvil and removes the deployment file. Safe to call twice. */
  stop: () => Promise<void>
}

/**
 * Starts a local Hearth network: an embedded anvil, the contracts deployed with `deployHearth`, demo
 * accounts funded with tUSD and HEAT, and the deployment written to `outFile` for other tools.
 *
 * @param options Port, block time, accounts, output file.
 * @returns The running devnet.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const progress = options.onProgress ?? (() => {})
  const demoAccounts = options.demoAccounts ?? 4
  const node = await startAnvil({
    port: options.port ?? 8545,
    host: options.host,
    accounts: Math.max(10, demoAccounts + 1),
    // Its own process group: a Ctrl-C reaches the devnet alone, which stops anvil last.
    detached: true,
  })
  progress(`anvil listening on ${node.rpcUrl}`)
  let written: string | undefined
  const stop = async () => {
    await node.stop()
    if (written) rmSync(written, { force: true })
    written = undefined
  }
  try {
    const transport = http(node.rpcUrl)
    // Anvil mines at once: poll for receipts often rather than viem's default of every 4 s.
    const pollingInterval = 100
    const publicClient = createPublicClient({ chain: node.chain, transport, pollingInterval })
    const wallet = (account: AnvilAccount) =>
      createWalletClient({
        account: privateKeyToAccount(account.privateKey),
        chain: node.chain,
        transport,
        pollingInterval,
      })
    const [deployerAccount, ...others] = node.accounts
    if (!deployerAccount) throw new RangeError('anvil started without accounts')
    const deployer = wallet(deployerAccount)
    const deployment = await deployHearth(deployer, publicClient, { onProgress: progress })

    // A laptop should be able to try being a provider: the devnet asks for 4 GiB of RAM and 10 GiB of
    // free disk rather than the production minimum (12 GiB, 256 GiB).
    await writeContract(deployer, {
      abi: providerRegistryAbi,
      address: deployment.contracts.providerRegistry,
      functionName: 'setMinimumSpec',
      args: [devnetMinimumSpec.ramMiB, devnetMinimumSpec.diskGiB],
    }).then((hash) => publicClient.waitForTransactionReceipt({ hash }))

    const accounts: DemoAccount[] = [{ role: 'deployer', ...deployerAccount }]
    let providers = 0
    let consumers = 0
    for (const [i, account] of others.slice(0, demoAccounts).entries()) {
      const role = i % 2 === 0 ? `provider-${++providers}` : `consumer-${++consumers}`
      await faucet(wallet(account), { deployment, amount: demoStablecoin })
      await transferToken(deployer, {
        token: deployment.contracts.hearthToken,
        to: account.address,
        amount: demoHeat,
      })
      accounts.push({ role, ...account })
    }
    progress(`funded ${accounts.length - 1} demo accounts`)

    if (options.blockTimeSeconds !== undefined) {
      await createTestClient({ chain: node.chain, mode: 'anvil', transport }).setIntervalMining({
        interval: options.blockTimeSeconds,
      })
      progress(`mining a block every ${options.blockTimeSeconds} s`)
    }

    if (options.outFile) {
      mkdirSync(dirname(options.outFile), { recursive: true })
      writeFileSync(
        options.outFile,
        serializeDeployment({
          ...deployment,
          rpcUrl: node.rpcUrl,
          accounts: accounts.map((a) => ({ ...a })),
        }),
      )
      written = options.outFile
    }
    return { rpcUrl: node.rpcUrl, chainId: node.chainId, chain: node.chain, deployment, accounts, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
