import { SupplySource, Tier } from '@hearth/abi'
import type { Account, Address, Chain, Client, Hash, Hex, Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { InsufficientBalanceError } from '../errors/InsufficientBalanceError.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import { JobSpecError } from '../errors/JobSpecError.js'
import { NoProviderError } from '../errors/NoProviderError.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import {
  type CreateProviderClientParameters,
  createProviderClient,
  type ProviderClient,
} from '../provider-api/createProviderClient.js'
import type { ProviderLeaseState } from '../provider-api/providerApiTypes.js'
import { hashJobSpec } from '../spec/hashJobSpec.js'
import { jobSpecSchema } from '../spec/jobSpecSchema.js'
import type { MarketId, OrderId, Placement, TierValue } from '../types.js'
import { fromBytes32String, toBytes32String } from '../utils/bytes32.js'
import { complianceTagBit, complianceTags as complianceTagsByName } from '../utils/complianceTags.js'
import { acceptSignedBid } from './acceptSignedBid.js'
import { cancelOrder } from './cancelOrder.js'
import { createOrder } from './createOrder.js'
import { getProvider } from './getProvider.js'
import { getQueue } from './getQueue.js'
import { getTokenBalance } from './getTokenBalance.js'
import { openLease } from './openLease.js'
import { type SelectMarketReturnType, selectMarket } from './selectMarket.js'
import type { SignedBid } from './signBid.js'

/** A step of {@link deployJob}, reported as it happens. */
export type DeployProgress =
  | { stage: 'market'; market: MarketId; name: string; pricePerSecond: bigint; symbol: string }
  | { stage: 'note'; message: string }
  | { stage: 'auction'; order: OrderId; biddingEndsAt: number; maxPricePerSecond: bigint }
  | { stage: 'bid'; provider: Address; pricePerSecond: bigint }
  | { stage: 'matched'; lease: bigint; provider: Address; pricePerSecond: bigint; deposit: bigint }
  | { stage: 'spec-sent'; lease: bigint; endpoint: string }
  | { stage: 'starting'; lease: bigint }
  | { stage: 'running'; lease: bigint }
  | { stage: 'ended'; lease: bigint; state: ProviderLeaseState; reason: string | undefined }

/** Parameters of {@link deployJob}. */
export type DeployJobParameters = {
  deployment: HearthDeployment
  /** The spec as submitted (plain JSON data, e.g. `parseJobSpec(text).raw`): what is hashed and sent. */
  spec: unknown
  /** Use this market rather than choosing one from the spec. */
  market?: MarketId | undefined
  /** Default `Tier.Economy`. */
  tier?: TierValue | undefined
  /** Run a reverse auction among the market's queued providers rather than take the market price. */
  auction?: boolean | undefined
  /** How long the auction's providers may bid; default 30 s (bids are accepted as soon as all are in). */
  biddingSeconds?: number | undefined
  /** Seconds of the lease to pay up front; default the spec's `duration`, else its `timeout`, else 1 h. */
  durationSeconds?: number | undefined
  /** Wait until the job runs (or ends) before returning; default: return once the spec is accepted. */
  wait?: boolean | undefined
  /** How long to wait for the job to run; default 300 000 ms. */
  waitTimeoutMs?: number | undefined
  /** Called at each step. */
  onProgress?: ((event: DeployProgress) => void) | undefined
  /** Options for the provider clients (an endpoint override, timeouts, fetch). */
  providerClient?:
    | Omit<CreateProviderClientParameters, 'wallet' | 'deployment' | 'provider'>
    | ((provider: Address) => ProviderClient)
    | undefined
}

/** What {@link deployJob} returns. */
export type DeployJobReturnType = {
  lease: bigint
  provider: Address
  /** The provider's API. */
  endpoint: string
  market: MarketId
  marketName: string
  token: { address: Address; symbol: string; decimals: number }
  pricePerSecond: bigint
  /** What the lease locked. */
  deposit: bigint
  /** How long the deposit pays for at the lease's price. */
  fundedSeconds: bigint
  specHash: Hex
  /** The auction order, when one was run. */
  order: OrderId | undefined
  /** The lease-opening transaction. */
  transactionHash: Hash
  /** The job's state at the provider when `deployJob` returned. */
  state: ProviderLeaseState
  /** A client for the lease's provider (tokens already cached). */
  client: ProviderClient
}

