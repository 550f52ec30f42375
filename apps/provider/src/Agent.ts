import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { marketplaceAbi, providerRegistryAbi } from '@hearth/abi'
import {
  attachSandbox,
  createSandbox,
  describeCloseReason,
  describeExit,
  findImage,
  findSandboxes,
  hashResults,
  type Logger,
  pullImage,
  type Sandbox,
  type SandboxExit,
  toSandboxSpec,
} from '@hearth/runtime'
import {
  BaseError,
  ContractRevertError,
  closeLease,
  finishLease,
  getLease,
  getWithdrawable,
  type HearthDeployment,
  hashJobSpec,
  joinQueue,
  LeaseState,
  leaveQueue,
  listMarkets,
  placeBid,
  quotePrice,
  type SignedBid,
  signBid,
  Tier,
  withdrawMany,
} from '@hearth/sdk'
import type Docker from 'dockerode'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  erc20Abi,
  formatUnits,
  type Hex,
  type Transport,
  zeroHash,
} from 'viem'
import { getBlock, readContract } from 'viem/actions'
import { ApiError } from './api/ApiError.js'
import { type ChainEvent, ChainFollower } from './chain/ChainFollower.js'
import { SerialQueue } from './chain/SerialQueue.js'
import type { LoadedConfig } from './config.js'
import { isTerminal, LeaseJournal, type LeaseRecord } from './lease/LeaseJournal.js'
import { parseSpecValue } from './lease/parseSpecValue.js'
import type { AgentMetrics } from './metrics.js'
import { askPrice, marketPays, type PricedMarket } from './pricing.js'

/** What the agent knows of the machine it runs leases on. */
export type AgentHardware = {
  /** GPUs the engine can pass to containers (UUIDs or indexes); empty without the NVIDIA toolkit. */
  gpuDeviceIds: readonly string[]
  /** GPUs declared on chain (may exceed `gpuDeviceIds` on a devnet that declares GPUs it lacks). */
  declaredGpus: number
  cpuCores: number
  ramMiB: number
}

/** A market the agent serves. */
export type ServedMarket = PricedMarket & {
  token: Address
  symbol: string
  /** Leases the hardware can hold in it at once. */
  slots: number
  paused: boolean
}

/** Everything the agent works with; nothing is global, so tests pass their own. */
export type AgentOptions = {
  config: LoadedConfig
  deployment: HearthDeployment
  publicClient: Client<Transport, Chain | undefined>
  walletClient: Client<Transport, Chain | undefined, Account>
  docker: Docker
  hardware: AgentHardware
  logger: Logger
  metrics: AgentMetrics
  /** Wall clock, ms since the epoch. */
  now?: () => number
}

/** The lease as the provider API shows it (docs/provider-api.md, "Lease status"). */
export type LeaseStatus = {
  lease: string
  consumer: Address
  market: number
  specHash: Hex
  state: LeaseRecord['state']
  reason?: string
  exitCode?: number
  resultHash?: Hex
  startedAt?: string
  finishedAt?: string
  ports: { port: number; protocol: string; hostPort: number }[]
  logsBytes: number
}

const retryableOnChain = new Set(['finished', 'failed', 'closed'])

/**
 * The provider agent: follows the chain for its leases, receives their specs, runs each in a
 * sandboxed container, reports the result hash and closes the lease when the job ends, stops the
 * container when the lease closes or runs out of funds, keeps itself queued in its market, answers
 * auctions, and withdraws its earnings. Its state is the chain plus a small journal: `start()`
 * rebuilds everything after a crash, re-attaching running containers and restarting lost ones.
 */
export class Agent {
  readonly address: Address
  readonly journal: LeaseJournal
  readonly #options: AgentOptions
  readonly #logger: Logger
  readonly #now: () => number
  readonly #follower: ChainFollower
  readonly #tx = new SerialQueue()
  readonly #leaseQueues = new Map<string, SerialQueue>()
  readonly #sandboxes = new Map<string, Sandbox>()
  readonly #fundedUntil = new Map<string, number>()
  readonly #bids = new Map<string, { market: number; pricePerSecond: bigint; biddingEndsAt: number }>()
  #markets: ServedMarket[] = []
  #loop: NodeJS.Timeout | undefined
  #ticking: Promise<void> | undefined
  #upkeeping: Promise<void> | undefined
  /** Names this agent's containers on a shared engine: a hash of its data dir. */
  readonly #agentTag: string
  /** The chain's head at the last poll, and the time of the last block read. */
  #head: bigint | undefined
  #chainTime: { block: bigint; timestamp: bigint } | undefined
  #stopping = false
  #lastWithdrawAt = 0
  #lastQueueCheckAt = 0
  #queueDirty = true

