import { spawn } from 'node:child_process'
import type Docker from 'dockerode'
import { ImageBuildError } from './errors.js'
import { lastLines } from './runCommand.js'

/** Options of {@link importRootfs}. */
export interface ImportRootfsOptions {
  /** Labels for the image (`LABEL` changes). */
  labels?: Readonly<Record<string, string>>
  /** More Dockerfile instructions to apply (`ENV PATH=…`, `WORKDIR /`, `CMD ["sh"]`). */
  changes?: readonly string[]
}

/** What {@link importRootfs} made. */
export interface ImportRootfsReturnType {
  /** The image id (`sha256:…`). */
  id: string
  /** The tag it was given. */
  tag: string
}

interface ProgressMessage {
  status?: string
  error?: string
  errorDetail?: { message?: string }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
  return text
}

/** Splits a `repo:tag` reference; a colon inside the registry part (`host:5000/x`) is not the tag. */
export function splitTag(reference: string): { repo: string; tag: string } {
  const colon = reference.lastIndexOf(':')
  if (colon <= reference.lastIndexOf('/')) return { repo: reference, tag: 'latest' }
  return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) }
}

/**
 * Makes an image from a root filesystem folder: tars it (GNU tar, numeric owners, so setuid bits,
 * device nodes and hard links survive) and `docker import`s the stream. No registry is involved.
 *
 * @param docker - The engine.
 * @param dir - The folder that becomes `/` in the image.
 * @param tag - The reference to tag it with (`hearth/busybox:1.35.0`).
 * @returns The image id and tag.
 * @throws {ImageBuildError} When tar or the import fails.
 */
export async function importRootfs(
  docker: Docker,
  dir: string,
  tag: string,
  options: ImportRootfsOptions = {},
): Promise<ImportRootfsReturnType> {
  const labels = Object.entries(options.labels ?? {}).map(
    ([key, value]) => `LABEL ${key}=${JSON.stringify(value)}`,
  )
  const changes = [...labels, ...(options.changes ?? [])]
  const tar = spawn('tar', ['--numeric-owner', '-C', dir, '-cf', '-', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tarStderr = ''
  tar.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    tarStderr += chunk
  })
  const tarDone = new Promise<number | null>((resolve, reject) => {
    tar.once('error', reject)
    tar.once('close', resolve)
  })
  const { repo, tag: version } = splitTag(tag)
  let output: string
  try {
    const stream = await docker.importImage(tar.stdout, { repo, tag: version, changes })
    output = await readAll(stream)
  } catch (error) {
    tar.kill('SIGKILL')
    await tarDone.catch(() => {})
    throw new ImageBuildError(`Importing ${dir} as ${tag} failed.`, { cause: error, details: String(error) })
  }
  const tarExit = await tarDone.catch((error: unknown) => {
    throw new ImageBuildError('Cannot run tar to pack the root filesystem.', { cause: error })
  })
  if (tarExit !== 0) {
    throw new ImageBuildError(`tar failed packing ${dir} (exit ${tarExit}).`, {
      details: lastLines(tarStderr),
    })
  }
  const messages = output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ProgressMessage)
  const failed = messages.find((message) => message.error !== undefined)
  if (failed) {
    throw new ImageBuildError(`Importing ${dir} as ${tag} failed.`, {
      details: failed.errorDetail?.message ?? failed.error,
    })
  }
  const id = messages.map((message) => message.status).find((status) => status?.startsWith('sha256:'))
  if (id === undefined)
    throw new ImageBuildError(`Importing ${tag} returned no image id.`, { details: output })
  return { id, tag }
}
