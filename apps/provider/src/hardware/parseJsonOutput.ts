/**
 * Parses the JSON a tool printed, skipping any warning lines it printed before it (rocm-smi does).
 * @param stdout The tool's standard output.
 * @returns The parsed value, or `undefined` when there is no valid JSON object in it.
 */
export function parseJsonOutput(stdout: string): unknown {
  const start = stdout.indexOf('{')
  const end = stdout.lastIndexOf('}')
  if (start === -1 || end < start) return undefined
  try {
    return JSON.parse(stdout.slice(start, end + 1)) as unknown
  } catch {
    return undefined
  }
}

/**
 * Whether a value is a plain JSON object.
 * @param value Any parsed JSON value.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
