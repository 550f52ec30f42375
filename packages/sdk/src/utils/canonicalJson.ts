import { CanonicalJsonError } from '../errors/CanonicalJsonError.js'

/**
 * Writes `value` as canonical JSON (RFC 8785 style): object keys sorted by Unicode code point, no
 * whitespace, strings and numbers as `JSON.stringify` writes them, object members whose value is
 * `undefined` left out. The same value always gives the same text, whatever its key order, so a
 * hash of it (see {@link hashJobSpec}) is stable across machines and languages.
 *
 * @param value Plain JSON data: `null`, booleans, finite numbers, strings, arrays and plain objects.
 * @returns The canonical JSON text.
 * @throws {CanonicalJsonError} for a bigint, a non-finite number, `undefined` outside an object
 *   member, a function, a symbol, a class instance (`Date`, `Map`…) or a cycle.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set())
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a finite number`)
      return JSON.stringify(value)
    case 'bigint':
      throw new CanonicalJsonError(path, 'bigints have no JSON form (write them as decimal strings)')
    case 'undefined':
      throw new CanonicalJsonError(path, 'undefined has no JSON form')
    case 'object':
      break
    default:
      throw new CanonicalJsonError(path, `a ${typeof value} has no JSON form`)
  }
  if (value === null) return 'null'
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'the value contains itself')
  ancestors.add(value)
  let text: string
  if (Array.isArray(value)) {
    text = `[${value.map((item, index) => write(item, `${path}[${index}]`, ancestors)).join(',')}]`
  } else {
    const prototype = Object.getPrototypeOf(value)
    if (prototype !== Object.prototype && prototype !== null) {
      throw new CanonicalJsonError(
        path,
        `a ${value.constructor?.name ?? 'class'} instance is not plain JSON data`,
      )
    }
    const members: string[] = []
    for (const key of Object.keys(value).sort(compareCodePoints)) {
      const member = (value as Record<string, unknown>)[key]
      if (member === undefined) continue
      members.push(`${JSON.stringify(key)}:${write(member, `${path}.${key}`, ancestors)}`)
    }
    text = `{${members.join(',')}}`
  }
  ancestors.delete(value)
  return text
}

/** Orders strings by Unicode code point (`Array.prototype.sort` alone orders by UTF-16 code unit). */
function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]()
  const right = b[Symbol.iterator]()
  for (;;) {
    const x = left.next()
    const y = right.next()
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0)
    if (difference !== 0) return difference
  }
}
