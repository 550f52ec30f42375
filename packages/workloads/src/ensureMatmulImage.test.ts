import { dockerFromHost } from '@hearth/runtime'
import { describe, expect, inject, it } from 'vitest'
import {
  ensureMatmulImage,
  matmulBinaryPath,
  matmulImageHash,
  matmulRepository,
} from './ensureMatmulImage.js'

const docker = dockerFromHost(inject('dockerHost'))

describe('ensureMatmulImage', () => {
  it('tags the image by the hash of the source and flags, and does not rebuild it', async () => {
    const hash = await matmulImageHash()
    const started = performance.now()
    const image = await ensureMatmulImage(docker)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(image).toMatchObject({ tag: `${matmulRepository}:${hash.slice(0, 16)}`, built: false })
    expect(image.tag).toBe(inject('matmulImage'))
    const info = await docker.getImage(image.tag).inspect()
    expect(info.Id).toBe(image.id)
    expect(info.Config.Entrypoint).toEqual([matmulBinaryPath])
    expect(info.Config.Labels).toMatchObject({ 'hearth.image': 'matmul', 'hearth.matmul-hash': hash })
    // A small image: busybox and one static binary.
    expect(info.Size).toBeLessThan(8 * 1024 * 1024)
  })
})
