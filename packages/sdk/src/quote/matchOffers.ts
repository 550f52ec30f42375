import { GpuVendor, SupplySource } from '@hearth/abi'
import type { Address } from 'viem'
import type { ListedProvider } from '../actions/listProviders.js'
import type { JobSpec } from '../spec/jobSpecSchema.js'
import { parseMaxPrice } from '../spec/parseMaxPrice.js'
import { fromBytes32String } from '../utils/bytes32.js'
import { complianceTagBit, complianceTagNames } from '../utils/complianceTags.js'
import { formatBytes } from '../utils/formatBytes.js'
import { formatTokenAmount } from '../utils/formatTokenAmount.js'
import { gpuModelMatches } from '../utils/gpuModelMatches.js'

/** A market as {@link matchOffers} sees it: configuration, token, the price at the spec's tier, its queue. */
export type QuoteMarket = {
  id: number
  /** Human name, e.g. `rtx-4090 (tUSD)`. */
  name: string
  /** GPU model it trades; empty: any GPU (or CPU-only when `gpusPerLease` is 0). */
  gpuModel: string
  /** GPUs one lease rents; 0 for a CPU-only market. */
  gpusPerLease: number
  /** VRAM per GPU a provider needs to join. */
  minVramMiB: number
  paused: boolean
  token: Address
  symbol: string
  decimals: number
  /** What a take at the spec's tier pays now, base units per second (`Marketplace.quotePrice`). */
  pricePerSecond: bigint
  /** Slots each provider has waiting in this market's queue now. */
  queue: ReadonlyMap<Address, number>
}

/** One way to run the spec now: a provider waiting in a market, at that market's price. */
export type QuoteOffer = {
  provider: Address
  /** The provider API endpoint it registered. */
  endpoint: string
  market: { id: number; name: string }
  token: { address: Address; symbol: string; decimals: number }
  /** Base units of the token per second, per lease. */
  pricePerSecond: bigint
  /** Base units per hour, per lease. */
  pricePerHour: bigint
  /** Base units for the spec's duration (or timeout) for every lease it needs; absent when it sets neither. */
  total?: bigint
  /** Slots it has waiting in the market's queue. */
  slots: number
  reputation: number
  region: string
  gpu: { model: string; count: number; vramMiB: number } | undefined
}

/**
 * A provider that meets every requirement but is not waiting in a queue: a plain deploy cannot be
 * matched to it, `deployJob` with `auction` asks it for a bid.
 */
export type QuoteCandidate = {
  provider: Address
  endpoint: string
  reputation: number
  region: string
  /** Markets it fits, by name. */
  markets: string[]
  /** The same markets, by id. */
  marketIds: number[]
}

/** Why nobody (or not enough providers) can run the spec: one requirement nobody in reach meets. */
export type QuoteReason = {
  /** Which requirement: `region`, `compliance`, `supplySource`, `reputation`, `gpuVendor`, `gpuModel`,
   * `gpuCount`, `vram`, `cpu`, `memory`, `disk`, `market`, `maxPrice`, `queue`, `capacity`, `providers`. */
  requirement: string
  /** One line, e.g. `no provider with ≥ 80 GB VRAM in eu-west; closest: 48 GiB at 2 providers`. */
  message: string
}

/** What {@link matchOffers} returns. */
export type MatchOffersReturnType = {
  /** Waiting providers that can run the spec now, cheapest first (then most reputable). */
  offers: QuoteOffer[]
  /** Providers that meet every requirement but wait in no queue. */
  candidates: QuoteCandidate[]
  /** Why nobody can, per failing requirement; empty when enough providers can. */
  reasons: QuoteReason[]
  /** Things the quote cannot check from the chain (e.g. a cluster's connectivity). */
  notes: string[]
  /** Leases the spec opens (its replicas, or its cluster's members). */
  leases: number
  /** Seconds the totals cover (the spec's duration, else its timeout), when it sets one. */
  durationSeconds?: number
}

/** Parameters of {@link matchOffers}. */
export type MatchOffersParameters = {
  spec: JobSpec
  markets: readonly QuoteMarket[]
  providers: readonly ListedProvider[]
  /** The least reputation the spec's tier needs (`Marketplace.tierParams(tier).minReputation`). */
  tierMinReputation: number
  /** The tier's name, for messages. */
  tierName: string
}

type Candidate = {
  provider: ListedProvider
  gpuModel: string
  region: string
}

