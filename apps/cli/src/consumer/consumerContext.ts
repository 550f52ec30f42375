import { resolve } from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import {
  createIndexerClient,
  createProviderClient,
  getLease,
  type HearthDeployment,
  type IndexerClient,
  LeaseNotFoundError,
  LeaseNotYoursError,
  LeaseState,
  type ProviderClient,
} from '@hearth/sdk'
import { type DeploymentFile, DeploymentFileError, loadAccount, readDeploymentFile } from '@hearth/sdk/node'
import {
  type Account,
  type Chain,
  type Client,
  createPublicClient,
  createWalletClient,
  http,
  isAddressEqual,
  type PublicClient,
  type Transport,
} from 'viem'
import { getChainId } from 'viem/actions'
import { CliError, UsageError } from '../CliError.js'
import type { Io } from '../io.js'

/** Options every consumer command takes. */
export const consumerOptions = {
  'rpc-url': { type: 'string' },
  deployment: { type: 'string' },
  keystore: { type: 'string' },
  indexer: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

/** Help lines for {@link consumerOptions}. */
export const consumerOptionsHelp = `  --rpc-url <url>       JSON-RPC endpoint (default: the devnet's, else http://127.0.0.1:8545)
  --deployment <file>   the deployment file (default .hearth/devnet.json, written by \`hearth devnet\`)
  --keystore <file>     encrypted key (password from HEARTH_PASSWORD or a prompt); default: HEARTH_PRIVATE_KEY
  --indexer <url>       list leases and providers from this indexer API (default HEARTH_INDEXER_URL);
                        without one they are found from the chain's events
  --json                print JSON
  -h, --help            show this help`

/** What a consumer command works with. */
export type ConsumerContext = {
  deployment: HearthDeployment
  rpcUrl: string
  publicClient: PublicClient<Transport, Chain>
  wallet: Client<Transport, Chain, Account>
  account: Account
}

/** The network a command works on: the deployment and a client of its chain, checked to match. */
export type NetworkContext = Omit<ConsumerContext, 'wallet' | 'account'> & { chain: Chain }

/**
 * Reads the deployment (`--deployment`, default .hearth/devnet.json) and connects to its chain
 * (`--rpc-url`, else HEARTH_RPC_URL, else the file's rpcUrl, else 8545), checking the chain id.
 * @throws {CliError} with one line when the file is missing or wrong, or the node does not answer.
 */
export async function networkContext(
  values: { 'rpc-url'?: string | undefined; deployment?: string | undefined },
  io: Io,
): Promise<NetworkContext> {
  const file = resolve(io.cwd, values.deployment ?? '.hearth/devnet.json')
  let read: DeploymentFile
  try {
    read = readDeploymentFile(file)
  } catch (error) {
    if (error instanceof DeploymentFileError && error.reason === 'missing' && !values.deployment)
      throw new CliError(noDeploymentMessage(io.cwd))
    throw error
  }
  const { deployment } = read
  const rpcUrl = values['rpc-url'] ?? io.env.HEARTH_RPC_URL ?? read.rpcUrl ?? 'http://127.0.0.1:8545'
  const chain = {
    id: deployment.chainId,
    name: `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const satisfies Chain
  const publicClient = createPublicClient({
    chain,
    transport: http(rpcUrl, { retryCount: 1 }),
    pollingInterval: 250,
  })
  const chainId = await getChainId(publicClient).catch((cause: unknown) => {
    throw new CliError(
      `no JSON-RPC endpoint answers at ${rpcUrl} (${(cause as Error).message.split('\n')[0]}); is \`hearth devnet\` running?`,
    )
  })
  if (chainId !== deployment.chainId) {
    throw new CliError(
      `${rpcUrl} is chain ${chainId}, but the deployment ${file} is for chain ${deployment.chainId}`,
    )
  }
  return { deployment, rpcUrl, publicClient, chain }
}

/**
 * The network ({@link networkContext}) and the consumer's key (HEARTH_PRIVATE_KEY, or `--keystore`
 * with HEARTH_PASSWORD or a prompt).
 * @throws {CliError} with one line when any of them is missing or wrong.
 */
