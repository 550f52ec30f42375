import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LockTimeoutError } from './errors.js'
import { acquireLock, withLock } from './withLock.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-lock-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('withLock', () => {
  it('lets one holder in at a time', async () => {
    const path = join(dir, 'a.lock')
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(
          path,
          async () => {
            inside++
            most = Math.max(most, inside)
            await sleep(5)
            inside--
          },
          { pollMs: 2 },
        ),
      ),
    )
    expect(most).toBe(1)
    expect(existsSync(path)).toBe(false)
  })

  it('breaks a lock left by a dead process at once', async () => {
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString()
    const path = join(dir, 'b.lock')
    await writeFile(path, JSON.stringify({ pid: Number(dead), startTime: '1', token: 'stale' }))
    const started = performance.now()
    expect(await withLock(path, async () => 'got it', { timeoutMs: 1_000 })).toBe('got it')
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('times out on a lock a live process holds', async () => {
    const path = join(dir, 'c.lock')
    const release = await acquireLock(path)
    await expect(withLock(path, async () => {}, { timeoutMs: 100 })).rejects.toThrow(LockTimeoutError)
    await release()
    expect(await withLock(path, async () => 1)).toBe(1)
  })
})