type Requirement = {
  key: string
  /** `no provider <label>` reads as a sentence: `with ≥ 80 GB VRAM`, `in eu-west`. */
  label: string
  test: (candidate: Candidate) => boolean
  /** What the providers still in reach offer instead. */
  closest: (candidates: readonly Candidate[]) => string
}

const vendorNames: Record<number, string> = {
  [GpuVendor.None]: 'no GPU',
  [GpuVendor.Nvidia]: 'nvidia',
  [GpuVendor.Amd]: 'amd',
  [GpuVendor.Intel]: 'intel',
  [GpuVendor.Apple]: 'apple',
}
const vendorOf = {
  nvidia: GpuVendor.Nvidia,
  amd: GpuVendor.Amd,
  intel: GpuVendor.Intel,
  apple: GpuVendor.Apple,
}
const sourceNames: Record<number, string> = {
  [SupplySource.Home]: 'home',
  [SupplySource.DataCenter]: 'datacenter',
  [SupplySource.Miner]: 'miner',
}
const sourceOf = { home: SupplySource.Home, datacenter: SupplySource.DataCenter, miner: SupplySource.Miner }

/**
 * Matches a spec against markets and registered providers, as the marketplace would: the pure part
 * of {@link quoteJob}. Every requirement of the spec is checked in turn (placement, hardware, market,
 * price, queue); when one leaves nobody, the reason names it with the closest values the providers
 * still in reach offer, and the later requirements are checked against those same providers, so each
 * blocking requirement gets its own reason.
 *
 * @param parameters The parsed spec, the markets (with prices at the spec's tier and queues), the
 *   registered providers and the tier's reputation threshold.
 * @returns The offers, the auction candidates and the reasons.
 */
