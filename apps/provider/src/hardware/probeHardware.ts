import type { CommandRunner } from './CommandRunner.js'
import type { GpuProbeResult, HardwareReport } from './HardwareReport.js'
import { probeAmdGpus } from './probeAmdGpus.js'
import { probeAppleGpus } from './probeAppleGpus.js'
import { probeIntelGpus } from './probeIntelGpus.js'
import { probeNvidiaGpus } from './probeNvidiaGpus.js'

/** Everything `probeHardware` reads the machine through, so tests can pass recorded outputs. */
export type ProbeEnvironment = {
  /** Runs the vendor tools; resolves to `undefined` for a tool that is not installed. */
  run: CommandRunner
  /** Reads a text file (`/proc/cpuinfo`, `/proc/meminfo`); `undefined` when it cannot be read. */
  readFile: (path: string) => Promise<string | undefined>
  /** Size and free space of the filesystem holding `path`, in bytes. */
  statfs: (path: string) => Promise<{ totalBytes: number; freeBytes: number }>
  platform: NodeJS.Platform
  /** The agent's data directory: the disk it is on is the disk declared. */
  dataDir: string
  /** What Node's `os` module says, used where `/proc` is absent (macOS, Windows) or unreadable. */
  system?: { cpuModel: string; logicalCpus: number; totalMemBytes: number } | undefined
}

/**
 * Finds the machine's GPUs, CPU, RAM and free disk. GPUs come from the vendor tools (nvidia-smi on Linux
 * and Windows, rocm-smi and xpu-smi on Linux, system_profiler on macOS); CPU and RAM from `/proc` on
 * Linux, else from `environment.system`; disk from the filesystem of `dataDir`.
 *
 * Never throws: a missing tool, a failing tool or output it cannot read becomes a sentence in `notes`,
 * and the report says what was found.
 *
 * @param environment How to reach the machine; `defaultProbeEnvironment()` gives the real one.
 * @returns The hardware report.
 */
export async function probeHardware(environment: ProbeEnvironment): Promise<HardwareReport> {
  const notes: string[] = []
  const cpu = await probeCpu(environment, notes)
  const ramMiB = await probeRam(environment, notes)
  const diskGiB = await probeDisk(environment, notes)

  const probes: [string, () => Promise<GpuProbeResult>][] = []
  if (environment.platform === 'linux' || environment.platform === 'win32') {
    probes.push(['NVIDIA', () => probeNvidiaGpus(environment.run)])
  }
  if (environment.platform === 'linux') {
    probes.push(
      ['AMD', () => probeAmdGpus(environment.run)],
      ['Intel', () => probeIntelGpus(environment.run)],
    )
  }
  if (environment.platform === 'darwin') probes.push(['Apple', () => probeAppleGpus(environment.run, ramMiB)])

  const gpus = []
  for (const [vendor, probe] of probes) {
    try {
      const result = await probe()
      gpus.push(...result.gpus)
      notes.push(...result.notes)
    } catch (error) {
      notes.push(`Probing ${vendor} GPUs failed unexpectedly: ${messageOf(error)}.`)
    }
  }
  if (gpus.length === 0) notes.push('No GPU found: this machine can serve CPU-only markets.')
  return { gpus, cpu, ramMiB, diskGiB, notes }
}

async function probeCpu(environment: ProbeEnvironment, notes: string[]): Promise<HardwareReport['cpu']> {
  const cpuinfo =
    environment.platform === 'linux' ? await readQuietly(environment, '/proc/cpuinfo') : undefined
  const logical = cpuinfo === undefined ? 0 : (cpuinfo.match(/^processor\s*:/gm) ?? []).length
  // ARM kernels have no "model name"; some print "Hardware" or "Model" instead.
  const named =
    cpuinfo === undefined
      ? undefined
      : /^(?:model name|Hardware|Model)\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim()
  const model = named ?? environment.system?.cpuModel.trim() ?? ''
  const cores = logical > 0 ? logical : (environment.system?.logicalCpus ?? 0)
  if (cores === 0) notes.push('Could not count the CPU cores.')
  return { model: model === '' ? 'unknown CPU' : model, cores }
}

async function probeRam(environment: ProbeEnvironment, notes: string[]): Promise<number> {
  const meminfo =
    environment.platform === 'linux' ? await readQuietly(environment, '/proc/meminfo') : undefined
  const kib = meminfo === undefined ? undefined : /^MemTotal:\s*(\d+)\s*kB/m.exec(meminfo)?.[1]
  if (kib !== undefined) return Math.floor(Number(kib) / 1024)
  const bytes = environment.system?.totalMemBytes ?? 0
  if (bytes === 0) notes.push('Could not read the amount of RAM.')
  return Math.floor(bytes / 2 ** 20)
}

async function probeDisk(environment: ProbeEnvironment, notes: string[]): Promise<number> {
  try {
    const { freeBytes } = await environment.statfs(environment.dataDir)
    return Math.floor(freeBytes / 2 ** 30)
  } catch (error) {
    notes.push(`Could not read the free disk space at ${environment.dataDir}: ${messageOf(error)}.`)
    return 0
  }
}

async function readQuietly(environment: ProbeEnvironment, path: string): Promise<string | undefined> {
  try {
    return await environment.readFile(path)
  } catch {
    return undefined
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '')
}
