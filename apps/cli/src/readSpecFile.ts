import { type JobSpec, JobSpecError, parseJobSpec } from '@hearth/sdk'
import { CliError } from './CliError.js'
import { readInputFile } from './readInputFile.js'

/**
 * Reads and parses a job spec file a command was given.
 * @param cwd The working directory.
 * @param file The path as the user wrote it.
 * @returns The spec with defaults filled in, and the document as written (what is hashed on chain).
 * @throws {CliError} naming the file when it cannot be read, or its first problem (with its line and
 *   column) and how many more there are when it is not a valid spec.
 */
export function readSpecFile(cwd: string, file: string): { spec: JobSpec; raw: unknown } {
  const { text } = readInputFile(cwd, file, 'spec')
  try {
    const { spec, raw } = parseJobSpec(text, { source: file })
    return { spec, raw }
  } catch (error) {
    if (!(error instanceof JobSpecError)) throw error
    const [first] = error.issues
    const more =
      error.issues.length > 1 ? ` (and ${error.issues.length - 1} more: run \`hearth validate ${file}\`)` : ''
    const where = first?.line === undefined ? file : `${file}:${first.line}:${first.column ?? 1}`
    throw new CliError(`bad spec ${where}: ${first?.path ? `${first.path}: ` : ''}${first?.message}${more}`)
  }
}