export function matchOffers(parameters: MatchOffersParameters): MatchOffersReturnType {
  const { spec, markets, providers, tierMinReputation, tierName } = parameters
  const leases = spec.cluster?.members ?? spec.replicas
  const durationSeconds = spec.durationSeconds ?? spec.timeoutSeconds
  const notes: string[] = []
  const reasons: QuoteReason[] = []
  const result = (offers: QuoteOffer[], candidates: QuoteCandidate[]): MatchOffersReturnType => ({
    offers,
    candidates,
    reasons,
    notes,
    leases,
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
  })

  const all: Candidate[] = providers.map((provider) => ({
    provider,
    gpuModel: fromBytes32String(provider.hardware.gpuModel),
    region: fromBytes32String(provider.hardware.region),
  }))
  if (all.length === 0) {
    reasons.push({ requirement: 'providers', message: 'no provider is registered on this network yet' })
    return result([], [])
  }

  // Markets that trade this spec, and those within its maxPrice.
  const gpu = spec.resources.gpu
  const tradable = markets.filter((market) => !market.paused && marketTrades(market, spec))
  const withinPrice = tradable.filter((market) => {
    const max = parseMaxPrice(spec, market.decimals)
    return max === undefined || market.pricePerSecond <= max
  })
  const fitsMarket = (candidate: Candidate, market: QuoteMarket) =>
    slotsFor(market, candidate.provider, candidate.gpuModel) > 0

  const requirements: Requirement[] = []
  requirements.push({
    key: 'stake',
    label: 'with enough stake to take leases',
    test: ({ provider }) => provider.eligible,
    closest: (candidates) =>
      `${candidates.length} registered, all below the stake their hardware class requires`,
  })
  const regions = spec.placement?.regions ?? []
  if (regions.length > 0) {
    requirements.push({
      key: 'region',
      label: `in ${regions.join(' or ')}`,
      test: ({ region }) => regions.includes(region),
      closest: (candidates) =>
        `providers are in ${tally(candidates.map(({ region }) => region || '(no region)'))}`,
    })
  }
  const compliance = spec.placement?.compliance ?? []
  if (compliance.length > 0) {
    const unknown = compliance.filter((tag) => complianceTagBit(tag) === undefined)
    const mask = compliance.reduce((bits, tag) => bits | (complianceTagBit(tag) ?? 0n), 0n)
    requirements.push({
      key: 'compliance',
      label: `with ${compliance.join(' and ')} compliance`,
      test: ({ provider }) => unknown.length === 0 && (provider.hardware.complianceTags & mask) === mask,
      closest: (candidates) =>
        unknown.length > 0
          ? `providers cannot declare ${unknown.join(', ')} (known tags: soc2, hipaa, gdpr, iso27001, e2e)`
          : `providers declare ${tally(candidates.map(({ provider }) => complianceTagNames(provider.hardware.complianceTags).join('+') || 'no tags'))}`,
    })
  }
  const source = spec.placement?.supplySource
  if (source !== undefined && source !== 'any') {
    requirements.push({
      key: 'supplySource',
      label: `in a ${source} setting`,
      test: ({ provider }) => provider.hardware.supplySource === sourceOf[source],
      closest: (candidates) =>
        `providers are ${tally(candidates.map(({ provider }) => sourceNames[provider.hardware.supplySource] ?? '?'))}`,
    })
  }
  const minReputation = Math.max(tierMinReputation, spec.placement?.minReputation ?? 0)
  if (minReputation > 0) {
    requirements.push({
      key: 'reputation',
      label: `with reputation ≥ ${minReputation} (${tierName} tier${spec.placement?.minReputation ? ', placement.minReputation' : ''})`,
      test: ({ provider }) => provider.reputation >= minReputation,
      closest: (candidates) => best(candidates, ({ provider }) => provider.reputation, String),
    })
  }
  if (gpu) {
    if (gpu.vendor !== 'any') {
      const vendor = vendorOf[gpu.vendor]
      requirements.push({
        key: 'gpuVendor',
        label: `with ${gpu.vendor} GPUs`,
        test: ({ provider }) => provider.hardware.gpuVendor === vendor,
        closest: (candidates) =>
          `providers have ${tally(candidates.map(({ provider }) => vendorNames[provider.hardware.gpuVendor] ?? '?'))}`,
      })
    }
    const models = gpu.models.length > 0 ? gpu.models : gpu.class === undefined ? [] : [gpu.class]
    if (models.length > 0) {
      requirements.push({
        key: 'gpuModel',
        label: `with a ${models.join(' or ')} GPU`,
        test: ({ gpuModel }) => models.some((wanted) => gpuModelMatches(wanted, gpuModel)),
        closest: (candidates) =>
          `providers have ${tally(candidates.map(({ gpuModel }) => gpuModel || 'no GPU'))}`,
      })
    }
    requirements.push({
      key: 'gpuCount',
      label: `with ≥ ${gpu.count} GPU${gpu.count === 1 ? '' : 's'}`,
      test: ({ provider }) => provider.hardware.gpuCount >= gpu.count,
      closest: (candidates) =>
        best(
          candidates,
          ({ provider }) => provider.hardware.gpuCount,
          (n) => `${n} GPUs`,
        ),
    })
    const minVramBytes = gpu.minVramBytes
    if (minVramBytes !== undefined) {
      requirements.push({
        key: 'vram',
        label: `with ≥ ${formatBytes(minVramBytes)} VRAM`,
        test: ({ provider }) => provider.hardware.vramMiB * 2 ** 20 >= minVramBytes,
        closest: (candidates) =>
          best(
            candidates,
            ({ provider }) => provider.hardware.vramMiB,
            (mib) => formatBytes(mib * 2 ** 20),
          ),
      })
    }
  }
  const { cpu, memoryBytes, diskBytes } = spec.resources
  requirements.push(
    {
      key: 'cpu',
      label: `with ≥ ${cpu} CPU core${cpu === 1 ? '' : 's'}`,
      test: ({ provider }) => provider.hardware.cpuCores >= cpu,
      closest: (candidates) =>
        best(
          candidates,
          ({ provider }) => provider.hardware.cpuCores,
          (n) => `${n} cores`,
        ),
    },
    {
      key: 'memory',
      label: `with ≥ ${formatBytes(memoryBytes)} RAM`,
      test: ({ provider }) => provider.hardware.ramMiB * 2 ** 20 >= memoryBytes,
      closest: (candidates) =>
        best(
          candidates,
          ({ provider }) => provider.hardware.ramMiB,
          (mib) => formatBytes(mib * 2 ** 20),
        ),
    },
    {
      key: 'disk',
      label: `with ≥ ${formatBytes(diskBytes)} disk`,
      test: ({ provider }) => provider.hardware.diskGiB * 2 ** 30 >= diskBytes,
      closest: (candidates) =>
        best(
          candidates,
          ({ provider }) => provider.hardware.diskGiB,
          (gib) => formatBytes(gib * 2 ** 30),
        ),
    },
  )

  // Market-level blockers come first: they say what to change in the spec, not who is missing.
  if (tradable.length === 0) {
    reasons.push({
      requirement: 'market',
      message: `no market trades ${describeWant(spec)}; ${describeMarkets(markets)}`,
    })
  } else if (withinPrice.length === 0) {
    const cheapest = [...tradable].sort((a, b) => compareHourly(a, b))[0] as QuoteMarket
    reasons.push({
      requirement: 'maxPrice',
      message: `every market for this spec costs more than maxPrice ${spec.maxPrice?.perHour}/h; cheapest: ${cheapest.name} at ${hourly(cheapest)}`,
    })
  }
  if (tradable.length > 0) {
    requirements.push({
      key: 'market',
      label: `that fits a market for this spec (${tradable.map((market) => market.name).join(', ')})`,
      test: (candidate) => tradable.some((market) => fitsMarket(candidate, market)),
      closest: (candidates) => {
        const fit = markets.filter((market) => candidates.some((candidate) => fitsMarket(candidate, market)))
        return fit.length > 0
          ? `they fit ${fit.map((market) => market.name).join(', ')}`
          : 'they fit no market'
      },
    })
  }
  if (withinPrice.length > 0 && withinPrice.length < tradable.length) {
    requirements.push({
      key: 'maxPrice',
      label: `in a market within maxPrice ${spec.maxPrice?.perHour}/h`,
      test: (candidate) => withinPrice.some((market) => fitsMarket(candidate, market)),
      closest: (candidates) => {
        const fit = tradable.filter((market) => candidates.some((candidate) => fitsMarket(candidate, market)))
        return `they are in ${fit.map((market) => `${market.name} at ${hourly(market)}`).join(', ')}`
      },
    })
  }

  let remaining = all
  const context: string[] = []
  for (const requirement of requirements) {
    const passing = remaining.filter(requirement.test)
    if (passing.length === 0) {
      const among = context.length > 0 ? ` ${context.join(', ')}` : ''
      reasons.push({
        requirement: requirement.key,
        message: `no provider ${requirement.label}${among}; closest: ${requirement.closest(remaining)}`,
      })
      // Judge the next requirements on the same providers, so each blocker is named.
      continue
    }
    remaining = passing
    if (['region', 'compliance', 'supplySource', 'gpuVendor', 'gpuModel'].includes(requirement.key)) {
      context.push(requirement.label)
    }
  }
  if (reasons.length > 0) return result([], [])

  // Everyone left fits: those waiting in a queue are offers, the others auction candidates.
  const offers: QuoteOffer[] = []
  for (const candidate of remaining) {
    const { provider } = candidate
    for (const market of withinPrice) {
      const slots = market.queue.get(provider.address) ?? 0
      if (slots === 0 || !fitsMarket(candidate, market)) continue
      offers.push({
        provider: provider.address,
        endpoint: provider.endpoint,
        market: { id: market.id, name: market.name },
        token: { address: market.token, symbol: market.symbol, decimals: market.decimals },
        pricePerSecond: market.pricePerSecond,
        pricePerHour: market.pricePerSecond * 3600n,
        ...(durationSeconds === undefined
          ? {}
          : { total: market.pricePerSecond * BigInt(durationSeconds) * BigInt(leases) }),
        slots,
        reputation: provider.reputation,
        region: candidate.region,
        gpu:
          provider.hardware.gpuCount > 0
            ? {
                model: candidate.gpuModel,
                count: provider.hardware.gpuCount,
                vramMiB: provider.hardware.vramMiB,
              }
            : undefined,
      })
    }
  }
  offers.sort((a, b) => compareOffers(a, b))
  const waiting = new Set(offers.map((offer) => offer.provider))
  const candidates: QuoteCandidate[] = remaining
    .filter((candidate) => !waiting.has(candidate.provider.address))
    .map((candidate) => ({
      provider: candidate.provider.address,
      endpoint: candidate.provider.endpoint,
      reputation: candidate.provider.reputation,
      region: candidate.region,
      markets: withinPrice.filter((market) => fitsMarket(candidate, market)).map((market) => market.name),
      marketIds: withinPrice.filter((market) => fitsMarket(candidate, market)).map((market) => market.id),
    }))
  if (offers.length === 0) {
    reasons.push({
      requirement: 'queue',
      message: `no provider that fits is waiting in a market queue now, so a plain deploy cannot be matched; ${remaining.length} fit${remaining.length === 1 ? 's' : ''}: \`hearth deploy --auction\` opens an order and asks ${remaining.length === 1 ? 'it' : 'each of them'} for a bid`,
    })
    return result(offers, candidates)
  }

  // Enough of them for every lease the spec opens?
  if (leases > 1) {
    const cluster = spec.cluster
    if (cluster) {
      const byRegion = new Map<string, Set<Address>>()
      for (const offer of offers) {
        const key = cluster.connectivity === 'same-region' ? offer.region : ''
        byRegion.set(key, (byRegion.get(key) ?? new Set()).add(offer.provider))
      }
      const largest = Math.max(...[...byRegion.values()].map((group) => group.size))
      if (largest < leases) {
        reasons.push({
          requirement: 'capacity',
          message: `a cluster of ${leases} needs ${leases} distinct waiting providers${cluster.connectivity === 'same-region' ? ' in one region' : ''}; ${largest} can take it now`,
        })
      }
      if (cluster.connectivity === 'same-datacenter' || cluster.connectivity === 'infiniband') {
        notes.push(
          `connectivity "${cluster.connectivity}" is not declared on chain: the quote cannot check it; providers are matched on region and bandwidth`,
        )
      }
    } else {
      const slots = [...new Map(offers.map((offer) => [offer.provider, offer.slots])).values()].reduce(
        (a, b) => a + b,
        0,
      )
      if (slots < leases) {
        reasons.push({
          requirement: 'capacity',
          message: `${leases} replicas need ${leases} waiting slots; ${slots} are waiting now`,
        })
      }
    }
  }
  return result(offers, candidates)
}

