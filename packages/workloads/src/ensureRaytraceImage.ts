import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createSilentLogger,
  debianImageHash,
  ensureDebianImage,
  findImage,
  ImageBuildError,
  type LocalImage,
  type Logger,
  withLock,
} from '@hearth/runtime'
import type Docker from 'dockerode'

/** Options of {@link ensureRaytraceImage}. */
export interface EnsureRaytraceImageOptions {
  logger?: Logger
  /** The Debian mirror the toolchain image is built from. Default `http://deb.debian.org/debian`. */
  mirror?: string
}

/** What {@link ensureRaytraceImage} returns. */
export interface EnsureRaytraceImageReturnType extends LocalImage {
  /** The content hash the tag names ({@link raytraceImageHash}). */
  hash: string
}

/** The image repository of the ray tracer. */
export const raytraceRepository = 'hearth/raytrace'

/** The C source of the ray tracer. */
export const raytraceSourcePath = fileURLToPath(new URL('../raytrace/raytrace.c', import.meta.url))

/**
 * The compiler flags. No FMA contraction and no fast-math: the renderer's arithmetic must round as
 * the TypeScript reference's does, so a consumer can re-render pixels to check a frame.
 */
export const raytraceCompilerFlags: readonly string[] = [
  '-O2',
  '-std=c11',
  '-ffp-contract=off',
  '-Wall',
  '-Wextra',
  '-Werror',
]

/** Debian's suite and the packages of the build image (a C compiler and the C library headers). */
const suite = 'bookworm'
const toolchainPackages = ['gcc', 'libc6-dev']

/**
 * The content hash the image is tagged by: sha256 over the C source, the compiler flags and the
 * Debian recipe of the build image. The same inputs never rebuild; a changed one makes a new image.
 */
export async function raytraceImageHash(): Promise<string> {
  const source = await readFile(raytraceSourcePath)
  return createHash('sha256')
    .update(source)
    .update('\0')
    .update(raytraceCompilerFlags.join(' '))
    .update('\0')
    .update(debianImageHash(suite, toolchainPackages))
    .digest('hex')
}

/**
 * Returns the demo ray tracer's image `hearth/raytrace:<hash>`, building it when the engine lacks
 * it: a Debian image with Debian's gcc and libc6-dev ({@link ensureDebianImage}, built with
 * debootstrap and apt the first time, about 1.5 minutes), in which `raytrace/raytrace.c` is
 * compiled to `/usr/local/bin/raytrace`; the container is committed as the image. The tag names
 * {@link raytraceImageHash}, so a warm start finds it in milliseconds. Builds are serialized across
 * processes.
 *
 * @param docker The engine.
 * @returns The tag, the image id, whether this call built it, and its hash.
 * @throws {ImageBuildError} When the Debian build image cannot be built, or compiling fails.
 */
export async function ensureRaytraceImage(
  docker: Docker,
  options: EnsureRaytraceImageOptions = {},
): Promise<EnsureRaytraceImageReturnType> {
  const { logger = createSilentLogger() } = options
  const hash = await raytraceImageHash()
  const tag = `${raytraceRepository}:${hash.slice(0, 16)}`
  const existing = await findImage(docker, tag)
  if (existing) return { tag, id: existing, built: false, hash }

  return withLock(
    join(tmpdir(), `hearth-raytrace-${hash.slice(0, 16)}.lock`),
    async () => {
      const again = await findImage(docker, tag)
      if (again) return { tag, id: again, built: false, hash }
      const started = performance.now()
      const toolchain = await ensureDebianImage(docker, {
        suite,
        packages: toolchainPackages,
        logger,
        ...(options.mirror ? { mirror: options.mirror } : {}),
      })
      const compile = [
        'gcc',
        ...raytraceCompilerFlags,
        '-o',
        '/usr/local/bin/raytrace',
        '/src/raytrace.c',
        '-lm',
      ].join(' ')
      const container = await docker.createContainer({
        Image: toolchain.tag,
        Cmd: ['sh', '-c', `${compile} && raytrace 8 4 2 0 1 /tmp && rm /tmp/frame-0000.ppm`],
        // A terminal: the log comes back as plain text, not multiplexed.
        Tty: true,
        HostConfig: { NetworkMode: 'none', Binds: [`${dirname(raytraceSourcePath)}:/src:ro`] },
      })
      try {
        await container.start()
        const { StatusCode } = (await container.wait()) as { StatusCode: number }
        if (StatusCode !== 0) {
          const logs = await container.logs({ stdout: true, stderr: true })
          throw new ImageBuildError(`Compiling ${raytraceSourcePath} failed (exit ${StatusCode}).`, {
            details: logs.toString('utf8').trim().split('\n').slice(-15).join('\n'),
          })
        }
        await container.commit({
          repo: raytraceRepository,
          tag: hash.slice(0, 16),
          comment: `raytrace.c compiled with Debian's gcc (${toolchain.tag})`,
          changes: [
            `LABEL hearth.image=raytrace hearth.raytrace-hash=${hash} hearth.base=${toolchain.tag}`,
            'CMD ["raytrace"]',
          ].join('\n'),
        })
      } finally {
        await container.remove({ force: true }).catch(() => {})
      }
      const id = await findImage(docker, tag)
      if (!id) throw new ImageBuildError(`Committing ${tag} left no image.`)
      logger.info({ tag, ms: Math.round(performance.now() - started) }, 'built the ray tracer image')
      return { tag, id, built: true, hash }
    },
    { timeoutMs: 30 * 60_000, pollMs: 500 },
  )
}
