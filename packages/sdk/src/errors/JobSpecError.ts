import { BaseError } from './BaseError.js'

/** One problem found in a job spec. */
export type JobSpecIssue = {
  /**
   * Where in the spec, e.g. `resources.gpu.count` or `ports[1].port`; empty for the document
   * itself (a syntax error, or a document that is not a mapping).
   */
  path: string
  /** What is wrong, in words. */
  message: string
  /** 1-based line of the offending node in the source text, when known. */
  line?: number
  /** 1-based column of the offending node in the source text, when known. */
  column?: number
}

/** A job spec does not parse or does not validate; `issues` lists every problem found. */
export class JobSpecError extends BaseError {
  override name = 'JobSpecError'
  /** Every problem found, in document order where known. */
  readonly issues: readonly JobSpecIssue[]
  /** Where the spec came from (a file name), when the caller said. */
  readonly source: string | undefined

  /**
   * @param issues Every problem found (at least one).
   * @param source Where the spec came from, e.g. its file name; prefixes each listed issue.
   */
  constructor(issues: readonly JobSpecIssue[], source?: string | undefined) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
    super(`The job spec${source ? ` ${source}` : ''} is invalid (${count}).`, {
      metaMessages: issues.map((issue) => formatIssue(issue, source)),
    })
    this.issues = issues
    this.source = source
  }
}

/** `file:line:column: path: message`, leaving out what is unknown. */
function formatIssue(issue: JobSpecIssue, source: string | undefined): string {
  const where =
    issue.line === undefined
      ? (source ?? '')
      : `${source ?? 'line'}${source ? ':' : ' '}${issue.line}:${issue.column ?? 1}`
  const path = issue.path ? `${issue.path}: ` : ''
  return `${where ? `${where}: ` : ''}${path}${issue.message}`
}
