import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { lstat, mkdir, realpath, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import { ResultsMismatchError } from '../errors/ResultsMismatchError.js'
import type { ProviderClient } from '../provider-api/createProviderClient.js'
import type { ResultManifest, ResultManifestFile } from '../provider-api/providerApiTypes.js'

/** Parameters of {@link downloadResults}. */
export type DownloadResultsParameters = {
  /** The lease whose results to fetch. */
  lease: bigint
  /** The folder to write them into (created when missing). */
  dir: string
  /** Called after each file is written and checked. */
  onFile?: ((file: ResultManifestFile, written: string) => void) | undefined
}

/** What {@link downloadResults} returns. */
export type DownloadResultsReturnType = {
  /** The manifest, checked against the chain. */
  manifest: ResultManifest
  /** The folder written to, absolute. */
  dir: string
  /** Files written, each checked against its sha256 in the manifest. */
  files: readonly ResultManifestFile[]
  /**
   * Symbolic links of the result tree: counted in the root hash (as their target text) but never
   * created here, so a result cannot point outside `dir`.
   */
  skipped: readonly ResultManifestFile[]
}

/**
 * Downloads a lease's results into `dir` and checks them against the chain: the manifest's root must
 * be the result hash the provider recorded on chain (see {@link ProviderClient.getResults}), and every
 * file's bytes must hash to the manifest's sha256. Paths are checked before anything is written (no
 * absolute paths, no `..`, no writing through a symlink already in `dir`); each file is written under a
 * temporary name and renamed into place only once its hash checks out.
 *
 * @param client A provider client for the lease's provider, acting for its consumer.
 * @param parameters Lease and folder.
 * @returns The manifest, the files written and the links skipped.
 * @throws {ResultsMismatchError} when a file, the manifest or the root does not match.
 * @throws {InvalidParameterError} when the manifest names a path outside `dir`.
 */
export async function downloadResults(
  client: ProviderClient,
  parameters: DownloadResultsParameters,
): Promise<DownloadResultsReturnType> {
  const { lease } = parameters
  const manifest = await client.getResults(lease)
  const dir = resolve(parameters.dir)
  const files = manifest.files.filter((f) => f.kind === 'file')
  const skipped = manifest.files.filter((f) => f.kind !== 'file')
  for (const file of files) checkRelativePath(file.path)
  await mkdir(dir, { recursive: true })
  const root = await realpath(dir)
  for (const file of files) {
    const parts = file.path.split('/')
    const target = join(root, ...parts)
    await ensureFolder(root, parts.slice(0, -1), file.path)
    const existing = await lstat(target).catch(() => undefined)
    if (existing && !existing.isFile()) {
      throw new InvalidParameterError('dir', `${target} exists and is not a regular file`)
    }
    const partial = join(dirname(target), `.hearth-partial-${randomBytes(6).toString('hex')}`)
    const hash = createHash('sha256')
    let size = 0
    try {
      const body = Readable.fromWeb(
        (await client.openResultFile(lease, file.path)) as import('node:stream/web').ReadableStream,
      )
      body.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        size += chunk.length
      })
      await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o644 }))
      const actual = hash.digest('hex')
      if (actual !== file.sha256 || size !== file.size) {
        throw new ResultsMismatchError({
          lease,
          kind: 'file',
          path: file.path,
          expected: file.sha256,
          actual: size !== file.size && actual === file.sha256 ? `${actual} (${size} bytes)` : actual,
        })
      }
      await rename(partial, target)
    } catch (error) {
      await rm(partial, { force: true })
      throw error
    }
    parameters.onFile?.(file, target)
  }
  return { manifest, dir: root, files, skipped }
}

/** A manifest path must be relative, `/`-separated, without `.`, `..`, empty parts or NUL. */
function checkRelativePath(path: string): void {
  const parts = path.split('/')
  if (
    path === '' ||
    path.includes('\0') ||
    path.includes('\\') ||
    parts.some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new InvalidParameterError('result path', `${JSON.stringify(path)} would leave the results folder`)
  }
}

/**
 * Creates the folders `parts` under `root` one by one, refusing to go through anything that is not a
 * real folder (a symlink already there could point outside `root`).
 */
async function ensureFolder(root: string, parts: readonly string[], path: string): Promise<void> {
  let current = root
  for (const part of parts) {
    current = join(current, part)
    const info = await lstat(current).catch(() => undefined)
    if (info === undefined) await mkdir(current)
    else if (!info.isDirectory()) {
      throw new InvalidParameterError(
        'result path',
        `${JSON.stringify(path)} goes through ${current}, which is not a folder`,
      )
    }
  }
}
