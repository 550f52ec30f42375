import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CanonicalJsonError } from '../errors/CanonicalJsonError.js'
import { hashJobSpec } from '../spec/hashJobSpec.js'
import { canonicalJson } from './canonicalJson.js'

describe('canonicalJson', () => {
  it('sorts keys at every depth, writes no whitespace and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    )
  })

  it('sorts keys by code point, not UTF-16 code unit', () => {
    // U+FFFF sorts before U+1F600 by code point; as UTF-16, 0xD83D (the emoji's high surrogate) < 0xFFFF.
    expect(canonicalJson({ '😀': 1, '\uffff': 2, é: 3, e: 4, E: 5 })).toBe(
      '{"E":5,"e":4,"é":3,"\uffff":2,"😀":1}',
    )
  })

  it('writes strings and numbers as JSON.stringify does', () => {
    expect(canonicalJson(['ünï "q" \\ \n', 1e21, 0.1, -0, 1.5e-7, 100])).toBe(
      '["ünï \\"q\\" \\\\ \\n",1e+21,0.1,0,1.5e-7,100]',
    )
  })

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
          item !== null && typeof item === 'object' && !Array.isArray(item)
            ? Object.fromEntries(Object.entries(item).reverse())
            : item,
        )
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value))
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('refuses what has no JSON form, saying where', () => {
    expect(() => canonicalJson({ a: [1, 2n] })).toThrow(CanonicalJsonError)
    expect(() => canonicalJson({ a: [1, 2n] })).toThrow('$.a[1]')
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/not a finite number/)
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(CanonicalJsonError)
    expect(() => canonicalJson([undefined])).toThrow(CanonicalJsonError)
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/Date/)
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => canonicalJson(cycle)).toThrow(/contains itself/)
  })
})

describe('hashJobSpec', () => {
  it('is keccak256 of the canonical JSON (known vector)', () => {
    const spec = { version: 1, image: 'alpine', command: ['echo', 'hé'] }
    expect(canonicalJson(spec)).toBe('{"command":["echo","hé"],"image":"alpine","version":1}')
    // keccak256 of the empty object's canonical form "{}".
    expect(hashJobSpec({})).toBe('0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d')
    expect(hashJobSpec({ image: 'alpine', command: ['echo', 'hé'], version: 1 })).toBe(hashJobSpec(spec))
    expect(hashJobSpec(spec)).not.toBe(hashJobSpec({ ...spec, version: 2 }))
  })
})
