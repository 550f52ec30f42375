// Entry point of @hearth/runtime: the job container sandbox on the Docker Engine API.
export { type AptInstallOptions, aptInstall } from './aptInstall.js'
export { type AttachSandboxOptions, attachSandbox } from './attachSandbox.js'
export { type ContainerConfigParameters, containerConfig } from './containerConfig.js'
export { type CreateSandboxOptions, type CreateSandboxReturnType, createSandbox } from './createSandbox.js'
export { describeCloseReason, describeExit } from './describeExit.js'
export {
  busyboxRepository,
  type EnsureBusyboxImageOptions,
  ensureBusyboxImage,
  type LocalImage,
} from './ensureBusyboxImage.js'
export {
  type DebianImage,
  debianImageHash,
  debianRepository,
  type EnsureDebianImageOptions,
  ensureDebianImage,
  isMirrorReachable,
} from './ensureDebianImage.js'
export {
  type DaemonPaths,
  type DockerEngine,
  type DockerEngineSource,
  daemonPaths,
  dockerdArgs,
  dockerFromHost,
  type EnsureDockerOptions,
  ensureDocker,
} from './ensureDocker.js'
export {
  AptInstallError,
  BaseError,
  type BaseErrorParameters,
  DockerApiError,
  DockerNotInstalledError,
  DockerStartError,
  DockerUnavailableError,
  GpuUnavailableError,
  ImageBuildError,
  ImageNotFoundError,
  InvalidSpecError,
  LockTimeoutError,
  RootUserError,
  SandboxNotFoundError,
} from './errors.js'
export { findImage } from './findImage.js'
export { type FindSandboxesFilter, findSandboxes, type SandboxInfo } from './findSandboxes.js'
export { type HashResultsReturnType, hashResults, type ResultFile } from './hashResults.js'
export { hasNvidiaRuntime, type NvidiaRuntimeSupport } from './hasNvidiaRuntime.js'
export { type ImportRootfsOptions, type ImportRootfsReturnType, importRootfs } from './importRootfs.js'
export { createSilentLogger, type LogFn, type Logger } from './Logger.js'
export { pullImage } from './pullImage.js'
export {
  type FollowLogsOptions,
  followLogs,
  type LogChunk,
  type LogEntry,
  type ReadLogsOptions,
  readLogs,
} from './readLogs.js'
export { type RunJobOptions, type RunJobReturnType, runJob } from './runJob.js'
export {
  type ExitReason,
  type PublishedPort,
  Sandbox,
  type SandboxExit,
  type SandboxOptions,
  type SandboxParameters,
  type SandboxState,
  type SandboxStatus,
} from './Sandbox.js'
export {
  hashSandboxSpec,
  type ResolvedSandboxSpec,
  resolveSandboxSpec,
  type SandboxPort,
  type SandboxResources,
  type SandboxSpec,
  sandboxDefaults,
} from './SandboxSpec.js'
export { containerName, sandboxLabels } from './sandboxLabels.js'
export { type JobLimits, type ToSandboxSpecReturnType, toSandboxSpec } from './toSandboxSpec.js'
export { acquireLock, type WithLockOptions, withLock } from './withLock.js'
