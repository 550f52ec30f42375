// Test support: a ProbeEnvironment that answers from the recorded outputs in samples/.
import { readFileSync } from 'node:fs'
import type { CommandResult } from './CommandRunner.js'
import type { ProbeEnvironment } from './probeHardware.js'

/**
 * Reads a recorded output from `samples/`.
 * @param name File name inside `samples/`.
 */
export function readSample(name: string): string {
  return readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8')
}

/**
 * A Linux machine whose tools answer from `outputs`, keyed by the command line (`nvidia-smi -L`). A
 * command not in `outputs` is "not installed"; a string is its stdout with status 0.
 * @param outputs Answers by command line.
 * @param overrides Fields of the environment to replace.
 * @returns The environment, and the command lines it was asked to run.
 */
export function sampleEnvironment(
  outputs: Record<string, string | CommandResult>,
  overrides: Partial<ProbeEnvironment> = {},
): ProbeEnvironment & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    run: async (command, args) => {
      const line = [command, ...args].join(' ')
      calls.push(line)
      const output = outputs[line]
      if (output === undefined) return undefined
      return typeof output === 'string' ? { code: 0, stdout: output, stderr: '' } : output
    },
    readFile: async (path) => {
      if (path === '/proc/cpuinfo') return readSample('proc-cpuinfo-epyc-2vcpu.txt')
      if (path === '/proc/meminfo') return readSample('proc-meminfo-24gib.txt')
      return undefined
    },
    statfs: async () => ({ totalBytes: 1000 * 2 ** 30, freeBytes: 412.5 * 2 ** 30 }),
    platform: 'linux',
    dataDir: '/var/lib/hearth',
    ...overrides,
  }
}