/** Whether `market` trades what the spec asks for (GPU class, model and count, or CPU only). */
function marketTrades(market: QuoteMarket, spec: JobSpec): boolean {
  const gpu = spec.resources.gpu
  if (!gpu) return market.gpusPerLease === 0
  if (market.gpusPerLease < gpu.count) return false
  if (gpu.class !== undefined && gpu.class !== market.gpuModel && gpu.class !== market.name) return false
  if (
    gpu.models.length > 0 &&
    market.gpuModel !== '' &&
    !gpu.models.some((wanted) => gpuModelMatches(wanted, market.gpuModel))
  )
    return false
  return true
}

/** Slots a provider can offer in a market: `Marketplace._slotsFor`. */
function slotsFor(market: QuoteMarket, provider: ListedProvider, gpuModel: string): number {
  if (market.gpusPerLease === 0) return 1
  if (market.gpuModel !== '' && gpuModel !== market.gpuModel) return 0
  if (provider.hardware.vramMiB < market.minVramMiB) return 0
  return Math.floor(provider.hardware.gpuCount / market.gpusPerLease)
}

function describeWant(spec: JobSpec): string {
  const gpu = spec.resources.gpu
  if (!gpu) return 'CPU-only leases'
  const what = gpu.models.join(' or ') || gpu.class || (gpu.vendor === 'any' ? '' : gpu.vendor)
  return `${gpu.count}${what ? ` ${what}` : ''} GPU${gpu.count === 1 ? '' : 's'} per lease`
}

