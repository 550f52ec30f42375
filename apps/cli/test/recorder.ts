// Test helpers for the `hearth` command line: an `Io` that records what a command prints, and a
// runner that returns the exit code with stdout and stderr.
import { type Io, main } from '../src/main.js'

/**
 * An `Io` for {@link main} that keeps each write: `out` (stdout) and `err` (stderr), in order.
 * @param cwd The working directory the command sees.
 * @param env Its environment (nothing else leaks in from the test process).
 */
export function recorder(
  cwd: string,
  env: Record<string, string | undefined> = {},
): Io & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd,
    signal: new AbortController().signal,
    env,
  }
}

/**
 * Runs `hearth <argv>` in this process.
 * @returns The exit code and everything printed to stdout and stderr.
 */
export async function runHearth(
  argv: readonly string[],
  options: {
    cwd: string
    env?: Record<string, string | undefined>
    signal?: AbortSignal
    promptPassword?: Io['promptPassword']
  },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = recorder(options.cwd, { PATH: process.env.PATH, ...options.env })
  const code = await main(argv, {
    ...io,
    ...(options.signal ? { signal: options.signal } : {}),
    promptPassword: options.promptPassword,
  })
  return { code, stdout: io.out.join(''), stderr: io.err.join('') }
}
