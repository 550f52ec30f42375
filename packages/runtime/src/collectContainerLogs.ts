import { appendFile, open } from 'node:fs/promises'
import type Docker from 'dockerode'
import { demuxDockerStream } from './demuxDockerStream.js'
import type { Logger } from './Logger.js'
import type { LogEntry } from './readLogs.js'

/** Appends entries to a log file, one JSON line each, in call order. */
export class LogWriter {
  #chain: Promise<void> = Promise.resolve()

  constructor(readonly path: string) {}

  /** Appends the entries; resolves once they are written (and every earlier append too). */
  append(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return this.#chain
    const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('')
    this.#chain = this.#chain.then(() => appendFile(this.path, text))
    return this.#chain
  }
}

/** A timestamp with a 9-digit fraction, so two compare as strings. */
export function normalizeTimestamp(ts: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts)
  if (!match) return ts
  const [, seconds = '', fraction = '', zone = 'Z'] = match
  if (zone !== 'Z') {
    const utc = new Date(`${seconds}${zone}`).toISOString().slice(0, 19)
    return `${utc}.${fraction.padEnd(9, '0')}Z`
  }
  return `${seconds}.${fraction.padEnd(9, '0')}Z`
}

/** Docker's `since` parameter (`<unix seconds>.<nanoseconds>`) for a normalized timestamp. */
export function sinceParameter(ts: string): string {
  const seconds = Math.floor(Date.parse(`${ts.slice(0, 19)}Z`) / 1000)
  return `${seconds}.${ts.slice(20, 29)}`
}

/** Where one stream of a log file ends: its last timestamp, and how many of its entries carry it. */
export interface StreamResumePoint {
  ts: string
  count: number
}

/**
 * Where the engine's output in a log file ends, per stream. Per stream, because the engine stamps
 * each stream's lines in order but stdout and stderr lines can reach its log out of timestamp
 * order with each other.
 */
export type LogResumePoint = Record<'stdout' | 'stderr', StreamResumePoint | undefined>

/**
 * Prepares a log file to be appended to: drops a last line cut short by a crash (readers never
 * returned it, since it had no newline) and finds where each stream's output in it ends, reading
 * backwards from the end only as far as it must.
 */
export async function prepareLogFile(path: string): Promise<LogResumePoint> {
  const resume: LogResumePoint = { stdout: undefined, stderr: undefined }
  const complete = new Set<string>()
  const handle = await open(path, 'a+')
  try {
    let end = (await handle.stat()).size
    let carry = Buffer.alloc(0)
    let first = true
    while (end > 0 && complete.size < 2) {
      const size = Math.min(end, 256 * 1024)
      const buffer = Buffer.alloc(size)
      await handle.read(buffer, 0, size, end - size)
      end -= size
      let text = Buffer.concat([buffer, carry])
      if (first) {
        first = false
        const lastNewline = text.lastIndexOf(0x0a)
        if (lastNewline !== text.length - 1) {
          await handle.truncate(end + lastNewline + 1)
          text = text.subarray(0, lastNewline + 1)
        }
      }
      // The first line of the window may be cut: keep it for the next (earlier) window.
      const firstNewline = end > 0 ? text.indexOf(0x0a) : -1
      carry = text.subarray(0, firstNewline + 1)
      const lines = text
        .subarray(firstNewline + 1)
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== '')
      for (let i = lines.length - 1; i >= 0 && complete.size < 2; i--) {
        let entry: LogEntry
        try {
          entry = JSON.parse(lines[i] ?? '') as LogEntry
        } catch {
          continue
        }
        if (entry.stream === 'system' || complete.has(entry.stream)) continue
        const point = resume[entry.stream]
        if (point === undefined) resume[entry.stream] = { ts: entry.ts, count: 1 }
        else if (entry.ts === point.ts) point.count++
        else complete.add(entry.stream)
      }
    }
    return resume
  } finally {
    await handle.close()
  }
}

/** Options of {@link collectContainerLogs}. */
export interface CollectContainerLogsParameters {
  container: Docker.Container
  writer: LogWriter
  /** Where the file's engine output ends (from {@link prepareLogFile}). */
  resume: LogResumePoint
  /** Stops collecting (the container runs on). */
  signal: AbortSignal
  logger: Logger
}

/**
 * Copies a container's stdout and stderr into its log file until the container stops: follows the
 * engine's logs (which the engine keeps on disk, so nothing printed while no one was collecting is
 * lost), demultiplexes them, and appends one entry per line, stamped with the engine's timestamp.
 * Resumes after the last entry of each stream already in the file, so re-attaching after a restart
 * neither loses nor repeats lines. A message the engine split (a line over 16 KiB, or a last line
 * without a newline) is joined back into one entry.
 *
 * @returns When the container has stopped and every line is written, or when aborted.
 */
export async function collectContainerLogs(parameters: CollectContainerLogsParameters): Promise<void> {
  const { container, writer, signal, logger } = parameters
  // Per stream, the last engine message taken (written, or held as part of a split line) and how
  // many messages of that stream carry its timestamp. A resumed follow starts at the earlier of
  // the two timestamps, inclusive, and each stream skips what it took already.
  const taken: Record<'stdout' | 'stderr', StreamResumePoint> = {
    stdout: parameters.resume.stdout ?? { ts: '', count: 0 },
    stderr: parameters.resume.stderr ?? { ts: '', count: 0 },
  }
  const partial = new Map<'stdout' | 'stderr', { ts: string; text: string }>()

  const pass = async (): Promise<void> => {
    // A stream with nothing taken yet ('') makes the follow start from the beginning.
    const [since] = [taken.stdout.ts, taken.stderr.ts].sort()
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(since ? { since: sinceParameter(since) } : {}),
    })) as unknown as NodeJS.ReadableStream & { destroy(): void }
    const onAbort = () => stream.destroy()
    signal.addEventListener('abort', onAbort, { once: true })
    const seen = { stdout: 0, stderr: 0 }
    let batch: LogEntry[] = []
    const push = demuxDockerStream((name, payload) => {
      if (name === 'stdin') return
      const text = payload.toString('utf8')
      const space = text.indexOf(' ')
      const ts = normalizeTimestamp(text.slice(0, space))
      const last = taken[name]
      if (ts < last.ts) return
      if (ts === last.ts && ++seen[name] <= last.count) return
      if (ts === last.ts) last.count++
      else {
        taken[name] = { ts, count: 1 }
        seen[name] = 1
      }
      const message = text.slice(space + 1)
      const pending = partial.get(name)
      if (!message.endsWith('\n')) {
        partial.set(name, { ts: pending?.ts ?? ts, text: (pending?.text ?? '') + message })
        return
      }
      partial.delete(name)
      batch.push({ ts: pending?.ts ?? ts, stream: name, line: (pending?.text ?? '') + message.slice(0, -1) })
    })
    try {
      for await (const chunk of stream) {
        push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
        if (batch.length > 0) {
          const entries = batch
          batch = []
          await writer.append(entries)
        }
      }
    } catch (error) {
      if (!signal.aborted) logger.warn({ error: String(error) }, 'log stream broke; resuming')
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
    await writer.append(batch)
  }

  while (!signal.aborted) {
    await pass()
    if (signal.aborted) return
    if (!(await container.inspect()).State.Running) break
  }
  // Once more after the stop: the engine may end a follow before its last lines are flushed.
  await pass()
  if (signal.aborted) return
  // The container is gone for good: a last line without a newline is complete.
  const rest = [...partial.entries()].map(([stream, { ts, text }]) => ({ ts, stream, line: text }))
  partial.clear()
  await writer.append(rest.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0)))
}
