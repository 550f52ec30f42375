import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { CliError } from './CliError.js'
import type { Io } from './io.js'

/**
 * Runs another app's own command line (`hearth-provider`, `hearth-indexer`) in a child process:
 * apps do not import each other. The terminal passes through; a stop request is forwarded as SIGTERM.
 * @param bin The app's bin script.
 * @param what What it is, for the error when it is missing (e.g. `the provider agent`).
 * @returns The child's exit code.
 */
export async function runAppBin(bin: string, what: string, argv: readonly string[], io: Io): Promise<number> {
  if (!existsSync(bin)) throw new CliError(`${what} is not installed (${bin} is missing)`)
  const child = spawn(process.execPath, [bin, ...argv], { cwd: io.cwd, env: { ...io.env }, stdio: 'inherit' })
  const stop = () => child.kill('SIGTERM')
  io.signal.addEventListener('abort', stop, { once: true })
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 143 : 1)))
    })
  } finally {
    io.signal.removeEventListener('abort', stop)
  }
}
