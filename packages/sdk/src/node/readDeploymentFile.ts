import { readFileSync } from 'node:fs'
import { type HearthDeployment, parseDeployment } from '../deployment.js'
import { BaseError } from '../errors/BaseError.js'

/** A deployment file could not be read: it is missing, unreadable or not JSON. */
export class DeploymentFileError extends BaseError {
  override name = 'DeploymentFileError'
  readonly path: string
  readonly reason: 'missing' | 'unreadable' | 'not-json'

  constructor(path: string, reason: 'missing' | 'unreadable' | 'not-json', cause: unknown) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    super(
      reason === 'missing'
        ? `no deployment file at ${path}`
        : reason === 'not-json'
          ? `${path} is not JSON: ${why}`
          : `cannot read ${path}: ${why}`,
      // "No such file" says it all; other causes stay for their details.
      reason === 'missing' ? { details: '' } : { cause },
    )
    this.path = path
    this.reason = reason
  }
}

/** What a deployment file holds: the deployment, and the RPC URL a devnet writes beside it. */
export type DeploymentFile = {
  deployment: HearthDeployment
  /** The chain's JSON-RPC URL, when the file names one (`hearth devnet` does). */
  rpcUrl: string | undefined
}

/**
 * Reads a deployment file (`hearth protocol deploy` or `hearth devnet` wrote it).
 * @param path The file's absolute path.
 * @throws {DeploymentFileError} when it is missing, unreadable or not JSON; `DeploymentParseError`
 *   when it is JSON but not a deployment.
 */
export function readDeploymentFile(path: string): DeploymentFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new DeploymentFileError(path, missing ? 'missing' : 'unreadable', error)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new DeploymentFileError(path, 'not-json', error)
  }
  const rpcUrl = (json as { rpcUrl?: unknown }).rpcUrl
  return { deployment: parseDeployment(json), rpcUrl: typeof rpcUrl === 'string' ? rpcUrl : undefined }
}
