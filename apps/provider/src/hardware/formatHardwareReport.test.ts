import { describe, expect, it } from 'vitest'
import { formatHardwareReport } from './formatHardwareReport.js'
import type { HardwareReport } from './HardwareReport.js'

const base: Omit<HardwareReport, 'gpus' | 'notes'> = {
  cpu: { model: 'AMD EPYC', cores: 2 },
  ramMiB: 24_105,
  diskGiB: 412,
}

describe('formatHardwareReport', () => {
  it('writes one aligned line per GPU with its on-chain model', () => {
    const text = formatHardwareReport({
      ...base,
      gpus: [
        {
          vendor: 'nvidia',
          index: 0,
          name: 'NVIDIA GeForce RTX 4090',
          model: 'rtx-4090',
          vramMiB: 24_564,
          driver: '550.54',
        },
        {
          vendor: 'nvidia',
          index: 1,
          name: 'NVIDIA RTX A6000',
          model: 'rtx-a6000',
          vramMiB: 49_140,
          driver: '550.54',
        },
      ],
      notes: [],
    })
    expect(text).toBe(
      [
        'GPU 0  NVIDIA GeForce RTX 4090  24 564 MiB  driver 550.54  → rtx-4090',
        'GPU 1  NVIDIA RTX A6000         49 140 MiB  driver 550.54  → rtx-a6000',
        'CPU    AMD EPYC, 2 cores',
        'RAM    24 105 MiB',
        'Disk   412 GiB free',
      ].join('\n'),
    )
  })

  it('says plainly that a machine without GPU serves CPU-only markets, with notes and the spec check', () => {
    const text = formatHardwareReport(
      {
        ...base,
        gpus: [],
        notes: [
          'nvidia-smi is not installed: NVIDIA GPUs were not probed.',
          'No GPU found: this machine can serve CPU-only markets.',
        ],
      },
      {
        ok: false,
        problems: [
          {
            field: 'diskGiB',
            have: 412,
            need: 500,
            message: 'Free disk 412 GiB is below the network minimum of 500 GiB',
          },
        ],
      },
    )
    expect(text).toBe(
      [
        'No GPU found — CPU-only markets only',
        'CPU    AMD EPYC, 2 cores',
        'RAM    24 105 MiB',
        'Disk   412 GiB free',
        '',
        'Notes:',
        '  - nvidia-smi is not installed: NVIDIA GPUs were not probed.',
        '',
        'Below the network minimum spec:',
        '  - Free disk 412 GiB is below the network minimum of 500 GiB.',
      ].join('\n'),
    )
  })
})
