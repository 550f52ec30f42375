import {
  CloseReason,
  getLease,
  getLeaseClosed,
  getMarket,
  getTokenInfo,
  type IndexerClient,
  LeaseState,
  listLeases,
  ProviderUnreachableError,
} from '@hearth/sdk'
import {
  type ConsumerContext,
  consumerContext,
  consumerOptionsHelp,
  indexerFor,
  leaseArgument,
  ownLease,
  parseConsumerCommand,
} from '../consumer/consumerContext.js'
import { formatAmount, formatDuration, formatPerHour, toJson } from '../consumer/format.js'
import type { Io } from '../io.js'

/** Help text of `hearth status`. */
export const statusUsage = `Usage: hearth status [lease] [options]

With a lease id: the lease on chain (price, funding, state) and its job at the provider (state, reason,
exit code). Without: every lease of this account.

Options:
${consumerOptionsHelp}`

const reasonNames = Object.fromEntries(Object.entries(CloseReason).map(([name, value]) => [value, name]))

/**
 * `hearth status [lease]`.
 * @param argv The arguments after `status`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function status(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseConsumerCommand(argv, io, statusUsage, 1)
  if (!parsed) return 0
  const { values, positionals } = parsed
  const context = await consumerContext(values, io)
  if (positionals[0] === undefined) return listAll(context, io, values.json, indexerFor(values, io))
  const id = leaseArgument(positionals[0])
  const { lease, client } = await ownLease(context, id)
  const { deployment, publicClient } = context
  const market = await getMarket(publicClient, { deployment, market: lease.market })
  const token = await getTokenInfo(publicClient, { token: market.config.token })
  const closed =
    lease.state === LeaseState.Closed
      ? await getLeaseClosed(publicClient, { deployment, leaseId: id })
      : undefined
  const now = BigInt(Math.floor(Date.now() / 1000))
  let job: Awaited<ReturnType<typeof client.getLeaseStatus>> | undefined
  let jobError: string | undefined
  try {
    job = await client.getLeaseStatus(id)
  } catch (error) {
    // The chain's view stands on its own; say why the provider's is missing.
    jobError =
      error instanceof ProviderUnreachableError
        ? error.shortMessage
        : ((error as { shortMessage?: string }).shortMessage ?? String(error))
  }
  const summary = {
    lease: id,
    state: lease.state === LeaseState.Active ? 'active' : 'closed',
    provider: lease.provider,
    market: lease.market,
    marketName: deployment.markets.find((m) => m.id === lease.market)?.name,
    token,
    pricePerSecond: lease.pricePerSecond,
    fundedUntil: lease.fundedUntil,
    fundedSecondsLeft:
      lease.state === LeaseState.Active && BigInt(lease.fundedUntil) > now
        ? BigInt(lease.fundedUntil) - now
        : 0n,
    closeReason: closed ? reasonNames[closed.reason] : undefined,
    refund: closed?.refund,
    resultHash: closed?.resultHash,
    job: job ? { ...job, lease: undefined } : undefined,
    jobError,
  }
  if (values.json) {
    io.stdout(`${toJson(summary)}\n`)
    return 0
  }
  const lines = [
    `Lease ${id}: ${summary.state}${closed ? ` (${summary.closeReason})` : ''}`,
    `  provider   ${lease.provider}`,
    `  market     ${summary.marketName ?? lease.market}`,
    `  price      ${formatPerHour(lease.pricePerSecond, token)}`,
    lease.state === LeaseState.Active
      ? `  funded     until ${new Date(lease.fundedUntil * 1000).toISOString()} (${formatDuration(summary.fundedSecondsLeft)} left)`
      : `  refund     ${formatAmount(closed?.refund ?? 0n, token)}`,
    job
      ? `  job        ${job.state}${job.reason ? ` (${job.reason})` : ''}${job.exitCode !== undefined ? `, exit code ${job.exitCode}` : ''}`
      : `  job        unknown: ${jobError}`,
  ]
  if (closed && closed.resultHash !== `0x${'0'.repeat(64)}`) lines.push(`  results    ${closed.resultHash}`)
  io.stdout(`${lines.join('\n')}\n`)
  return 0
}

async function listAll(
  context: ConsumerContext,
  io: Io,
  json: boolean,
  indexer: IndexerClient | undefined,
): Promise<number> {
  const { deployment, publicClient, account } = context
  // The ids from the indexer when there is one (no event scan), else from the chain's events; each
  // lease's state is read from the chain either way.
  const ids = indexer
    ? (await indexer.listAll((query) => indexer.listLeases({ ...query, consumer: account.address })))
        .map((lease) => BigInt(lease.id))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) // oldest first, as from the chain
    : (await listLeases(publicClient, { deployment, consumer: account.address })).map((event) => event.lease)
  const leases = await Promise.all(
    ids.map(async (id) => {
      const lease = await getLease(publicClient, { deployment, leaseId: id })
      return {
        lease: id,
        state: lease.state === LeaseState.Active ? 'active' : 'closed',
        closeReason: lease.state === LeaseState.Closed ? reasonNames[lease.closeReason] : undefined,
        provider: lease.provider,
        market: lease.market,
        marketName: deployment.markets.find((m) => m.id === lease.market)?.name,
        pricePerSecond: lease.pricePerSecond,
        fundedUntil: lease.fundedUntil,
      }
    }),
  )
  if (json) {
    io.stdout(`${toJson({ account: account.address, leases })}\n`)
    return 0
  }
  if (leases.length === 0) {
    io.stdout(`No leases for ${account.address}.\n`)
    return 0
  }
  const pad = (text: string, width: number) => text.padEnd(width)
  io.stdout(
    [
      `Leases of ${account.address}`,
      `  ${pad('lease', 8)}${pad('state', 22)}${pad('market', 20)}provider`,
      ...leases.map(
        (l) =>
          `  ${pad(String(l.lease), 8)}${pad(l.closeReason ? `${l.state} (${l.closeReason})` : l.state, 22)}${pad(l.marketName ?? String(l.market), 20)}${l.provider}`,
      ),
      '',
    ].join('\n'),
  )
  return 0
}
