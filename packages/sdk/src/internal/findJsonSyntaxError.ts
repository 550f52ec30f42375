/** A JSON syntax error: what is wrong and at which UTF-16 offset of the text. */
export type JsonSyntaxError = { offset: number; message: string }

/**
 * Finds the first JSON syntax error in `text` (RFC 8259), with its offset: `JSON.parse` on Node 20
 * does not always say where it failed.
 * @param text The JSON text.
 * @returns The first error, or `undefined` when `text` is valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0
  const fail = (message: string): never => {
    throw { offset: at, message } satisfies JsonSyntaxError
  }
  const describe = () => (at >= text.length ? 'the end of the text' : JSON.stringify(text[at]))
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++
  }
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length
    else fail(`unexpected ${describe()}: expected a value`)
  }
  const string = () => {
    at++
    for (;;) {
      if (at >= text.length) fail('unterminated string')
      const char = text.charCodeAt(at)
      if (char === 0x22) {
        at++
        return
      }
      if (char < 0x20) fail('control characters must be escaped in strings')
      if (char === 0x5c) {
        const escaped = text[at + 1] ?? ''
        if ('"\\/bfnrt'.includes(escaped) && escaped !== '') at += 2
        else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6
        else fail('invalid escaped in string')
      } else at++
    }
  }
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at))
    if (!match) fail(`unexpected ${describe()}: expected a value`)
    at += (match as RegExpExecArray)[0].length
  }
  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply')
    space()
    const char = text[at]
    if (char === '{') {
      at++
      space()
      if (text[at] === '}') {
        at++
        return
      }
      for (;;) {
        space()
        if (text[at] !== '"') fail(`unexpected ${describe()}: expected a property name in double quotes`)
        string()
        space()
        if (text[at] !== ':') fail(`unexpected ${describe()}: expected ":" after the property name`)
        at++
        value(depth + 1)
        space()
        if (text[at] === ',') at++
        else if (text[at] === '}') {
          at++
          return
        } else fail(`unexpected ${describe()}: expected "," or "}"`)
      }
    }
    if (char === '[') {
      at++
      space()
      if (text[at] === ']') {
        at++
        return
      }
      for (;;) {
        value(depth + 1)
        space()
        if (text[at] === ',') at++
        else if (text[at] === ']') {
          at++
          return
        } else fail(`unexpected ${describe()}: expected "," or "]"`)
      }
    }
    if (char === '"') string()
    else if (char === 't') literal('true')
    else if (char === 'f') literal('false')
    else if (char === 'n') literal('null')
    else number()
  }
  try {
    value(0)
    space()
    if (at < text.length) fail(`unexpected ${describe()} after the JSON value`)
    return undefined
  } catch (error) {
    return error as JsonSyntaxError
  }
}