  constructor(options: AgentOptions) {
    this.#options = options
    this.address = options.walletClient.account.address
    this.#logger = options.logger
    this.#now = options.now ?? Date.now
    this.journal = new LeaseJournal(options.config.dataDir, { now: this.#now })
    this.#agentTag = createHash('sha256').update(resolve(options.config.dataDir)).digest('hex').slice(0, 10)
    this.#follower = new ChainFollower({
      client: options.publicClient,
      deployment: options.deployment,
      provider: this.address,
      journal: this.journal,
      confirmations: options.config.confirmations,
      batchBlocks: options.config.logBatchBlocks,
    })
  }

  /** The markets the agent serves, as found at start-up. */
  get markets(): readonly ServedMarket[] {
    return this.#markets
  }

  /**
   * Rebuilds the agent's state and starts following the chain: loads the journal, reads the markets,
   * catches up on events missed while down, reconciles every unfinished lease with the chain and the
   * engine (re-attaching or restarting containers, removing orphans), then polls.
   */
  async start(): Promise<void> {
    const { loaded, unreadable } = await this.journal.load()
    if (unreadable.length > 0) this.#logger.warn({ files: unreadable }, 'journal files could not be read')
    this.#markets = await this.#readMarkets()
    this.#logger.info(
      {
        leases: loaded,
        markets: this.#markets.map((m) => `${m.id} (${m.slots} slot${m.slots === 1 ? '' : 's'})`),
      },
      'agent starting',
    )
    await this.#follower.poll((events) => this.#handleEvents(events, { recovering: true }))
    for (const record of this.journal.all()) {
      if (record.settled) continue
      await this.#serial(record.lease, () => this.#reconcile(record.lease)).catch((error: unknown) =>
        this.#caught('reconcile', error, { lease: record.lease }),
      )
    }
    await this.#removeOrphans()
    this.#updateGauges()
    this.#schedule()
  }

  /**
   * Stops following the chain and lets go of the containers without stopping them: they run on, and
   * the next `start()` takes them back. Safe to call twice.
   */
  async stop(options: { leaveQueue?: boolean } = {}): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    clearTimeout(this.#loop)
    await this.#ticking?.catch(() => undefined)
    await this.#upkeeping?.catch(() => undefined)
    // While the agent is down no consumer should be matched to it: step out of the queue (the next
    // start joins again). Best effort: a stop must not hang on the chain.
    if (options.leaveQueue ?? true) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        this.#leaveQueueIfQueued().catch((error: unknown) => this.#caught('leave queue', error)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 5_000)
        }),
      ])
      // A pending timer would keep the process alive for the rest of the 5 s after a quick leave.
      clearTimeout(timer)
    }
    await Promise.all([...this.#leaseQueues.values()].map((queue) => queue.idle()))
    await this.#tx.idle()
    await Promise.all([...this.#sandboxes.values()].map((sandbox) => sandbox.detach()))
    this.#sandboxes.clear()
  }

  #schedule(): void {
    if (this.#stopping) return
    this.#loop = setTimeout(() => {
      this.#ticking = this.#follow()
        .catch((error: unknown) => this.#caught('tick', error))
        .finally(() => {
          if (this.#upkeeping === undefined && !this.#stopping) {
            this.#upkeeping = this.#upkeep()
              .catch((error: unknown) => this.#caught('upkeep', error))
              .finally(() => {
                this.#upkeeping = undefined
              })
          }
          this.#schedule()
        })
    }, this.#options.config.pollIntervalMs)
  }

  /** One round of the loop: new events, funds, pending on-chain closes, the queue, withdrawals. */
  async tick(): Promise<void> {
    await this.#follow()
    await this.#upkeep()
  }

  /** New events and funds: what a lease waits on. Never waits for a transaction to be mined. */
  async #follow(): Promise<void> {
    const { cursor, head } = await this.#follower.poll((events) =>
      this.#handleEvents(events, { recovering: false }),
    )
    this.#head = head
    this.#options.metrics.block.set(Number(cursor))
    await this.#checkFunds()
    this.#updateGauges()
  }

  /**
   * The agent's own transactions: results and closes an earlier round could not send, the queue
   * place, scheduled withdrawals. The loop runs it beside the chain following, one round at a time,
   * so a transaction waiting for its block never delays noticing a new lease.
   */
  async #upkeep(): Promise<void> {
    await this.#retryOnChain()
    await this.#maintainQueue()
    const interval = this.#options.config.withdrawIntervalSeconds * 1000
    if (interval > 0 && this.#now() - this.#lastWithdrawAt >= interval) {
      this.#lastWithdrawAt = this.#now()
      await this.withdraw().catch((error: unknown) => this.#caught('withdraw', error))
    }
    this.#updateGauges()
  }

  // ---- chain events -------------------------------------------------------------------------------

  async #handleEvents(events: ChainEvent[], context: { recovering: boolean }): Promise<void> {
    for (const event of events) {
      try {
        if (event.kind === 'LeaseOpened') await this.#onLeaseOpened(event.log)
        else if (event.kind === 'LeaseClosed') await this.#onLeaseClosed(event.log, context)
        else if (event.kind === 'LeaseToppedUp') this.#fundedUntil.delete(String(event.log.args.lease))
        else if (event.kind === 'OrderCreated' && !context.recovering) await this.#onOrderCreated(event.log)
      } catch (error) {
        this.#caught(`event ${event.kind}`, error)
      }
    }
  }

  async #onLeaseOpened(log: Extract<ChainEvent, { kind: 'LeaseOpened' }>['log']): Promise<void> {
    const { args } = log
    const lease = String(args.lease)
    if (this.journal.get(lease)) return
    await this.journal.put({
      lease,
      consumer: args.consumer,
      market: Number(args.market),
      tier: Number(args.tier),
      pricePerSecond: String(args.pricePerSecond),
      specHash: args.specHash,
      order: String(args.order),
      cluster: String(args.cluster),
      openedAtBlock: String(log.blockNumber),
      state: 'awaiting-spec',
    })
    this.#options.metrics.leasesOpened.inc()
    this.#queueDirty = true
    this.#logger.info(
      {
        lease,
        consumer: args.consumer,
        market: Number(args.market),
        pricePerSecond: String(args.pricePerSecond),
      },
      'lease opened: waiting for its spec',
    )
  }

  async #onLeaseClosed(
    log: Extract<ChainEvent, { kind: 'LeaseClosed' }>['log'],
    context: { recovering: boolean },
  ): Promise<void> {
    const lease = String(log.args.lease)
    if (!this.journal.get(lease)) return
    const reason = describeCloseReason(log.args.reason)
    // While recovering, containers are not attached yet: reconcile() stops what must stop.
    await this.#serial(lease, async () => {
      const record = this.journal.get(lease)
      if (!record) return
      if (isTerminal(record.state)) {
        if (!record.closedOnChain) await this.journal.update(lease, { closedOnChain: true })
        return
      }
      await this.journal.update(lease, { state: 'closed', reason, closedOnChain: true })
      this.#options.metrics.leasesEnded.inc({ outcome: 'closed' })
      this.#logger.info({ lease, reason }, 'lease closed on chain: stopping its job')
      if (!context.recovering) await this.#stopContainer(lease)
    })
    this.#queueDirty = true
  }

  async #onOrderCreated(log: Extract<ChainEvent, { kind: 'OrderCreated' }>['log']): Promise<void> {
    const { pricing } = this.#options.config
    if (pricing.bids === 'off') return
    const market = this.#markets.find((m) => m.id === Number(log.args.market))
    if (!market || market.paused) return
    if (log.args.biddingEndsAt * 1000 <= this.#now()) return
    if (this.#freeSlots(market) <= 0) {
      this.#logger.info({ order: String(log.args.order) }, 'not bidding: no free capacity')
      return
    }
    const price = askPrice(pricing, { ...market, referencePricePerSecond: await this.#reference(market) })
    if (price === undefined || price > log.args.maxPricePerSecond) {
      this.#logger.info(
        { order: String(log.args.order), ask: String(price), max: String(log.args.maxPricePerSecond) },
        'not bidding: the order pays less than our floor',
      )
      return
    }
    this.#bids.set(String(log.args.order), {
      market: market.id,
      pricePerSecond: price,
      biddingEndsAt: Number(log.args.biddingEndsAt),
    })
    if (pricing.bids === 'onchain') {
      await this.#tx.run(() =>
        placeBid(this.#options.walletClient, {
          deployment: this.#options.deployment,
          orderId: log.args.order,
          pricePerSecond: price,
        }),
      )
      this.#logger.info(
        { order: String(log.args.order), pricePerSecond: String(price) },
        'bid placed on chain',
      )
    }
  }

  /**
   * A signed bid for an open order, when the pricing policy bids on it.
   * @throws {ApiError} 404 with the reason when it does not.
   */
  async signedBid(order: bigint): Promise<SignedBid> {
    const bid = this.#bids.get(String(order))
    if (!bid)
      throw new ApiError(
        404,
        'not_found',
        `No bid for order ${order}: not in a market we serve, no free capacity, or below our floor.`,
      )
    if (bid.biddingEndsAt * 1000 <= this.#now())
      throw new ApiError(404, 'not_found', `Bidding on order ${order} has ended.`)
    return signBid(this.#options.walletClient, {
      deployment: this.#options.deployment,
      orderId: order,
      pricePerSecond: bid.pricePerSecond,
      deadline: BigInt(bid.biddingEndsAt),
    })
  }

  // ---- the job spec -------------------------------------------------------------------------------

  /**
   * Takes a lease's job spec from its consumer (already authenticated): checks it hashes to the spec
   * hash on chain and that this machine can run it, records it, and starts the job.
   *
   * @throws {ApiError} `spec_hash_mismatch`, `spec_invalid`, `spec_already_received`, `lease_closed`.
   */
  async receiveSpec(lease: bigint, raw: unknown): Promise<LeaseStatus> {
    const id = String(lease)
    const status = await this.#serial(id, async () => {
      const record = this.#record(id)
      if (isTerminal(record.state)) {
        throw new ApiError(409, 'lease_closed', `Lease ${id} has ended (${record.reason ?? record.state}).`)
      }
      if (record.state !== 'awaiting-spec') {
        throw new ApiError(409, 'spec_already_received', `Lease ${id} already has its spec.`)
      }
      const actual = hashJobSpec(raw)
      if (actual !== record.specHash) {
        throw new ApiError(
          422,
          'spec_hash_mismatch',
          `The spec's hash ${actual} is not the one lease ${id} was opened with (${record.specHash}).`,
          { expected: record.specHash, actual },
        )
      }
      const parsed = parseSpecValue(raw)
      if (!parsed.success) {
        throw new ApiError(422, 'spec_invalid', `The spec has ${parsed.issues.length} problem(s).`, {
          issues: parsed.issues,
        })
      }
      const market = this.#markets.find((m) => m.id === record.market)
      const gpus = this.#assignGpus(market?.gpusPerLease ?? 0)
      const mapped = toSandboxSpec(parsed.spec, {
        gpuDeviceIds: gpus,
        leaseGpus: market?.gpusPerLease ?? 0,
        cpuCores: this.#options.hardware.cpuCores,
        ramMiB: this.#options.hardware.ramMiB,
      })
      if (!mapped.ok) {
        throw new ApiError(422, 'spec_invalid', mapped.problems.join('; '), { issues: mapped.problems })
      }
      if (mapped.notes.length > 0) this.#logger.warn({ lease: id, notes: mapped.notes }, 'spec adjusted')
      await this.journal.update(id, { spec: raw, state: 'starting', gpuDeviceIds: [...gpus] })
      return this.#statusOf(id)
    })
    void this.#serial(id, () => this.#startJob(id)).catch((error: unknown) =>
      this.#caught('start job', error, { lease: id }),
    )
    return status
  }

  #assignGpus(count: number): string[] {
    if (count === 0) return []
    const used = new Set(
      this.journal
        .all()
        .filter((r) => !isTerminal(r.state))
        .flatMap((r) => r.gpuDeviceIds ?? []),
    )
    return this.#options.hardware.gpuDeviceIds.filter((id) => !used.has(id)).slice(0, count)
  }

  // ---- containers ---------------------------------------------------------------------------------

  /**
   * Labels that tell this agent's containers from those of any other agent sharing the engine: its
   * provider and chain, and its data dir (two local networks reuse the same dev keys, chain id and
   * contract addresses; only the data dir, where the journal lives, tells them apart).
   */
  get #labels(): Record<string, string> {
    return {
      'hearth.provider': this.address.toLowerCase(),
      'hearth.chain': String(this.#options.deployment.chainId),
      'hearth.agent': this.#agentTag,
    }
  }

  /** The job id of a lease's current attempt: unique across chains and agents on one engine. */
  #jobId(record: LeaseRecord): string {
    return `c${this.#options.deployment.chainId}-${this.#agentTag}-lease-${record.lease}-${record.restarts ?? 0}`
  }

  /** This agent's containers of a lease (never another provider's or another chain's). */
  #containersOf(lease: string) {
    return findSandboxes(this.#options.docker, { lease, labels: this.#labels })
  }

  #jobDir(record: LeaseRecord): string {
    return join(this.#options.config.dataDir, 'jobs', `${record.lease}-${record.restarts ?? 0}`)
  }

  async #startJob(lease: string): Promise<void> {
    const record = this.#record(lease)
    if (record.state !== 'starting' || record.spec === undefined) return
    const parsed = parseSpecValue(record.spec)
    if (!parsed.success) return
    const market = this.#markets.find((m) => m.id === record.market)
    const mapped = toSandboxSpec(parsed.spec, {
      gpuDeviceIds: record.gpuDeviceIds ?? [],
      leaseGpus: market?.gpusPerLease ?? 0,
      cpuCores: this.#options.hardware.cpuCores,
      ramMiB: this.#options.hardware.ramMiB,
    })
    if (!mapped.ok) return
    const { docker } = this.#options
    try {
      if ((await findImage(docker, mapped.spec.image)) === undefined) await this.#pull(mapped.spec.image)
    } catch (error) {
      await this.#jobFailed(lease, `could not pull image ${mapped.spec.image}: ${shortMessage(error)}`)
      return
    }
    // A container left from an attempt that crashed before it was recorded goes first.
    for (const stale of await this.#containersOf(lease)) {
      await docker
        .getContainer(stale.containerId)
        .remove({ force: true })
        .catch(() => undefined)
    }
    let sandbox: Sandbox
    try {
      sandbox = await createSandbox(docker, mapped.spec, {
        dir: this.#jobDir(record),
        id: this.#jobId(record),
        lease,
        specHash: record.specHash,
        labels: this.#labels,
        publishHost: this.#options.config.publishHost,
        logger: this.#logger,
      })
      await sandbox.start()
    } catch (error) {
      await this.#jobFailed(lease, `the container could not start: ${shortMessage(error)}`)
      return
    }
    this.#options.metrics.containerStarts.inc()
    this.#sandboxes.set(lease, sandbox)
    await this.journal.update(lease, { state: 'running', startedAt: new Date(this.#now()).toISOString() })
    this.#logger.info({ lease, image: mapped.spec.image, container: sandbox.containerId }, 'job running')
    this.#supervise(lease, sandbox)
  }

  async #pull(image: string): Promise<void> {
    this.#logger.info({ image }, 'pulling image')
    await pullImage(this.#options.docker, image)
  }

  #supervise(lease: string, sandbox: Sandbox): void {
    sandbox
      .wait()
      .then((exit) => this.#serial(lease, () => this.#onJobExit(lease, sandbox, exit)))
      .catch((error: unknown) => {
        if (!this.#stopping) this.#caught('supervise', error, { lease })
      })
  }

  async #onJobExit(lease: string, sandbox: Sandbox, exit: SandboxExit): Promise<void> {
    if (this.#stopping) return
    const record = this.#record(lease)
    this.#sandboxes.delete(lease)
    if (isTerminal(record.state)) {
      await sandbox.remove().catch((error: unknown) => this.#caught('remove container', error, { lease }))
      return
    }
    const results = await hashResults(sandbox.outputDir)
    const resultHash = `0x${results.root}` as Hex
    const parsed = record.spec === undefined ? undefined : parseSpecValue(record.spec)
    const spec = parsed?.success ? parsed.spec : undefined
    const reason = describeExit(exit, {
      memoryBytes: spec?.resources.memoryBytes,
      timeoutMs: spec?.timeoutSeconds === undefined ? undefined : spec.timeoutSeconds * 1000,
    })
    const succeeded = reason === undefined
    await this.journal.update(lease, {
      state: succeeded ? 'finished' : 'failed',
      exitCode: exit.exitCode,
      resultHash,
      finishedAt: exit.finishedAt,
      ...(reason ? { reason } : {}),
    })
    this.#options.metrics.leasesEnded.inc({ outcome: succeeded ? 'finished' : 'failed' })
    this.#logger.info(
      { lease, exitCode: exit.exitCode, reason, resultHash, files: results.files.length },
      'job ended',
    )
    await sandbox.remove().catch((error: unknown) => this.#caught('remove container', error, { lease }))
    this.#queueDirty = true
    await this.#reportEnd(lease)
  }

  async #jobFailed(lease: string, reason: string): Promise<void> {
    await this.journal.update(lease, { state: 'failed', reason, resultHash: zeroHash })
    this.#options.metrics.leasesEnded.inc({ outcome: 'failed' })
    this.#logger.warn({ lease, reason }, 'job failed before it ran')
    this.#queueDirty = true
    await this.#reportEnd(lease)
  }

  /** Reports a job's end on chain (`finishLease`); a failure is retried by the loop. */
  async #reportEnd(lease: string): Promise<void> {
    const record = this.#record(lease)
    if (record.closedOnChain || (record.state !== 'finished' && record.state !== 'failed')) return
    try {
      const result = await this.#tx.run(() =>
        finishLease(this.#options.walletClient, {
          deployment: this.#options.deployment,
          leaseId: BigInt(lease),
          resultHash: record.resultHash ?? zeroHash,
          succeeded: record.state === 'finished',
        }),
      )
      await this.journal.update(lease, { closedOnChain: true })
      this.#logger.info(
        { lease, refund: String(result.refund), tx: result.hash },
        'lease closed with its result',
      )
    } catch (error) {
      if (isRevert(error, 'LeaseNotActive')) await this.journal.update(lease, { closedOnChain: true })
      else throw error
    }
  }

  async #stopContainer(lease: string): Promise<void> {
    const sandbox = this.#sandboxes.get(lease)
    if (sandbox) {
      await sandbox.stop()
      // The supervision sees the lease ended and removes the container.
      return
    }
    for (const found of await this.#containersOf(lease)) {
      await this.#options.docker
        .getContainer(found.containerId)
        .remove({ force: true })
        .catch(() => undefined)
    }
  }

  /** Brings one lease in line with the chain and the engine after a start-up. */
  async #reconcile(lease: string): Promise<void> {
    const record = this.#record(lease)
    const onChain = await getLease(this.#options.publicClient, {
      deployment: this.#options.deployment,
      leaseId: BigInt(lease),
    })
    const { docker } = this.#options
    if (onChain.state === LeaseState.Closed) {
      if (!isTerminal(record.state)) {
        await this.journal.update(lease, {
          state: 'closed',
          reason: describeCloseReason(onChain.closeReason),
          closedOnChain: true,
        })
        this.#options.metrics.leasesEnded.inc({ outcome: 'closed' })
      } else if (!record.closedOnChain) await this.journal.update(lease, { closedOnChain: true })
      await this.#stopContainer(lease)
      return
    }
    this.#fundedUntil.set(lease, onChain.fundedUntil)
    if (record.state === 'starting' || record.state === 'running') {
      const [found] = (await this.#containersOf(lease)).filter((s) => s.id === this.#jobId(record))
      if (found && found.state !== 'created') {
        const sandbox = await attachSandbox(docker, found.id, { logger: this.#logger })
        this.#sandboxes.set(lease, sandbox)
        if (record.state !== 'running') await this.journal.update(lease, { state: 'running' })
        this.#logger.info({ lease, container: found.containerId, state: found.state }, 'job re-attached')
        this.#supervise(lease, sandbox)
        return
      }
      // The container is gone (the host rebooted, or it was never created): run the job again.
      const restarts = (record.restarts ?? 0) + (record.state === 'running' ? 1 : 0)
      await this.journal.update(lease, { state: 'starting', restarts })
      this.#logger.warn({ lease, restarts }, 'job container lost: starting it again')
      await this.#startJob(lease)
      return
    }
    if (record.state === 'finished' || record.state === 'failed') await this.#reportEnd(lease)
  }

  /** Removes job containers of this provider whose lease ended or that no lease knows. */
  async #removeOrphans(): Promise<void> {
    const mine = await findSandboxes(this.#options.docker, { labels: this.#labels })
    for (const found of mine) {
      const record = found.lease === undefined ? undefined : this.journal.get(found.lease)
      if (record && !isTerminal(record.state) && this.#sandboxes.has(record.lease)) continue
      if (record && !isTerminal(record.state) && record.state === 'starting') continue
      this.#logger.warn(
        { container: found.containerId, lease: found.lease },
        'removing an orphaned job container',
      )
      await this.#options.docker
        .getContainer(found.containerId)
        .remove({ force: true })
        .catch(() => undefined)
    }
  }

  // ---- funds, on-chain retries, the queue, earnings -----------------------------------------------

  async #checkFunds(): Promise<void> {
    const active = this.#activeRecords()
    if (active.length === 0) return
    // Payment runs on chain time; the wall clock covers a chain that mines only on demand.
    // The head's time, read again only when a new block came (an idle chain costs no request).
    if (this.#chainTime === undefined || this.#chainTime.block !== this.#head) {
      const latest = await getBlock(this.#options.publicClient, { blockTag: 'latest' })
      this.#chainTime = { block: latest.number, timestamp: latest.timestamp }
    }
    const nowSeconds = Math.max(Math.floor(this.#now() / 1000), Number(this.#chainTime.timestamp))
    for (const record of active) {
      let fundedUntil = this.#fundedUntil.get(record.lease)
      if (fundedUntil === undefined) {
        const onChain = await getLease(this.#options.publicClient, {
          deployment: this.#options.deployment,
          leaseId: BigInt(record.lease),
        })
        fundedUntil = onChain.fundedUntil
        this.#fundedUntil.set(record.lease, fundedUntil)
      }
      if (nowSeconds < fundedUntil) continue
      await this.#serial(record.lease, async () => {
        if (isTerminal(this.#record(record.lease).state)) return
        await this.journal.update(record.lease, { state: 'closed', reason: 'lease ran out of funds' })
        this.#options.metrics.leasesEnded.inc({ outcome: 'closed' })
        this.#logger.info({ lease: record.lease }, 'lease ran out of funds: stopping its job')
        await this.#stopContainer(record.lease)
      })
      this.#queueDirty = true
    }
  }

  /** Sends what an earlier round could not: results of ended jobs, closes of leases out of funds. */
  async #retryOnChain(): Promise<void> {
    for (const record of this.journal.all()) {
      if (record.closedOnChain || !retryableOnChain.has(record.state)) continue
      try {
        // In the lease's own queue: the job's exit may be reporting the same end right now.
        await this.#serial(record.lease, async () => {
          const current = this.#record(record.lease)
          if (current.closedOnChain) return
          if (current.state === 'closed') await this.#closeOutOfFunds(record.lease)
          else await this.#reportEnd(record.lease)
        })
      } catch (error) {
        this.#caught('on-chain close', error, { lease: record.lease })
      }
    }
  }

  async #closeOutOfFunds(lease: string): Promise<void> {
    const { publicClient, deployment, walletClient } = this.#options
    const outOfFunds = await readContract(publicClient, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'isOutOfFunds',
      args: [BigInt(lease)],
    })
    // Closing a funded lease would count against our reputation: wait until the chain agrees.
    if (!outOfFunds) return
    const result = await this.#tx.run(() => closeLease(walletClient, { deployment, leaseId: BigInt(lease) }))
    await this.journal.update(lease, { closedOnChain: true })
    this.#logger.info({ lease, refund: String(result.refund) }, 'lease out of funds closed on chain')
  }

  #activeRecords(): LeaseRecord[] {
    return this.journal.all().filter((r) => !isTerminal(r.state))
  }

  #freeSlots(market: ServedMarket): number {
    const active = this.#activeRecords()
    const cap = this.#options.config.maxLeases
    if (cap !== undefined && active.length >= cap) return 0
    const gpusUsed = active.reduce(
      (sum, r) => sum + (this.#markets.find((m) => m.id === r.market)?.gpusPerLease ?? 0),
      0,
    )
    if (market.gpusPerLease === 0) return active.length === 0 ? 1 : 0
    return Math.max(0, Math.floor((this.#options.hardware.declaredGpus - gpusUsed) / market.gpusPerLease))
  }

  async #reference(market: ServedMarket): Promise<bigint> {
    return quotePrice(this.#options.publicClient, {
      deployment: this.#options.deployment,
      market: market.id,
      tier: Tier.Economy,
    })
  }

  /**
   * Keeps the provider in the queue of its best market with as many slots as it has free: joins
   * when out of it, rejoins with more slots when a lease ended, leaves when it is full.
   */
  async #maintainQueue(): Promise<void> {
    if (!this.#queueDirty && this.#now() - this.#lastQueueCheckAt < 30_000) return
    this.#queueDirty = false
    this.#lastQueueCheckAt = this.#now()
    const { publicClient, walletClient, deployment, config } = this.#options
    const paying: ServedMarket[] = []
    for (const market of this.#markets) {
      if (market.paused) continue
      const reference = await this.#reference(market)
      if (marketPays(config.pricing, { ...market, referencePricePerSecond: reference })) paying.push(market)
    }
    // The queue entry and the free slots are read together, after the slower price reads: a lease
    // taken in between would otherwise look like a slot too many.
    const entry = await readContract(publicClient, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getQueueEntry',
      args: [this.address],
    })
    const queuedIn = Number(entry.market)
    const candidates = paying
      .map((market) => ({ market, free: this.#freeSlots(market) }))
      .filter((c) => c.free > 0)
    const best = candidates[0]
    if (queuedIn !== 0) {
      // Still queued in a market that pays and with capacity: stay, even with fewer slots offered than
      // free. Leaving to rejoin with more would take the machine out of the queue for a block or two,
      // and a consumer deploying then would find nobody; the entry empties as its slots are taken, and
      // the machine rejoins with all its free slots.
      const current = candidates.find((c) => c.market.id === queuedIn)
      if (current && current.free >= entry.slots) return
      await this.#tx.run(() => leaveQueue(walletClient, { deployment }))
      this.#logger.info(
        { market: queuedIn },
        current ? 'left the queue to offer fewer slots' : 'left the queue: no free capacity',
      )
    }
    if (!best) return
    const target = queuedIn !== 0 ? (candidates.find((c) => c.market.id === queuedIn) ?? best) : best
    const slots = Math.min(target.free, target.market.slots)
    await this.#tx.run(() => joinQueue(walletClient, { deployment, market: target.market.id, slots }))
    this.#logger.info({ market: target.market.id, slots }, 'joined the queue')
  }

  async #leaveQueueIfQueued(): Promise<void> {
    const { publicClient, walletClient, deployment } = this.#options
    const entry = await readContract(publicClient, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getQueueEntry',
      args: [this.address],
    })
    if (Number(entry.market) === 0) return
    await this.#tx.run(() => leaveQueue(walletClient, { deployment }))
    this.#logger.info({ market: Number(entry.market) }, 'left the queue while stopped')
  }

  /**
   * Withdraws everything accrued on this provider's leases, one transaction per payment token.
   * @returns What was withdrawn, per token symbol, in base units.
   */
  async withdraw(): Promise<{ token: Address; symbol: string; amount: bigint; leases: number }[]> {
    const { publicClient, walletClient, deployment } = this.#options
    const byToken = new Map<Address, bigint[]>()
    for (const record of this.journal.all()) {
      if (record.settled) continue
      const amount = await getWithdrawable(publicClient, { deployment, leaseId: BigInt(record.lease) })
      if (amount === 0n) {
        if (record.closedOnChain) await this.journal.update(record.lease, { settled: true })
        continue
      }
      const market = this.#markets.find((m) => m.id === record.market)
      if (!market) continue
      byToken.set(market.token, [...(byToken.get(market.token) ?? []), BigInt(record.lease)])
    }
    const out: { token: Address; symbol: string; amount: bigint; leases: number }[] = []
    for (const [token, leaseIds] of byToken) {
      const result = await this.#tx.run(() => withdrawMany(walletClient, { deployment, leaseIds }))
      const market = this.#markets.find((m) => m.token === token)
      const symbol = market?.symbol ?? token
      this.#options.metrics.withdrawn.inc(
        { token: symbol },
        Number(formatUnits(result.total, market?.decimals ?? 18)),
      )
      this.#logger.info(
        { token: symbol, amount: String(result.total), leases: leaseIds.length },
        'earnings withdrawn',
      )
      out.push({ token, symbol, amount: result.total, leases: leaseIds.length })
    }
    return out
  }

  // ---- status for the API -------------------------------------------------------------------------

  /** How many leases are waiting for a spec, starting or running. */
  activeLeases(): number {
    return this.#activeRecords().length
  }

  /** The record of a lease of this provider, or undefined. */
  lease(lease: bigint | string): LeaseRecord | undefined {
    return this.journal.get(lease)
  }

  /** The host folder of a lease's current job (log and output). */
  jobDir(lease: bigint | string): string | undefined {
    const record = this.journal.get(lease)
    return record ? this.#jobDir(record) : undefined
  }

  /** Whether a lease's job has ended and its log is complete. */
  logsDone(lease: bigint | string): boolean {
    const record = this.journal.get(lease)
    return record === undefined || (isTerminal(record.state) && !this.#sandboxes.has(record.lease))
  }

  /** A lease's status as the API shows it. */
  async status(lease: bigint | string): Promise<LeaseStatus> {
    return this.#statusOf(String(lease))
  }

  async #statusOf(lease: string): Promise<LeaseStatus> {
    const record = this.#record(lease)
    const sandbox = this.#sandboxes.get(lease)
    const ports = sandbox
      ? (await sandbox.ports().catch(() => [])).map((p) => ({
          port: p.containerPort,
          protocol: p.protocol,
          hostPort: p.hostPort,
        }))
      : []
    const { size } = await stat(join(this.#jobDir(record), 'log.jsonl')).catch(() => ({ size: 0 }))
    return {
      lease,
      consumer: record.consumer,
      market: record.market,
      specHash: record.specHash,
      state: record.state,
      ...(record.reason !== undefined ? { reason: record.reason } : {}),
      ...(record.exitCode !== undefined ? { exitCode: record.exitCode } : {}),
      ...(record.resultHash !== undefined ? { resultHash: record.resultHash } : {}),
      ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
      ...(record.finishedAt !== undefined ? { finishedAt: record.finishedAt } : {}),
      ports,
      logsBytes: size,
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  async #readMarkets(): Promise<ServedMarket[]> {
    const { publicClient, deployment, config } = this.#options
    const hardware = await readContract(publicClient, {
      abi: providerRegistryAbi,
      address: deployment.contracts.providerRegistry,
      functionName: 'getHardware',
      args: [this.address],
    })
    const out: ServedMarket[] = []
    for (const market of await listMarkets(publicClient, { deployment })) {
      const id = Number(market.id)
      if (config.markets !== 'auto' && !config.markets.includes(id)) continue
      const { gpuModel, gpusPerLease, minVramMiB } = market.config
      let slots: number
      if (gpusPerLease === 0) slots = 1
      else if (gpuModel !== zeroHash && gpuModel !== hardware.gpuModel) slots = 0
      else if (hardware.vramMiB < minVramMiB) slots = 0
      else slots = Math.floor(hardware.gpuCount / gpusPerLease)
      if (slots === 0) continue
      const [decimals, symbol] = await Promise.all([
        readContract(publicClient, { abi: erc20Abi, address: market.config.token, functionName: 'decimals' }),
        readContract(publicClient, { abi: erc20Abi, address: market.config.token, functionName: 'symbol' }),
      ])
      out.push({
        id,
        token: market.config.token,
        symbol,
        decimals,
        gpusPerLease,
        slots,
        paused: market.paused,
        referencePricePerSecond: market.config.referencePricePerSecond,
        minPricePerSecond: market.config.minPricePerSecond,
        maxPricePerSecond: market.config.maxPricePerSecond,
      })
    }
    // Best paying first: the queue goes to the market with the highest price per lease.
    return out.sort((a, b) => (b.referencePricePerSecond > a.referencePricePerSecond ? 1 : -1))
  }

  #record(lease: string): LeaseRecord {
    const record = this.journal.get(lease)
    if (!record) throw new ApiError(404, 'not_found', `Lease ${lease} is not a lease of this provider.`)
    return record
  }

  #serial<T>(lease: string, task: () => Promise<T>): Promise<T> {
    let queue = this.#leaseQueues.get(lease)
    if (!queue) {
      queue = new SerialQueue()
      this.#leaseQueues.set(lease, queue)
    }
    return queue.run(task)
  }

  #updateGauges(): void {
    this.#options.metrics.leasesActive.set(this.#activeRecords().length)
  }

  #caught(where: string, error: unknown, context: Record<string, unknown> = {}): void {
    this.#options.metrics.errors.inc({ where })
    this.#logger.error({ ...context, where, error: shortMessage(error) }, `${where} failed`)
  }
}

function shortMessage(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'shortMessage' in error &&
    typeof error.shortMessage === 'string'
  ) {
    // viem's request errors name the node only in their fields: keep it, and why, in the line.
    const { url, details } = error as { url?: unknown; details?: unknown }
    if (typeof url === 'string')
      return `${error.shortMessage} (${url}${typeof details === 'string' && details ? `: ${details.split('\n')[0]}` : ''})`
    return error.shortMessage
  }
  return error instanceof Error ? error.message : String(error)
}

function isRevert(error: unknown, name: string): boolean {
  const match = (e: unknown) => e instanceof ContractRevertError && e.errorName === name
  return match(error) || (error instanceof BaseError && error.walk(match) !== undefined)
}
