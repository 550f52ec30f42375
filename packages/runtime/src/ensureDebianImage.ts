import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Docker from 'dockerode'
import { aptInstall } from './aptInstall.js'
import type { LocalImage } from './ensureBusyboxImage.js'
import { ImageBuildError } from './errors.js'
import { findImage } from './findImage.js'
import { importRootfs } from './importRootfs.js'
import { createSilentLogger, type Logger } from './Logger.js'
import { findExecutable, lastLines, runCommand } from './runCommand.js'
import { withLock } from './withLock.js'

/** Options of {@link ensureDebianImage}. */
export interface EnsureDebianImageOptions {
  /** Debian packages to install on top of the minimal base (`python3`, `python3-numpy`). */
  packages?: readonly string[]
  /** The tag to give it. Default `hearth/debian:<suite>-<hash>`, the hash naming the package list. */
  tag?: string
  /** The Debian release. Default `bookworm`. */
  suite?: string
  /** The Debian mirror. Default `http://deb.debian.org/debian`. */
  mirror?: string
  /** Where to build the root filesystem (it is removed afterwards). Default: the temp dir. */
  workDir?: string
  /** Install debootstrap with apt-get when it is missing. Default true. */
  install?: boolean
  logger?: Logger
}

/** What {@link ensureDebianImage} returns. */
export interface DebianImage extends LocalImage {
  /** The hash of the recipe (suite and sorted package list) the image was built from. */
  hash: string
  /** The extra packages it holds, sorted. */
  packages: readonly string[]
}

/** The image repository Hearth's Debian images are tagged under. */
export const debianRepository = 'hearth/debian'

const defaultMirror = 'http://deb.debian.org/debian'
/** Bump when the build steps change, so images built the old way are rebuilt. */
const recipeVersion = 1
const debianPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** The cache key of a Debian image: a hash of the suite and the sorted, de-duplicated package list. */
export function debianImageHash(suite: string, packages: readonly string[]): string {
  const sorted = [...new Set(packages)].sort()
  return createHash('sha256')
    .update(JSON.stringify({ recipeVersion, variant: 'minbase', suite, packages: sorted }))
    .digest('hex')
}

/**
 * Whether a Debian mirror answers for a suite (its Release file), within `timeoutMs`.
 * Lets a caller skip a Debian image build with a clear message where the mirror is out of reach.
 */
export async function isMirrorReachable(
  options: { mirror?: string; suite?: string; timeoutMs?: number } = {},
): Promise<boolean> {
  const { mirror = defaultMirror, suite = 'bookworm', timeoutMs = 5_000 } = options
  try {
    const response = await fetch(`${mirror}/dists/${suite}/Release`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs),
    })
    return response.ok
  } catch {
    return false
  }
}

async function checked(step: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
  const result = await runCommand(command, args, env ? { env } : {})
  if (result.exitCode !== 0) {
    throw new ImageBuildError(`${step} failed (exit ${result.exitCode ?? result.signal}).`, {
      details: lastLines(`${result.stdout}\n${result.stderr}`),
    })
  }
  return result
}

