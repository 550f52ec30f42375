import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { debianImageHash, ensureDebianImage, isMirrorReachable } from './ensureDebianImage.js'
import { dockerFromHost } from './ensureDocker.js'
import { runJob } from './runJob.js'

const docker = dockerFromHost(inject('dockerHost'))
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-debian-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('debianImageHash', () => {
  it('names the package set, whatever its order or repeats', () => {
    const hash = debianImageHash('bookworm', ['python3', 'python3-numpy'])
    expect(debianImageHash('bookworm', ['python3-numpy', 'python3', 'python3'])).toBe(hash)
    expect(debianImageHash('bookworm', ['python3'])).not.toBe(hash)
    expect(debianImageHash('trixie', ['python3', 'python3-numpy'])).not.toBe(hash)
  })
})

const mirrorReachable = await isMirrorReachable()
if (!mirrorReachable)
  console.warn('skipping the Debian image build: deb.debian.org does not answer from here')

describe('ensureDebianImage', () => {
  // debootstrap plus the packages take 0.5 to 2 minutes; a cached image is found in milliseconds.
  it.runIf(mirrorReachable)(
    'builds a Debian image with extra packages once, and runs jobs in it',
    async () => {
      const started = performance.now()
      const image = await ensureDebianImage(docker, { packages: ['python3'] })
      console.log(
        `Debian image with python3: ${image.built ? 'built' : 'cached'} in ${Math.round(performance.now() - started)} ms`,
      )
      expect(await ensureDebianImage(docker, { packages: ['python3', 'python3'] })).toEqual({
        ...image,
        built: false,
      })
      expect((await docker.getImage(image.tag).inspect()).Config.Labels).toMatchObject({
        'hearth.image': 'debian',
        'hearth.debian-packages': 'python3',
      })
      const job = await runJob(
        docker,
        { image: image.tag, command: ['python3', '-c', 'import os; print(6 * 7, os.getuid())'] },
        { dir: join(dir, 'job') },
      )
      expect(await job.wait()).toMatchObject({ exitCode: 0, reason: 'exited' })
      expect((await job.readLogs()).entries.filter((e) => e.stream === 'stdout').map((e) => e.line)).toEqual([
        '42 65534',
      ])
      await job.remove()
    },
    600_000,
  )
})
