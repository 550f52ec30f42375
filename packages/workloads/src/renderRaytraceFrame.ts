import { type RaytraceAnimation, raytraceScene, renderRaytracePixel } from './renderRaytracePixel.js'

/**
 * Renders a whole frame as the `raytrace` program does and returns it as the binary PPM file the
 * program writes (`P6`, 8-bit RGB), byte for byte. Slow in JavaScript (about a second for 384×216):
 * meant for checking a frame in full and for tests.
 *
 * @param animation Frame size and loop length.
 * @param frame The frame index, 0 to `frames - 1`.
 * @returns The PPM file's bytes.
 */
export function renderRaytraceFrame(animation: RaytraceAnimation, frame: number): Buffer {
  const { width, height } = animation
  const header = Buffer.from(`P6\n${width} ${height}\n255\n`, 'ascii')
  const out = Buffer.alloc(header.length + width * height * 3)
  header.copy(out)
  const scene = raytraceScene(animation, frame)
  let offset = header.length
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = renderRaytracePixel(scene, x, y)
      out[offset++] = r
      out[offset++] = g
      out[offset++] = b
    }
  }
  return out
}
