import { describe, expect, it } from 'vitest'
import { splitFrames } from './runDemo.js'

describe('splitFrames', () => {
  it('splits frames into contiguous slices as even as can be, none empty', () => {
    expect(splitFrames(48, 3)).toEqual([
      { first: 0, count: 16 },
      { first: 16, count: 16 },
      { first: 32, count: 16 },
    ])
    expect(splitFrames(10, 4)).toEqual([
      { first: 0, count: 3 },
      { first: 3, count: 3 },
      { first: 6, count: 2 },
      { first: 8, count: 2 },
    ])
    expect(splitFrames(2, 5)).toEqual([
      { first: 0, count: 1 },
      { first: 1, count: 1 },
    ])
  })
})
