import { type JobSpec, jobSpecSchema } from '@hearth/sdk'

/** What {@link parseSpecValue} returns. */
export type ParseSpecValueReturnType =
  | { success: true; spec: JobSpec }
  | { success: false; issues: { path: string; message: string }[] }

/** Checks a job spec already parsed from JSON (what the API receives), listing every problem with its path. */
export function parseSpecValue(raw: unknown): ParseSpecValueReturnType {
  const result = jobSpecSchema.safeParse(raw)
  if (result.success) return { success: true, spec: result.data }
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({
      path: issue.path.reduce<string>(
        (path, key) =>
          typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key),
        '',
      ),
      message: issue.message,
    })),
  }
}
