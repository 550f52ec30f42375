import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CliError } from './CliError.js'

/**
 * Reads a file a command was given, relative to the working directory.
 * @param cwd The working directory.
 * @param path The path as the user wrote it.
 * @param what What the file is, for the error (e.g. `spec`).
 * @returns The text and the absolute path.
 * @throws {CliError} naming the file and why it cannot be read.
 */
export function readInputFile(cwd: string, path: string, what: string): { text: string; absolute: string } {
  const absolute = resolve(cwd, path)
  try {
    return { text: readFileSync(absolute, 'utf8'), absolute }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message)
    throw new CliError(`cannot read the ${what} ${path}: ${why}`)
  }
}
