import { fromBytes32String } from '@hearth/sdk'
import type { Hex } from 'viem'
import type { IndexedEvent } from '../chain/decodeLogs.js'
import type { EventColumns, LeasesTable, MarketsTable, ProvidersTable } from '../db/schema.js'
import type { BatchWriter } from './BatchWriter.js'

const hourSeconds = 3600

/** A uint that the protocol keeps small (ids, counts, seconds) as a JS number. */
function int(value: bigint | number): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`${value} does not fit a safe integer`)
  return n
}

function plus(a: string, b: bigint): string {
  return (BigInt(a) + b).toString()
}

function located(event: IndexedEvent): EventColumns {
  return {
    block_number: event.blockNumber,
    log_index: event.logIndex,
    tx_hash: event.txHash,
    timestamp: event.timestamp,
  }
}

/** JSON with bigints as decimal strings. */
function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

type HardwareArgs = Extract<IndexedEvent, { name: 'ProviderRegistered' }>['args']['hardware']

function hardwareColumns(hw: HardwareArgs) {
  return {
    gpu_vendor: hw.gpuVendor,
    gpu_model: fromBytes32String(hw.gpuModel),
    gpu_count: hw.gpuCount,
    vram_mib: hw.vramMiB,
    cpu_cores: hw.cpuCores,
    ram_mib: hw.ramMiB,
    disk_gib: hw.diskGiB,
    bandwidth_mbps: hw.bandwidthMbps,
    region: fromBytes32String(hw.region),
    compliance_tags: hw.complianceTags.toString(),
    supply_source: hw.supplySource,
    benchmark_gflops: hw.benchmarkGflops,
  }
}

type MarketConfigArgs = Extract<IndexedEvent, { name: 'MarketCreated' }>['args']['config']

function marketConfigColumns(config: MarketConfigArgs) {
  return {
    gpu_model: fromBytes32String(config.gpuModel),
    token: config.token,
    min_vram_mib: config.minVramMiB,
    gpus_per_lease: config.gpusPerLease,
    target_utilization_bps: config.targetUtilizationBps,
    reference_price: config.referencePricePerSecond.toString(),
    min_price: config.minPricePerSecond.toString(),
    max_price: config.maxPricePerSecond.toString(),
  }
}

/** Events kept only as the governance trail (parameters, roles, ownership, allow-list, delegation). */
const governanceEvents = new Set([
  'ParameterChanged',
  'AddressParameterChanged',
  'OwnershipTransferStarted',
  'OwnershipTransferred',
  'RoleChanged',
  'AllowListChanged',
  'StakeClassesChanged',
  'TierParamsChanged',
  'PaymentTokenAllowed',
  'MarketConfigUpdated',
  'MarketPauseChanged',
  'RoleGranted',
  'RoleRevoked',
  'RoleAdminChanged',
  'DelegateChanged',
  'DelegateVotesChanged',
])

/**
 * Applies one decoded event to the index through `w`. Events must come in chain order; an entity an
 * event refers to that the index does not hold (which the contracts rule out) is skipped.
 */
export async function applyEvent(w: BatchWriter, event: IndexedEvent): Promise<void> {
  const block = event.blockNumber
  if (governanceEvents.has(event.name)) {
    w.append('governance_events', {
      ...located(event),
      contract: event.contract,
      address: event.address,
      name: event.name,
      args: json(event.args),
    })
  }
  switch (event.contract) {
    case 'heat':
    case 'stablecoin':
      if (event.name === 'Transfer') {
        w.append('token_transfers', {
          ...located(event),
          token: event.address,
          sender: event.args.from,
          recipient: event.args.to,
          amount: event.args.value.toString(),
        })
      }
      return
    case 'registry':
      return applyRegistryEvent(w, event, block)
    case 'marketplace':
      return applyMarketplaceEvent(w, event, block)
    case 'auctions':
      return applyAuctionsEvent(w, event, block)
  }
}

