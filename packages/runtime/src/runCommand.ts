import { spawn } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Kills the command (SIGKILL) when aborted. */
  signal?: AbortSignal
}

/** What a command printed and how it ended. */
export interface RunCommandResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * Runs a command without a shell and collects its output (the last 64 KiB of each stream).
 * Never throws for a non-zero exit: the caller decides what a failure means.
 *
 * @throws The spawn error (e.g. ENOENT) when the command cannot start at all.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<RunCommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      killSignal: 'SIGKILL',
    })
    const keep = 64 * 1024
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-keep)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-keep)
    })
    child.once('error', reject)
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }))
  })
}

/** The last `count` non-empty lines of a text, for error details. */
export function lastLines(text: string, count = 15): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .join('\n')
}

/**
 * Finds an executable on PATH (or checks an absolute path), like `command -v`.
 *
 * @returns Its absolute path, or undefined when there is none.
 */
export async function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const candidates = name.includes('/')
    ? [name]
    : (env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name))
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  return undefined
}
