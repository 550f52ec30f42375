import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { normalizeTimestamp, prepareLogFile, sinceParameter } from './collectContainerLogs.js'

describe('normalizeTimestamp', () => {
  it('pads the fraction to nanoseconds so timestamps compare as strings', () => {
    expect(normalizeTimestamp('2026-11-25T19:03:27.668955049Z')).toBe('2026-11-25T19:03:27.668955049Z')
    expect(normalizeTimestamp('2026-11-25T19:03:27.5Z')).toBe('2026-11-25T19:03:27.500000000Z')
    expect(normalizeTimestamp('2026-11-25T19:03:27Z')).toBe('2026-11-25T19:03:27.000000000Z')
    expect(normalizeTimestamp('2026-11-25T20:03:27.25+01:00')).toBe('2026-11-25T19:03:27.250000000Z')
    expect(
      normalizeTimestamp('2026-11-25T19:03:27.5Z') < normalizeTimestamp('2026-11-25T19:03:27.123456789Z'),
    ).toBe(false)
  })
})

describe('sinceParameter', () => {
  it('gives unix seconds and nanoseconds, as the engine takes them', () => {
    expect(sinceParameter('1970-01-01T00:00:10.000000042Z')).toBe('10.000000042')
    expect(sinceParameter('2026-11-25T19:03:27.668955049Z')).toBe(
      `${Date.parse('2026-11-25T19:03:27Z') / 1000}.668955049`,
    )
  })
})

describe('prepareLogFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const jsonl = (entries: object[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('')
  const at = (seconds: number) => `2026-01-01T00:00:${String(seconds).padStart(2, '0')}.000000000Z`

  it('finds nothing in a new file', async () => {
    expect(await prepareLogFile(join(dir, 'log.jsonl'))).toEqual({ stdout: undefined, stderr: undefined })
  })

  it('drops a last line cut short, and finds per stream the last timestamp and how many entries carry it', async () => {
    const path = join(dir, 'log.jsonl')
    const whole = jsonl([
      { ts: at(0), stream: 'system', line: 'started' },
      { ts: at(3), stream: 'stderr', line: 'late stamp, early in the file' },
      { ts: at(1), stream: 'stdout', line: 'a' },
      { ts: at(2), stream: 'stdout', line: 'b' },
      { ts: at(2), stream: 'stdout', line: 'c' },
      { ts: at(4), stream: 'system', line: 'kill requested' },
    ])
    await writeFile(path, `${whole}{"ts":"2026-01-01T00:00:0`)
    expect(await prepareLogFile(path)).toEqual({
      stdout: { ts: at(2), count: 2 },
      stderr: { ts: at(3), count: 1 },
    })
    expect(await readFile(path, 'utf8')).toBe(whole)
  })

  it('reads back past its first window to find a stream that went quiet long ago', async () => {
    const path = join(dir, 'log.jsonl')
    const filler = Array.from({ length: 5000 }, () => ({
      ts: at(5),
      stream: 'stdout',
      line: 'x'.repeat(100),
    }))
    await writeFile(path, jsonl([{ ts: at(1), stream: 'stderr', line: 'once' }, ...filler]))
    expect(await prepareLogFile(path)).toEqual({
      stdout: { ts: at(5), count: 5000 },
      stderr: { ts: at(1), count: 1 },
    })
  })
})
