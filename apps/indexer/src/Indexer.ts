import type { HearthDeployment } from '@hearth/sdk'
import { type Client, type Hex, hexToNumber, numberToHex } from 'viem'
import { applyBatch, type BlockRef } from './apply/applyBatch.js'
import { revertTo } from './apply/revertTo.js'
import { createLogDecoder, type IndexedEvent, type LogDecoder, type RawLog } from './chain/decodeLogs.js'
import type { IndexerDatabase } from './db/IndexerDatabase.js'
import { readState, writeState } from './db/state.js'
import { DeploymentMismatchError, ReorgTooDeepError } from './errors.js'

/** Where the indexer reports what it does (pino-compatible: context first). */
export type IndexerLogger = {
  info: (context: Record<string, unknown>, message: string) => void
  warn: (context: Record<string, unknown>, message: string) => void
}

/** Options of {@link Indexer}. */
export type IndexerOptions = {
  database: IndexerDatabase
  /** A viem client for the chain's JSON-RPC endpoint. */
  client: Client
  deployment: HearthDeployment
  /** Blocks per `eth_getLogs` request (halved while the node refuses). Default 2000. */
  batchBlocks?: number
  /** Blocks a reorg may replace: their hashes are kept and their changes can be undone. Default 64. */
  reorgDepth?: number
  /** Blocks to stay behind the head. Default 0. */
  confirmations?: number
  logger?: IndexerLogger
  /** Called after each batch is committed (and after a reorg is undone), e.g. to notify subscribers. */
  onApplied?: ((applied: AppliedBatch) => void) | undefined
}

/** What {@link IndexerOptions.onApplied} is told: the events a committed batch applied. */
export type AppliedBatch = {
  /** The last block applied. */
  cursor: number
  events: readonly IndexedEvent[]
  /** Set when a reorg was undone: the first block replaced (`events` is then empty). */
  reorgFrom?: number
}

/** What one {@link Indexer.poll} did. */
export type PollResult = {
  /** Events applied. */
  events: number
  batches: number
  /** The last block applied. */
  cursor: number
  /** The chain's head when the round started. */
  head: number
  /** Set when a reorg was found and undone: the first block replaced. */
  reorgFrom?: number
}

type RpcBlock = { number: Hex; hash: Hex; timestamp: Hex }
type RpcLog = {
  address: Hex
  topics: Hex[]
  data: Hex
  blockNumber: Hex
  blockHash: Hex
  logIndex: Hex
  transactionHash: Hex
  blockTimestamp?: Hex
}

const silent: IndexerLogger = { info: () => {}, warn: () => {} }

/**
 * Follows the protocol's events from the deployment block into the index: each {@link poll} first
 * checks that the newest block it applied is still on the chain (undoing back to the fork when it is
 * not), then reads the blocks since the cursor in batches, applying each in one transaction.
 */
export class Indexer {
  readonly #db: IndexerDatabase
  readonly #client: Client
  readonly #deployment: HearthDeployment
  readonly #decoder: LogDecoder
  readonly #batchBlocks: number
  readonly #reorgDepth: number
  readonly #confirmations: number
  readonly #logger: IndexerLogger
  readonly #onApplied: ((applied: AppliedBatch) => void) | undefined
  #checked = false

  constructor(options: IndexerOptions) {
    this.#db = options.database
    this.#client = options.client
    this.#deployment = options.deployment
    this.#decoder = createLogDecoder(options.deployment)
    this.#batchBlocks = options.batchBlocks ?? 2000
    this.#reorgDepth = options.reorgDepth ?? 64
    this.#confirmations = options.confirmations ?? 0
    this.#logger = options.logger ?? silent
    this.#onApplied = options.onApplied
  }

