import { describe, expect, it } from 'vitest'
import { normalizeGpuModel } from './normalizeGpuModel.js'

describe('normalizeGpuModel', () => {
  it.each([
    ['NVIDIA GeForce RTX 4090', undefined, 'rtx-4090'],
    ['NVIDIA GeForce RTX 3090', undefined, 'rtx-3090'],
    ['NVIDIA GeForce RTX 3090 Ti', undefined, 'rtx-3090-ti'],
    ['NVIDIA GeForce RTX 4060 Ti', undefined, 'rtx-4060-ti'],
    ['NVIDIA GeForce RTX 4090 Laptop GPU', undefined, 'rtx-4090-laptop'],
    ['NVIDIA GeForce GTX 1080 Ti', undefined, 'gtx-1080-ti'],
    ['NVIDIA H100 80GB HBM3', 81_559, 'h100-80gb'],
    ['NVIDIA H100 PCIe', 81_559, 'h100-80gb'],
    ['NVIDIA H100 NVL', 95_830, 'h100-94gb'],
    ['NVIDIA H100', undefined, 'h100'],
    ['NVIDIA H200', 143_771, 'h200'],
    ['NVIDIA A100-SXM4-80GB', 81_920, 'a100-80gb'],
    ['NVIDIA A100-SXM4-40GB', 40_960, 'a100-40gb'],
    ['NVIDIA A100-PCIE-40GB', 40_960, 'a100-40gb'],
    ['NVIDIA A100 80GB PCIe', 81_920, 'a100-80gb'],
    ['Tesla V100-SXM2-16GB', 16_160, 'v100-16gb'],
    ['Tesla V100-PCIE-32GB', 32_510, 'v100-32gb'],
    ['Tesla T4', 15_360, 't4'],
    ['Tesla K80', undefined, 'k80'],
    ['NVIDIA L40S', 46_068, 'l40s'],
    ['NVIDIA L4', 23_034, 'l4'],
    ['NVIDIA A10G', 23_028, 'a10g'],
    ['NVIDIA RTX A6000', 49_140, 'rtx-a6000'],
    ['NVIDIA RTX 6000 Ada Generation', 49_140, 'rtx-6000-ada'],
    ['Quadro RTX 8000', undefined, 'rtx-8000'],
    ['NVIDIA B200', undefined, 'b200'],
    ['AMD Instinct MI300X', 196_288, 'mi300x'],
    ['AMD Instinct MI300X OAM', 196_288, 'mi300x'],
    ['AMD Instinct MI250X', undefined, 'mi250x'],
    ['Arcturus GL-XL [AMD Instinct MI100]', 32_752, 'mi100'],
    ['Radeon RX 7900 XTX', 24_560, 'rx-7900-xtx'],
    ['AMD Radeon RX 6800 XT', undefined, 'rx-6800-xt'],
    ['AMD Radeon PRO W7900', undefined, 'pro-w7900'],
    ['Intel Data Center GPU Max 1100', undefined, 'max-1100'],
    ['Intel(R) Data Center GPU Max 1550', undefined, 'max-1550'],
    ['Intel(R) Data Center GPU Flex 170', undefined, 'flex-170'],
    ['Intel(R) Arc(TM) A770 Graphics', undefined, 'arc-a770'],
    ['Apple M1', undefined, 'm1'],
    ['Apple M2 Max', undefined, 'm2-max'],
    ['Apple M3 Ultra', undefined, 'm3-ultra'],
  ])('%s → %s', (rawName, vramMiB, expected) => {
    expect(normalizeGpuModel(rawName, vramMiB)).toBe(expected)
  })

  it('falls back to the whole name when only brand words are left', () => {
    expect(normalizeGpuModel('AMD Radeon Graphics')).toBe('amd-radeon-graphics')
  })

  it('fits a bytes32 and uses only lowercase letters, digits and dashes', () => {
    const model = normalizeGpuModel('NVIDIA RTX PRO 6000 Blackwell Server Edition With A Very Long Name')
    expect(model.length).toBeLessThanOrEqual(32)
    expect(model).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})

describe('normalizeGpuModel on names people type in a job spec', () => {
  it.each([
    ['rtx4090', 'rtx-4090'],
    ['RTX 4090', 'rtx-4090'],
    ['rtx-4090', 'rtx-4090'],
    ['gtx1080ti', 'gtx-1080-ti'],
    ['rx7900xtx', 'rx-7900-xtx'],
    ['h100-80gb', 'h100-80gb'],
    ['H100 80GB', 'h100-80gb'],
    ['h100', 'h100'],
    ['a100', 'a100'],
    ['mi300x', 'mi300x'],
  ])('%s → %s', (typed, expected) => {
    expect(normalizeGpuModel(typed)).toBe(expected)
  })
})
