import { randomInt } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parsePpm } from './parsePpm.js'
import { raytraceFrameName } from './raytraceFrameName.js'
import { type RaytraceAnimation, raytraceScene, renderRaytracePixel } from './renderRaytracePixel.js'

/** Parameters of {@link verifyRaytraceFrames}. */
export interface VerifyRaytraceFramesParameters {
  /** The animation the frames belong to. */
  animation: RaytraceAnimation
  /** The folder holding the frames (`frame-NNNN.ppm`). */
  dir: string
  /** The frame indices to check (each must be in the folder). */
  frames: readonly number[]
  /** Pixels re-rendered at random in each frame not checked in full. Default 256. */
  samplesPerFrame?: number
  /** Frames, chosen at random, re-rendered and compared in full. Default 1. */
  fullFrames?: number
  /** Uniform integer in [0, n): picks the samples. Default `node:crypto`'s randomInt (unpredictable to a provider). */
  randomInt?: (n: number) => number
}

/** One thing wrong with a frame. */
export interface RaytraceFrameProblem {
  frame: number
  message: string
}

/** What {@link verifyRaytraceFrames} returns. */
export interface VerifyRaytraceFramesReturnType {
  /** Whether every frame was there, well-formed, of the right size, and every checked pixel matched. */
  ok: boolean
  /** Frames read and checked. */
  framesChecked: number
  /** Pixels re-rendered and compared, in all. */
  pixelsChecked: number
  /** The frames compared in full. */
  fullFrames: number[]
  /** What is wrong, per frame (at most one entry per frame). */
  problems: RaytraceFrameProblem[]
}

/**
 * Checks ray-traced frames a provider rendered, without trusting it: every frame must be present
 * and a well-formed PPM of the animation's size; `fullFrames` frames picked at random are
 * re-rendered in full and must match byte for byte, and in every other frame `samplesPerFrame`
 * random pixels are re-rendered and must match exactly (the renderer is deterministic to the bit).
 * A frame with a fraction f of its pixels wrong passes the sampling with probability (1 − f)^samples:
 * below 10^-11 for f = 10% and 256 samples. The picks come from an unpredictable source, so a
 * provider cannot know which pixels will be checked.
 *
 * @returns The verdict, with one problem per bad frame.
 */
export async function verifyRaytraceFrames(
  parameters: VerifyRaytraceFramesParameters,
): Promise<VerifyRaytraceFramesReturnType> {
  const { animation, dir, frames } = parameters
  const samples = parameters.samplesPerFrame ?? 256
  const pick = parameters.randomInt ?? ((n: number) => randomInt(n))
  const wanted = [...new Set(frames)]
  const full = new Set<number>()
  const fullCount = Math.min(parameters.fullFrames ?? 1, wanted.length)
  while (full.size < fullCount) full.add(wanted[pick(wanted.length)] as number)

  const problems: RaytraceFrameProblem[] = []
  let pixelsChecked = 0
  for (const frame of wanted) {
    if (!Number.isInteger(frame) || frame < 0 || frame >= animation.frames) {
      problems.push({ frame, message: `frame ${frame} is not in the ${animation.frames}-frame animation` })
      continue
    }
    const name = raytraceFrameName(frame)
    let bytes: Buffer
    try {
      bytes = await readFile(join(dir, name))
    } catch {
      problems.push({ frame, message: `${name} is missing` })
      continue
    }
    const parsed = parsePpm(bytes)
    if ('problem' in parsed) {
      problems.push({ frame, message: `${name}: ${parsed.problem}` })
      continue
    }
    const { image } = parsed
    if (image.width !== animation.width || image.height !== animation.height) {
      problems.push({
        frame,
        message: `${name} is ${image.width}×${image.height}, expected ${animation.width}×${animation.height}`,
      })
      continue
    }
    const scene = raytraceScene(animation, frame)
    const check = (x: number, y: number): string | undefined => {
      pixelsChecked++
      const expected = renderRaytracePixel(scene, x, y)
      const at = (y * image.width + x) * 3
      const actual = [image.pixels[at], image.pixels[at + 1], image.pixels[at + 2]]
      if (actual[0] === expected[0] && actual[1] === expected[1] && actual[2] === expected[2])
        return undefined
      return `${name}: pixel (${x}, ${y}) is rgb(${actual.join(', ')}), re-rendered rgb(${expected.join(', ')})`
    }
    let mismatch: string | undefined
    let wrong = 0
    if (full.has(frame)) {
      for (let y = 0; y < image.height; y++)
        for (let x = 0; x < image.width; x++) {
          const found = check(x, y)
          if (found) {
            mismatch ??= found
            wrong++
          }
        }
    } else {
      for (let i = 0; i < samples; i++) {
        const found = check(pick(image.width), pick(image.height))
        if (found) {
          mismatch ??= found
          wrong++
        }
      }
    }
    if (mismatch) {
      const of = full.has(frame) ? 'of all pixels' : `of ${samples} sampled pixels`
      problems.push({ frame, message: `${mismatch} (${wrong} ${of} differ)` })
    }
  }
  return {
    ok: problems.length === 0,
    framesChecked: wanted.length,
    pixelsChecked,
    fullFrames: [...full].sort((a, b) => a - b),
    problems,
  }
}
