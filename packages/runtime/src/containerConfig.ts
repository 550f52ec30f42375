import type Docker from 'dockerode'
import type { ResolvedSandboxSpec } from './SandboxSpec.js'

/** The host-side facts {@link containerConfig} needs besides the spec. */
export interface ContainerConfigParameters {
  /** The container name. */
  name: string
  /** Labels to find it by. */
  labels: Readonly<Record<string, string>>
  /** The host folder bind-mounted at the spec's output dir. */
  outputHostDir: string
  /** The job's own bridge network, when it exposes ports. */
  network: string | undefined
  /** The host address ports are published on. */
  publishHost: string
  /** The log driver's size cap per file; two files are kept. */
  logMaxBytes: number
}

/**
 * The Docker create options of a sandbox: read-only root, tmpfs `/tmp` and scratch dir (each sized
 * like the scratch dir; both count against the memory limit), output dir
 * bind-mounted, every capability dropped, no-new-privileges, a non-root user, memory (no swap),
 * CPU, PID and open-file limits, an init process, no network unless ports are exposed, GPUs
 * through NVIDIA device requests. Pure: the same inputs give the same options.
 */
export function containerConfig(
  spec: ResolvedSandboxSpec,
  parameters: ContainerConfigParameters,
): Docker.ContainerCreateOptions {
  const { resources } = spec
  const portKeys = spec.ports.map((port) => `${port.containerPort}/${port.protocol}`)
  const gpus = resources.gpus
  const tmpfsOptions = 'rw,nosuid,nodev,mode=1777'
  return {
    name: parameters.name,
    Image: spec.image,
    ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
    ...(spec.command ? { Cmd: [...spec.command] } : {}),
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    User: `${spec.user.uid}:${spec.user.gid}`,
    Labels: { ...parameters.labels },
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    NetworkDisabled: false,
    ...(portKeys.length > 0 ? { ExposedPorts: Object.fromEntries(portKeys.map((key) => [key, {}])) } : {}),
    HostConfig: {
      NetworkMode: parameters.network ?? 'none',
      ...(portKeys.length > 0
        ? {
            PortBindings: Object.fromEntries(
              portKeys.map((key) => [key, [{ HostIp: parameters.publishHost, HostPort: '' }]]),
            ),
          }
        : {}),
      ReadonlyRootfs: true,
      Tmpfs: {
        '/tmp': `${tmpfsOptions},size=${spec.scratch.sizeBytes}`,
        [spec.scratch.path]: `${tmpfsOptions},size=${spec.scratch.sizeBytes}`,
      },
      Mounts: [{ Type: 'bind', Source: parameters.outputHostDir, Target: spec.outputDir, ReadOnly: false }],
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Init: true,
      IpcMode: 'private',
      Memory: resources.memoryBytes,
      MemorySwap: resources.memoryBytes,
      NanoCpus: Math.round(resources.cpu * 1e9),
      PidsLimit: resources.pids,
      Ulimits: [{ Name: 'nofile', Soft: resources.openFiles, Hard: resources.openFiles }],
      ...(gpus === undefined
        ? {}
        : {
            DeviceRequests: [
              typeof gpus === 'number'
                ? { Driver: 'nvidia', Count: gpus, Capabilities: [['gpu']] }
                : { Driver: 'nvidia', DeviceIDs: [...gpus.deviceIds], Capabilities: [['gpu']] },
            ],
          }),
      LogConfig: {
        Type: 'json-file',
        Config: { 'max-size': String(parameters.logMaxBytes), 'max-file': '2' },
      },
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: false,
    },
  }
}
