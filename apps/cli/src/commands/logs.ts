import { parseArgs } from 'node:util'
import { type LogRecord, ProviderUnreachableError } from '@hearth/sdk'
import { CliError, UsageError } from '../CliError.js'
import {
  consumerContext,
  consumerOptions,
  consumerOptionsHelp,
  leaseArgument,
  ownLease,
} from '../consumer/consumerContext.js'
import { toJson } from '../consumer/format.js'
import type { Io } from '../io.js'

/** Help text of `hearth logs`. */
export const logsUsage = `Usage: hearth logs [-f] <lease> [options]

Prints a lease's job log from its provider. With -f, follows it live until the job ends (Ctrl-C stops
following), reconnecting without losing or repeating a line.

Options:
  -f, --follow          follow the log until the job ends
  --retry-for <seconds> with -f, how long to keep retrying a provider that cannot be reached before
                        giving up (default 120)
  --offset <bytes>      start from this byte offset (a record's "next" in --json output)
${consumerOptionsHelp}`

/**
 * `hearth logs [-f] lease`.
 * @param argv The arguments after `logs`.
 * @param io Output, working directory, environment, stop signal.
 * @returns The exit code.
 */
export async function logs(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      ...consumerOptions,
      follow: { type: 'boolean', short: 'f', default: false },
      offset: { type: 'string' },
      'retry-for': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${logsUsage}\n`)
    return 0
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`)
  const id = leaseArgument(positionals[0])
  if (values.offset !== undefined && !/^\d{1,15}$/.test(values.offset))
    throw new UsageError('--offset must be a byte offset (a whole number)')
  const offset = values.offset === undefined ? 0 : Number(values.offset)
  const retryFor = values['retry-for']
  if (retryFor !== undefined && !/^\d{1,7}$/.test(retryFor))
    throw new UsageError('--retry-for must be a whole number of seconds')
  const giveUpAfterMs = (retryFor === undefined ? 120 : Number(retryFor)) * 1000
  const context = await consumerContext(values, io)
  const { client } = await ownLease(context, id)
  const print = (record: LogRecord) => {
    if (values.json) io.stdout(`${toJson(record)}\n`)
    else if (record.stream === 'system') io.stdout(`[provider] ${record.line}\n`)
    else io.stdout(`${record.line}\n`)
  }
  if (!values.follow) {
    let next = offset
    for (;;) {
      const page = await client.readLogs(id, { offset: next })
      for (const record of page.records) print(record)
      if (page.records.length === 0 || page.next === next) break
      next = page.next
    }
    return 0
  }
  let at = offset
  const end = await client
    .followLogs(id, {
      offset,
      onRecord: (record) => {
        print(record)
        at = record.next
      },
      signal: io.signal,
      giveUpAfterMs,
      // Once per outage, not once per attempt.
      onUnreachable: ({ attempt, endpoint }) => {
        if (attempt === 1) io.stderr(`hearth: provider unreachable at ${endpoint}, retrying…\n`)
      },
      onReconnected: ({ endpoint }) => io.stderr(`hearth: provider at ${endpoint} is back\n`),
    })
    .catch((error: unknown) => {
      if (!(error instanceof ProviderUnreachableError)) throw error
      throw new CliError(
        `provider unreachable at ${error.endpoint} for ${giveUpAfterMs / 1000} s; gave up (\`hearth logs -f ${id} --offset ${at}\` resumes)`,
      )
    })
  if (!values.json && end.state !== undefined) {
    io.stderr(`hearth: the job ${end.state}${end.reason ? `: ${end.reason}` : ''}\n`)
  }
  return 0
}
