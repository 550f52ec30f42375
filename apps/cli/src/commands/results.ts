import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CloseReason, getLeaseClosed, LeaseState, ProviderApiError } from '@hearth/sdk'
import { downloadResults } from '@hearth/sdk/node'
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

/** Help text of `hearth results`. */
export const resultsUsage = `Usage: hearth results <lease> -o <dir> [options]

Downloads a finished lease's results from its provider into <dir>, checking every file's sha256 against
the manifest and the manifest's root against the result hash the provider recorded on chain. A result
that does not match is refused with both hashes.

Options:
  -o, --out <dir>       where to write the results (created when missing)
${consumerOptionsHelp}`

/**
 * `hearth results lease -o dir`.
 * @param argv The arguments after `results`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function results(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { ...consumerOptions, out: { type: 'string', short: 'o' } },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${resultsUsage}\n`)
    return 0
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`)
  const id = leaseArgument(positionals[0])
  if (values.out === undefined) throw new UsageError('-o <dir> is required')
  const context = await consumerContext(values, io)
  const { client, lease } = await ownLease(context, id)
  const downloaded = await downloadResults(client, { lease: id, dir: resolve(io.cwd, values.out) }).catch(
    async (error: unknown) => {
      if (
        !(error instanceof ProviderApiError && error.code === 'not_ready') ||
        lease.state !== LeaseState.Closed
      )
        throw error
      // The provider only knows the job is not finished; the chain says why it never will be.
      const closed = await getLeaseClosed(context.publicClient, {
        deployment: context.deployment,
        leaseId: id,
      })
      const how = closedBefore[closed?.reason ?? CloseReason.None]
      if (how === undefined) throw error
      throw new CliError(`lease ${id} has no results: ${how}`)
    },
  )
  if (values.json) {
    io.stdout(
      `${toJson({ lease: id, dir: downloaded.dir, root: downloaded.manifest.root, files: downloaded.files, skipped: downloaded.skipped })}\n`,
    )
    return 0
  }
  const total = downloaded.files.reduce((sum, f) => sum + f.size, 0)
  io.stdout(
    [
      `Results of lease ${id}: ${downloaded.files.length} file(s), ${total} bytes, written to ${downloaded.dir}`,
      ...downloaded.files.map((f) => `  ${f.path}  ${f.size} bytes  sha256 ${f.sha256}`),
      ...downloaded.skipped.map((f) => `  ${f.path}  (symbolic link: counted in the hash, not created)`),
      `Root ${downloaded.manifest.root} matches the result hash on chain.`,
      '',
    ].join('\n'),
  )
  return 0
}

/** Why a lease that closed has no results, by close reason. */
const closedBefore: Partial<Record<number, string>> = {
  [CloseReason.ByConsumer]: 'it was closed (by you) before its job finished',
  [CloseReason.ByProvider]: 'its provider closed it before the job finished',
  [CloseReason.OutOfFunds]: 'its deposit ran out before the job finished',
  [CloseReason.FailedVerification]: 'it was closed for failing verification before the job finished',
  [CloseReason.ProviderGone]: 'its provider went away before the job finished',
  [CloseReason.JobFailed]: 'its job failed',
}
