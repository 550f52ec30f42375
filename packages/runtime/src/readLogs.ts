import { open } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * One line of a job's log file. The file is JSON Lines, append-only: one entry per line the job
 * printed (`stdout`, `stderr`), stamped with the time the engine received it, plus lines the
 * runtime adds (`system`: started, killed, exited with code N).
 */
export interface LogEntry {
  /** RFC 3339 time with nanoseconds (`2026-11-25T19:03:27.668955049Z`). */
  ts: string
  stream: 'stdout' | 'stderr' | 'system'
  /** The text, without its newline. */
  line: string
}

/** A run of whole log entries and where they sit in the file. */
export interface LogChunk {
  entries: LogEntry[]
  /** The byte offset the chunk starts at. */
  offset: number
  /** The byte offset right after it: pass it back to read on from there. */
  nextOffset: number
}

/** Options of {@link readLogs}. */
export interface ReadLogsOptions {
  /** Byte offset to read from, as returned in `nextOffset`. Default 0. */
  offset?: number
  /** Read at most about this many bytes (whole lines only; one longer line is read whole). Default 1 MiB. */
  maxBytes?: number
}

function parseLine(text: string): LogEntry | undefined {
  try {
    const value = JSON.parse(text) as Partial<LogEntry>
    if (typeof value.ts !== 'string' || typeof value.line !== 'string') return undefined
    if (value.stream !== 'stdout' && value.stream !== 'stderr' && value.stream !== 'system') return undefined
    return { ts: value.ts, stream: value.stream, line: value.line }
  } catch {
    return undefined
  }
}

/**
 * Reads whole entries of a log file from a byte offset. A line still being written (no newline yet)
 * is left for the next read, so offsets always fall between entries and reading resumes exactly
 * where it stopped, in this process or another, before or after a restart.
 *
 * @returns The entries and the offset to continue from; no entries at the end of the file (or when
 *   the file does not exist yet).
 */
export async function readLogs(path: string, options: ReadLogsOptions = {}): Promise<LogChunk> {
  const { offset = 0, maxBytes = 1024 * 1024 } = options
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], offset, nextOffset: offset }
    throw error
  }
  try {
    let size = maxBytes
    for (;;) {
      const buffer = Buffer.alloc(size)
      const { bytesRead } = await handle.read(buffer, 0, size, offset)
      const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a)
      if (end === -1) {
        // No whole line in the window: the file ends mid-line, or one line is longer than the window.
        if (bytesRead < size) return { entries: [], offset, nextOffset: offset }
        size *= 2
        continue
      }
      const entries = buffer
        .subarray(0, end)
        .toString('utf8')
        .split('\n')
        .map(parseLine)
        .filter((entry): entry is LogEntry => entry !== undefined)
      return { entries, offset, nextOffset: offset + end + 1 }
    }
  } finally {
    await handle.close()
  }
}

/** Options of {@link followLogs}. */
export interface FollowLogsOptions extends ReadLogsOptions {
  /**
   * Whether the log is complete (the job ended and its last entry is written). Following stops
   * once this is true and everything has been read. Default: never (follow until aborted).
   */
  isDone?: () => boolean | Promise<boolean>
  /** How often to look for new entries. Default 100 ms. */
  pollMs?: number
  /** Stops following. */
  signal?: AbortSignal
}

/**
 * Follows a log file like `tail -f`, from a byte offset: yields chunks of whole entries as they are
 * appended, until `isDone()` and the end of the file, or until aborted.
 */
export async function* followLogs(path: string, options: FollowLogsOptions = {}): AsyncGenerator<LogChunk> {
  const { pollMs = 100, signal, isDone = () => false } = options
  let offset = options.offset ?? 0
  while (!signal?.aborted) {
    // Ask before reading: an entry appended after a read that found nothing, but before the job
    // was found done, would otherwise be skipped.
    const done = await isDone()
    const chunk = await readLogs(path, {
      offset,
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    })
    if (chunk.entries.length > 0 || chunk.nextOffset !== offset) {
      offset = chunk.nextOffset
      yield chunk
      continue
    }
    if (done) return
    await sleep(pollMs, undefined, signal ? { signal } : {}).catch(() => {})
  }
}
