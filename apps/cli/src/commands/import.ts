import { writeFileSync } from 'node:fs'
import { basename, dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  ImportError,
  type ImportReturnType,
  importAkashSdl,
  importNosanaJob,
  stringifyJobSpec,
} from '@hearth/sdk'
import { CliError, UsageError } from '../CliError.js'
import type { Io } from '../io.js'
import { readInputFile } from '../readInputFile.js'

/** Help text of `hearth import`. */
export const importUsage = `Usage: hearth import akash <deploy.yaml> [options]
       hearth import nosana <job.json> [options]

Converts an Akash SDL (version 2.0/2.1) or a Nosana job definition (version 0.1) into a Hearth job
spec, printed as YAML, and lists on stderr everything that could not be carried over, with its path
in the source file (other services or ops, persistent volumes, IP leases, prices in AKT, …).

Options:
  -o, --out <file>     write the spec there instead of stdout
  --service <name>     (akash) the service to convert when the SDL has several
  --op <id>            (nosana) the container/run op to convert when the job has several
  --json               print { spec, warnings } as one JSON object
  -h, --help           show this help`

/**
 * `hearth import akash|nosana <file>`: converts with the SDK, prints the spec and the warnings.
 * @param argv The arguments after `import`.
 * @param io Output and working directory.
 * @returns The exit code.
 */
export async function importCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string', short: 'o' },
      service: { type: 'string' },
      op: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${importUsage}\n`)
    return 0
  }
  const [kind, file, ...extra] = positionals
  if (kind !== 'akash' && kind !== 'nosana') {
    throw new UsageError(
      kind === undefined
        ? 'import needs a format: akash or nosana'
        : `unknown import format "${kind}" (akash or nosana)`,
    )
  }
  if (file === undefined) throw new UsageError(`import ${kind} needs a file`)
  if (extra.length > 0) throw new UsageError(`import ${kind} takes one file`)
  if (kind === 'akash' && values.op !== undefined) throw new UsageError('--op is for nosana; use --service')
  if (kind === 'nosana' && values.service !== undefined)
    throw new UsageError('--service is for akash; use --op')
  const { text } = readInputFile(io.cwd, file, kind === 'akash' ? 'SDL' : 'job definition')
  let result: ImportReturnType
  try {
    result =
      kind === 'akash'
        ? importAkashSdl(text, { service: values.service })
        : importNosanaJob(text, { op: values.op })
  } catch (error) {
    // `x.yaml is not an Akash SDL (…)`: name the file, not the format, when it is another kind of file.
    if (error instanceof ImportError && error.wrongFormat)
      throw new CliError(`${file} ${error.reason.replace(/^it /, '')}`)
    throw error
  }

  const { converted } = result
  const choice =
    converted.choices.length > 1
      ? `converted ${converted.kind} "${converted.name}" of ${file}'s ${converted.choices.length} ${converted.kind}s (${converted.choices.join(', ')}); convert another with --${converted.kind} <${converted.kind === 'op' ? 'id' : 'name'}>`
      : undefined
  if (values.json) {
    if (values.out !== undefined) writeSpec(io, values.out, result, kind, file)
    io.stdout(`${JSON.stringify(result)}\n`)
    return 0
  }
  if (choice) io.stderr(`hearth: ${choice}\n`)
  if (values.out !== undefined) {
    const written = writeSpec(io, values.out, result, kind, file)
    io.stderr(`Wrote ${written}\n`)
  } else {
    io.stdout(
      stringifyJobSpec(result.spec, { comment: header(kind, file, result), schema: schemaFrom(io.cwd) }),
    )
  }
  if (result.warnings.length > 0) {
    const count = result.warnings.length
    io.stderr(`${count} thing${count === 1 ? '' : 's'} not carried over from ${file}:\n`)
    for (const warning of result.warnings) io.stderr(`  ${warning.path}: ${warning.message}\n`)
  }
  return 0
}

function header(kind: string, file: string, result: ImportReturnType): string[] {
  const source = kind === 'akash' ? 'Akash SDL' : 'Nosana job definition'
  const count = result.warnings.length
  const notes =
    count === 0 ? '' : ` (${count} thing${count === 1 ? '' : 's'} not carried over: see its warnings)`
  return [`Converted from the ${source} ${basename(file)} by \`hearth import ${kind}\`${notes}.`]
}

function writeSpec(io: Io, out: string, result: ImportReturnType, kind: string, file: string): string {
  const path = resolve(io.cwd, out)
  try {
    writeFileSync(
      path,
      stringifyJobSpec(result.spec, {
        comment: header(kind, file, result),
        schema: schemaFrom(dirname(path)),
      }),
    )
  } catch (error) {
    throw new CliError(`cannot write ${out}: ${(error as Error).message.split('\n')[0]}`)
  }
  return path
}

/** The published JSON Schema as a path relative to `dir`, as the examples point at it. */
function schemaFrom(dir: string): string {
  const schema = fileURLToPath(import.meta.resolve('@hearth/sdk/job-spec.schema.json'))
  const path = relative(dir, schema).split(sep).join('/')
  return path.startsWith('.') ? path : `./${path}`
}
