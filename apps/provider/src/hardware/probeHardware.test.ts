import { describe, expect, it } from 'vitest'
import type { CommandResult } from './CommandRunner.js'
import type { DetectedGpu } from './HardwareReport.js'
import { probeHardware } from './probeHardware.js'
import { readSample, sampleEnvironment } from './sampleEnvironment.js'

const nvidiaQuery =
  'nvidia-smi --query-gpu=index,uuid,name,memory.total,driver_version,pci.bus_id,compute_cap --format=csv,noheader,nounits'
const nvidiaList = 'nvidia-smi -L'
const rocm = 'rocm-smi --showproductname --showmeminfo vram --json'
const xpu = 'xpu-smi discovery -j'
const profiler = 'system_profiler SPDisplaysDataType -json'

const failed = (code: number | null, stdout: string, stderr = ''): CommandResult => ({ code, stdout, stderr })

type SampleCase = {
  name: string
  outputs: Record<string, string | CommandResult>
  platform?: NodeJS.Platform
  expected: Partial<DetectedGpu>[]
  count: number
  note?: RegExp
}

const cases: SampleCase[] = [
  {
    name: 'one RTX 4090',
    outputs: {
      [nvidiaQuery]: readSample('nvidia-smi-query-rtx4090.csv'),
      [nvidiaList]: readSample('nvidia-smi-L-rtx4090.txt'),
    },
    count: 1,
    expected: [
      {
        vendor: 'nvidia',
        index: 0,
        name: 'NVIDIA GeForce RTX 4090',
        model: 'rtx-4090',
        vramMiB: 24_564,
        uuid: 'GPU-d11acecc-227d-5b32-137b-c759953335c8',
        driver: '550.120',
        busId: '00000000:01:00.0',
      },
    ],
  },
  {
    name: 'eight H100 80GB HBM3',
    outputs: {
      [nvidiaQuery]: readSample('nvidia-smi-query-8xh100.csv'),
      [nvidiaList]: readSample('nvidia-smi-L-8xh100.txt'),
    },
    count: 8,
    expected: [
      { index: 0, model: 'h100-80gb', vramMiB: 81_559, driver: '535.183.01', busId: '00000000:1B:00.0' },
      {
        index: 7,
        model: 'h100-80gb',
        uuid: 'GPU-04e3f7c4-4d05-fe38-482c-5a96411275e4',
        busId: '00000000:DF:00.0',
      },
    ],
  },
  {
    name: 'an A100 80GB in MIG mode',
    outputs: {
      [nvidiaQuery]: readSample('nvidia-smi-query-a100-sxm4-80gb.csv'),
      [nvidiaList]: readSample('nvidia-smi-L-a100-mig.txt'),
    },
    count: 1,
    expected: [{ name: 'NVIDIA A100-SXM4-80GB', model: 'a100-80gb', vramMiB: 81_920 }],
    note: /GPU 0 is in MIG mode with 2 MIG devices \(3g\.40gb, 3g\.40gb\).*81 920 MiB.*-mig 0/,
  },
  {
    name: 'mixed NVIDIA cards',
    outputs: {
      [nvidiaQuery]: readSample('nvidia-smi-query-mixed.csv'),
      [nvidiaList]: readSample('nvidia-smi-L-mixed.txt'),
    },
    count: 4,
    expected: [
      { index: 0, model: 'rtx-3090', vramMiB: 24_576 },
      { index: 1, model: 'rtx-4090', vramMiB: 24_564 },
      { index: 2, model: 'rtx-3090' },
      { index: 3, model: 'rtx-a6000', vramMiB: 49_140 },
    ],
  },
  {
    name: 'eight MI300X (ROCm 6 field names)',
    outputs: { [rocm]: readSample('rocm-smi-8xmi300x.json') },
    count: 8,
    expected: [
      { vendor: 'amd', index: 0, name: 'AMD Instinct MI300X', model: 'mi300x', vramMiB: 196_288 },
      { vendor: 'amd', index: 7, model: 'mi300x' },
    ],
  },
  {
    name: 'a Radeon RX 7900 XTX',
    outputs: { [rocm]: readSample('rocm-smi-rx7900xtx.json') },
    count: 1,
    expected: [{ vendor: 'amd', name: 'Radeon RX 7900 XTX', model: 'rx-7900-xtx', vramMiB: 24_560 }],
  },
  {
    name: 'two MI100 (ROCm 5 field names, codename in the series)',
    outputs: { [rocm]: readSample('rocm-smi-rocm5-mi100.json') },
    count: 2,
    expected: [
      { vendor: 'amd', name: 'Arcturus GL-XL [AMD Instinct MI100]', model: 'mi100', vramMiB: 32_752 },
    ],
  },
  {
    name: 'two Intel Max 1100',
    outputs: {
      [xpu]: readSample('xpu-smi-discovery-2xmax1100.json'),
      'xpu-smi discovery -d 0 -j': readSample('xpu-smi-discovery-d0-max1100.json'),
      'xpu-smi discovery -d 1 -j': readSample('xpu-smi-discovery-d1-max1100.json'),
    },
    count: 2,
    expected: [
      {
        vendor: 'intel',
        index: 0,
        name: 'Intel(R) Data Center GPU Max 1100',
        model: 'max-1100',
        vramMiB: 49_136,
        driver: 'I915_23.10.72_PSB_231129.76',
        busId: '0000:29:00.0',
        uuid: '00000000-0000-0029-0000-002f0bda8086',
      },
      { vendor: 'intel', index: 1, busId: '0000:9a:00.0' },
    ],
  },
  {
    name: 'an Apple M2 Max (unified memory)',
    platform: 'darwin',
    outputs: { [profiler]: readSample('system-profiler-m2max.json') },
    count: 1,
    expected: [{ vendor: 'apple', index: 0, name: 'Apple M2 Max', model: 'm2-max', vramMiB: 48 * 1024 }],
    note: /Apple M2 Max shares unified memory with the CPU: declaring 49 152 MiB as VRAM, 75% of the 65 536 MiB of RAM/,
  },
]