async function applyRegistryEvent(
  w: BatchWriter,
  event: Extract<IndexedEvent, { contract: 'registry' }>,
  block: number,
): Promise<void> {
  if (event.name === 'ProviderRegistered') {
    const { provider, hardware, endpoint, stake } = event.args
    const row: ProvidersTable = {
      address: provider,
      status: 'registered',
      ...hardwareColumns(hardware),
      endpoint,
      stake: stake.toString(),
      unbonding: '0',
      unbonding_ready_at: 0,
      reputation: 0,
      slashed: '0',
      jobs_succeeded: 0,
      jobs_failed: 0,
      registered_at: event.timestamp,
      registered_block: block,
      updated_block: block,
    }
    w.put('providers', row, block)
    w.append('stake_changes', {
      ...located(event),
      provider,
      kind: 'register',
      amount: stake.toString(),
      stake: stake.toString(),
    })
    return
  }
  if (!('provider' in event.args)) return
  const provider = await w.get('providers', [event.args.provider])
  if (!provider) return
  const update = (changes: Partial<ProvidersTable>) =>
    w.put('providers', { ...provider, ...changes, updated_block: block }, block)
  switch (event.name) {
    case 'HardwareUpdated':
      update(hardwareColumns(event.args.hardware))
      return
    case 'EndpointUpdated':
      update({ endpoint: event.args.endpoint })
      return
    case 'StakeAdded':
      update({ stake: event.args.stake.toString() })
      w.append('stake_changes', {
        ...located(event),
        provider: provider.address,
        kind: 'add',
        amount: event.args.amount.toString(),
        stake: event.args.stake.toString(),
      })
      return
    case 'UnbondRequested':
      update({
        stake: event.args.stake.toString(),
        unbonding: event.args.unbonding.toString(),
        unbonding_ready_at: event.args.readyAt,
      })
      w.append('stake_changes', {
        ...located(event),
        provider: provider.address,
        kind: 'unbond',
        amount: event.args.amount.toString(),
        stake: event.args.stake.toString(),
      })
      return
    case 'UnbondWithdrawn':
      update({ unbonding: plus(provider.unbonding, -event.args.amount), unbonding_ready_at: 0 })
      w.append('stake_changes', {
        ...located(event),
        provider: provider.address,
        kind: 'withdraw',
        amount: event.args.amount.toString(),
        stake: provider.stake,
      })
      return
    case 'ProviderSlashed': {
      const { amount, finder, finderReward, stakeLeft } = event.args
      // The slash takes the stake first, then the unbonding stake.
      const fromStake = BigInt(provider.stake) - stakeLeft
      update({
        stake: stakeLeft.toString(),
        unbonding: plus(provider.unbonding, fromStake - amount),
        slashed: plus(provider.slashed, amount),
      })
      w.append('slashes', {
        ...located(event),
        provider: provider.address,
        finder,
        amount: amount.toString(),
        finder_reward: finderReward.toString(),
        burned: (amount - finderReward).toString(),
        stake_left: stakeLeft.toString(),
      })
      return
    }
    case 'ReputationChanged': {
      const { oldReputation, newReputation, success } = event.args
      update({
        reputation: newReputation,
        jobs_succeeded: provider.jobs_succeeded + (success ? 1 : 0),
        jobs_failed: provider.jobs_failed + (success ? 0 : 1),
      })
      w.append('reputation_changes', {
        ...located(event),
        provider: provider.address,
        old_reputation: oldReputation,
        new_reputation: newReputation,
        success: success ? 1 : 0,
      })
      return
    }
  }
}

