import { closeLease, getMarket, getTokenInfo, LeaseState } from '@hearth/sdk'
import { CliError } from '../CliError.js'
import {
  consumerContext,
  consumerOptionsHelp,
  leaseArgument,
  ownLease,
  parseConsumerCommand,
} from '../consumer/consumerContext.js'
import { explainRevert } from '../consumer/explainRevert.js'
import { formatAmount, toJson } from '../consumer/format.js'
import type { Io } from '../io.js'

/** Help text of `hearth close`. */
export const closeUsage = `Usage: hearth close <lease> [options]

Closes a lease: the job stops, payment stops, and the unused deposit comes back. Prints the refund, as
the chain's LeaseClosed event records it.

Options:
${consumerOptionsHelp}`

/**
 * `hearth close lease`.
 * @param argv The arguments after `close`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function close(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseConsumerCommand(argv, io, closeUsage, 1)
  if (!parsed) return 0
  const { values, positionals } = parsed
  const id = leaseArgument(positionals[0])
  const context = await consumerContext(values, io)
  const { deployment, publicClient, wallet } = context
  const { lease } = await ownLease(context, id)
  if (lease.state === LeaseState.Closed) throw new CliError(`lease ${id} is already closed`)
  const market = await getMarket(publicClient, { deployment, market: lease.market })
  const token = await getTokenInfo(publicClient, { token: market.config.token })
  const closed = await closeLease(wallet, { deployment, leaseId: id }).catch((error: unknown) => {
    const why = explainRevert(error, { token, deployment })
    throw why ? new CliError(why) : error
  })
  if (values.json) {
    io.stdout(
      `${toJson({ lease: id, refund: closed.refund, endedAt: closed.endedAt, token, transactionHash: closed.hash })}\n`,
    )
    return 0
  }
  io.stdout(`Lease ${id} closed: ${formatAmount(closed.refund, token)} refunded (tx ${closed.hash}).\n`)
  return 0
}
