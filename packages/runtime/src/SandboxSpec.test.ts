import { describe, expect, it } from 'vitest'
import { InvalidSpecError, RootUserError } from './errors.js'
import { hashSandboxSpec, resolveSandboxSpec, sandboxDefaults } from './SandboxSpec.js'

describe('resolveSandboxSpec', () => {
  it('fills in limits for everything, so nothing runs unlimited', () => {
    const spec = resolveSandboxSpec({ image: 'hearth/busybox:latest' })
    expect(spec.user).toEqual({ uid: 65534, gid: 65534 })
    expect(spec.resources).toEqual({
      cpu: sandboxDefaults.cpu,
      memoryBytes: sandboxDefaults.memoryBytes,
      pids: sandboxDefaults.pids,
      openFiles: sandboxDefaults.openFiles,
      gpus: undefined,
    })
    expect(spec.outputDir).toBe('/output')
    expect(spec.scratch).toEqual({ path: '/scratch', sizeBytes: sandboxDefaults.memoryBytes })
    expect(spec.env).toEqual({ HOME: '/scratch' })
    expect(spec.ports).toEqual([])
  })

  it('refuses root', () => {
    expect(() => resolveSandboxSpec({ image: 'x', user: { uid: 0 } })).toThrow(RootUserError)
    expect(() => resolveSandboxSpec({ image: 'x', user: { uid: 1000, gid: 0 } })).toThrow(InvalidSpecError)
  })

  it.each([
    [{ resources: { memoryBytes: 1024 } }, 'resources.memoryBytes'],
    [{ resources: { cpu: 0 } }, 'resources.cpu'],
    [{ resources: { pids: -1 } }, 'resources.pids'],
    [{ resources: { openFiles: 1.5 } }, 'resources.openFiles'],
    [{ resources: { gpus: 0 } }, 'resources.gpus'],
    [{ resources: { gpus: { deviceIds: [] } } }, 'resources.gpus.deviceIds'],
    [{ ports: [{ containerPort: 70000 }] }, 'ports[0].containerPort'],
    [{ outputDir: 'relative' }, 'outputDir'],
    [{ outputDir: '/a/../etc' }, 'outputDir'],
    [{ scratch: { path: '/output' } }, 'scratch.path'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ env: { 'A=B': 'x' } }, 'env.A=B'],
    [{ image: ' ' }, 'image'],
  ])('names the field it refuses: %j', (fields, field) => {
    try {
      resolveSandboxSpec({ image: 'x', ...fields })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSpecError)
      expect((error as InvalidSpecError).field).toBe(field)
      expect((error as InvalidSpecError).message).toContain(field)
    }
  })
})

describe('hashSandboxSpec', () => {
  it('is the same for specs that run the same way, and differs otherwise', () => {
    const a = hashSandboxSpec({ image: 'x', command: ['true'], resources: { cpu: 1, pids: 10 } })
    const b = hashSandboxSpec({
      resources: { pids: 10 },
      command: ['true'],
      image: 'x',
      user: { uid: 65534 },
    })
    const c = hashSandboxSpec({ image: 'x', command: ['true'], resources: { cpu: 1, pids: 11 } })
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toBe(a)
    expect(c).not.toBe(a)
  })
})
