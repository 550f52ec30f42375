import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dockerFromHost, isMirrorReachable, runJob } from '@hearth/runtime'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ensureRaytraceImage, raytraceImageHash, raytraceRepository } from './ensureRaytraceImage.js'
import { verifyRaytraceFrames } from './verifyRaytraceFrames.js'

const docker = dockerFromHost(inject('dockerHost'))
const cached = await docker
  .getImage(`${raytraceRepository}:${(await raytraceImageHash()).slice(0, 16)}`)
  .inspect()
  .then(
    () => true,
    () => false,
  )
const buildable = cached || (await isMirrorReachable())
if (!buildable) console.warn('skipping the ray tracer image: not cached and deb.debian.org does not answer')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-raytrace-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('ensureRaytraceImage', () => {
  // Cold: the Debian build image (debootstrap + gcc, 1 to 2 minutes) and the compile; cached: ms.
  it.runIf(buildable)(
    'builds the image once; its frames match the TypeScript renderer bit for bit',
    async () => {
      const image = await ensureRaytraceImage(docker)
      expect(await ensureRaytraceImage(docker)).toEqual({ ...image, built: false })
      expect((await docker.getImage(image.tag).inspect()).Config.Labels).toMatchObject({
        'hearth.image': 'raytrace',
        'hearth.raytrace-hash': image.hash,
      })
      // Frames 4, 5 and 6 of a 12-frame loop, in the sandbox jobs run in (non-root, read-only root).
      const job = await runJob(
        docker,
        { image: image.tag, command: ['raytrace', '96', '54', '12', '4', '3', '/output'] },
        { dir: join(dir, 'job') },
      )
      expect(await job.wait()).toMatchObject({ exitCode: 0, reason: 'exited' })
      const lines = (await job.readLogs()).entries.filter((e) => e.stream === 'stdout').map((e) => e.line)
      expect(lines).toEqual(['frame 5/12 rendered', 'frame 6/12 rendered', 'frame 7/12 rendered'])
      const result = await verifyRaytraceFrames({
        animation: { width: 96, height: 54, frames: 12 },
        dir: job.outputDir,
        frames: [4, 5, 6],
        fullFrames: 3,
      })
      expect(result).toMatchObject({ ok: true, problems: [], pixelsChecked: 3 * 96 * 54 })
      await job.remove()
    },
    600_000,
  )

  it.runIf(buildable)(
    'refuses bad arguments with a usage line',
    async () => {
      const image = await ensureRaytraceImage(docker)
      const job = await runJob(
        docker,
        { image: image.tag, command: ['raytrace', '96', '54', '12', '10', '3', '/output'] },
        { dir: join(dir, 'bad') },
      )
      expect(await job.wait()).toMatchObject({ exitCode: 2 })
      const stderr = (await job.readLogs()).entries.filter((e) => e.stream === 'stderr').map((e) => e.line)
      expect(stderr[0]).toMatch(/^usage: raytrace <width 1-4096>/)
      await job.remove()
    },
    600_000,
  )
})
