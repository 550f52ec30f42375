/** Options every runtime error takes besides its short message. */
export interface BaseErrorParameters {
  /** What went wrong in more detail: the command that failed, a daemon's last log lines, a field's value. */
  details?: string | undefined
  /** The error this one wraps. */
  cause?: unknown
  /** Extra lines telling the reader how to fix it. */
  metaMessages?: readonly string[] | undefined
}

/**
 * The one base class of every error thrown by `@hearth/runtime`.
 *
 * `shortMessage` is one line fit for a CLI; `message` adds the fix hints and details. Catch by
 * subclass (`error instanceof GpuUnavailableError`) or by `name`.
 */
export class BaseError extends Error {
  override name = 'RuntimeError'
  /** One line saying what went wrong. */
  readonly shortMessage: string
  /** Longer context, when there is any. */
  readonly details: string | undefined
  /** Hints for the reader (how to fix it). */
  readonly metaMessages: readonly string[]

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const metaMessages = parameters.metaMessages ?? []
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ['', ...metaMessages] : []),
      ...(parameters.details ? ['', `Details: ${parameters.details}`] : []),
    ].join('\n')
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.shortMessage = shortMessage
    this.details = parameters.details
    this.metaMessages = metaMessages
  }
}

/** No Docker engine answers and none could be started. */
export class DockerUnavailableError extends BaseError {
  override name = 'DockerUnavailableError'
}

/** `dockerd` is missing and cannot be installed here (not root, or no apt-get). */
export class DockerNotInstalledError extends BaseError {
  override name = 'DockerNotInstalledError'
}

/** A `dockerd` we started exited or did not answer in time. */
export class DockerStartError extends BaseError {
  override name = 'DockerStartError'
}

/** The Docker Engine API answered a request with an error. */
export class DockerApiError extends BaseError {
  override name = 'DockerApiError'
  /** The HTTP status the engine answered with, when it answered. */
  readonly statusCode: number | undefined

  constructor(shortMessage: string, parameters: BaseErrorParameters & { statusCode?: number | undefined }) {
    super(shortMessage, parameters)
    this.statusCode = parameters.statusCode
  }
}

/** `apt-get install` failed, or cannot run here. */
export class AptInstallError extends BaseError {
  override name = 'AptInstallError'
}

/** Building or importing an image failed. */
export class ImageBuildError extends BaseError {
  override name = 'ImageBuildError'
}

/** The image a spec names is not in the engine; the runtime never pulls from a registry. */
export class ImageNotFoundError extends BaseError {
  override name = 'ImageNotFoundError'
  constructor(readonly image: string) {
    super(`Image "${image}" is not in the Docker engine.`, {
      metaMessages: [
        'The runtime never pulls from a registry: build it locally first',
        '(ensureBusyboxImage, ensureDebianImage or importRootfs).',
      ],
    })
  }
}

/** A sandbox spec field has a value the runtime refuses. */
export class InvalidSpecError extends BaseError {
  override name = 'InvalidSpecError'
  constructor(
    /** The offending field, as a dotted path (`resources.memoryBytes`). */
    readonly field: string,
    reason: string,
  ) {
    super(`Invalid sandbox spec: ${field} ${reason}.`)
  }
}

/** The spec asks to run as root (uid 0), which the sandbox never allows. */
export class RootUserError extends InvalidSpecError {
  override name = 'RootUserError'
  constructor() {
    super('user.uid', 'is 0 (root); jobs run as a non-root user (default 65534)')
  }
}

/** The spec asks for GPUs but the engine has no NVIDIA runtime. */
export class GpuUnavailableError extends BaseError {
  override name = 'GpuUnavailableError'
  constructor(requested: string, details?: string) {
    super(`The spec asks for ${requested} but this Docker engine has no NVIDIA runtime.`, {
      details,
      metaMessages: [
        'Install the NVIDIA Container Toolkit (nvidia-container-toolkit) on the host and restart dockerd,',
        'or run the job without GPUs.',
      ],
    })
  }
}

/** No container for the sandbox (it was removed, or never existed in this engine). */
export class SandboxNotFoundError extends BaseError {
  override name = 'SandboxNotFoundError'
}

/** A lock file stayed held by a live process for longer than we were willing to wait. */
export class LockTimeoutError extends BaseError {
  override name = 'LockTimeoutError'
}
