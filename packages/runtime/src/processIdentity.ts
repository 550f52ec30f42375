import { readFileSync } from 'node:fs'

/** A process named by its pid and, on Linux, its start time, so a reused pid is not taken for it. */
export interface ProcessIdentity {
  pid: number
  /** Field 22 of `/proc/<pid>/stat` (clock ticks since boot); undefined where /proc is missing. */
  startTime: string | undefined
}

/** Reads the state letter and start time of a process from /proc, or undefined when it cannot. */
function readStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: split after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const [state, startTime] = [fields[0], fields[19]]
    return state !== undefined && startTime !== undefined ? { state, startTime } : undefined
  } catch {
    return undefined
  }
}

/** The identity of a running process (the current one by default). */
export function processIdentity(pid: number = process.pid): ProcessIdentity {
  return { pid, startTime: readStat(pid)?.startTime }
}

/**
 * Whether the process is still alive: the pid exists, is not a zombie and, when both start times
 * are known, is the same process that wrote the identity (not a later one that got the same pid).
 */
export function isAlive(identity: ProcessIdentity): boolean {
  try {
    process.kill(identity.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const stat = readStat(identity.pid)
  if (stat === undefined) return true
  if (stat.state === 'Z' || stat.state === 'X') return false
  return identity.startTime === undefined || stat.startTime === identity.startTime
}
