import { GpuVendor, type SupplySource } from '@hearth/abi'
import { type Hardware, InvalidParameterError, toBytes32String } from '@hearth/sdk'
import type { DetectedGpu, GpuVendorName, HardwareReport } from './HardwareReport.js'

/** Parameters of {@link toOnChainHardware}: what the probe cannot know. */
export type ToOnChainHardwareParameters = {
  /** Region name, e.g. `eu-west` (at most 32 bytes). */
  region: string
  /** Bitmask of `ComplianceTags` (default none). */
  complianceTags?: bigint | undefined
  supplySource: SupplySource
  bandwidthMbps: number
  /** Measured by the agent's benchmark job. */
  benchmarkGflops: number
  /** GPUs to declare, by their index in the report (default `all`). */
  gpuSelection?: 'all' | readonly number[] | undefined
}

/** What {@link toOnChainHardware} returns. */
export type ToOnChainHardwareReturnType = {
  /** The struct `registerProvider` takes. */
  hardware: Hardware
  /** Sentences about GPUs left out and why. */
  notes: string[]
}

const vendors: Record<GpuVendorName, GpuVendor> = {
  nvidia: GpuVendor.Nvidia,
  amd: GpuVendor.Amd,
  intel: GpuVendor.Intel,
  apple: GpuVendor.Apple,
}

const maxUint16 = 2 ** 16 - 1
const maxUint32 = 2 ** 32 - 1

/**
 * Turns a hardware report into the `Hardware` struct a provider registers. The struct holds one GPU
 * model: a machine with mixed models declares its most numerous one (ties go to the one with more
 * memory) and a note names the GPUs left out. `vramMiB` is the smallest among the declared GPUs, so
 * every one of them has at least what is declared. Without GPUs the machine is CPU-only: vendor `None`,
 * empty model, count 0, no VRAM.
 *
 * @param report What `probeHardware` found.
 * @param parameters Region, compliance tags, supply source, bandwidth, benchmark and GPU selection.
 * @returns The struct and notes.
 * @throws {InvalidParameterError} A selected index that is not a GPU of the report, a region longer than
 *   32 bytes, or a bandwidth or benchmark that is not a non-negative 32-bit integer.
 */
export function toOnChainHardware(
  report: HardwareReport,
  parameters: ToOnChainHardwareParameters,
): ToOnChainHardwareReturnType {
  const {
    region,
    complianceTags = 0n,
    supplySource,
    bandwidthMbps,
    benchmarkGflops,
    gpuSelection = 'all',
  } = parameters
  if (new TextEncoder().encode(region).length > 32)
    throw new InvalidParameterError('region', 'longer than 32 bytes')
  assertUint32('bandwidthMbps', bandwidthMbps)
  assertUint32('benchmarkGflops', benchmarkGflops)
  const selected = selectGpus(report.gpus, gpuSelection)

  const notes: string[] = []
  const groups = new Map<string, DetectedGpu[]>()
  for (const gpu of selected) {
    const key = `${gpu.vendor}/${gpu.model}`
    groups.set(key, [...(groups.get(key) ?? []), gpu])
  }
  const ranked = [...groups.values()].sort((a, b) => b.length - a.length || minVram(b) - minVram(a))
  const declared = ranked[0] ?? []
  const first = declared[0]
  if (ranked.length > 1 && first !== undefined) {
    const all = ranked.map((group) => `${group.length}× ${group[0]?.model}`).join(', ')
    const left = ranked
      .slice(1)
      .flat()
      .map((gpu) => `GPU ${gpu.index} (${gpu.model})`)
      .join(', ')
    notes.push(
      `This machine has mixed GPUs (${all}); one registration declares one model, so it declares ` +
        `${declared.length}× ${first.model} and leaves out ${left}.`,
    )
  }

  const hardware: Hardware = {
    gpuVendor: first === undefined ? GpuVendor.None : vendors[first.vendor],
    gpuModel: toBytes32String(first?.model ?? ''),
    gpuCount: Math.min(declared.length, maxUint16),
    vramMiB: first === undefined ? 0 : Math.min(minVram(declared), maxUint32),
    cpuCores: Math.min(report.cpu.cores, maxUint16),
    ramMiB: Math.min(report.ramMiB, maxUint32),
    diskGiB: Math.min(report.diskGiB, maxUint32),
    bandwidthMbps,
    region: toBytes32String(region),
    complianceTags,
    supplySource,
    benchmarkGflops,
  }
  return { hardware, notes }
}

function selectGpus(gpus: readonly DetectedGpu[], selection: 'all' | readonly number[]): DetectedGpu[] {
  if (selection === 'all') return [...gpus]
  return selection.map((index) => {
    const gpu = gpus.find((candidate) => candidate.index === index)
    if (gpu === undefined) {
      const known = gpus.map((candidate) => candidate.index).join(', ') || 'none'
      throw new InvalidParameterError(
        'gpuSelection',
        `no GPU has index ${index} (this machine has: ${known})`,
      )
    }
    return gpu
  })
}

function minVram(gpus: readonly DetectedGpu[]): number {
  return Math.min(...gpus.map((gpu) => gpu.vramMiB))
}

function assertUint32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > maxUint32) {
    throw new InvalidParameterError(name, `${value} is not an integer from 0 to ${maxUint32}`)
  }
}
