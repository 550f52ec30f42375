import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { followLogs, type LogEntry, readLogs } from './readLogs.js'

let dir: string
let path: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-logs-'))
  path = join(dir, 'log.jsonl')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const entry = (i: number, stream: LogEntry['stream'] = 'stdout'): LogEntry => ({
  ts: `2026-01-01T00:00:00.${String(i).padStart(9, '0')}Z`,
  stream,
  line: `line ${i}`,
})
const lines = (entries: LogEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('')

describe('readLogs', () => {
  it('returns nothing for a file that does not exist yet', async () => {
    expect(await readLogs(path, { offset: 7 })).toEqual({ entries: [], offset: 7, nextOffset: 7 })
  })

  it('reads whole entries only, leaving a line being written for the next read', async () => {
    await writeFile(path, `${lines([entry(1), entry(2)])}{"ts":"2026`)
    const first = await readLogs(path)
    expect(first.entries).toEqual([entry(1), entry(2)])
    await appendFile(path, '-01-01T00:00:00.000000003Z","stream":"stderr","line":"line 3"}\n')
    const second = await readLogs(path, { offset: first.nextOffset })
    expect(second.entries).toEqual([{ ...entry(3), stream: 'stderr' }])
    expect(second.offset).toBe(first.nextOffset)
    expect(await readLogs(path, { offset: second.nextOffset })).toMatchObject({ entries: [] })
  })

  it('reads on from any offset it returned, in small windows, without losing or repeating', async () => {
    const all = Array.from({ length: 50 }, (_, i) => entry(i))
    await writeFile(path, lines(all))
    const seen: LogEntry[] = []
    let offset = 0
    for (;;) {
      const chunk = await readLogs(path, { offset, maxBytes: 200 })
      if (chunk.entries.length === 0) break
      seen.push(...chunk.entries)
      offset = chunk.nextOffset
    }
    expect(seen).toEqual(all)
  })

  it('reads a line longer than its window whole', async () => {
    const long = { ...entry(1), line: 'x'.repeat(5000) }
    await writeFile(path, lines([long, entry(2)]))
    expect((await readLogs(path, { maxBytes: 100 })).entries[0]).toEqual(long)
  })
})

describe('followLogs', () => {
  it('yields entries as they are appended and stops once done and read to the end', async () => {
    await writeFile(path, lines([entry(1)]))
    let done = false
    const seen: LogEntry[] = []
    const following = (async () => {
      for await (const chunk of followLogs(path, { pollMs: 10, isDone: () => done }))
        seen.push(...chunk.entries)
    })()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await appendFile(path, lines([entry(2), entry(3)]))
    done = true
    await following
    expect(seen).toEqual([entry(1), entry(2), entry(3)])
  })

  it('stops when aborted', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const chunks = []
    for await (const chunk of followLogs(path, { pollMs: 10, signal: controller.signal })) chunks.push(chunk)
    expect(chunks).toEqual([])
  })
})
