import { normalizeGpuModel } from '@hearth/sdk'
import type { CommandResult, CommandRunner } from './CommandRunner.js'
import { describeFailure } from './describeFailure.js'
import { formatNumber } from './formatNumber.js'
import type { DetectedGpu, GpuProbeResult } from './HardwareReport.js'

/** The fields the probe asks nvidia-smi for, in the order of its CSV columns. */
const queryFields = ['index', 'uuid', 'name', 'memory.total', 'driver_version', 'pci.bus_id', 'compute_cap']

/** The arguments of the nvidia-smi query the probe runs. */
export function nvidiaSmiQueryArgs(fields: readonly string[] = queryFields): string[] {
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits']
}

/**
 * Finds NVIDIA GPUs with `nvidia-smi --query-gpu=… --format=csv,noheader,nounits`, and reports GPUs in
 * MIG mode from `nvidia-smi -L`. Never throws: a missing or failing nvidia-smi, or output it cannot
 * read, becomes a note.
 *
 * @param run Runs nvidia-smi.
 * @returns The GPUs and notes.
 */
export async function probeNvidiaGpus(run: CommandRunner): Promise<GpuProbeResult> {
  let result = await run('nvidia-smi', nvidiaSmiQueryArgs())
  if (result === undefined)
    return { gpus: [], notes: ['nvidia-smi is not installed: NVIDIA GPUs were not probed.'] }
  // Drivers before 510 do not know `compute_cap`; the probe does not need it, so ask again without it.
  if (result.code !== 0 && /not a valid field/i.test(`${result.stdout}${result.stderr}`)) {
    result = await run('nvidia-smi', nvidiaSmiQueryArgs(queryFields.slice(0, -1)))
    if (result === undefined) return { gpus: [], notes: ['nvidia-smi disappeared while probing.'] }
  }
  const failure = nvidiaFailure(result)
  if (failure !== undefined) return { gpus: [], notes: [failure] }

  const gpus: DetectedGpu[] = []
  const notes: string[] = []
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue
    const parsed = parseQueryLine(line)
    if (typeof parsed === 'string') notes.push(parsed)
    else gpus.push(parsed)
  }
  if (gpus.length === 0 && notes.length === 0) notes.push('nvidia-smi ran but listed no GPU.')
  if (gpus.length > 0) notes.push(...(await migNotes(run, gpus)))
  return { gpus, notes }
}

function nvidiaFailure(result: CommandResult): string | undefined {
  const output = `${result.stdout}\n${result.stderr}`
  if (/No devices were found/i.test(output))
    return 'nvidia-smi is installed but found no NVIDIA GPU ("No devices were found").'
  if (result.code === 0) return undefined
  let hint = ''
  if (/version mismatch/i.test(output)) {
    hint =
      ' (the loaded kernel module and the installed driver libraries differ, usually after a driver upgrade: reboot)'
  } else if (/couldn't communicate with the NVIDIA driver/i.test(output)) {
    hint = ' (the NVIDIA kernel driver is not loaded)'
  }
  return `nvidia-smi is installed but failed: ${describeFailure(result)}${hint}.`
}

function parseQueryLine(line: string): DetectedGpu | string {
  const fields = line.split(',').map((field) => field.trim())
  const unreadable = `Could not read this nvidia-smi line, skipped: "${line.trim().slice(0, 120)}".`
  // A name never has a comma, but join the middle anyway so one would not shift the other columns.
  const tail = fields.length >= 7 ? 4 : 3
  if (fields.length < 6) return unreadable
  const [indexText, uuid] = fields
  const name = fields.slice(2, fields.length - tail).join(', ')
  const [memoryText, driver, busId] = fields.slice(fields.length - tail)
  if (indexText === undefined || !/^\d+$/.test(indexText) || uuid === undefined || name === '')
    return unreadable
  if (!/^GPU-[0-9a-f-]+$/i.test(uuid)) return unreadable
  const index = Number(indexText)
  const vramMiB = memoryText !== undefined && /^\d+$/.test(memoryText) ? Number(memoryText) : 0
  const gpu: DetectedGpu = {
    vendor: 'nvidia',
    index,
    name,
    model: normalizeGpuModel(name, vramMiB),
    vramMiB,
    uuid,
  }
  if (driver !== undefined && !driver.startsWith('[')) gpu.driver = driver
  if (busId !== undefined && !busId.startsWith('[')) gpu.busId = busId
  return gpu
}

/** Notes for GPUs in MIG mode, read from `nvidia-smi -L` (the query above lists only whole GPUs). */
async function migNotes(run: CommandRunner, gpus: readonly DetectedGpu[]): Promise<string[]> {
  const result = await run('nvidia-smi', ['-L'])
  if (result === undefined || result.code !== 0) return []
  const profiles = new Map<number, string[]>()
  let current: number | undefined
  for (const line of result.stdout.split('\n')) {
    const gpuLine = /^GPU (\d+):/.exec(line)
    if (gpuLine?.[1] !== undefined) {
      current = Number(gpuLine[1])
      continue
    }
    const migLine = /^\s+MIG\s+(\S+)\s+Device\s+\d+:/.exec(line)
    if (migLine?.[1] !== undefined && current !== undefined) {
      profiles.set(current, [...(profiles.get(current) ?? []), migLine[1]])
    }
  }
  const notes: string[] = []
  for (const [index, list] of profiles) {
    const gpu = gpus.find((candidate) => candidate.index === index)
    const memory = gpu === undefined ? '' : ` and declares its full ${formatNumber(gpu.vramMiB)} MiB`
    notes.push(
      `GPU ${index} is in MIG mode with ${list.length} MIG device${list.length === 1 ? '' : 's'} (${list.join(', ')}): ` +
        `Hearth leases whole GPUs${memory}, so turn MIG off before serving (sudo nvidia-smi -i ${index} -mig 0).`,
    )
  }
  return notes
}
