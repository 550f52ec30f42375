import { randomUUID } from 'node:crypto'
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { LockTimeoutError } from './errors.js'
import { isAlive, type ProcessIdentity, processIdentity } from './processIdentity.js'

/** Options of {@link withLock}. */
export interface WithLockOptions {
  /** How long to wait for a live holder before giving up. Default 120 s. */
  timeoutMs?: number
  /** How often to look again while the lock is held. Default 50 ms. */
  pollMs?: number
}

interface LockContent extends ProcessIdentity {
  token: string
}

function parseLock(text: string): LockContent | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const { pid, startTime, token } = value as Record<string, unknown>
    if (typeof pid !== 'number' || typeof token !== 'string') return undefined
    return { pid, token, startTime: typeof startTime === 'string' ? startTime : undefined }
  } catch {
    return undefined
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx')
    try {
      await handle.writeFile(content)
    } finally {
      await handle.close()
    }
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}

async function olderThan(path: string, ageMs: number): Promise<boolean> {
  return stat(path).then(
    (s) => Date.now() - s.mtimeMs > ageMs,
    () => false,
  )
}

/**
 * Removes a lock left by a dead process. Two waiters may find the same stale lock at once: only
 * the one holding `<path>.break` removes it, and only if it still holds the content both read, so
 * a fresh lock taken in between is never removed.
 */
async function breakStaleLock(path: string, stale: string): Promise<void> {
  const breaker = `${path}.break`
  if (!(await tryCreate(breaker, JSON.stringify({ ...processIdentity(), token: randomUUID() })))) {
    // Another waiter is breaking it. A breaker older than 10 s belongs to a waiter that died mid-break.
    if (await olderThan(breaker, 10_000)) await unlinkQuietly(breaker)
    return
  }
  try {
    if ((await readText(path)) === stale) await unlinkQuietly(path)
  } finally {
    await unlinkQuietly(breaker)
  }
}

/**
 * Takes an exclusive lock file, across processes as well as within one, waiting while a live
 * process holds it. The file holds the holder's pid and start time, so a lock left by a crashed
 * process is broken at once instead of waited out.
 *
 * @param path - The lock file; its folder is created when missing.
 * @returns A function that releases the lock (it removes the file only while it is still ours).
 * @throws {LockTimeoutError} When a live process holds the lock for longer than `timeoutMs`.
 */
export async function acquireLock(path: string, options: WithLockOptions = {}): Promise<() => Promise<void>> {
  const { timeoutMs = 120_000, pollMs = 50 } = options
  await mkdir(dirname(path), { recursive: true })
  const content = JSON.stringify({ ...processIdentity(), token: randomUUID() })
  const deadline = Date.now() + timeoutMs
  while (!(await tryCreate(path, content))) {
    const held = await readText(path)
    const holder = held === undefined ? undefined : parseLock(held)
    if (held !== undefined && (holder ? !isAlive(holder) : await olderThan(path, 2_000))) {
      // An unreadable lock is one being written right now, or one whose writer died between
      // creating and writing it: only the second kind is old.
      await breakStaleLock(path, held)
      continue
    }
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`Timed out after ${timeoutMs} ms waiting for the lock ${path}.`, {
        details: holder ? `held by pid ${holder.pid}` : undefined,
      })
    }
    await sleep(pollMs)
  }
  return async () => {
    if ((await readText(path)) === content) await unlinkQuietly(path)
  }
}

/**
 * Runs `fn` while holding the lock file `path` (see {@link acquireLock}).
 *
 * @returns What `fn` returns.
 * @throws {LockTimeoutError} When a live process holds the lock for longer than `timeoutMs`.
 */
export async function withLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: WithLockOptions = {},
): Promise<T> {
  const release = await acquireLock(path, options)
  try {
    return await fn()
  } finally {
    await release()
  }
}
