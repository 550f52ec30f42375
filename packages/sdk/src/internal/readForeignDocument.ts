import { LineCounter, parseDocument } from 'yaml'
import { ImportError } from '../errors/ImportError.js'

/**
 * Reads a YAML or JSON document for an importer (YAML reads JSON too).
 * @param text The file's text.
 * @param format What is being imported, for messages.
 * @returns The document as plain data.
 * @throws {ImportError} on a syntax error, naming its line and column.
 */
export function readForeignDocument(text: string, format: string): unknown {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  const [error] = document.errors
  if (error) {
    const at = lineCounter.linePos(error.pos[0])
    const where = ` at line ${at.line}, column ${at.col}`
    throw new ImportError(format, `syntax error${where}: ${error.message.split('\n')[0]}`)
  }
  try {
    return document.toJS({ maxAliasCount: 100 })
  } catch (cause) {
    throw new ImportError(format, cause instanceof Error ? cause.message : String(cause))
  }
}

/** Whether `value` is a plain mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * `a.b`, `a[0]`, `a["odd key"]`: a path in the imported file, written as the spec's issues write them.
 * A segment may be a dotted path of plain keys (`attributes.vendor`).
 */
export function joinPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`
  if (/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/.test(segment)) return base ? `${base}.${segment}` : segment
  return `${base}[${JSON.stringify(segment)}]`
}

/** A name fit for a spec's `name`: lowercase letters, digits and dashes, at most 63 characters. */
export function toSpecName(value: string): string | undefined {
  const name = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '')
  return name === '' ? undefined : name
}
