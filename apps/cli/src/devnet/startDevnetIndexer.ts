import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { CliError } from '../CliError.js'
import { indexerBin } from '../commands/indexer.js'

/** Options of {@link startDevnetIndexer}. */
export type StartDevnetIndexerOptions = {
  /** The deployment file the devnet wrote. */
  deploymentFile: string
  /** `.hearth/indexer`: the SQLite index (started afresh) and `indexer.log`. */
  dir: string
  /** The API's port (0: a free one). */
  apiPort: number
  apiHost?: string | undefined
  /** Aborting while it starts stops it and rejects. */
  signal?: AbortSignal | undefined
}

/** The indexer child process, its API URL and how to stop it. */
export type DevnetIndexer = {
  /** `http://127.0.0.1:8600` (no trailing slash): the API and the console. */
  url: string
  /** SIGTERM, then waits for it to exit (SIGKILL after 5 s). */
  stop: () => Promise<void>
}

/**
 * Starts `hearth-indexer start` on the devnet's deployment in a child process, with a fresh SQLite
 * index under `dir` (a devnet's chain is new each time, so an old index would not match it), and
 * waits until its API listens.
 * @throws {CliError} when it exits or does not listen within 60 s.
 */
export async function startDevnetIndexer(options: StartDevnetIndexerOptions): Promise<DevnetIndexer> {
  rmSync(options.dir, { recursive: true, force: true })
  const child = spawn(
    process.execPath,
    [
      indexerBin,
      'start',
      '--json',
      '--deployment',
      options.deploymentFile,
      '--db',
      join(options.dir, 'index.sqlite'),
      '--api-port',
      String(options.apiPort),
      '--api-host',
      options.apiHost ?? '127.0.0.1',
      '--poll-interval-ms',
      '500',
      '--devnet-file',
      options.deploymentFile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let output = ''
  let settled = false
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('its API did not listen within 60 s'), 60_000)
    const onAbort = () => fail('stopped while starting')
    options.signal?.addEventListener('abort', onAbort, { once: true })
    function fail(why: string) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      child.kill('SIGKILL')
      const last = output.trim().split('\n').at(-1) ?? ''
      reject(new CliError(`the indexer did not start: ${why}${last ? ` (${last.slice(0, 300)})` : ''}`))
    }
    const onData = (chunk: Buffer) => {
      output += chunk
      const found =
        /"msg":"API listening"[^\n]*"url":"([^"]+)"|"url":"([^"]+)"[^\n]*"msg":"API listening"/.exec(output)
      const listening = found?.[1] ?? found?.[2]
      if (listening && !settled) {
        settled = true
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
        resolve(listening)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => fail(`it exited with code ${code}`))
  })
  // Keep reading so that a full pipe never blocks it; its log lines are not needed past start-up.
  child.stdout?.removeAllListeners('data').resume()
  child.stderr?.removeAllListeners('data').resume()
  let stopping: Promise<void> | undefined
  return {
    url,
    stop: () => {
      stopping ??= stopChild(child, exited)
      return stopping
    },
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}
