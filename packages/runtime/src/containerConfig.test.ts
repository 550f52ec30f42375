import { describe, expect, it } from 'vitest'
import { containerConfig } from './containerConfig.js'
import { resolveSandboxSpec } from './SandboxSpec.js'

const parameters = {
  name: 'hearth-job1',
  labels: { 'hearth.job': 'job1' },
  outputHostDir: '/var/lib/hearth/jobs/job1/output',
  network: undefined,
  publishHost: '127.0.0.1',
  logMaxBytes: 1024,
}

describe('containerConfig', () => {
  it('locks the container down', () => {
    const config = containerConfig(
      resolveSandboxSpec({
        image: 'img',
        command: ['sh', '-c', 'true'],
        resources: { cpu: 0.5, memoryBytes: 64 * 1024 * 1024, pids: 32, openFiles: 128 },
      }),
      parameters,
    )
    expect(config.User).toBe('65534:65534')
    expect(config.HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Init: true,
      Memory: 64 * 1024 * 1024,
      MemorySwap: 64 * 1024 * 1024,
      NanoCpus: 500_000_000,
      PidsLimit: 32,
      Ulimits: [{ Name: 'nofile', Soft: 128, Hard: 128 }],
      Mounts: [{ Type: 'bind', Source: parameters.outputHostDir, Target: '/output', ReadOnly: false }],
    })
    expect(Object.keys(config.HostConfig?.Tmpfs ?? {})).toEqual(['/tmp', '/scratch'])
    expect(config.HostConfig?.CapAdd).toBeUndefined()
    expect(config.HostConfig?.PortBindings).toBeUndefined()
    expect(config.HostConfig?.DeviceRequests).toBeUndefined()
  })

  it('puts a job with ports on its own network and publishes them on the publish host', () => {
    const config = containerConfig(
      resolveSandboxSpec({
        image: 'img',
        ports: [{ containerPort: 8080 }, { containerPort: 53, protocol: 'udp' }],
      }),
      { ...parameters, network: 'hearth-job1' },
    )
    expect(config.ExposedPorts).toEqual({ '8080/tcp': {}, '53/udp': {} })
    expect(config.HostConfig?.NetworkMode).toBe('hearth-job1')
    expect(config.HostConfig?.PortBindings).toEqual({
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    })
  })

  it('asks for NVIDIA GPUs by count or by device id', () => {
    const byCount = containerConfig(resolveSandboxSpec({ image: 'img', resources: { gpus: 2 } }), parameters)
    expect(byCount.HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] },
    ])
    const byId = containerConfig(
      resolveSandboxSpec({ image: 'img', resources: { gpus: { deviceIds: ['GPU-1234'] } } }),
      parameters,
    )
    expect(byId.HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', DeviceIDs: ['GPU-1234'], Capabilities: [['gpu']] },
    ])
  })
})
