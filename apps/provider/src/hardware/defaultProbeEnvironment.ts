import { execFile } from 'node:child_process'
import { readFile, statfs } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, resolve } from 'node:path'
import type { CommandRunner } from './CommandRunner.js'
import type { ProbeEnvironment } from './probeHardware.js'

/** Parameters of {@link defaultProbeEnvironment}. */
export type DefaultProbeEnvironmentParameters = {
  /** The agent's data directory (need not exist yet: its nearest existing parent is measured). */
  dataDir: string
  /** How long one vendor tool may run (default 15 s: nvidia-smi can take seconds on a cold driver). */
  timeoutMs?: number | undefined
}

/**
 * The real machine as `probeHardware` reads it: programs run with `execFile` (no shell) under a
 * timeout, files read with `fs`, disk measured with `statfs`, CPU and RAM fallbacks from `node:os`.
 *
 * @param parameters The data directory and the tool timeout.
 * @returns The environment to pass to `probeHardware`.
 */
export function defaultProbeEnvironment(parameters: DefaultProbeEnvironmentParameters): ProbeEnvironment {
  const list = cpus()
  return {
    run: execFileRunner(parameters.timeoutMs ?? 15_000),
    readFile: (path) => readFile(path, 'utf8').catch(() => undefined),
    statfs: statfsNearest,
    platform: process.platform,
    dataDir: parameters.dataDir,
    system: { cpuModel: list[0]?.model ?? '', logicalCpus: list.length, totalMemBytes: totalmem() },
  }
}

function execFileRunner(timeoutMs: number): CommandRunner {
  return (command, args) =>
    new Promise((resolvePromise) => {
      execFile(
        command,
        [...args],
        { timeout: timeoutMs, maxBuffer: 16 * 2 ** 20, encoding: 'utf8', windowsHide: true },
        (error, stdout, stderr) => {
          if (error === null) return resolvePromise({ code: 0, stdout, stderr })
          if (error.code === 'ENOENT') return resolvePromise(undefined)
          if (typeof error.code === 'number') return resolvePromise({ code: error.code, stdout, stderr })
          const reason = error.killed ? `${command} was killed after ${timeoutMs} ms` : error.message
          resolvePromise({
            code: null,
            stdout,
            stderr: `${stderr}${stderr.endsWith('\n') || stderr === '' ? '' : '\n'}${reason}`,
          })
        },
      )
    })
}

async function statfsNearest(path: string): Promise<{ totalBytes: number; freeBytes: number }> {
  let current = resolve(path)
  for (;;) {
    try {
      const stats = await statfs(current)
      return { totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize }
    } catch (error) {
      const parent = dirname(current)
      const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT'
      if (!missing || parent === current) throw error
      current = parent
    }
  }
}
