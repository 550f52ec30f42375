// Small process helpers for the repo scripts. Plain Node, no dependencies: setup.mjs uses this before
// `npm ci` has run.
import { spawn } from 'node:child_process'
import { basename, isAbsolute, relative } from 'node:path'

/** Thrown when a step's command cannot start or exits non-zero; `message` names the step. */
export class StepError extends Error {
  /**
   * @param {string} step name of the step that failed
   * @param {string} reason what went wrong, e.g. `exited with code 1`
   * @param {{ command?: string, cwd?: string, exitCode?: number | null, stderr?: string, cause?: unknown }} [details]
   */
  constructor(step, reason, details = {}) {
    const where = details.command ? ` (\`${details.command}\`${details.cwd ? ` in ${details.cwd}` : ''})` : ''
    super(
      `step "${step}" failed: ${reason}${where}`,
      details.cause === undefined ? {} : { cause: details.cause },
    )
    this.name = 'StepError'
    this.step = step
    this.exitCode = details.exitCode ?? null
    /** The command's stderr, when it was run with `captureStderr`. */
    this.stderr = details.stderr ?? ''
  }
}

/**
 * Formats a duration for progress lines.
 * @param {number} ms milliseconds
 * @returns {string} e.g. `850ms`, `4.2s`, `1m03s`
 */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

/**
 * Runs a command with inherited stdio and waits for it.
 * @param {string} step name used in errors and progress lines
 * @param {string} command executable (absolute path or on PATH)
 * @param {readonly string[]} [args]
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, captureStderr?: boolean }} [options]
 *   `captureStderr` collects the child's stderr instead of printing it (see `stderr` on the result
 *   and on the error).
 * @returns {Promise<{ durationMs: number, stderr: string }>}
 * @throws {StepError} when the command cannot start, exits non-zero or is killed by a signal
 */
export function run(step, command, args = [], options = {}) {
  const cwd = options.cwd ?? process.cwd()
  const shown = [isAbsolute(command) ? basename(command) : command, ...args].join(' ')
  const relCwd = relative(process.cwd(), cwd) || '.'
  const started = performance.now()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: options.env ?? process.env,
      stdio: ['inherit', 'inherit', options.captureStderr ? 'pipe' : 'inherit'],
    })
    let stderr = ''
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', (cause) => {
      reject(new StepError(step, `could not start: ${cause.message}`, { command: shown, cwd: relCwd, cause }))
    })
    child.on('close', (code, signal) => {
      const durationMs = performance.now() - started
      if (code === 0) return resolvePromise({ durationMs, stderr })
      const reason = signal ? `killed by ${signal}` : `exited with code ${code}`
      reject(
        new StepError(step, `${reason} after ${formatDuration(durationMs)}`, {
          command: shown,
          cwd: relCwd,
          exitCode: code,
          stderr,
        }),
      )
    })
  })
}

/**
 * Runs `fn` as a named step: prints a header before it and its duration after.
 * @template T
 * @param {string} step
 * @param {() => Promise<T> | T} fn
 * @returns {Promise<{ value: T, durationMs: number }>}
 * @throws whatever `fn` throws, after printing the failed step's duration
 */
export async function timed(step, fn) {
  console.log(`\n── ${step} ${'─'.repeat(Math.max(0, 60 - step.length))}`)
  const started = performance.now()
  try {
    const value = await fn()
    const durationMs = performance.now() - started
    console.log(`✔ ${step} (${formatDuration(durationMs)})`)
    return { value, durationMs }
  } catch (error) {
    console.error(`✖ ${step} (${formatDuration(performance.now() - started)})`)
    throw error
  }
}
