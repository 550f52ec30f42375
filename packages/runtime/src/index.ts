// Entry point of @hearth/runtime: the job container sandbox on the Docker Engine API.
export { type AptInstallOptions, aptInstall } from './aptInstall.js'
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
export { type ImportRootfsOptions, type ImportRootfsReturnType, importRootfs } from './importRootfs.js'
export { createSilentLogger, type LogFn, type Logger } from './Logger.js'
export { acquireLock, type WithLockOptions, withLock } from './withLock.js'
