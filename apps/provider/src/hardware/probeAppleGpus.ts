import { normalizeGpuModel } from '@hearth/sdk'
import type { CommandRunner } from './CommandRunner.js'
import { describeFailure } from './describeFailure.js'
import { formatNumber } from './formatNumber.js'
import type { DetectedGpu, GpuProbeResult } from './HardwareReport.js'
import { isRecord, parseJsonOutput } from './parseJsonOutput.js'

/** Share of unified memory declared as VRAM: macOS's default GPU working-set limit on Apple silicon. */
const unifiedMemoryShare = 0.75

/**
 * Finds the GPU of a Mac with `system_profiler SPDisplaysDataType -json`. Apple silicon has no VRAM of
 * its own: it shares RAM with the CPU, so the GPU's memory is declared as three quarters of `ramMiB`
 * (and a note says so). A discrete AMD GPU of an Intel Mac is reported with its own VRAM; integrated
 * Intel graphics are skipped. Never throws.
 *
 * @param run Runs system_profiler.
 * @param ramMiB The machine's RAM, of which Apple silicon's GPU gets a share.
 * @returns The GPUs and notes.
 */
export async function probeAppleGpus(run: CommandRunner, ramMiB: number): Promise<GpuProbeResult> {
  const result = await run('system_profiler', ['SPDisplaysDataType', '-json'])
  if (result === undefined)
    return { gpus: [], notes: ['system_profiler is not available: the GPU was not probed.'] }
  if (result.code !== 0) return { gpus: [], notes: [`system_profiler failed: ${describeFailure(result)}.`] }
  const json = parseJsonOutput(result.stdout)
  const entries = isRecord(json) ? json.SPDisplaysDataType : undefined
  if (!Array.isArray(entries))
    return { gpus: [], notes: ['system_profiler printed output that is not the expected JSON; GPU skipped.'] }

  const gpus: DetectedGpu[] = []
  const notes: string[] = []
  for (const entry of entries) {
    if (!isRecord(entry)) continue
    const name = text(entry.sppci_model) ?? text(entry._name)
    if (name === undefined) continue
    const vendor = text(entry.spdisplays_vendor) ?? ''
    if (/apple/i.test(vendor) || /^apple\b/i.test(name)) {
      const vramMiB = Math.floor(ramMiB * unifiedMemoryShare)
      gpus.push({ vendor: 'apple', index: gpus.length, name, model: normalizeGpuModel(name), vramMiB })
      notes.push(
        `${name} shares unified memory with the CPU: declaring ${formatNumber(vramMiB)} MiB as VRAM, ` +
          `${unifiedMemoryShare * 100}% of the ${formatNumber(ramMiB)} MiB of RAM (the default GPU limit of macOS).`,
      )
    } else if (/amd|ati|radeon/i.test(`${vendor} ${name}`)) {
      const vramMiB = sizeMiB(text(entry.spdisplays_vram) ?? text(entry._spdisplays_vram))
      gpus.push({ vendor: 'amd', index: gpus.length, name, model: normalizeGpuModel(name, vramMiB), vramMiB })
    } else {
      notes.push(`Skipped ${name}: integrated graphics are not offered.`)
    }
  }
  if (gpus.length === 0 && notes.length === 0) notes.push('system_profiler listed no GPU.')
  return { gpus, notes }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** `"8 GB"` → 8192, `"1536 MB"` → 1536. */
function sizeMiB(value: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)\s*(GB|MB)$/i.exec(value ?? '')
  if (match?.[1] === undefined || match[2] === undefined) return 0
  return Math.floor(Number(match[1]) * (match[2].toUpperCase() === 'GB' ? 1024 : 1))
}
