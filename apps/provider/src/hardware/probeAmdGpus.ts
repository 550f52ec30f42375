import { normalizeGpuModel } from '@hearth/sdk'
import type { CommandRunner } from './CommandRunner.js'
import { describeFailure } from './describeFailure.js'
import type { DetectedGpu, GpuProbeResult } from './HardwareReport.js'
import { isRecord, parseJsonOutput } from './parseJsonOutput.js'

/** The arguments of the rocm-smi command the probe runs. */
export const rocmSmiArgs = ['--showproductname', '--showmeminfo', 'vram', '--json'] as const

/**
 * Finds AMD GPUs with `rocm-smi --showproductname --showmeminfo vram --json`. Reads both the ROCm 6
 * field names (`Card Series`) and the ROCm 5 ones (`Card series`). Never throws.
 *
 * @param run Runs rocm-smi.
 * @returns The GPUs and notes.
 */
export async function probeAmdGpus(run: CommandRunner): Promise<GpuProbeResult> {
  const result = await run('rocm-smi', rocmSmiArgs)
  if (result === undefined)
    return { gpus: [], notes: ['rocm-smi is not installed: AMD GPUs were not probed.'] }
  if (result.code !== 0)
    return { gpus: [], notes: [`rocm-smi is installed but failed: ${describeFailure(result)}.`] }
  const json = parseJsonOutput(result.stdout)
  if (!isRecord(json))
    return { gpus: [], notes: ['rocm-smi printed output that is not the expected JSON; AMD GPUs skipped.'] }

  const gpus: DetectedGpu[] = []
  const notes: string[] = []
  for (const [key, value] of Object.entries(json)) {
    const card = /^card(\d+)$/.exec(key)
    if (card?.[1] === undefined || !isRecord(value)) continue
    const index = Number(card[1])
    const name = productName(value)
    const vramBytes = Number(field(value, 'VRAM Total Memory (B)'))
    const vramMiB = Number.isFinite(vramBytes) && vramBytes > 0 ? Math.floor(vramBytes / 2 ** 20) : 0
    if (vramMiB === 0) notes.push(`rocm-smi did not report the memory of AMD GPU ${index} (${name}).`)
    gpus.push({ vendor: 'amd', index, name, model: normalizeGpuModel(name, vramMiB), vramMiB })
  }
  if (gpus.length === 0) notes.push('rocm-smi is installed but listed no AMD GPU.')
  return { gpus: gpus.sort((a, b) => a.index - b.index), notes }
}

/** A field by name, ignoring case: ROCm 5 writes `Card series`, ROCm 6 `Card Series`. */
function field(card: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(card)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value.trim()
  }
  return undefined
}

/** The marketing name; old ROCm sometimes prints only PCI ids (`0x738c`), which say nothing. */
function productName(card: Record<string, unknown>): string {
  for (const name of ['Card Series', 'Card Model', 'Device Name']) {
    const value = field(card, name)
    if (value !== undefined && value !== '' && !/^0x[0-9a-f]+$/i.test(value)) return value
  }
  const model = field(card, 'Card Model')
  return model === undefined ? 'AMD GPU' : `AMD GPU ${model}`
}