/** What {@link deployJob} can throw. */
export type DeployJobErrorType = WriteErrorType

/**
 * Deploys a job: validates the spec, chooses its market, opens a lease at the market price (or runs a
 * reverse auction: posts an order, collects signed bids from the queued providers' APIs and accepts
 * the best), sends the spec privately to the matched provider, and follows the job to running.
 *
 * @param client A client with the consumer's account.
 * @param parameters Deployment, spec, market/auction choices, waiting.
 * @returns The lease, its provider, price, deposit and how long it lasts.
 * @throws {JobSpecError} on a bad spec; {@link NoMarketError}, {@link NoProviderError},
 *   {@link InsufficientBalanceError}, `ProviderUnreachableError`, `ProviderApiError`, contract reverts.
 */
export async function deployJob(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: DeployJobParameters,
): Promise<DeployJobReturnType> {
  const { deployment, spec: raw, onProgress = () => {} } = parameters
  assertChain(client, deployment)
  const parsed = jobSpecSchema.safeParse(raw)
  if (!parsed.success) {
    throw new JobSpecError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    )
  }
  const spec = parsed.data
  const tier = parameters.tier ?? tierOf(spec.placement?.minTier)
  const { placement, offChain, notes } = placementOf(spec, parameters.auction === true)
  for (const message of notes) onProgress({ stage: 'note', message })
  const chosen = await selectMarket(client, { deployment, spec, market: parameters.market, tier })
  onProgress({
    stage: 'market',
    market: chosen.market,
    name: chosen.name,
    pricePerSecond: chosen.pricePerSecond,
    symbol: chosen.token.symbol,
  })
  const durationSeconds = BigInt(
    parameters.durationSeconds ?? spec.durationSeconds ?? spec.timeoutSeconds ?? 3600,
  )
  const specHash = hashJobSpec(raw)
  const clientFor = (provider: Address): ProviderClient =>
    typeof parameters.providerClient === 'function'
      ? parameters.providerClient(provider)
      : createProviderClient({ ...parameters.providerClient, wallet: client, deployment, provider })

  let opened: {
    lease: bigint
    provider: Address
    pricePerSecond: bigint
    deposit: bigint
    hash: Hash
    order?: OrderId
  }
  if (parameters.auction) {
    opened = await runAuction(client, {
      ...parameters,
      chosen,
      leaseSeconds: durationSeconds,
      specHash,
      placement,
      offChain,
      clientFor,
    })
  } else {
    if (!chosen.providerWaiting) {
      throw new NoProviderError(
        `none is waiting in market ${chosen.name} now; try again later, or run a reverse auction (--auction)`,
      )
    }
    const deposit = chosen.pricePerSecond * durationSeconds
    await ensureBalance(client, chosen, deposit, 'the lease deposit')
    const result = await openLease(client, {
      deployment,
      market: chosen.market,
      tier,
      deposit,
      specHash,
      maxPricePerSecond: chosen.maxPricePerSecond ?? chosen.pricePerSecond,
      placement,
    }).catch((error: unknown) => {
      if (error instanceof ContractRevertError && error.is('NoProviderAvailable')) {
        if (error.namedArgs.scanned === 0n)
          throw new NoProviderError(
            `none is waiting in market ${chosen.name} now (the last one was just taken); try again shortly, or run a reverse auction (--auction)`,
          )
        throw new NoProviderError(
          `none of the ${error.namedArgs.scanned} provider(s) waiting in market ${chosen.name} meets the spec's placement (region, compliance, reputation) or tier; \`hearth quote\` says which requirement fails`,
        )
      }
      throw error
    })
    opened = {
      lease: result.leaseId,
      provider: result.provider,
      pricePerSecond: result.pricePerSecond,
      deposit: result.deposit,
      hash: result.hash,
    }
  }
  onProgress({ stage: 'matched', ...opened })

  const provider = clientFor(opened.provider)
  const endpoint = await provider.endpoint()
  let status = await provider.putSpec(opened.lease, raw)
  onProgress({ stage: 'spec-sent', lease: opened.lease, endpoint })
  let reported: ProviderLeaseState | undefined
  const report = (state: ProviderLeaseState, reason: string | undefined) => {
    if (state === reported) return
    reported = state
    if (state === 'starting') onProgress({ stage: 'starting', lease: opened.lease })
    else if (state === 'running') onProgress({ stage: 'running', lease: opened.lease })
    else if (state !== 'awaiting-spec') onProgress({ stage: 'ended', lease: opened.lease, state, reason })
  }
  report(status.state, status.reason)
  if (parameters.wait) {
    const deadline = Date.now() + (parameters.waitTimeoutMs ?? 300_000)
    while (status.state === 'awaiting-spec' || status.state === 'starting') {
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 200))
      status = await provider.getLeaseStatus(opened.lease)
      report(status.state, status.reason)
    }
  }
  return {
    lease: opened.lease,
    provider: opened.provider,
    endpoint,
    market: chosen.market,
    marketName: chosen.name,
    token: chosen.token,
    pricePerSecond: opened.pricePerSecond,
    deposit: opened.deposit,
    fundedSeconds: opened.pricePerSecond > 0n ? opened.deposit / opened.pricePerSecond : 0n,
    specHash,
    order: opened.order,
    transactionHash: opened.hash,
    state: status.state,
    client: provider,
  }
}