async function applyMarketplaceEvent(
  w: BatchWriter,
  event: Extract<IndexedEvent, { contract: 'marketplace' }>,
  block: number,
): Promise<void> {
  switch (event.name) {
    case 'MarketCreated': {
      const row: MarketsTable = {
        id: event.args.market,
        ...marketConfigColumns(event.args.config),
        paused: 0,
        idle_slots: 0,
        active_leases: 0,
        leases_opened: 0,
        created_at: event.timestamp,
        created_block: block,
        updated_block: block,
      }
      w.put('markets', row, block)
      w.append('price_updates', {
        ...located(event),
        market_id: row.id,
        cause: 'created',
        old_price: row.reference_price,
        new_price: row.reference_price,
        utilization_bps: null,
      })
      return
    }
    case 'MarketConfigUpdated': {
      const market = await w.get('markets', [event.args.market])
      if (!market) return
      const config = marketConfigColumns(event.args.config)
      w.put('markets', { ...market, ...config, updated_block: block }, block)
      if (config.reference_price !== market.reference_price) {
        w.append('price_updates', {
          ...located(event),
          market_id: market.id,
          cause: 'config',
          old_price: market.reference_price,
          new_price: config.reference_price,
          utilization_bps: null,
        })
      }
      return
    }
    case 'MarketPauseChanged': {
      const market = await w.get('markets', [event.args.market])
      if (market)
        w.put('markets', { ...market, paused: event.args.paused ? 1 : 0, updated_block: block }, block)
      return
    }
    case 'ReferencePriceUpdated': {
      const { market: id, oldPricePerSecond, newPricePerSecond, utilizationBps } = event.args
      const market = await w.get('markets', [id])
      if (!market) return
      w.put(
        'markets',
        { ...market, reference_price: newPricePerSecond.toString(), updated_block: block },
        block,
      )
      w.append('price_updates', {
        ...located(event),
        market_id: id,
        cause: 'epoch',
        old_price: oldPricePerSecond.toString(),
        new_price: newPricePerSecond.toString(),
        utilization_bps: int(utilizationBps),
      })
      return
    }
    case 'ProviderQueued': {
      const { market: id, provider, slots, reputation } = event.args
      const market = await w.get('markets', [id])
      if (!market) return
      w.put('queue_entries', { provider, market_id: id, slots, reputation, queued_block: block }, block)
      w.put('markets', { ...market, idle_slots: market.idle_slots + slots }, block)
      return
    }
    case 'ProviderDequeued': {
      const entry = await w.get('queue_entries', [event.args.provider])
      if (!entry) return
      const market = await w.get('markets', [entry.market_id])
      if (market) w.put('markets', { ...market, idle_slots: market.idle_slots - entry.slots }, block)
      w.remove('queue_entries', [entry.provider], block)
      return
    }
    case 'LeaseOpened': {
      const a = event.args
      const market = await w.get('markets', [a.market])
      if (!market) return
      const row: LeasesTable = {
        id: int(a.lease),
        consumer: a.consumer,
        provider: a.provider,
        market_id: a.market,
        tier: a.tier,
        price: a.pricePerSecond.toString(),
        deposit: a.deposit.toString(),
        topped_up: '0',
        spec_hash: a.specHash,
        order_id: int(a.order),
        cluster_id: int(a.cluster),
        state: 'active',
        opened_at: event.timestamp,
        opened_block: block,
        funded_until: event.timestamp + int(a.deposit / a.pricePerSecond),
        withdrawn: '0',
        fees: '0',
        close_reason: null,
        closed_by: null,
        ended_at: null,
        refund: null,
        result_hash: null,
        closed_block: null,
        tx_hash: event.txHash,
      }
      w.put('leases', row, block)
      let idleSlots = market.idle_slots
      // A market take uses one of the provider's queued slots (its last one already left the queue
      // with ProviderDequeued, emitted before this event); auction leases do not touch the queue.
      if (a.order === 0n) {
        const entry = await w.get('queue_entries', [a.provider])
        if (entry && entry.market_id === a.market) {
          w.put('queue_entries', { ...entry, slots: entry.slots - 1 }, block)
          idleSlots -= 1
        }
      }
      w.put(
        'markets',
        {
          ...market,
          idle_slots: idleSlots,
          active_leases: market.active_leases + 1,
          leases_opened: market.leases_opened + 1,
        },
        block,
      )
      return
    }
    case 'LeaseToppedUp': {
      const lease = await w.get('leases', [int(event.args.lease)])
      if (!lease) return
      const { amount } = event.args
      w.put(
        'leases',
        {
          ...lease,
          topped_up: plus(lease.topped_up, amount),
          funded_until: lease.funded_until + int(amount / BigInt(lease.price)),
        },
        block,
      )
      w.append('top_ups', {
        ...located(event),
        lease_id: lease.id,
        sender: event.args.from,
        amount: amount.toString(),
        escrowed: event.args.deposit.toString(),
      })
      return
    }
    case 'LeaseWithdrawn': {
      const lease = await w.get('leases', [int(event.args.lease)])
      if (!lease) return
      const { amount, fee, provider } = event.args
      w.put(
        'leases',
        { ...lease, withdrawn: plus(lease.withdrawn, amount), fees: plus(lease.fees, fee) },
        block,
      )
      w.append('withdrawals', {
        ...located(event),
        lease_id: lease.id,
        provider,
        amount: amount.toString(),
        fee: fee.toString(),
      })
      return
    }
    case 'LeaseClosed': {
      const lease = await w.get('leases', [int(event.args.lease)])
      if (!lease || lease.state === 'closed') return
      const endedAt = int(event.args.endedAt)
      w.put(
        'leases',
        {
          ...lease,
          state: 'closed',
          funded_until: endedAt,
          close_reason: event.args.reason,
          closed_by: event.args.closedBy,
          ended_at: endedAt,
          refund: event.args.refund.toString(),
          result_hash: event.args.resultHash as Hex,
          closed_block: block,
        },
        block,
      )
      const market = await w.get('markets', [lease.market_id])
      if (!market) return
      w.put('markets', { ...market, active_leases: market.active_leases - 1 }, block)
      await foldIntoHours(w, lease, market.gpus_per_lease, endedAt, block)
      return
    }
    case 'ClusterOpened':
      w.append('clusters', {
        ...located(event),
        id: int(event.args.cluster),
        consumer: event.args.consumer,
        market_id: event.args.market,
        size: event.args.leases.length,
        lease_ids: json(event.args.leases.map(int)),
      })
      return
    case 'FeesSwept':
      w.append('fee_sweeps', {
        ...located(event),
        token: event.args.token,
        burned: event.args.burned.toString(),
        to_treasury: event.args.toTreasury.toString(),
      })
      return
  }
}

