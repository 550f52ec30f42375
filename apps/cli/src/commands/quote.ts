import { parseArgs } from 'node:util'
import {
  type FetchProviderInfoReturnType,
  fetchProviderInfo,
  formatBytes,
  formatTokenAmount,
  IndexerApiError,
  type JobSpec,
  type QuoteJobReturnType,
  quoteJob,
} from '@hearth/sdk'
import { CliError, UsageError } from '../CliError.js'
import { indexerFor, networkContext } from '../consumer/consumerContext.js'
import type { Io } from '../io.js'
import { readSpecFile } from '../readSpecFile.js'

/** Help text of `hearth quote`. */
export const quoteUsage = `Usage: hearth quote <spec.yaml|spec.json> [options]

Says which providers can run a job spec now and at what price per hour and in total, from the
markets and the providers registered on chain; when nobody can, gives the reason per requirement
with the closest values on offer. Exits 1 when nobody can run it.

Options:
  --deployment <file>  the deployment file (default .hearth/devnet.json, written by \`hearth devnet\`)
  --rpc-url <url>      JSON-RPC endpoint (default: HEARTH_RPC_URL, else the deployment file's rpcUrl)
  --indexer <url>      list the registered providers from this indexer API (default
                       HEARTH_INDEXER_URL) instead of scanning the chain's events; their records,
                       the markets and the prices are read from the chain either way
  --bids               also ask each fitting provider's agent for its live info (/v1/info)
  --json               print the quote as one JSON object (amounts as decimal strings of base units)
  -h, --help           show this help`

/**
 * `hearth quote`: parses the spec, quotes it with the SDK, prints offers or reasons.
 * @param argv The arguments after `quote`.
 * @param io Output, working directory, environment.
 * @returns 0 when someone can run the spec, 1 when nobody can.
 */
