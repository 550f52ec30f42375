import { CloseReason, LeaseState, Tier } from '@hearth/abi'
import { keccak256, stringToHex } from 'viem'
import { getBlock } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { fund, queuedProvider, rtx4090, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { closeLease } from './closeLease.js'
import { getEscrowed } from './getEscrowed.js'
import { getLease } from './getLease.js'
import { getQueue } from './getQueue.js'
import { getTokenBalance } from './getTokenBalance.js'
import { getWithdrawable } from './getWithdrawable.js'
import { leaveQueue } from './leaveQueue.js'
import { openLease } from './openLease.js'
import { quotePrice } from './quotePrice.js'
import { topUp } from './topUp.js'
import { withdraw } from './withdraw.js'
import { withdrawMany } from './withdrawMany.js'

const specHash = keccak256(stringToHex('{"image":"busybox","command":["echo","hi"]}'))

describe('a lease taken at the market price', () => {
  const network = useTestNetwork()

  it('opens, streams payment, is topped up and closed, with balances moving on chain', async () => {
    const net = network()
    const { deployment, publicClient, testClient } = net
    const market = net.market('rtx-4090 (tUSD)')
    const provider = await queuedProvider(net, 1, market)
    await fund(net, 2)
    const consumer = net.wallet(2)
    const { marketplace } = deployment.contracts
    const balance = (owner: `0x${string}`) => getTokenBalance(publicClient, { token: net.usd, owner })

    expect(await getQueue(publicClient, { deployment, market })).toEqual([
      { provider, slots: 1, reputation: 0 },
    ])
    const price = await quotePrice(publicClient, { deployment, market })
    expect(price).toBe(83n)

    // 100 tUSD buys 1 204 819 whole seconds at 83 base units; the 23 base units left over stay with the consumer.
    const consumerBefore = await balance(consumer.account.address)
    const opened = await openLease(consumer, { deployment, market, deposit: 100_000_000n, specHash })
    expect(opened.leaseId).toBe(1n)
    expect(opened.provider).toBe(provider)
    expect(opened.pricePerSecond).toBe(83n)
    expect(opened.deposit).toBe(83n * 1_204_819n)
    expect(opened.event.specHash).toBe(specHash)
    expect(opened.event.tier).toBe(Tier.Economy)
    expect(opened.approvalHash).toBeDefined()
    expect(await balance(consumer.account.address)).toBe(consumerBefore - opened.deposit)
    expect(await balance(marketplace)).toBe(opened.deposit)
    expect(await getQueue(publicClient, { deployment, market })).toEqual([])

    const lease = await getLease(publicClient, { deployment, leaseId: opened.leaseId })
    expect(lease).toMatchObject({
      consumer: consumer.account.address,
      provider,
      market,
      pricePerSecond: 83n,
      state: LeaseState.Active,
    })

    // One hour later the provider withdraws 3600 s of payment, less the 2% fee.
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(lease.paidUntil) + 3600n })
    await testClient.mine({ blocks: 1 })
    expect(await getWithdrawable(publicClient, { deployment, leaseId: 1n })).toBe(83n * 3600n)
    const providerBefore = await balance(provider)
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(lease.paidUntil) + 3601n })
    const withdrawn = await withdraw(net.wallet(1), { deployment, leaseId: 1n })
    const gross = 83n * 3601n
    expect(withdrawn.fee).toBe((gross * 200n) / 10_000n)
    expect(withdrawn.amount).toBe(gross - withdrawn.fee)
    expect(await balance(provider)).toBe(providerBefore + withdrawn.amount)
    expect(await getEscrowed(publicClient, { deployment, leaseId: 1n })).toBe(opened.deposit - gross)

    // Anyone may top up; 1 tUSD buys 12 048 whole seconds.
    const toppedUp = await topUp(consumer, { deployment, leaseId: 1n, amount: 1_000_000n })
    expect(toppedUp.amount).toBe(83n * 12_048n)
    expect(toppedUp.escrowed).toBe(opened.deposit - gross + toppedUp.amount)

    // Closed two hours in: one more hour accrued and unpaid, the rest refunded.
    const beforeClose = await balance(consumer.account.address)
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(lease.paidUntil) + 7200n })
    const closed = await closeLease(consumer, { deployment, leaseId: 1n })
    expect(closed.reason).toBe(CloseReason.ByConsumer)
    const { timestamp } = await getBlock(publicClient, { blockNumber: closed.receipt.blockNumber })
    expect(closed.endedAt).toBe(timestamp)
    const accruedUnpaid = 83n * (7200n - 3601n)
    expect(closed.refund).toBe(toppedUp.escrowed - accruedUnpaid)
    expect(await balance(consumer.account.address)).toBe(beforeClose + closed.refund)
    expect(await getEscrowed(publicClient, { deployment, leaseId: 1n })).toBe(accruedUnpaid)
    expect((await getLease(publicClient, { deployment, leaseId: 1n })).closeReason).toBe(
      CloseReason.ByConsumer,
    )

    // The provider still collects what accrued before the close.
    const last = await withdrawMany(net.wallet(1), { deployment, leaseIds: [1n] })
    expect(last.withdrawals).toEqual([{ leaseId: 1n, amount: last.total, fee: accruedUnpaid - last.total }])
    expect(await getEscrowed(publicClient, { deployment, leaseId: 1n })).toBe(0n)
    expect(await balance(marketplace)).toBe((gross * 200n) / 10_000n + (accruedUnpaid - last.total))
  })

  it('pays in HEAT in the HEAT market, approving once without limit', async () => {
    const net = network()
    const { deployment } = net
    const market = net.market('rtx-4090 (HEAT)')
    await queuedProvider(net, 1, market)
    await queuedProvider(net, 3, market)
    await fund(net, 2)
    const consumer = net.wallet(2)
    const first = await openLease(consumer, {
      deployment,
      market,
      deposit: 10n ** 18n,
      specHash,
      approval: 'unlimited',
    })
    const second = await openLease(consumer, { deployment, market, deposit: 10n ** 18n, specHash })
    expect(first.approvalHash).toBeDefined()
    expect(second.approvalHash).toBeUndefined()
    expect(new Set([first.provider, second.provider]).size).toBe(2)
  })

  it('says no provider is available, with the market and tier, when the queue is empty', async () => {
    const net = network()
    await fund(net, 2)
    const market = net.market('h100-80gb (tUSD)')
    const error = await openLease(net.wallet(2), {
      deployment: net.deployment,
      market,
      deposit: 10_000_000n,
      specHash,
      tier: Tier.Priority,
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContractRevertError)
    const revert = error as ContractRevertError
    expect(revert.errorName).toBe('NoProviderAvailable')
    expect(revert.args).toEqual([market, Tier.Priority, 0n])
    expect(revert.is('NoProviderAvailable') && revert.namedArgs.market).toBe(market)
    expect(revert.transactionHash).toBeUndefined()
    expect(revert.shortMessage).toBe(
      `Marketplace.openLease reverted with NoProviderAvailable(market: ${market}, tier: 1, scanned: 0).`,
    )
  })

  it('decodes reverts from reads too', async () => {
    const { deployment, publicClient } = network()
    const error = await quotePrice(publicClient, { deployment, market: 999 }).catch(
      (caught: unknown) => caught,
    )
    const revert = error as ContractRevertError
    expect(revert).toBeInstanceOf(ContractRevertError)
    expect(revert.is('MarketNotFound') && revert.namedArgs).toEqual({ market: 999 })
    expect(revert.operation).toBe('Marketplace.quotePrice')
  })

  it('refuses to close a closed lease, saying its state', async () => {
    const net = network()
    const { deployment } = net
    const market = net.market('rtx-4090 (tUSD)')
    await queuedProvider(net, 1, market)
    await fund(net, 2)
    const { leaseId } = await openLease(net.wallet(2), { deployment, market, deposit: 10_000_000n, specHash })
    await closeLease(net.wallet(2), { deployment, leaseId })
    const error = await closeLease(net.wallet(2), { deployment, leaseId }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContractRevertError)
    const revert = error as ContractRevertError
    if (!revert.is('LeaseNotActive')) throw revert
    expect(revert.namedArgs).toEqual({ lease: leaseId, state: LeaseState.Closed })
  })

  it('lets a provider leave the queue, after which it is not matched', async () => {
    const net = network()
    const { deployment, publicClient } = net
    const market = net.market('rtx-4090 (tUSD)')
    await queuedProvider(net, 1, market)
    const second = await queuedProvider(net, 3, market, rtx4090({ gpuCount: 2 }))
    const left = await leaveQueue(net.wallet(1), { deployment })
    expect(left.market).toBe(market)
    expect(await getQueue(publicClient, { deployment, market })).toEqual([
      { provider: second, slots: 1, reputation: 0 },
    ])
  })
})
