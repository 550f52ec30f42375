// Runs the real probe on the machine running the tests.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultProbeEnvironment } from './defaultProbeEnvironment.js'
import { probeHardware } from './probeHardware.js'

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-probe-'))
afterAll(() => rm(dataDir, { recursive: true, force: true }))

const environment = defaultProbeEnvironment({ dataDir: join(dataDir, 'not-created-yet') })
const nvidiaSmi = await environment.run('nvidia-smi', ['-L'])
const hasGpu = nvidiaSmi?.code === 0 && /^GPU \d+:/m.test(nvidiaSmi.stdout)

describe('probeHardware on this machine', () => {
  it('reports its CPU, RAM and disk, and the GPUs nvidia-smi lists (none here: CPU-only)', async () => {
    const report = await probeHardware(environment)
    expect(report.cpu.cores).toBeGreaterThan(0)
    expect(report.cpu.model).not.toBe('')
    expect(report.ramMiB).toBeGreaterThan(0)
    expect(report.diskGiB).toBeGreaterThan(0)
    if (hasGpu) expect(report.gpus.length).toBeGreaterThan(0)
    else {
      expect(report.gpus).toEqual([])
      expect(report.notes).toContain('No GPU found: this machine can serve CPU-only markets.')
    }
  })

  it('says a missing program is not installed instead of throwing', async () => {
    expect(await environment.run('hearth-no-such-program', [])).toBeUndefined()
  })

  const withNvidiaSmi = hasGpu ? it : it.skip
  withNvidiaSmi(
    hasGpu
      ? 'reads every GPU that nvidia-smi -L lists'
      : 'nvidia-smi not installed (or no NVIDIA GPU): skipped',
    async () => {
      const report = await probeHardware(environment)
      const listed = (nvidiaSmi?.stdout.match(/^GPU \d+:/gm) ?? []).length
      const nvidia = report.gpus.filter((gpu) => gpu.vendor === 'nvidia')
      expect(nvidia).toHaveLength(listed)
      for (const gpu of nvidia) {
        expect(gpu.vramMiB).toBeGreaterThan(0)
        expect(gpu.model).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
        expect(gpu.uuid).toMatch(/^GPU-/)
      }
    },
  )
})
