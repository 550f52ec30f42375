import { stringify } from 'yaml'
import type { JobSpecInput } from './jobSpecSchema.js'

/** Options of {@link stringifyJobSpec}. */
export type StringifyJobSpecOptions = {
  /** Comment lines put at the top (without `#`), e.g. where the spec came from. */
  comment?: readonly string[] | undefined
  /**
   * Where editors find the JSON Schema, e.g. a path relative to the written file
   * (`../node_modules/@hearth/sdk/schema/job-spec.schema.json`); default the schema's `$id` URL.
   */
  schema?: string | undefined
}

/**
 * Writes a job spec as YAML, as a person would: keys in the order given, flow style for short lists
 * of scalars, and a `yaml-language-server` line pointing editors at the published JSON Schema.
 * @param spec The spec as written (e.g. from an importer, or `parseJobSpec(…).raw`).
 * @param options Comment lines for the top.
 * @returns YAML text ending in a newline.
 */
export function stringifyJobSpec(spec: JobSpecInput, options: StringifyJobSpecOptions = {}): string {
  const header = [
    `# yaml-language-server: $schema=${options.schema ?? 'https://hearth.dev/schema/job-spec.schema.json'}`,
    ...(options.comment ?? []).map((line) => `# ${line}`.trimEnd()),
  ]
  return `${header.join('\n')}\n${stringify(spec, { lineWidth: 0 })}`
}
