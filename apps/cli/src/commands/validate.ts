import { parseArgs } from 'node:util'
import { safeParseJobSpec } from '@hearth/sdk'
import { UsageError } from '../CliError.js'
import type { Io } from '../io.js'
import { readInputFile } from '../readInputFile.js'

/** Help text of `hearth validate`. */
export const validateUsage = `Usage: hearth validate <spec.yaml|spec.json> [options]

Checks a job spec and prints every problem with its path and its line and column in the file (not
only the first). Exits 1 when the spec is invalid.

Options:
  --json       print { file, valid, issues } (and the spec with defaults filled in when valid)
  -h, --help   show this help`

/**
 * \`hearth validate\`: parses a spec with the SDK and lists every issue.
 * @param argv The arguments after `validate`.
 * @param io Output and working directory.
 * @returns 0 when valid, 1 when not.
 */
export async function validate(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${validateUsage}\n`)
    return 0
  }
  const [file, ...extra] = positionals
  if (file === undefined) throw new UsageError('validate needs a spec file')
  if (extra.length > 0) throw new UsageError(`validate takes one spec file, got ${positionals.length}`)
  const { text } = readInputFile(io.cwd, file, 'spec')
  const result = safeParseJobSpec(text, { source: file })
  if (values.json) {
    io.stdout(
      `${JSON.stringify(
        result.success
          ? { file, valid: true, issues: [], spec: result.spec }
          : { file, valid: false, issues: result.issues },
      )}\n`,
    )
    return result.success ? 0 : 1
  }
  if (result.success) {
    const { spec } = result
    const gpu = spec.resources.gpu
    const what = [
      spec.image,
      `${spec.resources.cpu} CPU`,
      gpu ? `${gpu.count}× ${gpu.models.join('|') || gpu.class || gpu.vendor} GPU` : 'no GPU',
      spec.cluster
        ? `cluster of ${spec.cluster.members}`
        : `${spec.replicas} replica${spec.replicas === 1 ? '' : 's'}`,
    ]
    io.stdout(`${file}: valid job spec (${what.join(', ')})\n`)
    return 0
  }
  for (const issue of result.issues) {
    const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`
    io.stdout(`${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`)
  }
  const count = result.issues.length
  io.stderr(`hearth: ${file} is not a valid job spec (${count} problem${count === 1 ? '' : 's'})\n`)
  return 1
}
