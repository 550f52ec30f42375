import { Tier } from '@hearth/abi'
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
import { type JobSpec, jobSpecSchema } from '../spec/jobSpecSchema.js'
import type { MarketId, OrderId, Placement, TierValue } from '../types.js'
import { toBytes32String } from '../utils/bytes32.js'
import { complianceTagBit, complianceTags as complianceTagsByName } from '../utils/complianceTags.js'
import { acceptSignedBid } from './acceptSignedBid.js'
import { cancelOrder } from './cancelOrder.js'
import { createOrder } from './createOrder.js'
import { getTokenBalance } from './getTokenBalance.js'
import { openLease } from './openLease.js'
import { quoteJob } from './quoteJob.js'
import { type SelectMarketReturnType, selectMarket } from './selectMarket.js'
import type { SignedBid } from './signBid.js'

/** A step of {@link deployJob}, reported as it happens. */
export type DeployProgress =
  | {
      stage: 'market'
      market: MarketId
      name: string
      pricePerSecond: bigint
      symbol: string
      /** The token's decimals, to print prices in whole tokens. */
      decimals: number
    }
  | { stage: 'note'; message: string }
  | {
      stage: 'auction'
      order: OrderId
      biddingEndsAt: number
      maxPricePerSecond: bigint
      /** How many fitting providers are asked for a bid. */
      providers: number
    }
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
  /** Run a reverse auction among the providers that fit the spec (queued or not) rather than take the market price. */
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
  const { placement, notes } = placementOf(spec, parameters.auction === true)
  for (const message of notes) onProgress({ stage: 'note', message })
  const chosen = await selectMarket(client, { deployment, spec, market: parameters.market, tier })
  onProgress({
    stage: 'market',
    market: chosen.market,
    name: chosen.name,
    pricePerSecond: chosen.pricePerSecond,
    symbol: chosen.token.symbol,
    decimals: chosen.token.decimals,
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
      parsedSpec: spec,
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
    parsedSpec: JobSpec
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
  // Ask every registered provider that fits the spec and this market, as `quoteJob` matches them
  // (hardware, placement, tier, reputation), queued or not: a provider bids from its free capacity.
  // When none fits, say why before an order is opened (nothing to cancel).
  const quote = await quoteJob(client, { deployment, spec: parameters.parsedSpec })
  const fitting = new Map<Address, { reputation: number; endpoint: string }>()
  for (const offer of quote.offers)
    if (offer.market.id === chosen.market)
      fitting.set(offer.provider, { reputation: offer.reputation, endpoint: offer.endpoint })
  for (const candidate of quote.candidates)
    if (candidate.marketIds.includes(chosen.market))
      fitting.set(candidate.provider, { reputation: candidate.reputation, endpoint: candidate.endpoint })
  if (fitting.size === 0) {
    const elsewhere = quote.offers.length + quote.candidates.length
    const why =
      elsewhere > 0
        ? `the providers that fit the spec fit other markets than ${chosen.name}`
        : quote.reasons
            .filter((reason) => reason.requirement !== 'queue')
            .map((reason) => reason.message)
            .join('; ') || 'none fits the spec'
    throw new NoProviderError(
      `no registered provider can bid in market ${chosen.name}: ${why}; no order was opened`,
    )
  }
  const candidates = [...fitting].map(([provider, info]) => ({ provider, ...info }))
  const askable = candidates.filter((c) => c.endpoint !== '')
  if (askable.length === 0) {
    throw new NoProviderError(
      `${candidates.length} provider(s) fit the spec in market ${chosen.name} but none registered an API endpoint to bid from; no order was opened`,
    )
  }
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
    providers: askable.length,
  })
  // Bids are signed with the end of bidding as their deadline: collect until every fitting provider
  // has bid, or until a few seconds before the window closes, then accept the best. A provider that
  // declines answers 404 with its reason; it is asked again (it may not have seen the order yet).
  const bids = new Map<Address, { signed: SignedBid; reputation: number }>()
  const reasons = new Map<Address, string>()
  const stopAt = order.biddingEndsAt * 1000 - Math.min(5000, Number(biddingSeconds) * 300)
  while (Date.now() < stopAt && bids.size < askable.length) {
    await Promise.all(
      askable
        .filter((c) => !bids.has(c.provider))
        .map(async (c) => {
          try {
            const signed = await clientFor(c.provider).getSignedBid(order.orderId)
            bids.set(c.provider, { signed, reputation: c.reputation })
            reasons.delete(c.provider)
            onProgress({ stage: 'bid', provider: c.provider, pricePerSecond: signed.bid.pricePerSecond })
          } catch (error) {
            reasons.set(c.provider, (error as { shortMessage?: string }).shortMessage ?? String(error))
          }
        }),
    )
    if (bids.size < askable.length) await new Promise((resolve) => setTimeout(resolve, 500))
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
    const why = [...reasons.entries()]
      .map(([p, r]) => `${p.slice(0, 6)}…${p.slice(-4)}: ${r.replace(/\.$/, '')}`)
      .join('; ')
    const silent = candidates.length - askable.length
    throw new NoProviderError(
      `none of the ${askable.length} provider(s) asked bid on order ${order.orderId} in market ${chosen.name}${why ? ` (${why})` : ''}${silent > 0 ? `; ${silent} more fit but have no API endpoint` : ''}; the order was cancelled and its deposit returned`,
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

/**
 * The on-chain placement a spec's `placement` maps to (the contracts match one region and no supply
 * source: an auction asks only the providers that fit the rest), and, for a market take where those
 * cannot be checked, notes saying so.
 * @throws {InvalidParameterError} on a compliance tag no provider can declare.
 */
function placementOf(
  spec: ReturnType<typeof jobSpecSchema.parse>,
  auction: boolean,
): { placement: Placement; notes: string[] } {
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
    wanted?.supplySource === undefined || wanted.supplySource === 'any' ? undefined : wanted.supplySource
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
    notes,
  }
}
