import { lstat, mkdtemp, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ensureBusyboxImage, isStaticElf, writeBusyboxRootfs } from './ensureBusyboxImage.js'
import { dockerFromHost } from './ensureDocker.js'
import { importRootfs } from './importRootfs.js'
import { runJob } from './runJob.js'

const docker = dockerFromHost(inject('dockerHost'))
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-busybox-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('isStaticElf', () => {
  it('tells a static busybox from a dynamically linked program', async () => {
    expect(await isStaticElf(process.execPath)).toBe(false)
    expect(await isStaticElf('/etc/hostname')).toBe(false)
  })
})

describe('writeBusyboxRootfs', () => {
  it('links every applet to the binary, but not the busybox applet over the binary itself', async () => {
    const rootfs = join(dir, 'rootfs')
    await writeBusyboxRootfs('/bin/busybox', rootfs)
    expect((await lstat(join(rootfs, 'bin', 'busybox'))).isFile()).toBe(true)
    expect(await isStaticElf(join(rootfs, 'bin', 'busybox'))).toBe(true)
    expect(await readlink(join(rootfs, 'bin', 'sh'))).toBe('/bin/busybox')
    expect(await readlink(join(rootfs, 'usr', 'bin', 'awk'))).toBe('/bin/busybox')
    expect((await lstat(join(rootfs, 'tmp'))).mode & 0o7777).toBe(0o1777)
  })
})

describe('ensureBusyboxImage', () => {
  it('finds the image it built instead of building it again', async () => {
    const first = await ensureBusyboxImage(docker)
    const second = await ensureBusyboxImage(docker)
    expect(second).toEqual({ ...first, built: false })
    expect(first.tag).toBe(inject('busyboxImage'))
    const labels = (await docker.getImage(first.tag).inspect()).Config.Labels
    expect(labels).toMatchObject({ 'hearth.image': 'busybox' })
  })
})

describe('importRootfs', () => {
  it('turns a folder into an image that runs, without a registry', async () => {
    const rootfs = join(dir, 'import')
    await writeBusyboxRootfs('/bin/busybox', rootfs)
    const tag = `hearth/test-import:${Date.now()}`
    const image = await importRootfs(docker, rootfs, tag, { labels: { 'hearth.test': 'yes' } })
    try {
      expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect((await docker.getImage(tag).inspect()).Config.Labels).toMatchObject({ 'hearth.test': 'yes' })
      const job = await runJob(
        docker,
        { image: tag, command: ['sh', '-c', 'echo it runs'] },
        { dir: join(dir, 'job') },
      )
      expect(await job.wait()).toMatchObject({ exitCode: 0 })
      expect((await job.readLogs()).entries.map((entry) => entry.line)).toContain('it runs')
      await job.remove()
    } finally {
      await docker.getImage(tag).remove()
    }
  })
})
