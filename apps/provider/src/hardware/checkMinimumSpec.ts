import type { Hardware } from '@hearth/sdk'
import { formatNumber } from './formatNumber.js'

/** The network's minimum spec (see `readMinimumSpec`), plus whether this market needs a GPU. */
export type MinimumSpec = {
  minRamMiB: number
  minDiskGiB: number
  /** Reject a CPU-only machine (default false: CPU-only markets exist). */
  requireGpu?: boolean | undefined
}

/** One way the hardware falls short. */
export type MinimumSpecProblem = {
  field: 'ramMiB' | 'diskGiB' | 'gpuCount'
  have: number
  need: number
  /** A sentence for the user, with both numbers. */
  message: string
}

/** What {@link checkMinimumSpec} returns. */
export type CheckMinimumSpecReturnType = {
  ok: boolean
  problems: MinimumSpecProblem[]
}

/**
 * Checks declared hardware against the minimum spec before registering, so a machine that the registry
 * would reject (`HardwareBelowMinimum`) is told why in words instead of a revert.
 *
 * @param hardware The struct that would be registered.
 * @param spec The minimums.
 * @returns `ok` and every problem found.
 */
export function checkMinimumSpec(hardware: Hardware, spec: MinimumSpec): CheckMinimumSpecReturnType {
  const problems: MinimumSpecProblem[] = []
  if (hardware.ramMiB < spec.minRamMiB) {
    problems.push({
      field: 'ramMiB',
      have: hardware.ramMiB,
      need: spec.minRamMiB,
      message: `RAM ${formatNumber(hardware.ramMiB)} MiB is below the network minimum of ${formatNumber(spec.minRamMiB)} MiB`,
    })
  }
  if (hardware.diskGiB < spec.minDiskGiB) {
    problems.push({
      field: 'diskGiB',
      have: hardware.diskGiB,
      need: spec.minDiskGiB,
      message: `Free disk ${formatNumber(hardware.diskGiB)} GiB is below the network minimum of ${formatNumber(spec.minDiskGiB)} GiB`,
    })
  }
  if (spec.requireGpu === true && hardware.gpuCount === 0) {
    problems.push({
      field: 'gpuCount',
      have: 0,
      need: 1,
      message: 'No GPU: this market needs at least 1 GPU',
    })
  }
  return { ok: problems.length === 0, problems }
}