describe('probeHardware on recorded outputs', () => {
  it.each(cases)('finds $name', async ({ outputs, platform, expected, count, note }) => {
    const environment = sampleEnvironment(outputs, {
      platform: platform ?? 'linux',
      system: { cpuModel: 'Apple M2 Max', logicalCpus: 12, totalMemBytes: 64 * 2 ** 30 },
    })
    const report = await probeHardware(environment)
    expect(report.gpus).toHaveLength(count)
    for (const gpu of expected) {
      expect(report.gpus.find((found) => found.index === (gpu.index ?? 0))).toMatchObject(gpu)
    }
    expect(report.notes.join('\n')).not.toMatch(/No GPU found|failed|Could not/)
    if (note !== undefined) expect(report.notes.join('\n')).toMatch(note)
  })

  it('reads CPU, RAM and free disk from /proc and statfs', async () => {
    const report = await probeHardware(sampleEnvironment({}))
    expect(report.cpu).toEqual({ model: 'AMD EPYC', cores: 2 })
    expect(report.ramMiB).toBe(24_105)
    expect(report.diskGiB).toBe(412)
  })

  it('reads CPU and RAM from the os fallback on macOS', async () => {
    const environment = sampleEnvironment(
      { [profiler]: readSample('system-profiler-m2max.json') },
      {
        platform: 'darwin',
        system: { cpuModel: 'Apple M2 Max', logicalCpus: 12, totalMemBytes: 64 * 2 ** 30 },
      },
    )
    const report = await probeHardware(environment)
    expect(report.cpu).toEqual({ model: 'Apple M2 Max', cores: 12 })
    expect(report.ramMiB).toBe(65_536)
    expect(environment.calls).toEqual([profiler])
  })
})

