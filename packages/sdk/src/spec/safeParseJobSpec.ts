import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { z } from 'zod'
import type { JobSpecIssue } from '../errors/JobSpecError.js'
import { didYouMean } from '../internal/didYouMean.js'
import { findJsonSyntaxError } from '../internal/findJsonSyntaxError.js'
import { jobSpecJsonSchema } from './jobSpecJsonSchema.js'
import { type JobSpec, jobSpecSchema } from './jobSpecSchema.js'

/** Options of {@link parseJobSpec} and {@link safeParseJobSpec}. */
export type ParseJobSpecOptions = {
  /**
   * `yaml`, `json` (strict JSON), or `auto` (default): JSON when `source` ends in `.json`, else YAML
   * (which reads JSON too).
   */
  format?: 'yaml' | 'json' | 'auto' | undefined
  /** Where the text came from, e.g. a file name, for messages. */
  source?: string | undefined
}

/** What {@link safeParseJobSpec} returns. */
export type SafeParseJobSpecReturnType =
  | {
      success: true
      /** The validated spec, defaults filled in. */
      spec: JobSpec
      /** The spec as submitted (plain JSON data): what {@link hashJobSpec} hashes. */
      raw: unknown
    }
  | {
      success: false
      /** Every problem found, in document order. */
      issues: JobSpecIssue[]
    }

type Located = { lineCounter: LineCounter; root: Node | null }
type PathSegment = string | number

/**
 * Parses and validates a job spec written in YAML or JSON, collecting every problem instead of
 * stopping at the first: syntax errors, wrong types, unknown keys (with a "did you mean" when a known
 * key is close), each with its path and its line and column in `text`.
 *
 * @param text The spec's text.
 * @param options Format and source name.
 * @returns `{ success: true, spec, raw }`, or `{ success: false, issues }`; never throws.
 */
export function safeParseJobSpec(
  text: string,
  options: ParseJobSpecOptions = {},
): SafeParseJobSpecReturnType {
  const format = options.format ?? 'auto'
  const json =
    format === 'json' || (format === 'auto' && options.source?.toLowerCase().endsWith('.json') === true)
  const lineCounter = new LineCounter()
  let raw: unknown
  let located: Located | undefined
  if (json) {
    const error = findJsonSyntaxError(text)
    if (error) {
      return {
        success: false,
        issues: [
          {
            path: '',
            message: `JSON syntax error: ${error.message}`,
            ...position(lineCounter, text, error.offset),
          },
        ],
      }
    }
    raw = JSON.parse(text)
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
    if (document.errors.length === 0) located = { lineCounter, root: document.contents }
  } else {
    const document = parseDocument(text, { lineCounter, prettyErrors: false })
    if (document.errors.length > 0) {
      return {
        success: false,
        issues: document.errors.map((error) => ({
          path: '',
          message: `YAML syntax error: ${error.message.split('\n')[0]}`,
          ...position(lineCounter, text, error.pos[0]),
        })),
      }
    }
    try {
      raw = document.toJS({ maxAliasCount: 100 })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { success: false, issues: [{ path: '', message: `YAML error: ${message}`, line: 1, column: 1 }] }
    }
    located = { lineCounter, root: document.contents }
  }
  const result = jobSpecSchema.safeParse(raw)
  if (result.success) return { success: true, spec: result.data, raw }
  const issues = result.error.issues.flatMap((issue) => toIssues(issue, raw, located, text))
  return { success: false, issues: sortByPosition(issues) }
}

/** One zod issue as spec issues: an `unrecognized_keys` issue lists several keys, one issue each. */
function toIssues(
  issue: z.core.$ZodIssue,
  raw: unknown,
  located: Located | undefined,
  text: string,
): JobSpecIssue[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol')
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path)
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, known)
      const message = suggestion
        ? `unknown key "${key}" (did you mean "${suggestion}"?)`
        : `unknown key "${key}"${known.length > 0 ? ` (known keys: ${known.join(', ')})` : ''}`
      return { path: formatPath([...path, key]), message, ...locate(located, text, [...path, key], true) }
    })
  }
  let message = issue.message
  if (issue.code === 'invalid_key') message = issue.issues[0]?.message ?? message
  if (issue.code === 'invalid_type' && path.length === 0) {
    message = `a job spec is a mapping (version, image, …), not ${describeValue(raw)}`
  }
  return [{ path: formatPath(path), message, ...locate(located, text, path, issue.code === 'invalid_key') }]
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty document'
  if (Array.isArray(value)) return 'a list'
  return `a ${typeof value}`
}

/** `resources.gpu.count`, `ports[1].port`, `env["MY-VAR"]`. */
function formatPath(path: readonly PathSegment[]): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text ? `.${segment}` : segment
    else text += `[${JSON.stringify(segment)}]`
  }
  return text
}

/** Line and column of the node at `path` (its key when `atKey`), or of its deepest existing ancestor. */
function locate(
  located: Located | undefined,
  text: string,
  path: readonly PathSegment[],
  atKey: boolean,
): { line?: number; column?: number } {
  if (!located) return {}
  let node: unknown = located.root
  let range: readonly number[] | null | undefined = located.root?.range
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
      )
      if (!pair) break
      const key = pair.key as Node | null
      const value = pair.value as Node | null
      if (last && atKey) range = key?.range ?? range
      else range = value?.range ?? key?.range ?? range
      node = value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined
      if (!item) break
      range = item.range ?? range
      node = item
    } else break
  }
  return range ? position(located.lineCounter, text, range[0] ?? 0) : { line: 1, column: 1 }
}

/** 1-based line and column of `offset`. */
function position(lineCounter: LineCounter, text: string, offset: number): { line: number; column: number } {
  if (lineCounter.lineStarts.length === 0) {
    let line = 1
    let start = 0
    for (let index = 0; index < Math.min(offset, text.length); index++) {
      if (text[index] === '\n') {
        line++
        start = index + 1
      }
    }
    return { line, column: offset - start + 1 }
  }
  const { line, col } = lineCounter.linePos(offset)
  return { line, column: col }
}

function sortByPosition(issues: JobSpecIssue[]): JobSpecIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.line ?? Number.MAX_SAFE_INTEGER) - (b.issue.line ?? Number.MAX_SAFE_INTEGER) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue)
}

type SchemaNode = {
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  additionalProperties?: SchemaNode | boolean
  anyOf?: SchemaNode[]
}

let inputSchema: SchemaNode | undefined

/** The keys an object at `path` may have, read from the generated JSON Schema. */
function knownKeys(path: readonly PathSegment[]): string[] {
  inputSchema ??= jobSpecJsonSchema() as SchemaNode
  let node: SchemaNode | undefined = inputSchema
  for (const segment of path) {
    if (!node) break
    const branches: SchemaNode[] = node.anyOf ?? [node]
    if (typeof segment === 'number') node = branches.find((branch) => branch.items)?.items
    else node = branches.find((branch) => branch.properties?.[segment])?.properties?.[segment]
  }
  const branches = node?.anyOf ?? (node ? [node] : [])
  return Object.keys(branches.find((branch) => branch.properties)?.properties ?? {})
}