export async function quote(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      deployment: { type: 'string' },
      'rpc-url': { type: 'string' },
      indexer: { type: 'string' },
      bids: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${quoteUsage}\n`)
    return 0
  }
  const [file, ...extra] = positionals
  if (file === undefined) throw new UsageError('quote needs a spec file')
  if (extra.length > 0) throw new UsageError(`quote takes one spec file, got ${positionals.length}`)

  const { spec } = readSpecFile(io.cwd, file)

  const { deployment, publicClient: client } = await networkContext(values, io)

  const indexer = indexerFor(values, io)
  const result = await quoteJob(client, { deployment, spec, ...(indexer ? { indexer } : {}) }).catch(
    (error: unknown) => {
      if (indexer && error instanceof IndexerApiError)
        throw new CliError(`the indexer at ${indexer.url} failed: ${error.shortMessage}`)
      throw error
    },
  )
  const live = values.bids ? await probe(result) : undefined
  const nobody = result.offers.length === 0 && result.candidates.length === 0
  const short = result.reasons.some((reason) => reason.requirement === 'capacity')
  const code = nobody || short ? 1 : 0

  if (values.json) {
    const { markets, ...rest } = result
    const json = {
      spec: file,
      canRun: code === 0,
      ...rest,
      markets: markets.map(({ queue, ...market }) => ({ ...market, waiting: queue.size })),
      ...(live ? { live } : {}),
    }
    io.stdout(
      `${JSON.stringify(json, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`,
    )
    return code
  }
  io.stdout(render(file, spec, result, live))
  if (code !== 0) io.stderr(`hearth: nobody can run ${file} now${short ? ' with all its leases' : ''}\n`)
  return code
}

type Live = { provider: string; endpoint: string } & FetchProviderInfoReturnType

/** Asks every fitting provider's agent for its /v1/info, at once. */
async function probe(result: QuoteJobReturnType): Promise<Live[]> {
  const endpoints = new Map<string, string>()
  for (const offer of result.offers) endpoints.set(offer.provider, offer.endpoint)
  for (const candidate of result.candidates) endpoints.set(candidate.provider, candidate.endpoint)
  return Promise.all(
    [...endpoints].map(async ([provider, endpoint]) => ({
      provider,
      endpoint,
      ...(await fetchProviderInfo({ endpoint, timeoutMs: 3000 })),
    })),
  )
}

function render(file: string, spec: JobSpec, result: QuoteJobReturnType, live: Live[] | undefined): string {
  const lines: string[] = []
  const { resources } = spec
  const gpu = resources.gpu
  const want = [
    gpu
      ? `${gpu.count}× ${gpu.models.join('|') || gpu.class || (gpu.vendor === 'any' ? 'any' : gpu.vendor)} GPU${gpu.minVramBytes ? ` ≥ ${formatBytes(gpu.minVramBytes)}` : ''}`
      : 'CPU only',
    `${resources.cpu} CPU`,
    `${formatBytes(resources.memoryBytes)} RAM`,
    `${formatBytes(resources.diskBytes)} disk`,
  ]
  const duration =
    result.durationSeconds === undefined ? 'no duration set' : formatDuration(result.durationSeconds)
  lines.push(
    `${spec.name ?? file}: ${want.join(', ')} · ${result.leases} lease${result.leases === 1 ? '' : 's'} · ${duration} · ${result.tier} tier`,
  )
  lines.push(
    `${result.providerCount} provider${result.providerCount === 1 ? '' : 's'} registered, ${result.markets.length} markets`,
  )
  lines.push('')
  if (result.offers.length > 0) {
    lines.push(
      `${result.offers.length} offer${result.offers.length === 1 ? '' : 's'} (matched at once at the market price):`,
    )
    const totalHeader =
      result.durationSeconds === undefined
        ? 'total'
        : `total (${duration}${result.leases > 1 ? ` × ${result.leases}` : ''})`
    const rows = result.offers.map((offer) => [
      short(offer.provider),
      offer.market.name,
      `${formatTokenAmount(offer.pricePerHour, offer.token.decimals)} ${offer.token.symbol}`,
      offer.total === undefined
        ? '-'
        : `${formatTokenAmount(offer.total, offer.token.decimals)} ${offer.token.symbol}`,
      offer.region || '-',
      offer.gpu ? `${offer.gpu.count}× ${offer.gpu.model} ${formatBytes(offer.gpu.vramMiB * 2 ** 20)}` : '-',
      String(offer.reputation),
      String(offer.slots),
    ])
    lines.push(
      ...table(['provider', 'market', 'price/h', totalHeader, 'region', 'GPU', 'reputation', 'slots'], rows),
    )
  }
  if (result.candidates.length > 0) {
    if (result.offers.length > 0) lines.push('')
    const n = result.candidates.length
    lines.push(
      `${n} provider${n === 1 ? ' fits' : 's fit'} but ${n === 1 ? 'is' : 'are'} not waiting in a queue, so a plain deploy cannot be matched to ${n === 1 ? 'it' : 'them'}; \`hearth deploy --auction\` opens an order and asks ${n === 1 ? 'it' : 'each of them'} for a bid${result.offers.length > 0 ? ' (with the providers above)' : ''}:`,
    )
    for (const candidate of result.candidates) {
      lines.push(
        `  ${short(candidate.provider)}  ${candidate.region || '-'}  reputation ${candidate.reputation}  ${candidate.markets.join(', ')}`,
      )
    }
  }
  if (result.reasons.length > 0) {
    if (result.offers.length > 0 || result.candidates.length > 0) lines.push('')
    lines.push(
      result.offers.length === 0 && result.candidates.length === 0 ? 'Nobody can run it now:' : 'Not enough:',
    )
    for (const reason of result.reasons) lines.push(`  ✗ ${reason.requirement}: ${reason.message}`)
  }
  for (const note of result.notes) lines.push(`  note: ${note}`)
  if (live) {
    lines.push('', 'Live provider info (/v1/info):')
    for (const answer of live) {
      lines.push(
        answer.reachable
          ? `  ${short(answer.provider)}  reachable in ${answer.latencyMs} ms${describeInfo(answer.info)}`
          : `  ${short(answer.provider)}  ignored: ${answer.reason}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

function describeInfo(info: Record<string, unknown>): string {
  const markets = Array.isArray(info.markets) ? info.markets : []
  if (markets.length === 0) return ''
  const slots = markets.map((market) => {
    const entry = market as { id?: unknown; slots?: unknown }
    return `market ${String(entry.id)}: ${String(entry.slots ?? '?')} slot(s)`
  })
  return `, offers ${slots.join(', ')}`
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()}`
  return [line(header), ...rows.map(line)]
}

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** `8h`, `1d12h`, `90s`. */
function formatDuration(seconds: number): string {
  const parts: string[] = []
  let left = seconds
  for (const [size, unit] of [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`)
      left %= size
    }
  }
  return parts.join('') || '0s'
}