  /** `chain <id> marketplace <address>`: what the database is stamped with. */
  get #stamp(): string {
    return `chain ${this.#deployment.chainId} marketplace ${this.#deployment.contracts.marketplace}`
  }

  async #checkDeployment(): Promise<void> {
    if (this.#checked) return
    const { deployment } = await readState(this.#db.db)
    if (deployment === undefined) {
      await writeState(this.#db.db, {
        deployment: this.#stamp,
        heat: this.#deployment.contracts.hearthToken,
        start_block: this.#deployment.deployBlock.toString(),
      })
    } else if (deployment !== this.#stamp) {
      throw new DeploymentMismatchError(deployment, this.#stamp)
    }
    this.#checked = true
  }

  async #header(number: number): Promise<BlockRef | undefined> {
    const block = (await this.#client.request({
      method: 'eth_getBlockByNumber',
      params: [numberToHex(number), false],
    })) as RpcBlock | null
    if (!block) return undefined
    return { number, hash: block.hash, timestamp: hexToNumber(block.timestamp) }
  }

  async #headNumber(): Promise<number> {
    return hexToNumber((await this.#client.request({ method: 'eth_blockNumber' })) as Hex)
  }

  async #logs(fromBlock: number, toBlock: number): Promise<RawLog[]> {
    const logs = (await this.#client.request({
      method: 'eth_getLogs',
      params: [
        {
          address: [...this.#decoder.addresses],
          fromBlock: numberToHex(fromBlock),
          toBlock: numberToHex(toBlock),
        },
      ],
    })) as RpcLog[]
    return logs.map((log) => ({
      address: log.address,
      topics: log.topics,
      data: log.data,
      blockNumber: hexToNumber(log.blockNumber),
      blockHash: log.blockHash,
      logIndex: hexToNumber(log.logIndex),
      transactionHash: log.transactionHash,
      blockTimestamp: log.blockTimestamp === undefined ? undefined : hexToNumber(log.blockTimestamp),
    }))
  }

  /**
   * Finds and undoes a reorg: when the newest kept block hash is no longer the chain's, walks back
   * through the kept hashes to the newest that still matches and reverts everything after it.
   * @returns The first block undone, or undefined when the chain still holds the newest kept block.
   */
  async #checkReorg(): Promise<number | undefined> {
    const db = this.#db.db
    const newest = await db
      .selectFrom('blocks')
      .selectAll()
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (!newest) return undefined
    if ((await this.#header(newest.number))?.hash === newest.hash) return undefined
    const kept = await db.selectFrom('blocks').selectAll().orderBy('number', 'desc').execute()
    for (const block of kept) {
      if ((await this.#header(block.number))?.hash !== block.hash) continue
      const fork = block.number + 1
      const { restoredRows } = await revertTo(db, fork, block.timestamp)
      this.#logger.warn({ fork, replacedUpTo: newest.number, restoredRows }, 'reorg: undone from the fork')
      this.#onApplied?.({ cursor: block.number, events: [], reorgFrom: fork })
      return fork
    }
    throw new ReorgTooDeepError(kept[kept.length - 1]?.number ?? newest.number, this.#reorgDepth)
  }

  /**
   * One round: undoes a reorg if there was one, then applies every block up to the head (less the
   * confirmations), a batch per transaction.
   */
  async poll(): Promise<PollResult> {
    await this.#checkDeployment()
    const reorgFrom = await this.#checkReorg()
    const latest = await this.#headNumber()
    const head = latest - this.#confirmations
    const undoFrom = latest - this.#reorgDepth + 1
    let cursor = (await readState(this.#db.db)).cursor ?? Number(this.#deployment.deployBlock) - 1
    let size = this.#batchBlocks
    let events = 0
    let batches = 0
    while (cursor < head) {
      const fromBlock = cursor + 1
      const toBlock = Math.min(head, fromBlock + size - 1)
      // The header first: if the chain reorganizes before the logs are read, the hash kept is the
      // old one and the next round finds the reorg.
      const last = await this.#header(toBlock)
      if (!last) break
      let logs: RawLog[]
      try {
        logs = await this.#logs(fromBlock, toBlock)
      } catch (error) {
        if (size === 1) throw error
        size = Math.max(1, Math.floor(size / 2))
        this.#logger.warn({ fromBlock, toBlock, batchBlocks: size }, 'eth_getLogs failed: smaller batches')
        continue
      }
      const decoded = this.#decoder.decode(logs)
      await this.#fillTimestamps(decoded)
      decoded.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)
      await applyBatch(this.#db.db, { events: decoded, toBlock: last, undoFrom })
      cursor = toBlock
      if (decoded.length > 0) this.#onApplied?.({ cursor, events: decoded })
      events += decoded.length
      batches += 1
    }
    if (batches > 0) this.#logger.info({ cursor, head: latest, events, batches }, 'indexed')
    return { events, batches, cursor, head: latest, ...(reorgFrom === undefined ? {} : { reorgFrom }) }
  }

  /** Reads the timestamps of blocks whose logs came without one. */
  async #fillTimestamps(events: { blockNumber: number; timestamp: number }[]): Promise<void> {
    const missing = [...new Set(events.filter((e) => e.timestamp < 0).map((e) => e.blockNumber))]
    const found = new Map<number, number>()
    for (let i = 0; i < missing.length; i += 32) {
      const headers = await Promise.all(missing.slice(i, i + 32).map((n) => this.#header(n)))
      for (const header of headers) if (header) found.set(header.number, header.timestamp)
    }
    for (const event of events) {
      if (event.timestamp < 0) event.timestamp = found.get(event.blockNumber) ?? 0
    }
  }

  /**
   * Polls until `signal` aborts: at once while behind, every `pollIntervalMs` once caught up. A
   * failed round (the node unreachable) is reported and retried; a reorg deeper than the kept
   * window or a database of another deployment ends the run.
   */
  async run(parameters: {
    signal: AbortSignal
    pollIntervalMs?: number
    onPoll?: (result: PollResult) => void
  }): Promise<void> {
    const { signal, pollIntervalMs = 1000, onPoll } = parameters
    while (!signal.aborted) {
      let wait = pollIntervalMs
      try {
        const result = await this.poll()
        onPoll?.(result)
        if (result.batches > 0 && result.cursor < result.head - this.#confirmations) wait = 0
      } catch (error) {
        if (error instanceof ReorgTooDeepError || error instanceof DeploymentMismatchError) throw error
        this.#logger.warn(
          { error: error instanceof Error ? error.message.split('\n')[0] : String(error) },
          'poll failed; retrying',
        )
        wait = Math.max(pollIntervalMs, 2000)
      }
      if (wait > 0 && !signal.aborted) await sleep(wait, signal)
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
