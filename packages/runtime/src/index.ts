// Entry point of @hearth/runtime: the job container sandbox on the Docker Engine API.
export { type AptInstallOptions, aptInstall } from './aptInstall.js'
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
export { createSilentLogger, type LogFn, type Logger } from './Logger.js'
export { acquireLock, type WithLockOptions, withLock } from './withLock.js'
