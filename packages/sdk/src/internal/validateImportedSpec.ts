import { ImportError } from '../errors/ImportError.js'
import { type JobSpecInput, jobSpecSchema } from '../spec/jobSpecSchema.js'

const keyOrder = [
  'version',
  'name',
  'image',
  'entrypoint',
  'command',
  'env',
  'workingDir',
  'resources',
  'ports',
  'outputDir',
  'replicas',
  'placement',
  'maxPrice',
]

/**
 * Checks a converted spec against {@link jobSpecSchema}: an importer only emits valid specs.
 * @param spec The converted spec.
 * @param format What was imported, for the error.
 * @returns The spec, typed, its keys in the usual order.
 * @throws {ImportError} listing each invalid field, when the source held a value Hearth refuses
 *   (e.g. an image name with spaces).
 */
export function validateImportedSpec(spec: Record<string, unknown>, format: string): JobSpecInput {
  const result = jobSpecSchema.safeParse(spec)
  if (result.success) {
    // The order a person writes a spec in: what runs, on what, how many, where, for how much.
    const ordered: Record<string, unknown> = {}
    for (const key of keyOrder) if (spec[key] !== undefined) ordered[key] = spec[key]
    for (const [key, value] of Object.entries(spec)) if (!(key in ordered)) ordered[key] = value
    return ordered as JobSpecInput
  }
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(spec)'}: ${issue.message}`,
  )
  throw new ImportError(format, `the converted spec is invalid: ${problems[0]}`, problems)
}
