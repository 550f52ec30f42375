import { zeroHash } from 'viem'
import { describe, expect, it } from 'vitest'
import { fromBytes32String, toBytes32String } from './bytes32.js'

describe('bytes32 strings', () => {
  it('round-trip names, including ones ending in a zero digit', () => {
    for (const name of ['rtx-4090', 'a100-80gb', 'eu-west', 'x'.repeat(32), '']) {
      expect(fromBytes32String(toBytes32String(name))).toBe(name)
    }
    expect(toBytes32String('rtx-4090')).toBe(`0x7274782d34303930${'0'.repeat(48)}`)
    expect(fromBytes32String(zeroHash)).toBe('')
  })
})
