import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { faucet, getTokenBalance, transferToken } from '@hearth/sdk'
import { formatEther, formatUnits, getAddress, isAddress, parseEther, parseUnits } from 'viem'
import { getBalance, sendTransaction, waitForTransactionReceipt } from 'viem/actions'
import { CliError, UsageError } from '../CliError.js'
import { consumerContext } from '../consumer/consumerContext.js'
import { toJson } from '../consumer/format.js'
import type { Io } from '../io.js'

/** Help text of `hearth fund`. */
export const fundUsage = `Usage: hearth fund <address> [options]

On a local network started by \`hearth devnet\` only: sends test funds to an address from the devnet's
deployer, so a new key (a provider made with \`hearth provider init\`, a consumer's own key) can pay
for gas, stake and leases. Prints the address's balances after.

Options:
  --eth <n>             ETH for gas (default 10)
  --heat <n>            HEAT for stakes and HEAT-priced markets (default 1000)
  --tusd <n>            tUSD, the devnet's test stablecoin (default 1000)
  --deployment <file>   the devnet's deployment file (default .hearth/devnet.json)
  --json                print the balances as JSON
  -h, --help            show this help`

/**
 * `hearth fund <address>`: test ETH, HEAT and tUSD from the devnet's deployer.
 * @param argv The arguments after `fund`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function fund(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      eth: { type: 'string', default: '10' },
      heat: { type: 'string', default: '1000' },
      tusd: { type: 'string', default: '1000' },
      deployment: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${fundUsage}\n`)
    return 0
  }
  const [target, ...extra] = positionals
  if (target === undefined) throw new UsageError('an address is required: hearth fund <address>')
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  if (!isAddress(target, { strict: false })) throw new UsageError(`"${target}" is not an address`)
  const to = getAddress(target)
  const amount = (name: string, text: string, parse: (t: string) => bigint) => {
    if (!/^\d+(\.\d+)?$/.test(text))
      throw new UsageError(`--${name} must be a number of tokens, got "${text}"`)
    return parse(text)
  }
  const eth = amount('eth', values.eth, parseEther)
  const heat = amount('heat', values.heat, parseEther)

  const file = values.deployment ?? '.hearth/devnet.json'
  let deployerKey: string | undefined
  try {
    const written = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8')) as {
      accounts?: { role?: string; privateKey?: string }[]
    }
    deployerKey = written.accounts?.find((a) => a.role === 'deployer')?.privateKey
  } catch {
    throw new CliError(
      `cannot read ${file}: \`hearth fund\` works on a local network; start one with \`hearth devnet\` (or pass --deployment)`,
    )
  }
  if (!deployerKey)
    throw new CliError(
      `${file} has no deployer key: \`hearth fund\` works only on a network \`hearth devnet\` started`,
    )
  const context = await consumerContext(
    { deployment: file },
    { ...io, env: { ...io.env, HEARTH_PRIVATE_KEY: deployerKey } },
  )
  const { deployment, wallet, publicClient } = context
  const stablecoin = deployment.contracts.testStablecoin
  const decimals = 6 // tUSD
  const tusd = amount('tusd', values.tusd, (t) => parseUnits(t, decimals))

  if (eth > 0n) {
    const hash = await sendTransaction(wallet, {
      to,
      value: eth,
      chain: wallet.chain,
      account: wallet.account,
    })
    await waitForTransactionReceipt(publicClient, { hash })
  }
  if (heat > 0n) await transferToken(wallet, { token: deployment.contracts.hearthToken, to, amount: heat })
  if (tusd > 0n && stablecoin) await faucet(wallet, { deployment, to, amount: tusd })

  const balances = {
    address: to,
    eth: await getBalance(publicClient, { address: to }),
    heat: await getTokenBalance(publicClient, { token: deployment.contracts.hearthToken, owner: to }),
    ...(stablecoin ? { tusd: await getTokenBalance(publicClient, { token: stablecoin, owner: to }) } : {}),
  }
  if (values.json) {
    io.stdout(`${toJson(balances)}\n`)
    return 0
  }
  io.stdout(
    `${to} now holds ${formatEther(balances.eth)} ETH, ${formatEther(balances.heat)} HEAT` +
      `${balances.tusd !== undefined ? `, ${formatUnits(balances.tusd, decimals)} tUSD` : ''}\n`,
  )
  return 0
}
