import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  aptInstall,
  createSilentLogger,
  ensureBusyboxImage,
  findImage,
  ImageBuildError,
  importRootfs,
  type LocalImage,
  type Logger,
  withLock,
} from '@hearth/runtime'
import type Docker from 'dockerode'

/** Options of {@link ensureMatmulImage}. */
export interface EnsureMatmulImageOptions {
  logger?: Logger
  /** Install Debian's gcc and libc6-dev with apt-get when no C compiler or static libc is found. Default true. */
  install?: boolean
  /** The C compiler. Default `gcc`. */
  compiler?: string
}

/** What {@link ensureMatmulImage} returns. */
export type EnsureMatmulImageReturnType = LocalImage

/** The image repository the benchmark images are tagged under. */
export const matmulRepository = 'hearth/matmul'

/** Where the benchmark binary lives in the image (its entrypoint). */
export const matmulBinaryPath = '/usr/local/bin/matmul'

/** The C source of the benchmark. */
export const matmulSourcePath = fileURLToPath(new URL('../matmul/matmul.c', import.meta.url))

/**
 * The compiler flags: optimized, statically linked (the image has no libc), threads. The kernel
 * picks its instruction set at start-up (`target_clones`), so one binary runs on any x86-64.
 */
export const matmulCompilerFlags: readonly string[] = [
  '-O3',
  '-std=c11',
  '-static',
  '-pthread',
  '-Wall',
  '-Wextra',
  '-Werror',
]

/** The Debian packages that give a static C toolchain. */
const toolchainPackages = ['gcc', 'libc6-dev']

interface CommandResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

function run(
  command: string,
  args: readonly string[],
  stdin?: NodeJS.ReadableStream,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-65536)
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-65536)
    })
    child.once('error', reject)
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
    if (stdin && child.stdin) {
      // A command that exits early breaks the pipe; its exit code tells what happened.
      child.stdin.on('error', () => {})
      stdin.once('error', (error) => child.stdin?.destroy(error as Error))
      stdin.pipe(child.stdin)
    }
  })
}

/**
 * The content hash the image is tagged by: sha256 over the C source and the compiler flags, hex.
 * A changed source or flag makes a new image; the same ones never rebuild.
 */
export async function matmulImageHash(): Promise<string> {
  const source = await readFile(matmulSourcePath)
  return createHash('sha256').update(source).update('\0').update(matmulCompilerFlags.join(' ')).digest('hex')
}

/** Whether `compiler` runs and finds a static libc (`libc.a`, from libc6-dev). */
async function hasStaticToolchain(compiler: string): Promise<boolean> {
  try {
    const result = await run(compiler, ['-print-file-name=libc.a'])
    const path = result.stdout.trim()
    return result.exitCode === 0 && isAbsolute(path)
  } catch {
    return false
  }
}

async function exportRootfs(docker: Docker, image: string, dir: string): Promise<void> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['true'],
    HostConfig: { NetworkMode: 'none' },
  })
  try {
    const stream = await container.export()
    const result = await run('tar', ['-x', '--numeric-owner', '-C', dir, '-f', '-'], stream)
    if (result.exitCode !== 0)
      throw new ImageBuildError(`Unpacking ${image} failed.`, { details: result.stderr.trim() })
  } finally {
    await container.remove({ force: true }).catch(() => {})
  }
  // The engine adds these to every container; they are not part of the image.
  await rm(join(dir, '.dockerenv'), { force: true })
}

/**
 * Returns the benchmark image `hearth/matmul:<hash>`, building it when the engine lacks it:
 * `matmul/matmul.c` compiled statically on the host with the system C compiler (installing gcc
 * and libc6-dev with apt-get when missing and allowed), put at {@link matmulBinaryPath} in the
 * busybox root filesystem ({@link ensureBusyboxImage}) and `docker import`ed. The tag names
 * {@link matmulImageHash}, so nothing is compiled when the image exists. Builds are serialized
 * across processes.
 *
 * @param docker - The engine.
 * @returns The tag, the image id and whether this call built it.
 * @throws {ImageBuildError} When there is no C toolchain and it cannot be installed, or compiling or importing fails.
 * @throws {AptInstallError} When installing the toolchain fails.
 */
export async function ensureMatmulImage(
  docker: Docker,
  options: EnsureMatmulImageOptions = {},
): Promise<EnsureMatmulImageReturnType> {
  const { logger = createSilentLogger(), compiler = 'gcc' } = options
  const hash = await matmulImageHash()
  const tag = `${matmulRepository}:${hash.slice(0, 16)}`
  const existing = await findImage(docker, tag)
  if (existing) return { tag, id: existing, built: false }

  return withLock(join(tmpdir(), 'hearth-matmul-image.lock'), async () => {
    const again = await findImage(docker, tag)
    if (again) return { tag, id: again, built: false }
    const started = performance.now()
    if (!(await hasStaticToolchain(compiler))) {
      if (options.install === false) {
        throw new ImageBuildError(`No C compiler with a static libc (${compiler}).`, {
          metaMessages: [
            `Install one: \`apt-get install -y --no-install-recommends ${toolchainPackages.join(' ')}\`.`,
          ],
        })
      }
      logger.info({ compiler }, 'no static C toolchain; installing gcc and libc6-dev')
      await aptInstall(toolchainPackages, { logger })
      if (!(await hasStaticToolchain(compiler)))
        throw new ImageBuildError(`${compiler} still finds no static libc after installing libc6-dev.`)
    }
    const busybox = await ensureBusyboxImage(docker, { logger })
    const dir = await mkdtemp(join(tmpdir(), 'hearth-matmul-'))
    try {
      const binary = join(dir, 'matmul')
      const compiled = await run(compiler, [...matmulCompilerFlags, '-o', binary, matmulSourcePath])
      if (compiled.exitCode !== 0) {
        throw new ImageBuildError(`Compiling ${matmulSourcePath} failed.`, {
          details: compiled.stderr.trim().split('\n').slice(-15).join('\n'),
        })
      }
      const rootfs = join(dir, 'rootfs')
      await mkdir(rootfs)
      await exportRootfs(docker, busybox.tag, rootfs)
      await mkdir(join(rootfs, 'usr', 'local', 'bin'), { recursive: true })
      await copyFile(binary, join(rootfs, matmulBinaryPath))
      await chmod(join(rootfs, matmulBinaryPath), 0o755)
      const { id } = await importRootfs(docker, rootfs, tag, {
        labels: { 'hearth.image': 'matmul', 'hearth.matmul-hash': hash, 'hearth.base': busybox.tag },
        changes: [
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          `ENTRYPOINT ["${matmulBinaryPath}"]`,
        ],
      })
      logger.info({ tag, ms: Math.round(performance.now() - started) }, 'built matmul image')
      return { tag, id, built: true }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
}