/** Adds a closed lease's time, GPU time and revenue to the hourly buckets it ran in. */
async function foldIntoHours(
  w: BatchWriter,
  lease: LeasesTable,
  gpusPerLease: number,
  endedAt: number,
  block: number,
): Promise<void> {
  const price = BigInt(lease.price)
  for (let t = lease.opened_at; t < endedAt; ) {
    const hour = t - (t % hourSeconds)
    const seconds = Math.min(endedAt, hour + hourSeconds) - t
    const bucket = await w.get('lease_hourly', [hour, lease.market_id])
    w.put(
      'lease_hourly',
      {
        hour,
        market_id: lease.market_id,
        lease_seconds: (bucket?.lease_seconds ?? 0) + seconds,
        gpu_seconds: (bucket?.gpu_seconds ?? 0) + seconds * gpusPerLease,
        revenue: plus(bucket?.revenue ?? '0', price * BigInt(seconds)),
      },
      block,
    )
    t += seconds
  }
}

async function applyAuctionsEvent(
  w: BatchWriter,
  event: Extract<IndexedEvent, { contract: 'auctions' }>,
  block: number,
): Promise<void> {
  switch (event.name) {
    case 'OrderCreated': {
      const a = event.args
      w.put(
        'orders',
        {
          id: int(a.order),
          consumer: a.consumer,
          market_id: a.market,
          max_price: a.maxPricePerSecond.toString(),
          duration_seconds: int(a.durationSeconds),
          bidding_ends_at: a.biddingEndsAt,
          deposit: a.deposit.toString(),
          spec_hash: a.specHash,
          state: 'open',
          bids: 0,
          winner: null,
          lease_id: null,
          price: null,
          refund: null,
          created_at: event.timestamp,
          created_block: block,
          closed_block: null,
          tx_hash: event.txHash,
        },
        block,
      )
      return
    }
    case 'BidPlaced': {
      const order = await w.get('orders', [int(event.args.order)])
      if (!order) return
      w.put('orders', { ...order, bids: order.bids + 1 }, block)
      w.append('bids', {
        ...located(event),
        order_id: order.id,
        provider: event.args.provider,
        price: event.args.pricePerSecond.toString(),
      })
      return
    }
    case 'OrderAccepted': {
      const order = await w.get('orders', [int(event.args.order)])
      if (!order) return
      w.put(
        'orders',
        {
          ...order,
          state: 'accepted',
          winner: event.args.provider,
          lease_id: int(event.args.lease),
          price: event.args.pricePerSecond.toString(),
          refund: event.args.refund.toString(),
          closed_block: block,
        },
        block,
      )
      return
    }
    case 'OrderCancelled': {
      const order = await w.get('orders', [int(event.args.order)])
      if (!order) return
      w.put(
        'orders',
        { ...order, state: 'cancelled', refund: event.args.refund.toString(), closed_block: block },
        block,
      )
      return
    }
  }
}