async function buildRootfs(
  rootfs: string,
  options: { suite: string; mirror: string; packages: readonly string[]; install: boolean; logger: Logger },
): Promise<void> {
  const { logger } = options
  let debootstrap = await findExecutable('debootstrap', { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` })
  if (!debootstrap && options.install) {
    await aptInstall(['debootstrap'], { logger })
    debootstrap = await findExecutable('debootstrap', { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` })
  }
  if (!debootstrap) {
    throw new ImageBuildError('debootstrap is not installed.', {
      metaMessages: ['Install it: `apt-get install -y --no-install-recommends debootstrap`.'],
    })
  }
  const env = {
    ...process.env,
    PATH: debianPath,
    DEBIAN_FRONTEND: 'noninteractive',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
  }
  logger.info({ suite: options.suite, mirror: options.mirror }, 'debootstrap')
  const bootstrap = await runCommand(
    debootstrap,
    ['--variant=minbase', options.suite, rootfs, options.mirror],
    { env },
  )
  if (bootstrap.exitCode !== 0) {
    const log = await readFile(join(rootfs, 'debootstrap', 'debootstrap.log'), 'utf8').catch(() => '')
    throw new ImageBuildError(`debootstrap of Debian ${options.suite} from ${options.mirror} failed.`, {
      details: lastLines(`${bootstrap.stdout}\n${bootstrap.stderr}\n${log}`),
      metaMessages: ['Check that the mirror is reachable (deb.debian.org, or pass `mirror`).'],
    })
  }
  if (options.packages.length > 0) {
    // Packages must not start services inside the chroot, and apt needs a resolver there.
    const policy = join(rootfs, 'usr', 'sbin', 'policy-rc.d')
    await writeFile(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 })
    if (existsSync('/etc/resolv.conf')) await copyFile('/etc/resolv.conf', join(rootfs, 'etc', 'resolv.conf'))
    const lists = await readdir(join(rootfs, 'var', 'lib', 'apt', 'lists')).catch(() => [] as string[])
    if (!lists.some((name) => /_Packages(\.\w+)?$/.test(name))) {
      await checked('apt-get update in the chroot', 'chroot', [rootfs, 'apt-get', 'update'], env)
    }
    logger.info({ packages: options.packages }, 'installing packages in the chroot')
    await checked(
      `apt-get install ${options.packages.join(' ')} in the chroot`,
      'chroot',
      [rootfs, 'apt-get', 'install', '-y', '--no-install-recommends', ...options.packages],
      env,
    )
    await unlink(policy)
  }
  await checked('apt-get clean in the chroot', 'chroot', [rootfs, 'apt-get', 'clean'], env)
  await rm(join(rootfs, 'var', 'lib', 'apt', 'lists'), { recursive: true, force: true })
  await mkdir(join(rootfs, 'var', 'lib', 'apt', 'lists', 'partial'), { recursive: true })
  // Docker mounts its own resolv.conf, hosts and hostname over these.
  await writeFile(join(rootfs, 'etc', 'resolv.conf'), '')
}

/**
 * Returns a Debian image with extra packages, building it when the engine lacks it:
 * `debootstrap --variant=minbase <suite>` from a Debian mirror, the packages installed with apt-get
 * in a chroot, the result `docker import`ed (roughly 25–60 s, depending on the packages and the
 * mirror). Images are cached by a hash of the suite and package list: the same list finds the same
 * image, in any order. Concurrent builds of one image are serialized across processes.
 *
 * @throws {ImageBuildError} When debootstrap is missing and cannot be installed, the mirror is
 *   unreachable, a package does not exist, or the import fails.
 */
export async function ensureDebianImage(
  docker: Docker,
  options: EnsureDebianImageOptions = {},
): Promise<DebianImage> {
  const { suite = 'bookworm', mirror = defaultMirror, logger = createSilentLogger() } = options
  const packages = [...new Set(options.packages ?? [])].sort()
  const hash = debianImageHash(suite, packages)
  const tag = options.tag ?? `${debianRepository}:${suite}-${hash.slice(0, 16)}`

  const find = async (): Promise<string | undefined> => {
    const id = await findImage(docker, tag)
    if (id === undefined) return undefined
    const labels = (await docker.getImage(id).inspect()).Config?.Labels ?? {}
    return labels['hearth.debian-hash'] === hash ? id : undefined
  }
  const cached = await find()
  if (cached) return { tag, id: cached, built: false, hash, packages }

  return withLock(
    join(tmpdir(), `hearth-debian-${hash.slice(0, 16)}.lock`),
    async () => {
      const builtMeanwhile = await find()
      if (builtMeanwhile) return { tag, id: builtMeanwhile, built: false, hash, packages }
      const started = performance.now()
      const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), 'hearth-debian-'))
      try {
        const rootfs = join(workDir, 'rootfs')
        await buildRootfs(rootfs, { suite, mirror, packages, install: options.install ?? true, logger })
        const { id } = await importRootfs(docker, rootfs, tag, {
          labels: {
            'hearth.image': 'debian',
            'hearth.debian-hash': hash,
            'hearth.debian-suite': suite,
            'hearth.debian-packages': packages.join(' '),
          },
          changes: [`ENV PATH=${debianPath}`, 'ENV LANG=C.UTF-8', 'CMD ["bash"]'],
        })
        logger.info({ tag, packages, ms: Math.round(performance.now() - started) }, 'built Debian image')
        return { tag, id, built: true, hash, packages }
      } finally {
        await rm(workDir, { recursive: true, force: true })
      }
      // Another process may be building the same image: wait for it rather than build it twice.
    },
    { timeoutMs: 30 * 60_000, pollMs: 500 },
  )
}
