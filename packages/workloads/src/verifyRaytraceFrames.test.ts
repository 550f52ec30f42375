import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePpm } from './parsePpm.js'
import { raytraceFrameName } from './raytraceFrameName.js'
import { renderRaytraceFrame } from './renderRaytraceFrame.js'
import { verifyRaytraceFrames } from './verifyRaytraceFrames.js'

const animation = { width: 64, height: 36, frames: 6 }
const all = [0, 1, 2, 3, 4, 5]
let dir: string

/** A deterministic picker (a small LCG), so a failing case replays. */
function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state % n
  }
}

async function writeFrames(into: string): Promise<void> {
  for (const frame of all)
    await writeFile(join(into, raytraceFrameName(frame)), renderRaytraceFrame(animation, frame))
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-raytrace-verify-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('verifyRaytraceFrames', () => {
  it('accepts honest frames, checking one frame in full and samples of the others', async () => {
    await writeFrames(dir)
    const result = await verifyRaytraceFrames({ animation, dir, frames: all, randomInt: seeded(1) })
    expect(result).toMatchObject({ ok: true, framesChecked: 6, problems: [] })
    expect(result.fullFrames).toHaveLength(1)
    expect(result.pixelsChecked).toBe(64 * 36 + 5 * 256)
  })

  it('catches a single changed pixel in a frame it checks in full', async () => {
    await writeFrames(dir)
    const path = join(dir, raytraceFrameName(4))
    const bytes = await readFile(path)
    const header = bytes.length - 64 * 36 * 3
    const at = header + (20 * 64 + 33) * 3 + 1
    bytes[at] = (bytes[at] as number) ^ 1
    await writeFile(path, bytes)
    const result = await verifyRaytraceFrames({ animation, dir, frames: all, fullFrames: 6 })
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      {
        frame: 4,
        message: expect.stringMatching(
          /^frame-0004\.ppm: pixel \(33, 20\) is rgb\(.+\), re-rendered rgb\(.+\) \(1 of all pixels differ\)$/,
        ),
      },
    ])
  })

  it('catches a tampered region by sampling alone', async () => {
    await writeFrames(dir)
    const path = join(dir, raytraceFrameName(2))
    const bytes = await readFile(path)
    // A provider that skipped work: the bottom fifth of the frame painted grey.
    bytes.fill(128, bytes.length - Math.floor((64 * 36 * 3) / 5))
    await writeFile(path, bytes)
    const result = await verifyRaytraceFrames({
      animation,
      dir,
      frames: all,
      fullFrames: 0,
      randomInt: seeded(7),
    })
    expect(result.ok).toBe(false)
    expect(result.problems.map((p) => p.frame)).toEqual([2])
    expect(result.problems[0]?.message).toMatch(/of 256 sampled pixels differ/)
  })

  it('catches a frame copied from another time of the animation', async () => {
    await writeFrames(dir)
    await writeFile(join(dir, raytraceFrameName(3)), renderRaytraceFrame(animation, 1))
    const result = await verifyRaytraceFrames({ animation, dir, frames: all, fullFrames: 0 })
    expect(result.problems.map((p) => p.frame)).toEqual([3])
  })

  it('names missing, truncated, resized and foreign frames', async () => {
    await writeFrames(dir)
    await rm(join(dir, raytraceFrameName(0)))
    await truncate(join(dir, raytraceFrameName(1)), 100)
    await writeFile(join(dir, raytraceFrameName(2)), renderRaytraceFrame({ ...animation, width: 32 }, 2))
    await writeFile(join(dir, raytraceFrameName(3)), 'GIF89a')
    const result = await verifyRaytraceFrames({ animation, dir, frames: [...all, 9] })
    expect(result.problems).toEqual([
      { frame: 0, message: 'frame-0000.ppm is missing' },
      {
        frame: 1,
        message: 'frame-0001.ppm: the PPM pixel data is 87 bytes, 64×36 RGB needs 6912',
      },
      { frame: 2, message: 'frame-0002.ppm is 32×36, expected 64×36' },
      { frame: 3, message: 'frame-0003.ppm: not a binary PPM file (no P6 magic)' },
      { frame: 9, message: 'frame 9 is not in the 6-frame animation' },
    ])
  })
})

describe('parsePpm', () => {
  it('reads headers with comments and rejects other depths', () => {
    const pixels = Buffer.from([1, 2, 3, 4, 5, 6])
    const parsed = parsePpm(Buffer.concat([Buffer.from('P6 # made by hand\n2 1\n255\n'), pixels]))
    if (!('image' in parsed)) throw new Error(parsed.problem)
    expect(parsed.image).toMatchObject({ width: 2, height: 1 })
    expect([...parsed.image.pixels]).toEqual([1, 2, 3, 4, 5, 6])
    expect(parsePpm(Buffer.concat([Buffer.from('P6\n2 1\n65535\n'), pixels]))).toEqual({
      problem: 'the PPM maxval is 65535, not 255',
    })
    expect(parsePpm(Buffer.from('P6\n0 1\n255\n'))).toEqual({
      problem: 'the PPM header has no valid width and height',
    })
  })
})
