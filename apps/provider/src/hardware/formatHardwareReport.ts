import type { CheckMinimumSpecReturnType } from './checkMinimumSpec.js'
import { formatNumber } from './formatNumber.js'
import type { HardwareReport } from './HardwareReport.js'

/**
 * Writes a hardware report as the lines `hearth provider init` prints: one line per GPU with its raw
 * name, memory, driver and on-chain model, then CPU, RAM and disk, the notes, and the minimum-spec
 * check when given.
 *
 * @param report What `probeHardware` found.
 * @param check The result of `checkMinimumSpec`, if it was run.
 * @returns The text, lines joined with `\n`, no trailing newline.
 */
export function formatHardwareReport(report: HardwareReport, check?: CheckMinimumSpecReturnType): string {
  const lines: string[] = []
  if (report.gpus.length === 0) lines.push('No GPU found — CPU-only markets only')
  const nameWidth = Math.max(0, ...report.gpus.map((gpu) => gpu.name.length))
  const vramWidth = Math.max(0, ...report.gpus.map((gpu) => formatNumber(gpu.vramMiB).length))
  for (const gpu of report.gpus) {
    const driver = gpu.driver === undefined ? '' : `  driver ${gpu.driver}`
    lines.push(
      `GPU ${gpu.index}  ${gpu.name.padEnd(nameWidth)}  ${formatNumber(gpu.vramMiB).padStart(vramWidth)} MiB${driver}  → ${gpu.model}`,
    )
  }
  lines.push(`CPU    ${report.cpu.model}, ${report.cpu.cores} cores`)
  lines.push(`RAM    ${formatNumber(report.ramMiB)} MiB`)
  lines.push(`Disk   ${formatNumber(report.diskGiB)} GiB free`)
  const notes = report.notes.filter((note) => !(report.gpus.length === 0 && note.startsWith('No GPU found')))
  if (notes.length > 0) {
    lines.push('', 'Notes:')
    for (const note of notes) lines.push(`  - ${note}`)
  }
  if (check !== undefined) {
    lines.push('')
    if (check.ok) lines.push('Meets the network minimum spec.')
    else {
      lines.push('Below the network minimum spec:')
      for (const problem of check.problems) lines.push(`  - ${problem.message}.`)
    }
  }
  return lines.join('\n')
}
