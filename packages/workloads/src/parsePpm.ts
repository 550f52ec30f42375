/** A decoded binary PPM image (`P6`, 8-bit RGB). */
export interface PpmImage {
  width: number
  height: number
  /** Row-major RGB bytes, `width × height × 3`. */
  pixels: Uint8Array
}

/**
 * Decodes a binary PPM file (`P6`, maxval 255) as the `raytrace` program writes it: the magic, the
 * width, the height and the maxval separated by whitespace (comments allowed), one whitespace byte,
 * then exactly `width × height × 3` bytes.
 *
 * @param bytes The file.
 * @returns The image, or a one-line reason it is not a well-formed 8-bit P6 file.
 */
export function parsePpm(bytes: Uint8Array): { image: PpmImage } | { problem: string } {
  let offset = 0
  const token = (): string | undefined => {
    for (;;) {
      while (offset < bytes.length && isSpace(bytes[offset] as number)) offset++
      if (bytes[offset] !== 0x23) break
      while (offset < bytes.length && bytes[offset] !== 0x0a) offset++
    }
    const start = offset
    while (offset < bytes.length && !isSpace(bytes[offset] as number) && offset - start < 16) offset++
    return offset > start ? Buffer.from(bytes.subarray(start, offset)).toString('latin1') : undefined
  }
  if (token() !== 'P6') return { problem: 'not a binary PPM file (no P6 magic)' }
  const fields = [token(), token(), token()]
  const [width, height, maxval] = fields.map((field) =>
    field && /^\d+$/.test(field) ? Number(field) : Number.NaN,
  )
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || !width || !height)
    return { problem: 'the PPM header has no valid width and height' }
  if (maxval !== 255) return { problem: `the PPM maxval is ${fields[2]}, not 255` }
  if (offset >= bytes.length || !isSpace(bytes[offset] as number))
    return { problem: 'the PPM header is not followed by pixel data' }
  offset++
  const expected = (width as number) * (height as number) * 3
  const actual = bytes.length - offset
  if (actual !== expected)
    return { problem: `the PPM pixel data is ${actual} bytes, ${width}×${height} RGB needs ${expected}` }
  return { image: { width: width as number, height: height as number, pixels: bytes.subarray(offset) } }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0b || byte === 0x0c
}
