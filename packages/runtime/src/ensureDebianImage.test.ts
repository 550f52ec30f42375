import { describe, expect, inject, it } from 'vitest'
import { debianImageHash, ensureDebianImage, isMirrorReachable } from './ensureDebianImage.js'
import { dockerFromHost } from './ensureDocker.js'

const docker = dockerFromHost(inject('dockerHost'))

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
    'builds a Debian image with extra packages once',
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
    },
    600_000,
  )
})