function describeMarkets(markets: readonly QuoteMarket[]): string {
  if (markets.length === 0) return 'this network has no markets'
  return `markets: ${markets
    .map(
      (market) =>
        `${market.name} (${market.gpusPerLease === 0 ? 'CPU only' : `${market.gpusPerLease} GPU${market.gpusPerLease === 1 ? '' : 's'}/lease`}${market.paused ? ', paused' : ''})`,
    )
    .join(', ')}`
}

function hourly(market: QuoteMarket): string {
  return `${formatTokenAmount(market.pricePerSecond * 3600n, market.decimals)} ${market.symbol}/h`
}

/** Cheaper first, comparing prices in whole tokens (markets may use tokens with other decimals). */
function compareHourly(a: QuoteMarket, b: QuoteMarket): number {
  const left = a.pricePerSecond * 10n ** BigInt(b.decimals)
  const right = b.pricePerSecond * 10n ** BigInt(a.decimals)
  return left < right ? -1 : left > right ? 1 : 0
}

function compareOffers(a: QuoteOffer, b: QuoteOffer): number {
  const left = a.pricePerSecond * 10n ** BigInt(b.token.decimals)
  const right = b.pricePerSecond * 10n ** BigInt(a.token.decimals)
  if (left !== right) return left < right ? -1 : 1
  return b.reputation - a.reputation || a.market.id - b.market.id
}

/** `eu-west (2), us-east (1)`: values by how many providers have them, most first. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => `${value} (${count})`)
    .join(', ')
}

/** `48 GiB at 2 providers`: the largest value and how many have it. */
function best(
  candidates: readonly Candidate[],
  value: (candidate: Candidate) => number,
  format: (value: number) => string,
): string {
  const values = candidates.map(value)
  const top = Math.max(...values)
  const count = values.filter((v) => v === top).length
  return `${format(top)} at ${count} provider${count === 1 ? '' : 's'}`
}
