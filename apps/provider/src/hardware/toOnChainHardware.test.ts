import { GpuVendor, SupplySource } from '@hearth/abi'
import { fromBytes32String, InvalidParameterError } from '@hearth/sdk'
import { describe, expect, it } from 'vitest'
import type { DetectedGpu, HardwareReport } from './HardwareReport.js'
import { toOnChainHardware } from './toOnChainHardware.js'

const nvidia = (index: number, model: string, vramMiB: number): DetectedGpu => ({
  vendor: 'nvidia',
  index,
  name: model,
  model,
  vramMiB,
})

const report = (gpus: DetectedGpu[]): HardwareReport => ({
  gpus,
  cpu: { model: 'AMD EPYC 7543 32-Core Processor', cores: 64 },
  ramMiB: 257_000,
  diskGiB: 1800,
  notes: [],
})

const parameters = {
  region: 'eu-west',
  supplySource: SupplySource.DataCenter,
  bandwidthMbps: 10_000,
  benchmarkGflops: 80_000,
}

describe('toOnChainHardware', () => {
  it('declares identical GPUs with the smallest VRAM among them', () => {
    const { hardware, notes } = toOnChainHardware(
      report([nvidia(0, 'h100-80gb', 81_559), nvidia(1, 'h100-80gb', 81_550)]),
      { ...parameters, complianceTags: 5n },
    )
    expect(hardware).toMatchObject({
      gpuVendor: GpuVendor.Nvidia,
      gpuCount: 2,
      vramMiB: 81_550,
      cpuCores: 64,
      ramMiB: 257_000,
      diskGiB: 1800,
      bandwidthMbps: 10_000,
      complianceTags: 5n,
      supplySource: SupplySource.DataCenter,
      benchmarkGflops: 80_000,
    })
    expect(fromBytes32String(hardware.gpuModel)).toBe('h100-80gb')
    expect(fromBytes32String(hardware.region)).toBe('eu-west')
    expect(notes).toEqual([])
  })

  it('declares the most numerous model of a mixed machine and says which GPUs are left out', () => {
    const mixed = report([
      nvidia(0, 'rtx-3090', 24_576),
      nvidia(1, 'rtx-4090', 24_564),
      nvidia(2, 'rtx-3090', 24_576),
      nvidia(3, 'rtx-a6000', 49_140),
    ])
    const { hardware, notes } = toOnChainHardware(mixed, parameters)
    expect(fromBytes32String(hardware.gpuModel)).toBe('rtx-3090')
    expect(hardware).toMatchObject({ gpuCount: 2, vramMiB: 24_576, complianceTags: 0n })
    expect(notes).toEqual([
      'This machine has mixed GPUs (2× rtx-3090, 1× rtx-a6000, 1× rtx-4090); one registration declares one model, so it declares 2× rtx-3090 and leaves out GPU 3 (rtx-a6000), GPU 1 (rtx-4090).',
    ])
  })

  it('declares only the selected GPUs', () => {
    const mixed = report([
      nvidia(0, 'rtx-3090', 24_576),
      nvidia(1, 'rtx-4090', 24_564),
      nvidia(2, 'rtx-3090', 24_576),
    ])
    const { hardware, notes } = toOnChainHardware(mixed, { ...parameters, gpuSelection: [1] })
    expect(fromBytes32String(hardware.gpuModel)).toBe('rtx-4090')
    expect(hardware).toMatchObject({ gpuCount: 1, vramMiB: 24_564 })
    expect(notes).toEqual([])
  })

  it('declares a machine without GPUs as CPU-only', () => {
    const { hardware } = toOnChainHardware(report([]), { ...parameters, supplySource: SupplySource.Home })
    expect(hardware).toMatchObject({
      gpuVendor: GpuVendor.None,
      gpuCount: 0,
      vramMiB: 0,
      supplySource: SupplySource.Home,
    })
    expect(hardware.gpuModel).toBe(`0x${'0'.repeat(64)}`)
  })

  it.each([
    [{ gpuSelection: [5] }, 'Invalid gpuSelection: no GPU has index 5 (this machine has: 0).'],
    [{ region: 'a-region-name-that-is-longer-than-32-bytes' }, 'Invalid region: longer than 32 bytes.'],
    [{ bandwidthMbps: -1 }, 'Invalid bandwidthMbps: -1 is not an integer from 0 to 4294967295.'],
    [{ benchmarkGflops: 1.5 }, 'Invalid benchmarkGflops: 1.5 is not an integer from 0 to 4294967295.'],
  ])('rejects %o', (override, message) => {
    const call = () => toOnChainHardware(report([nvidia(0, 't4', 15_360)]), { ...parameters, ...override })
    expect(call).toThrow(InvalidParameterError)
    expect(call).toThrow(message)
  })
})
