import { createHash } from 'node:crypto'
import { chmod, copyFile, mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type Docker from 'dockerode'
import { aptInstall } from './aptInstall.js'
import { ImageBuildError } from './errors.js'
import { findImage } from './findImage.js'
import { importRootfs } from './importRootfs.js'
import { createSilentLogger, type Logger } from './Logger.js'
import { lastLines, runCommand } from './runCommand.js'

/** Options of {@link ensureBusyboxImage}. */
export interface EnsureBusyboxImageOptions {
  /** A statically linked busybox to use. Default: `/bin/busybox` or `/usr/bin/busybox` when static. */
  busyboxPath?: string
  /** Install Debian's busybox-static with apt-get when no static busybox is found. Default true. */
  install?: boolean
  logger?: Logger
}

/** What {@link ensureBusyboxImage} returns. */
export interface LocalImage {
  /** The reference to run it by (`hearth/busybox:<hash>`). */
  tag: string
  /** The image id. */
  id: string
  /** Whether this call built it (false: it was already in the engine). */
  built: boolean
}

/** The image repository Hearth's busybox images are tagged under. */
export const busyboxRepository = 'hearth/busybox'

/**
 * Whether the file is an ELF executable without a program interpreter, so it runs in an empty root
 * filesystem. Reads the program headers (ELF32 or ELF64, either byte order) looking for PT_INTERP.
 */
export async function isStaticElf(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const header = Buffer.alloc(64)
    await handle.read(header, 0, 64, 0)
    if (header.readUInt32BE(0) !== 0x7f454c46) return false
    const is64 = header[4] === 2
    const le = header[5] === 1
    const u16 = (buf: Buffer, at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at))
    const u32 = (buf: Buffer, at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at))
    const phoff = is64
      ? Number(le ? header.readBigUInt64LE(0x20) : header.readBigUInt64BE(0x20))
      : u32(header, 0x1c)
    const phentsize = u16(header, is64 ? 0x36 : 0x2a)
    const phnum = u16(header, is64 ? 0x38 : 0x2c)
    const table = Buffer.alloc(phentsize * phnum)
    await handle.read(table, 0, table.length, phoff)
    const PT_INTERP = 3
    for (let i = 0; i < phnum; i++) if (u32(table, i * phentsize) === PT_INTERP) return false
    return true
  } catch {
    return false
  } finally {
    await handle.close()
  }
}

async function findStaticBusybox(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await isStaticElf(candidate).catch(() => false)) return candidate
  return undefined
}

/**
 * Writes a busybox root filesystem: the binary at /bin/busybox, a symlink for each applet at the
 * path busybox lists for it (the `busybox` applet itself is skipped: its link would replace the
 * binary), /etc/passwd and /etc/group with root and nobody (65534), and a world-writable /tmp.
 */
export async function writeBusyboxRootfs(busybox: string, dir: string): Promise<void> {
  const list = await runCommand(busybox, ['--list-full'])
  if (list.exitCode !== 0) {
    throw new ImageBuildError(`${busybox} --list-full failed.`, { details: lastLines(list.stderr) })
  }
  for (const sub of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'root']) {
    await mkdir(join(dir, sub), { recursive: true })
  }
  await mkdir(join(dir, 'tmp'), { mode: 0o1777 })
  await chmod(join(dir, 'tmp'), 0o1777)
  await copyFile(busybox, join(dir, 'bin', 'busybox'))
  await chmod(join(dir, 'bin', 'busybox'), 0o755)
  const applets = list.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((path) => path !== '' && !path.endsWith('/busybox') && path !== 'busybox')
  for (const applet of applets) {
    const path = join(dir, applet)
    await mkdir(dirname(path), { recursive: true })
    await symlink('/bin/busybox', path)
  }
  await writeFile(
    join(dir, 'etc', 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
  )
  await writeFile(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n')
}

/**
 * Returns a tiny busybox image (about 2 MB), building it when the engine lacks it: Debian's static
 * busybox copied into a root filesystem with its applet links and `docker import`ed (about 0.1 s).
 * The tag names a hash of the busybox binary, so a new busybox makes a new image; the newest is
 * also tagged `hearth/busybox:latest`.
 *
 * @throws {ImageBuildError} When there is no static busybox and it cannot be installed, or the import fails.
 */
export async function ensureBusyboxImage(
  docker: Docker,
  options: EnsureBusyboxImageOptions = {},
): Promise<LocalImage> {
  const { logger = createSilentLogger() } = options
  const candidates = options.busyboxPath ? [options.busyboxPath] : ['/bin/busybox', '/usr/bin/busybox']
  let busybox = await findStaticBusybox(candidates)
  if (!busybox && options.install !== false && !options.busyboxPath) {
    logger.info({}, 'no static busybox; installing busybox-static')
    await aptInstall(['busybox-static'], { logger })
    busybox = await findStaticBusybox(candidates)
  }
  if (!busybox) {
    throw new ImageBuildError('No statically linked busybox found.', {
      details: `looked at ${candidates.join(', ')}`,
      metaMessages: ['Install it: `apt-get install -y --no-install-recommends busybox-static`.'],
    })
  }
  const hash = createHash('sha256')
    .update(await readFile(busybox))
    .digest('hex')
  const tag = `${busyboxRepository}:${hash.slice(0, 16)}`
  const existing = await findImage(docker, tag)
  if (existing) return { tag, id: existing, built: false }

  const started = performance.now()
  const dir = await mkdtemp(join(tmpdir(), 'hearth-busybox-'))
  try {
    await writeBusyboxRootfs(busybox, dir)
    const { id } = await importRootfs(docker, dir, tag, {
      labels: { 'hearth.image': 'busybox', 'hearth.busybox-sha256': hash },
      changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["sh"]'],
    })
    await docker.getImage(id).tag({ repo: busyboxRepository, tag: 'latest' })
    logger.info({ tag, ms: Math.round(performance.now() - started) }, 'built busybox image')
    return { tag, id, built: true }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