export async function consumerContext(
  values: { 'rpc-url'?: string | undefined; deployment?: string | undefined; keystore?: string | undefined },
  io: Io,
): Promise<ConsumerContext> {
  const { deployment, rpcUrl, publicClient, chain } = await networkContext(values, io)
  if (io.env.HEARTH_PRIVATE_KEY === undefined && values.keystore === undefined) {
    throw new CliError(
      'no key: set HEARTH_PRIVATE_KEY, or pass --keystore <file> (password from HEARTH_PASSWORD or a prompt)',
    )
  }
  const keystorePath = values.keystore !== undefined ? resolve(io.cwd, values.keystore) : undefined
  const password =
    keystorePath !== undefined && io.env.HEARTH_PASSWORD === undefined && io.promptPassword
      ? await io.promptPassword(`Password for ${values.keystore}: `)
      : undefined
  const { account } = await loadAccount({
    ...(keystorePath !== undefined ? { keystorePath } : {}),
    ...(password !== undefined ? { password } : {}),
    env: keystorePath !== undefined ? { ...io.env, HEARTH_PRIVATE_KEY: undefined } : io.env,
  })
  const wallet = createWalletClient({
    account,
    chain,
    transport: http(rpcUrl, { retryCount: 1 }),
    pollingInterval: 250,
  })
  return { deployment, rpcUrl, publicClient, wallet, account }
}

/**
 * Why a command without `--deployment` found no network, and how to point it at one.
 * @param cwd The folder the command ran in.
 */
export function noDeploymentMessage(cwd: string): string {
  return `no network: there is no .hearth/devnet.json in ${cwd}; run the command from the folder where \`hearth devnet\` runs (it writes that file), or pass --deployment <file> (with --rpc-url <url> when the file has no rpcUrl)`
}

/** Parses a lease id argument. */
export function leaseArgument(text: string | undefined): bigint {
  if (text === undefined) throw new UsageError('a lease id is required')
  if (!/^\d{1,78}$/.test(text)) throw new UsageError(`a lease id is a whole number, not "${text}"`)
  return BigInt(text)
}

/**
 * The lease, checked to exist and to be the account's, with a client for its provider.
 * @throws {LeaseNotFoundError} or {LeaseNotYoursError}.
 */
export async function ownLease(context: ConsumerContext, lease: bigint) {
  const onChain = await getLease(context.publicClient, { deployment: context.deployment, leaseId: lease })
  if (onChain.state === LeaseState.None) throw new LeaseNotFoundError(lease)
  if (!isAddressEqual(onChain.consumer, context.account.address)) {
    throw new LeaseNotYoursError({ lease, consumer: onChain.consumer, account: context.account.address })
  }
  const client: ProviderClient = createProviderClient({
    wallet: context.wallet,
    publicClient: context.publicClient,
    deployment: context.deployment,
    provider: onChain.provider,
  })
  return { lease: onChain, client }
}

/**
 * The indexer API to list from, when one is configured (`--indexer`, else HEARTH_INDEXER_URL): the
 * chain stays the truth for every record; the indexer only saves scanning its events.
 * @throws {UsageError} on a URL that is not http(s).
 */
export function indexerFor(values: { indexer?: string | undefined }, io: Io): IndexerClient | undefined {
  const url = values.indexer ?? io.env.HEARTH_INDEXER_URL
  if (url === undefined || url === '') return undefined
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--indexer must be an http(s) URL, not "${url}"`)
  return createIndexerClient({ url: url.replace(/\/+$/, '') })
}

/**
 * Parses a consumer command that takes only the common options: prints its help and returns
 * `undefined` for `--help`; refuses more than `maxPositionals` arguments.
 */
export function parseConsumerCommand(argv: readonly string[], io: Io, usage: string, maxPositionals: number) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: consumerOptions,
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${usage}\n`)
    return undefined
  }
  if (positionals.length > maxPositionals)
    throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`)
  return { values, positionals }
}
