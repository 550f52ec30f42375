import { crc32, deflateSync } from 'node:zlib'

/** Parameters of {@link encodeAnimatedPng}. */
export interface EncodeAnimatedPngParameters {
  width: number
  height: number
  /** Each frame's row-major RGB bytes, `width × height × 3`. */
  frames: readonly Uint8Array[]
  /** Playback speed; default 24. */
  framesPerSecond?: number
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function uint32s(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4)
  for (const [i, value] of values.entries()) out.writeUInt32BE(value, i * 4)
  return out
}

/**
 * Encodes RGB frames as an animated PNG (APNG: plays in browsers, looping; viewers without APNG
 * support show the first frame). Lossless: every frame's pixels are kept exactly.
 *
 * @returns The file's bytes.
 */
export function encodeAnimatedPng(parameters: EncodeAnimatedPngParameters): Buffer {
  const { width, height, frames } = parameters
  const fps = parameters.framesPerSecond ?? 24
  const stride = width * 3
  const parts = [
    signature,
    chunk('IHDR', Buffer.concat([uint32s(width, height), Buffer.from([8, 2, 0, 0, 0])])),
    chunk('acTL', uint32s(frames.length, 0)),
  ]
  let sequence = 0
  for (const [index, pixels] of frames.entries()) {
    if (pixels.length !== stride * height)
      throw new RangeError(
        `frame ${index} has ${pixels.length} bytes, ${width}×${height} RGB needs ${stride * height}`,
      )
    // Each row is prefixed with its filter type: 0, none.
    const raw = Buffer.alloc((stride + 1) * height)
    for (let y = 0; y < height; y++)
      raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
    const control = Buffer.alloc(26)
    control.writeUInt32BE(sequence++, 0)
    control.writeUInt32BE(width, 4)
    control.writeUInt32BE(height, 8)
    control.writeUInt16BE(1, 20)
    control.writeUInt16BE(fps, 22)
    parts.push(chunk('fcTL', control))
    const data = deflateSync(raw)
    parts.push(index === 0 ? chunk('IDAT', data) : chunk('fdAT', Buffer.concat([uint32s(sequence++), data])))
  }
  parts.push(chunk('IEND', Buffer.alloc(0)))
  return Buffer.concat(parts)
}
