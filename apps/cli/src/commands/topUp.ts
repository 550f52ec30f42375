import {
  getLease,
  getMarket,
  getTokenBalance,
  getTokenInfo,
  InsufficientBalanceError,
  topUp as topUpLease,
} from '@hearth/sdk'
import { parseUnits } from 'viem'
import { CliError, UsageError } from '../CliError.js'
import {
  consumerContext,
  consumerOptionsHelp,
  leaseArgument,
  ownLease,
  parseConsumerCommand,
} from '../consumer/consumerContext.js'
import { explainRevert } from '../consumer/explainRevert.js'
import { formatAmount, formatDuration, toJson } from '../consumer/format.js'
import type { Io } from '../io.js'

/** Help text of `hearth top-up`. */
export const topUpUsage = `Usage: hearth top-up <lease> <amount> [options]

Adds <amount> (in whole units of the lease's token, e.g. 2.5 for 2.5 tUSD) to an active lease's deposit,
extending how long it runs. Prints the new end of funding.

Options:
${consumerOptionsHelp}`

/**
 * `hearth top-up lease amount`.
 * @param argv The arguments after `top-up`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function topUp(argv: readonly string[], io: Io): Promise<number> {
  // `-1` would read as an option to parseArgs: say what is wrong with it as an amount.
  const negative = argv.find((arg) => /^-\d|^-\.\d/.test(arg))
  if (negative !== undefined)
    throw new UsageError(`amount must be a positive number of tokens, not "${negative}"`)
  const parsed = parseConsumerCommand(argv, io, topUpUsage, 2)
  if (!parsed) return 0
  const { values, positionals } = parsed
  const id = leaseArgument(positionals[0])
  const amountText = positionals[1]
  if (amountText === undefined) throw new UsageError('an amount is required: hearth top-up <lease> <amount>')
  if (!/^\d+(\.\d+)?$/.test(amountText) || /^0*\.?0*$/.test(amountText))
    throw new UsageError(`amount must be a positive number of tokens, not "${amountText}"`)
  const context = await consumerContext(values, io)
  const { deployment, publicClient, wallet, account } = context
  const { lease } = await ownLease(context, id)
  const market = await getMarket(publicClient, { deployment, market: lease.market })
  const token = await getTokenInfo(publicClient, { token: market.config.token })
  const [whole, fraction = ''] = amountText.split('.')
  if (fraction.length > token.decimals)
    throw new UsageError(`${token.symbol} has ${token.decimals} decimals; "${amountText}" has more`)
  const amount = parseUnits(`${whole}${fraction ? `.${fraction}` : ''}`, token.decimals)
  if (amount === 0n) throw new UsageError(`amount must be a positive number of tokens, not "${amountText}"`)
  const balance = await getTokenBalance(publicClient, { token: token.address, owner: account.address })
  if (balance < amount) {
    throw new InsufficientBalanceError({
      account: account.address,
      token: token.address,
      symbol: token.symbol,
      decimals: token.decimals,
      balance,
      required: amount,
      what: 'the top-up',
    })
  }
  const result = await topUpLease(wallet, { deployment, leaseId: id, amount }).catch((error: unknown) => {
    const why = explainRevert(error, { token, deployment })
    throw why ? new CliError(why) : error
  })
  const after = await getLease(publicClient, { deployment, leaseId: id })
  const left = BigInt(Math.max(0, after.fundedUntil - Math.floor(Date.now() / 1000)))
  if (values.json) {
    io.stdout(
      `${toJson({ lease: id, added: result.amount, escrowed: result.escrowed, fundedUntil: after.fundedUntil, fundedSecondsLeft: left, token, transactionHash: result.hash })}\n`,
    )
    return 0
  }
  io.stdout(
    `Lease ${id} topped up by ${formatAmount(result.amount, token)}: funded until ${new Date(after.fundedUntil * 1000).toISOString()} (${formatDuration(left)} left).\n`,
  )
  return 0
}
