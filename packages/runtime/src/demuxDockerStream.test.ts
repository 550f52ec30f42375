import { describe, expect, it } from 'vitest'
import { type DockerStreamName, demuxDockerStream } from './demuxDockerStream.js'

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text)
  const header = Buffer.alloc(8)
  header[0] = stream
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

describe('demuxDockerStream', () => {
  it('splits frames that arrive whole, several per chunk, or cut anywhere', () => {
    const bytes = Buffer.concat([
      frame(1, 'out one\n'),
      frame(2, 'err one\n'),
      frame(1, ''),
      frame(1, 'out two\n'),
    ])
    const expected = [
      ['stdout', 'out one\n'],
      ['stderr', 'err one\n'],
      ['stdout', ''],
      ['stdout', 'out two\n'],
    ]
    for (let cut = 0; cut <= bytes.length; cut++) {
      const frames: [DockerStreamName, string][] = []
      const push = demuxDockerStream((stream, payload) => frames.push([stream, payload.toString()]))
      push(bytes.subarray(0, cut))
      push(bytes.subarray(cut))
      expect(frames).toEqual(expected)
    }
    const frames: string[] = []
    const push = demuxDockerStream((_, payload) => frames.push(payload.toString()))
    for (const byte of bytes) push(Buffer.from([byte]))
    expect(frames).toEqual(expected.map(([, text]) => text))
  })
})
