import { JobSpecError } from '../errors/JobSpecError.js'
import type { JobSpec } from './jobSpecSchema.js'
import { type ParseJobSpecOptions, safeParseJobSpec } from './safeParseJobSpec.js'

/** What {@link parseJobSpec} returns. */
export type ParseJobSpecReturnType = {
  /** The validated spec, defaults filled in and units converted. */
  spec: JobSpec
  /** The spec as submitted (plain JSON data, no defaults): what {@link hashJobSpec} hashes. */
  raw: unknown
}

/**
 * Parses and validates a job spec written in YAML or JSON.
 *
 * @example
 * const { spec, raw } = parseJobSpec(await readFile('job.yaml', 'utf8'), { source: 'job.yaml' })
 * const specHash = hashJobSpec(raw)
 *
 * @param text The spec's text.
 * @param options Format (`auto` by default) and source name for messages.
 * @returns The spec and the raw data it was read from.
 * @throws {JobSpecError} listing every problem, each with its path and line and column.
 */
export function parseJobSpec(text: string, options: ParseJobSpecOptions = {}): ParseJobSpecReturnType {
  const result = safeParseJobSpec(text, options)
  if (!result.success) throw new JobSpecError(result.issues, options.source)
  return { spec: result.spec, raw: result.raw }
}
