import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LeaseJournal } from './LeaseJournal.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const record = {
  lease: '7',
  consumer: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const,
  market: 2,
  tier: 0,
  pricePerSecond: '50',
  specHash: `0x${'ab'.repeat(32)}` as const,
  order: '0',
  cluster: '0',
  openedAtBlock: '12',
  state: 'awaiting-spec' as const,
}

describe('LeaseJournal', () => {
  it('loses no change when updates of one lease race (job exit, chain, API at once)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-journal-'))
    dirs.push(dir)
    const journal = new LeaseJournal(dir)
    await journal.load()
    await journal.put(record)
    await Promise.all([
      journal.update('7', { state: 'running', startedAt: 'a' }),
      journal.update('7', { exitCode: 0 }),
      journal.update('7', { resultHash: `0x${'cd'.repeat(32)}` }),
      journal.update('7', { restarts: 1 }),
      journal.update('7', { closedOnChain: true }),
    ])
    const expected = {
      state: 'running',
      startedAt: 'a',
      exitCode: 0,
      resultHash: `0x${'cd'.repeat(32)}`,
      restarts: 1,
      closedOnChain: true,
    }
    expect(journal.get('7')).toMatchObject(expected)
    const reloaded = new LeaseJournal(dir)
    await reloaded.load()
    expect(reloaded.get('7')).toMatchObject(expected)
    // No temporary file is left behind.
    expect(await readdir(join(dir, 'leases'))).toEqual(['7.json'])
  })
})
