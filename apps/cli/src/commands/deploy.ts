import { parseArgs } from 'node:util'
import { type DeployProgress, deployJob } from '@hearth/sdk'
import { CliError, UsageError } from '../CliError.js'
import { consumerContext, consumerOptions, consumerOptionsHelp } from '../consumer/consumerContext.js'
import { explainRevert } from '../consumer/explainRevert.js'
import { formatAmount, formatDuration, formatPerHour, toJson } from '../consumer/format.js'
import type { Io } from '../io.js'
import { readSpecFile } from '../readSpecFile.js'

/** Help text of `hearth deploy`. */
export const deployUsage = `Usage: hearth deploy <spec.yaml> [options]

Deploys a job: chooses the market for the spec's GPU class, opens a lease at the market price (or runs
a reverse auction with --auction), sends the spec privately to the matched provider and shows progress
(matched → starting → running). Prints the lease id, provider, price and how long the deposit lasts.

Options:
  --auction             run a reverse auction instead of taking the price: opens an order and asks
                        every registered provider that fits the spec (queued or not) for a bid
  --bidding <seconds>   how long providers may bid in an auction (default 30)
  --market <id>         use this market instead of choosing one
  --duration <seconds>  seconds of the lease to pay up front (default: the spec's duration, else its
                        timeout, else 3600)
  --wait                wait until the job runs (or ends) before returning
${consumerOptionsHelp}`

function whole(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`)
  return Number(value)
}

/**
 * `hearth deploy spec.yaml`: deploys a job on the network.
 * @param argv The arguments after `deploy`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function deploy(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      ...consumerOptions,
      auction: { type: 'boolean', default: false },
      bidding: { type: 'string' },
      market: { type: 'string' },
      duration: { type: 'string' },
      wait: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${deployUsage}\n`)
    return 0
  }
  const [specFile, ...extra] = positionals
  if (specFile === undefined) throw new UsageError('a spec file is required: hearth deploy <spec.yaml>')
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const { raw } = readSpecFile(io.cwd, specFile)
  const market = whole('market', values.market, 65_535)
  const durationSeconds = whole('duration', values.duration, 10 * 365 * 86_400)
  const biddingSeconds = whole('bidding', values.bidding, 86_400)

  const context = await consumerContext(values, io)
  const started = Date.now()
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
  let token = { symbol: '', decimals: 0 }
  const progress = (event: DeployProgress) => {
    if (event.stage === 'market') token = { symbol: event.symbol, decimals: event.decimals }
    if (!values.json) io.stderr(`  [${elapsed()}] ${describeProgress(event, token)}\n`)
  }
  const result = await deployJob(context.wallet, {
    deployment: context.deployment,
    spec: raw,
    market,
    auction: values.auction,
    biddingSeconds,
    durationSeconds,
    wait: values.wait,
    onProgress: progress,
    providerClient: { publicClient: context.publicClient },
  }).catch((error: unknown) => {
    const why = explainRevert(error, {
      deployment: context.deployment,
      ...(token.symbol ? { token } : {}),
    })
    throw why ? new CliError(why) : error
  })
  const summary = {
    lease: result.lease,
    provider: result.provider,
    endpoint: result.endpoint,
    market: result.market,
    marketName: result.marketName,
    token: result.token,
    pricePerSecond: result.pricePerSecond,
    pricePerHour: result.pricePerSecond * 3600n,
    deposit: result.deposit,
    fundedSeconds: result.fundedSeconds,
    specHash: result.specHash,
    order: result.order,
    transactionHash: result.transactionHash,
    state: result.state,
    elapsedMs: Date.now() - started,
  }
  if (values.json) {
    io.stdout(`${toJson(summary)}\n`)
    return 0
  }
  io.stdout(
    [
      `Lease ${result.lease} ${result.state === 'running' ? 'running' : result.state}`,
      `  provider   ${result.provider} (${result.endpoint})`,
      `  market     ${result.marketName}`,
      `  price      ${formatPerHour(result.pricePerSecond, result.token)}`,
      `  deposit    ${formatAmount(result.deposit, result.token)}, lasts ${formatDuration(result.fundedSeconds)}`,
      ...(result.order !== undefined ? [`  auction    order ${result.order}`] : []),
      '',
      `Follow it: hearth logs -f ${result.lease}`,
      '',
    ].join('\n'),
  )
  return 0
}

/** One line per deploy step. */
function describeProgress(event: DeployProgress, token: { symbol: string; decimals: number }): string {
  switch (event.stage) {
    case 'note':
      return `note: ${event.message}`
    case 'market':
      return `market ${event.name} at ${formatPerHour(event.pricePerSecond, token)}`
    case 'auction':
      return `auction: order ${event.order} (max ${formatPerHour(event.maxPricePerSecond, token)}) open for bids until ${new Date(event.biddingEndsAt * 1000).toISOString()}; asking ${event.providers} provider${event.providers === 1 ? '' : 's'} that fit the spec`
    case 'bid':
      return `bid from ${event.provider}: ${formatPerHour(event.pricePerSecond, token)}`
    case 'matched':
      return `matched: lease ${event.lease} with provider ${event.provider}`
    case 'spec-sent':
      return `spec sent to ${event.endpoint}`
    case 'starting':
      return 'pulling the image and starting the container'
    case 'running':
      return 'running'
    case 'ended':
      return `the job ${event.state}${event.reason ? `: ${event.reason}` : ''}`
  }
}
