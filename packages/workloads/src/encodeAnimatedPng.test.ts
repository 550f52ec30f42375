import { crc32, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodeAnimatedPng } from './encodeAnimatedPng.js'

/** The file's chunks, each CRC checked. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const out: { type: string; data: Buffer }[] = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    const body = png.subarray(at + 4, at + 8 + length)
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(body))
    out.push({ type: body.subarray(0, 4).toString('ascii'), data: body.subarray(4) })
    at += 12 + length
  }
  return out
}

describe('encodeAnimatedPng', () => {
  it('writes an APNG whose frames inflate back to the exact pixels', () => {
    const frames = [0, 1, 2].map((f) =>
      Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => (i * 17 + f * 50) % 256),
    )
    const png = encodeAnimatedPng({ width: 2, height: 2, frames, framesPerSecond: 12 })
    const list = chunks(png)
    expect(list.map((c) => c.type)).toEqual([
      'IHDR',
      'acTL',
      'fcTL',
      'IDAT',
      'fcTL',
      'fdAT',
      'fcTL',
      'fdAT',
      'IEND',
    ])
    expect(list[1]?.data.readUInt32BE(0)).toBe(3)
    // Sequence numbers run 0, 1, 2, … across fcTL and fdAT; the delay is 1/12 s.
    expect(
      list.filter((c) => c.type === 'fcTL' || c.type === 'fdAT').map((c) => c.data.readUInt32BE(0)),
    ).toEqual([0, 1, 2, 3, 4])
    expect(list[2]?.data.readUInt16BE(22)).toBe(12)
    const decoded = list
      .filter((c) => c.type === 'IDAT' || c.type === 'fdAT')
      .map((c) => inflateSync(c.type === 'IDAT' ? c.data : c.data.subarray(4)))
    decoded.forEach((raw, f) => {
      const pixels = [...raw.subarray(1, 7), ...raw.subarray(8, 14)]
      expect([raw[0], raw[7]]).toEqual([0, 0])
      expect(pixels).toEqual([...(frames[f] as Uint8Array)])
    })
  })

  it('refuses a frame of the wrong size', () => {
    expect(() => encodeAnimatedPng({ width: 2, height: 2, frames: [new Uint8Array(11)] })).toThrow(
      'frame 0 has 11 bytes, 2×2 RGB needs 12',
    )
  })
})
