import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type HearthDeployment, listMarkets } from '@hearth/sdk'
import { createPublicClient, formatUnits, http } from 'viem'
import { UsageError } from '../CliError.js'
import { type Devnet, demoHeat, demoStablecoin, startDevnet } from '../devnet/startDevnet.js'
import type { Io } from '../io.js'

/** Help text of `hearth devnet`. */
export const devnetUsage = `Usage: hearth devnet [options]

Starts a local Hearth network: an embedded anvil node with the contracts deployed, a default set of
markets and funded demo accounts. Writes the deployment to .hearth/devnet.json and runs until Ctrl-C.

Options:
  --port <n>          JSON-RPC port (default 8545; 0 picks a free one)
  --host <address>    interface to listen on (default 127.0.0.1)
  --block-time <s>    mine a block every <s> seconds (default: mine each transaction at once)
  --accounts <n>      demo accounts to fund besides the deployer (default 4)
  --out <file>        where to write the deployment (default .hearth/devnet.json)
  --json              print the network as one JSON object instead of a table
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
 * `hearth devnet`: starts the local network, prints where everything is, and stops it when `io.signal`
 * aborts.
 * @param argv The arguments after `devnet`.
 * @param io Output, working directory and the stop signal.
 * @returns The exit code.
 */
export async function devnet(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'block-time': { type: 'string' },
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

  if (!values.json) io.stderr('Starting the Hearth devnet…\n')
  const network = await startDevnet({
    port,
    host: values.host,
    blockTimeSeconds,
    demoAccounts,
    outFile,
    onProgress: log,
  })
  try {
    const summary = await describe(network, outFile)
    io.stdout(values.json ? `${JSON.stringify(summary.json)}\n` : summary.text)
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
  return 0
}

/** The network as a table for people and as JSON for programs. */
async function describe(network: Devnet, outFile: string): Promise<{ text: string; json: unknown }> {
  const { deployment, rpcUrl, chainId, accounts } = network
  const client = createPublicClient({ transport: http(rpcUrl) })
  const markets = await listMarkets(client, { deployment })
  const symbol = (token: string) => tokenSymbol(deployment, token)
  const rows = deployment.markets.map((market) => {
    const config = markets.find((m) => m.id === market.id)?.config
    const perHour = (config?.referencePricePerSecond ?? 0n) * 3600n
    const decimals = symbol(market.token) === 'tUSD' ? 6 : 18
    return { ...market, pricePerHour: `${formatUnits(perHour, decimals)} ${symbol(market.token)}` }
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
    'Press Ctrl-C to stop.',
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
