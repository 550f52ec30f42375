import { jobSpecSchema } from '@hearth/sdk'
import { describe, expect, it } from 'vitest'
import { describeExit } from './describeExit.js'
import { toSandboxSpec } from './toSandboxSpec.js'

const machine = { gpuDeviceIds: ['GPU-a', 'GPU-b'], leaseGpus: 1, cpuCores: 8, ramMiB: 16_384 }

describe('toSandboxSpec', () => {
  it('maps the spec onto the sandbox: limits in bytes, ports, output dir, timeout, GPUs by device id', () => {
    const spec = jobSpecSchema.parse({
      version: 1,
      image: 'hearth/busybox:1',
      command: ['sh', '-c', 'true'],
      env: { A: '1' },
      resources: { cpu: 2, memory: '1Gi', gpu: { count: 1 } },
      ports: [{ port: 8080 }],
      timeout: '1h',
      user: { uid: 1000 },
    })
    const mapped = toSandboxSpec(spec, machine)
    expect(mapped).toEqual({
      ok: true,
      notes: [],
      spec: {
        image: 'hearth/busybox:1',
        command: ['sh', '-c', 'true'],
        env: { A: '1' },
        user: { uid: 1000 },
        resources: { cpu: 2, memoryBytes: 1024 ** 3, gpus: { deviceIds: ['GPU-a'] } },
        ports: [{ containerPort: 8080, protocol: 'tcp' }],
        outputDir: '/output',
        timeoutMs: 3_600_000,
      },
    })
  })

  it('refuses what the lease or the machine cannot give, naming every problem', () => {
    const spec = jobSpecSchema.parse({
      version: 1,
      image: 'x',
      resources: { cpu: 64, memory: '1Ti', gpu: { count: 4 } },
    })
    const mapped = toSandboxSpec(spec, machine)
    expect(mapped.ok).toBe(false)
    expect(mapped.ok ? [] : mapped.problems).toEqual([
      'resources.gpu.count: the job asks for 4 GPU(s), the lease rents 1',
      'resources.cpu: the job asks for 64 CPUs, this machine has 8',
      'resources.memory: the job asks for 1048576 MiB, this machine has 16384 MiB',
    ])
  })

  it('runs a GPU job without GPUs on a machine that declares GPUs it cannot pass, and says so', () => {
    const spec = jobSpecSchema.parse({ version: 1, image: 'x', resources: { gpu: { count: 1 } } })
    const mapped = toSandboxSpec(spec, { ...machine, gpuDeviceIds: [] })
    expect(mapped.ok && mapped.spec.resources?.gpus).toBeUndefined()
    expect(mapped.ok && mapped.notes[0]).toContain('runs without them')
  })
})

describe('describeExit', () => {
  const exit = {
    exitCode: 0,
    reason: 'exited' as const,
    oomKilled: false,
    startedAt: '',
    finishedAt: '',
    durationMs: 1000,
  }
  it('says why a job ended in words', () => {
    expect(describeExit(exit, {})).toBeUndefined()
    expect(describeExit({ ...exit, exitCode: 3 }, {})).toBe('exited with code 3')
    expect(
      describeExit(
        { ...exit, exitCode: 137, reason: 'oom', oomKilled: true },
        { memoryBytes: 512 * 2 ** 20 },
      ),
    ).toBe('out of memory: the job used more than its 512 MiB limit')
    expect(describeExit({ ...exit, exitCode: 143, reason: 'timeout' }, { timeoutMs: 7_200_000 })).toBe(
      'timed out after 2h',
    )
  })
})
