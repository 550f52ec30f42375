import { parseArgs } from 'node:util'
import type { LogRecord } from '@hearth/sdk'
import { UsageError } from '../CliError.js'
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
  const end = await client.followLogs(id, { offset, onRecord: print, signal: io.signal })
  if (!values.json && end.state !== undefined) {
    io.stderr(`hearth: the job ${end.state}${end.reason ? `: ${end.reason}` : ''}\n`)
  }
  return 0
}
