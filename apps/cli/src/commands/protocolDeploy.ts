import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { deployHearth, serializeDeployment } from '@hearth/sdk'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  isAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getChainId } from 'viem/actions'
import { CliError, UsageError } from '../CliError.js'
import type { Io } from '../io.js'

/** Help text of `hearth protocol deploy`. */
export const deployUsage = `Usage: hearth protocol deploy --rpc-url <url> [options]

Deploys the Hearth protocol to an EVM chain: HEAT, the provider registry, the marketplace, the
auctions contract and the market lens, wired together, with the default markets. The deployer's key
comes from the HEARTH_PRIVATE_KEY environment variable (0x-prefixed hex), never from a flag.

Options:
  --rpc-url <url>            JSON-RPC endpoint of the chain (required)
  --owner <address>          who will own every parameter (a multisig or the governance timelock);
                             it must then call acceptOwnership on the registry, marketplace and
                             auctions contracts (default: the deployer)
  --treasury <address>       receives the unburned protocol fees (default: the owner)
  --stablecoin <address>     price the markets in this ERC-20 (e.g. USDC); needs --stablecoin-symbol
                             and --stablecoin-decimals
  --stablecoin-symbol <s>    its symbol, shown in market names (e.g. USDC)
  --stablecoin-decimals <n>  its decimals (6 for USDC)
  --test-stablecoin          also deploy tUSD, the test stablecoin with an open faucet (default on a
                             local chain only)
  --out <file>               where to write the deployment (default .hearth/deployments/<chain id>.json)
  --json                     print the deployment as JSON
  -h, --help                 show this help`

/**
 * `hearth protocol deploy`: deploys and wires the protocol on the chain behind `--rpc-url` and writes the
 * deployment file other commands and the SDK read.
 * @param argv The arguments after `protocol deploy`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function protocolDeploy(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'rpc-url': { type: 'string' },
      owner: { type: 'string' },
      treasury: { type: 'string' },
      stablecoin: { type: 'string' },
      'stablecoin-symbol': { type: 'string' },
      'stablecoin-decimals': { type: 'string' },
      'test-stablecoin': { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    io.stdout(`${deployUsage}\n`)
    return 0
  }
  const rpcUrl = values['rpc-url']
  if (!rpcUrl) throw new UsageError('--rpc-url is required')
  const owner = address('owner', values.owner)
  const treasury = address('treasury', values.treasury)
  const stablecoin = stablecoinOption(values)
  const key = io.env.HEARTH_PRIVATE_KEY
  if (!key) throw new CliError('set HEARTH_PRIVATE_KEY to the deployer key (0x-prefixed hex)')
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new CliError('HEARTH_PRIVATE_KEY is not a 32-byte hex key')
  const account = privateKeyToAccount(key as Hex)

  const transport = http(rpcUrl, { retryCount: 1 })
  const publicClient = createPublicClient({ transport })
  const chainId = await getChainId(publicClient).catch((cause: unknown) => {
    throw new CliError(`no JSON-RPC endpoint answers at ${rpcUrl} (${shortCause(cause)})`)
  })
  const chain = {
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const
  const walletClient = createWalletClient({ account, chain, transport })
  const log = values.json ? () => {} : (line: string) => io.stderr(`  ${line}\n`)
  if (!values.json) io.stderr(`Deploying Hearth to chain ${chainId} from ${account.address}…\n`)

  const deployment = await deployHearth(walletClient, publicClient, {
    owner,
    treasury,
    stablecoin,
    testStablecoin: values['test-stablecoin'],
    onProgress: log,
  })
  const outFile = resolve(io.cwd, values.out ?? `.hearth/deployments/${chainId}.json`)
  mkdirSync(dirname(outFile), { recursive: true })
  const serialized = serializeDeployment(deployment)
  writeFileSync(outFile, serialized)

  if (values.json) {
    io.stdout(`${JSON.stringify({ deploymentFile: outFile, deployment: JSON.parse(serialized) })}\n`)
    return 0
  }
  const lines = [
    '',
    `Hearth deployed to chain ${chainId}`,
    ...Object.entries(deployment.contracts).map(([name, at]) => `  ${name.padEnd(18)}${at}`),
    '',
    'Markets',
    ...deployment.markets.map((m) => `  ${String(m.id).padEnd(4)}${m.name}`),
    '',
    `Deployment written to ${outFile}`,
  ]
  if (owner && owner !== account.address) {
    lines.push(
      `Ownership offered to ${owner}: it must call acceptOwnership on the registry, marketplace and auctions.`,
    )
  }
  io.stdout(`${lines.join('\n')}\n`)
  return 0
}

/** Parses an optional address option, failing with a usage error that names it. */
function address(name: string, value: string | undefined): Address | undefined {
  if (value === undefined) return undefined
  if (!isAddress(value, { strict: false })) throw new UsageError(`--${name} is not an address: ${value}`)
  return getAddress(value)
}

/** The `--stablecoin*` options as one value: all three or none. */
function stablecoinOption(values: {
  stablecoin?: string | undefined
  'stablecoin-symbol'?: string | undefined
  'stablecoin-decimals'?: string | undefined
}): { address: Address; symbol: string; decimals: number } | undefined {
  const at = address('stablecoin', values.stablecoin)
  const symbol = values['stablecoin-symbol']
  const decimalsText = values['stablecoin-decimals']
  if (at === undefined && symbol === undefined && decimalsText === undefined) return undefined
  if (at === undefined || symbol === undefined || decimalsText === undefined) {
    throw new UsageError('--stablecoin, --stablecoin-symbol and --stablecoin-decimals go together')
  }
  const decimals = Number(decimalsText)
  if (!/^\d+$/.test(decimalsText) || decimals > 36) {
    throw new UsageError('--stablecoin-decimals must be an integer from 0 to 36')
  }
  return { address: at, symbol, decimals }
}

/** The first line of an error's message. */
function shortCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause)
  return message.split('\n')[0] ?? message
}
