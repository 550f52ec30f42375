import type { CommandResult } from './CommandRunner.js'

/** Longest failure text quoted in a note. */
const maxLength = 200

/**
 * Says in one line why a command failed: its first lines of output (stderr first), or its exit status.
 * @param result What the command gave back.
 * @returns The reason, without a final full stop.
 */
export function describeFailure(result: CommandResult): string {
  const text = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 2)
    .join(' ')
    .replace(/\.$/, '')
  if (text !== '') return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text
  return result.code === null ? 'it was killed before it finished' : `it exited with status ${result.code}`
}
