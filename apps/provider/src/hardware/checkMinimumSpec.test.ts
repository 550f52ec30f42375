import { GpuVendor, SupplySource } from '@hearth/abi'
import type { Hardware } from '@hearth/sdk'
import { describe, expect, it } from 'vitest'
import { checkMinimumSpec } from './checkMinimumSpec.js'

const cpuOnly: Hardware = {
  gpuVendor: GpuVendor.None,
  gpuModel: `0x${'0'.repeat(64)}`,
  gpuCount: 0,
  vramMiB: 0,
  cpuCores: 2,
  ramMiB: 7812,
  diskGiB: 120,
  bandwidthMbps: 100,
  region: `0x${'0'.repeat(64)}`,
  complianceTags: 0n,
  supplySource: SupplySource.Home,
  benchmarkGflops: 50,
}

describe('checkMinimumSpec', () => {
  it('lists every shortfall with both numbers', () => {
    expect(checkMinimumSpec(cpuOnly, { minRamMiB: 8192, minDiskGiB: 256, requireGpu: true })).toEqual({
      ok: false,
      problems: [
        {
          field: 'ramMiB',
          have: 7812,
          need: 8192,
          message: 'RAM 7 812 MiB is below the network minimum of 8 192 MiB',
        },
        {
          field: 'diskGiB',
          have: 120,
          need: 256,
          message: 'Free disk 120 GiB is below the network minimum of 256 GiB',
        },
        { field: 'gpuCount', have: 0, need: 1, message: 'No GPU: this market needs at least 1 GPU' },
      ],
    })
  })

  it('accepts hardware exactly at the minimum, and CPU-only when no GPU is required', () => {
    expect(checkMinimumSpec(cpuOnly, { minRamMiB: 7812, minDiskGiB: 120 })).toEqual({
      ok: true,
      problems: [],
    })
  })
})
