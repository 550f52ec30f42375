import { normalizeGpuModel } from '@hearth/sdk'
import type { CommandRunner } from './CommandRunner.js'
import { describeFailure } from './describeFailure.js'
import type { DetectedGpu, GpuProbeResult } from './HardwareReport.js'
import { isRecord, parseJsonOutput } from './parseJsonOutput.js'

/**
 * Finds Intel data-center GPUs with `xpu-smi discovery -j`, then reads each one's memory and driver
 * with `xpu-smi discovery -d <id> -j`. Never throws.
 *
 * @param run Runs xpu-smi.
 * @returns The GPUs and notes.
 */
export async function probeIntelGpus(run: CommandRunner): Promise<GpuProbeResult> {
  const result = await run('xpu-smi', ['discovery', '-j'])
  if (result === undefined)
    return { gpus: [], notes: ['xpu-smi is not installed: Intel GPUs were not probed.'] }
  if (result.code !== 0)
    return { gpus: [], notes: [`xpu-smi is installed but failed: ${describeFailure(result)}.`] }
  const json = parseJsonOutput(result.stdout)
  const list = isRecord(json) ? json.device_list : undefined
  if (!Array.isArray(list))
    return { gpus: [], notes: ['xpu-smi printed output that is not the expected JSON; Intel GPUs skipped.'] }

  const gpus: DetectedGpu[] = []
  const notes: string[] = []
  for (const device of list) {
    if (!isRecord(device) || typeof device.device_id !== 'number' || typeof device.device_name !== 'string')
      continue
    if (typeof device.device_type === 'string' && device.device_type !== 'GPU') continue
    const index = device.device_id
    const name = device.device_name
    const detail = await run('xpu-smi', ['discovery', '-d', String(index), '-j'])
    const details = detail?.code === 0 ? parseJsonOutput(detail.stdout) : undefined
    const bytes = isRecord(details) ? Number(details.memory_physical_size_byte) : Number.NaN
    const vramMiB = Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes / 2 ** 20) : 0
    if (vramMiB === 0) notes.push(`xpu-smi did not report the memory of Intel GPU ${index} (${name}).`)
    const gpu: DetectedGpu = {
      vendor: 'intel',
      index,
      name,
      model: normalizeGpuModel(name, vramMiB),
      vramMiB,
    }
    if (typeof device.uuid === 'string') gpu.uuid = device.uuid
    if (typeof device.pci_bdf_address === 'string') gpu.busId = device.pci_bdf_address
    if (isRecord(details) && typeof details.driver_version === 'string') gpu.driver = details.driver_version
    gpus.push(gpu)
  }
  if (gpus.length === 0) notes.push('xpu-smi is installed but listed no Intel GPU.')
  return { gpus, notes }
}
