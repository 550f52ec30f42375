import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Address, Hex } from 'viem'

/**
 * Where a lease is in the agent's hands: waiting for its spec, starting its container, running,
 * ended by itself (`finished` with exit 0, `failed` otherwise), or `closed` on chain before the job
 * ended. Only forward moves happen (see {@link nextStates}).
 */
export type LeaseRunState = 'awaiting-spec' | 'starting' | 'running' | 'finished' | 'failed' | 'closed'

/** Whether a state is an end state: the container is gone or going. */
export function isTerminal(state: LeaseRunState): boolean {
  return state === 'finished' || state === 'failed' || state === 'closed'
}

/** One lease as the journal keeps it: what the chain said when it opened, and what the agent did since. */
export type LeaseRecord = {
  /** The lease id (decimal). */
  lease: string
  consumer: Address
  market: number
  tier: number
  /** Base units per second (decimal). */
  pricePerSecond: string
  specHash: Hex
  /** The order it came from (auctions), `0` for a market take (decimal). */
  order: string
  cluster: string
  openedAtBlock: string
  state: LeaseRunState
  /** The job spec exactly as the consumer sent it (its canonical JSON hashes to `specHash`). */
  spec?: unknown
  /** Why it failed or closed, in words. */
  reason?: string
  exitCode?: number
  /** `0x` + the result tree's root hash, once the job ended. */
  resultHash?: Hex
  /** GPU device ids given to the job. */
  gpuDeviceIds?: string[]
  startedAt?: string
  finishedAt?: string
  /** The agent sent (or saw) the on-chain close: nothing more to do on chain but withdraw. */
  closedOnChain?: boolean
  /** Everything accrued was withdrawn after the close. */
  settled?: boolean
  /** How many times the container was (re)started after a crash. */
  restarts?: number
  updatedAt: string
}

/**
 * The agent's small local journal: one JSON file per lease under `<dataDir>/leases/`, written
 * atomically (temp file + rename), plus the chain cursor. With the chain it is all the agent needs to
 * rebuild its state after a crash: the chain says which leases are active, the journal holds the
 * specs and what was done with them.
 */
export class LeaseJournal {
  readonly dir: string
  readonly #records = new Map<string, LeaseRecord>()
  readonly #writes = new Map<string, Promise<void>>()
  readonly #cursorPath: string
  readonly #now: () => number

  constructor(dataDir: string, options: { now?: () => number } = {}) {
    this.dir = join(dataDir, 'leases')
    this.#cursorPath = join(dataDir, 'cursor.json')
    this.#now = options.now ?? Date.now
  }

  /** Reads every record from disk (skipping and reporting unreadable files). */
  async load(): Promise<{ loaded: number; unreadable: string[] }> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    const unreadable: string[] = []
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue
      try {
        const record = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as LeaseRecord
        if (typeof record.lease !== 'string') throw new TypeError('no lease id')
        this.#records.set(record.lease, record)
      } catch {
        unreadable.push(name)
      }
    }
    return { loaded: this.#records.size, unreadable }
  }

  /** A record by lease id. */
  get(lease: bigint | string): LeaseRecord | undefined {
    return this.#records.get(String(lease))
  }

  /** Every record, oldest lease first. */
  all(): LeaseRecord[] {
    return [...this.#records.values()].sort((a, b) => (BigInt(a.lease) < BigInt(b.lease) ? -1 : 1))
  }

  /**
   * Writes a record (a new one, or changes to one), stamping `updatedAt`. The record changes in
   * memory at once; the file writes of one lease run one after the other, each writing the record as
   * it is then, so concurrent changes (the chain, the job's exit, the API) are neither lost nor torn.
   */
  async put(record: Omit<LeaseRecord, 'updatedAt'> & { updatedAt?: string }): Promise<LeaseRecord> {
    const stored: LeaseRecord = { ...record, updatedAt: new Date(this.#now()).toISOString() }
    this.#records.set(stored.lease, stored)
    await this.#persist(stored.lease)
    return stored
  }

  /** Applies changes to an existing record. */
  async update(lease: bigint | string, changes: Partial<LeaseRecord>): Promise<LeaseRecord> {
    const current = this.#records.get(String(lease))
    if (!current) throw new RangeError(`lease ${lease} is not in the journal`)
    return this.put({ ...current, ...changes, lease: current.lease })
  }

  #persist(lease: string): Promise<void> {
    const previous = this.#writes.get(lease) ?? Promise.resolve()
    const next = previous
      .catch(() => undefined)
      .then(() =>
        writeAtomically(
          join(this.dir, `${lease}.json`),
          `${JSON.stringify(this.#records.get(lease), null, 2)}\n`,
        ),
      )
    this.#writes.set(lease, next)
    return next
  }

  /** The last block whose events were handled, if any. */
  async readCursor(): Promise<bigint | undefined> {
    try {
      const { block } = JSON.parse(await readFile(this.#cursorPath, 'utf8')) as { block: string }
      return BigInt(block)
    } catch {
      return undefined
    }
  }

  /** Records that every event up to `block` was handled. */
  async writeCursor(block: bigint): Promise<void> {
    await writeAtomically(this.#cursorPath, `${JSON.stringify({ block: block.toString() })}\n`)
  }
}

let writeCount = 0

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${++writeCount}`
  await writeFile(tmp, text, { mode: 0o600 })
  await rename(tmp, path)
}
