import { open } from 'node:fs/promises'

/** One log line as the API sends it: the entry and where it sits in the lease's log. */
export type LogRecord = {
  /** Byte offset of the entry in the log. */
  offset: number
  /** Byte offset right after it: resume from here. */
  next: number
  ts: string
  stream: 'stdout' | 'stderr' | 'system'
  line: string
}

/**
 * Reads whole entries of a job's log file (JSON Lines) from a byte offset, each with its own offset
 * and the offset after it. A line still being written is left for the next read. An offset inside a
 * line is moved to the next line start, so a wrong offset never yields half an entry.
 *
 * @returns The records (at most about `maxBytes` of them) and the offset to continue from.
 */
export async function readLogRecords(
  path: string,
  offset: number,
  maxBytes = 256 * 1024,
): Promise<{ records: LogRecord[]; next: number }> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], next: offset }
    throw error
  }
  try {
    let start = offset
    if (start > 0) {
      // Align on a line start: the byte before it must be a newline.
      const probe = Buffer.alloc(1)
      const { bytesRead } = await handle.read(probe, 0, 1, start - 1)
      if (bytesRead === 1 && probe[0] !== 0x0a) {
        const skip = await readFrom(handle, start, 64 * 1024)
        const newline = skip.indexOf(0x0a)
        if (newline < 0) return { records: [], next: offset }
        start += newline + 1
      }
    }
    const buffer = await readFrom(handle, start, maxBytes)
    const records: LogRecord[] = []
    let position = 0
    for (;;) {
      const newline = buffer.indexOf(0x0a, position)
      if (newline < 0) break
      const text = buffer.subarray(position, newline).toString('utf8')
      const entryOffset = start + position
      position = newline + 1
      try {
        const entry = JSON.parse(text) as Partial<LogRecord>
        if (typeof entry.line !== 'string' || typeof entry.ts !== 'string') continue
        const stream = entry.stream === 'stderr' || entry.stream === 'system' ? entry.stream : 'stdout'
        records.push({ offset: entryOffset, next: start + position, ts: entry.ts, stream, line: entry.line })
      } catch {
        // A damaged line is skipped, its bytes still counted.
      }
    }
    return { records, next: start + position }
  } finally {
    await handle.close()
  }
}

async function readFrom(
  handle: Awaited<ReturnType<typeof open>>,
  position: number,
  maxBytes: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(maxBytes)
  const { bytesRead } = await handle.read(buffer, 0, maxBytes, position)
  // A line longer than the window is read whole.
  if (bytesRead === maxBytes && buffer.indexOf(0x0a) < 0) {
    const { size } = await handle.stat()
    const whole = Buffer.alloc(size - position)
    await handle.read(whole, 0, whole.length, position)
    return whole
  }
  return buffer.subarray(0, bytesRead)
}