describe('probeHardware when tools are missing or fail', () => {
  it('skips every missing tool with a note and reports a CPU-only machine', async () => {
    const report = await probeHardware(sampleEnvironment({}))
    expect(report.gpus).toEqual([])
    expect(report.notes).toEqual([
      'nvidia-smi is not installed: NVIDIA GPUs were not probed.',
      'rocm-smi is not installed: AMD GPUs were not probed.',
      'xpu-smi is not installed: Intel GPUs were not probed.',
      'No GPU found: this machine can serve CPU-only markets.',
    ])
  })

  it.each([
    {
      name: 'the driver/library version mismatch',
      result: failed(18, readSample('nvidia-smi-nvml-mismatch.txt')),
      note: 'nvidia-smi is installed but failed: Failed to initialize NVML: Driver/library version mismatch NVML library version: 550.120 (the loaded kernel module and the installed driver libraries differ, usually after a driver upgrade: reboot).',
    },
    {
      name: 'no driver loaded',
      result: failed(9, readSample('nvidia-smi-no-driver.txt')),
      note: "nvidia-smi is installed but failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running (the NVIDIA kernel driver is not loaded).",
    },
    {
      name: 'no devices',
      result: failed(6, readSample('nvidia-smi-no-devices.txt')),
      note: 'nvidia-smi is installed but found no NVIDIA GPU ("No devices were found").',
    },
    {
      name: 'a timeout',
      result: failed(null, '', 'nvidia-smi was killed after 15000 ms'),
      note: 'nvidia-smi is installed but failed: nvidia-smi was killed after 15000 ms.',
    },
  ])('turns $name into a note', async ({ result, note }) => {
    const report = await probeHardware(sampleEnvironment({ [nvidiaQuery]: result }))
    expect(report.gpus).toEqual([])
    expect(report.notes).toContain(note)
    expect(report.notes).toContain('No GPU found: this machine can serve CPU-only markets.')
  })

  it('asks again without compute_cap when the driver is too old to know it', async () => {
    const environment = sampleEnvironment({
      [nvidiaQuery]: failed(2, 'Field "compute_cap" is not a valid field to query.\n'),
      'nvidia-smi --query-gpu=index,uuid,name,memory.total,driver_version,pci.bus_id --format=csv,noheader,nounits':
        '0, GPU-d11acecc-227d-5b32-137b-c759953335c8, Tesla T4, 15360, 470.256.02, 00000000:00:1E.0\n',
    })
    const report = await probeHardware(environment)
    expect(report.gpus).toMatchObject([
      { name: 'Tesla T4', model: 't4', vramMiB: 15_360, driver: '470.256.02' },
    ])
  })

  it.each([
    {
      tool: 'nvidia-smi',
      outputs: { [nvidiaQuery]: 'Segmentation fault\n0, 1, 2\n' },
      note: /Could not read this nvidia-smi line, skipped: "Segmentation fault"/,
    },
    {
      tool: 'rocm-smi',
      outputs: { [rocm]: 'WARNING: AMD GPU device(s) is/are in a low-power state\n{"card0": ' },
      note: /rocm-smi printed output that is not the expected JSON/,
    },
    {
      tool: 'xpu-smi',
      outputs: { [xpu]: '{"device_list": "none"}' },
      note: /xpu-smi printed output that is not the expected JSON/,
    },
  ])('notes garbage from $tool instead of throwing', async ({ outputs, note }) => {
    const report = await probeHardware(sampleEnvironment(outputs))
    expect(report.gpus).toEqual([])
    expect(report.notes.join('\n')).toMatch(note)
  })

  it('skips rocm-smi warnings printed before the JSON', async () => {
    const stdout = `WARNING: some warning\n${readSample('rocm-smi-rx7900xtx.json')}`
    const report = await probeHardware(sampleEnvironment({ [rocm]: stdout }))
    expect(report.gpus).toMatchObject([{ model: 'rx-7900-xtx' }])
  })

  it('notes a runner that throws, a failing statfs and unreadable /proc, and still reports', async () => {
    const report = await probeHardware(
      sampleEnvironment(
        {},
        {
          run: async () => {
            throw new Error('spawn EACCES')
          },
          readFile: async () => undefined,
          statfs: async () => {
            throw new Error('EACCES: permission denied')
          },
          system: { cpuModel: 'Some CPU', logicalCpus: 4, totalMemBytes: 8 * 2 ** 30 },
        },
      ),
    )
    expect(report).toMatchObject({ gpus: [], cpu: { model: 'Some CPU', cores: 4 }, ramMiB: 8192, diskGiB: 0 })
    expect(report.notes).toContain('Probing NVIDIA GPUs failed unexpectedly: spawn EACCES.')
    expect(report.notes).toContain(
      'Could not read the free disk space at /var/lib/hearth: EACCES: permission denied.',
    )
  })
})