async function ensureBalance(
  client: Client<Transport, Chain | undefined, Account>,
  chosen: SelectMarketReturnType,
  required: bigint,
  what: string,
): Promise<void> {
  const account = client.account.address
  const balance = await getTokenBalance(client, { token: chosen.token.address, owner: account })
  if (balance < required) {
    throw new InsufficientBalanceError({
      account,
      token: chosen.token.address,
      symbol: chosen.token.symbol,
      decimals: chosen.token.decimals,
      balance,
      required,
      what,
    })
  }
}

async function runAuction(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: DeployJobParameters & {
    chosen: SelectMarketReturnType
    leaseSeconds: bigint
    specHash: Hex
    placement: Placement
    offChain: OffChainPlacement
    clientFor: (provider: Address) => ProviderClient
  },
): Promise<{
  lease: bigint
  provider: Address
  pricePerSecond: bigint
  deposit: bigint
  hash: Hash
  order: OrderId
}> {
  const {
    deployment,
    chosen,
    leaseSeconds,
    specHash,
    placement,
    offChain,
    clientFor,
    onProgress = () => {},
  } = parameters
  const maxPricePerSecond = chosen.maxPricePerSecond ?? chosen.pricePerSecond
  const biddingSeconds = BigInt(parameters.biddingSeconds ?? 30)
  await ensureBalance(
    client,
    chosen,
    maxPricePerSecond * leaseSeconds,
    'the auction deposit (max price × duration)',
  )
  const queue = await getQueue(client, { deployment, market: chosen.market })
  const order = await createOrder(client, {
    deployment,
    market: chosen.market,
    maxPricePerSecond,
    durationSeconds: leaseSeconds,
    biddingSeconds,
    specHash,
    placement,
  })
  onProgress({
    stage: 'auction',
    order: order.orderId,
    biddingEndsAt: order.biddingEndsAt,
    maxPricePerSecond,
  })
  // Bids are signed with the end of bidding as their deadline: collect until every queued provider
  // has bid, or until a few seconds before the window closes, then accept the best.
  const bids = new Map<Address, { signed: SignedBid; reputation: number }>()
  const reasons = new Map<Address, string>()
  const stopAt = order.biddingEndsAt * 1000 - Math.min(5000, Number(biddingSeconds) * 300)
  // Only providers whose declared region and supply source fit are asked (the order checks the rest
  // on chain when a bid is accepted).
  const queued = await Promise.all(
    queue.map(async (entry) => {
      const record = await getProvider(client, { deployment, provider: entry.provider })
      return {
        provider: entry.provider,
        reputation: Number(entry.reputation),
        hasEndpoint: record.endpoint !== '',
        fits:
          (offChain.regions.length <= 1 ||
            offChain.regions.includes(fromBytes32String(record.hardware.region))) &&
          (offChain.supplySource === undefined || record.hardware.supplySource === offChain.supplySource),
      }
    }),
  )
  const candidates = queued.filter((c) => c.fits)
  const leftOut =
    candidates.length < queued.length
      ? `; ${queued.length - candidates.length} queued provider(s) left out by placement.regions or placement.supplySource`
      : ''
  while (Date.now() < stopAt && bids.size < candidates.length) {
    await Promise.all(
      candidates
        .filter((c) => c.hasEndpoint && !bids.has(c.provider))
        .map(async (c) => {
          try {
            const signed = await clientFor(c.provider).getSignedBid(order.orderId)
            bids.set(c.provider, { signed, reputation: c.reputation })
            onProgress({ stage: 'bid', provider: c.provider, pricePerSecond: signed.bid.pricePerSecond })
          } catch (error) {
            reasons.set(c.provider, (error as { shortMessage?: string }).shortMessage ?? String(error))
          }
        }),
    )
    if (bids.size < candidates.length) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const best = [...bids.values()].sort(
    (a, b) =>
      (a.signed.bid.pricePerSecond < b.signed.bid.pricePerSecond
        ? -1
        : a.signed.bid.pricePerSecond > b.signed.bid.pricePerSecond
          ? 1
          : 0) || b.reputation - a.reputation,
  )[0]
  if (!best) {
    await cancelOrder(client, { deployment, orderId: order.orderId })
    const why = [...reasons.entries()].map(([p, r]) => `${p}: ${r}`).join('; ')
    throw new NoProviderError(
      `no provider bid on order ${order.orderId} in market ${chosen.name}${queued.length === 0 ? ' (none is queued there)' : why ? ` (${why})` : ''}${leftOut}; the order was cancelled and its deposit returned`,
    )
  }
  const accepted = await acceptSignedBid(client, { deployment, signedBid: best.signed })
  return {
    lease: accepted.leaseId,
    provider: accepted.provider,
    pricePerSecond: accepted.pricePerSecond,
    deposit: accepted.pricePerSecond * leaseSeconds,
    hash: accepted.hash,
    order: order.orderId,
  }
}

function tierOf(minTier: 'economy' | 'priority' | 'trusted' | undefined): TierValue {
  return minTier === 'trusted' ? Tier.Trusted : minTier === 'priority' ? Tier.Priority : Tier.Economy
}

/** What a provider's declared hardware must show beyond what the chain matches. */
type OffChainPlacement = { regions: string[]; supplySource: SupplySource | undefined }

const supplySources = {
  home: SupplySource.Home,
  datacenter: SupplySource.DataCenter,
  miner: SupplySource.Miner,
}

/**
 * The on-chain placement a spec's `placement` maps to; what only the consumer can check (a choice of
 * several regions, the supply source: the contracts match one region and no supply source); and, for
 * a market take where those cannot be checked, notes saying so.
 * @throws {InvalidParameterError} on a compliance tag no provider can declare.
 */
function placementOf(
  spec: ReturnType<typeof jobSpecSchema.parse>,
  auction: boolean,
): { placement: Placement; offChain: OffChainPlacement; notes: string[] } {
  const notes: string[] = []
  const wanted = spec.placement
  const regions = wanted?.regions ?? []
  let complianceTags = 0n
  for (const tag of wanted?.compliance ?? []) {
    const bit = complianceTagBit(tag)
    if (bit === undefined) {
      throw new InvalidParameterError(
        'placement.compliance',
        `no provider can declare "${tag}" (the tags are ${Object.keys(complianceTagsByName).join(', ')})`,
      )
    }
    complianceTags |= bit
  }
  const supplySource =
    wanted?.supplySource === undefined || wanted.supplySource === 'any'
      ? undefined
      : supplySources[wanted.supplySource]
  if (!auction && regions.length > 1)
    notes.push(
      `placement.regions lists ${regions.length} regions: a market take is matched in any region (run --auction to choose among them)`,
    )
  if (!auction && supplySource !== undefined)
    notes.push(
      `placement.supplySource ${wanted?.supplySource}: a market take cannot choose the supply source (run --auction to)`,
    )
  return {
    placement: {
      region: toBytes32String(regions.length === 1 ? (regions[0] as string) : ''),
      complianceTags,
      minBandwidthMbps: 0,
      minReputation: wanted?.minReputation ?? 0,
    },
    offChain: { regions, supplySource },
    notes,
  }
}
