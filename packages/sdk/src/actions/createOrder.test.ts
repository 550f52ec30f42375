import { auctionsAbi, LeaseState, OrderState } from '@hearth/abi'
import { hashTypedData, keccak256, stringToHex } from 'viem'
import { readContract } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { fund, registeredProvider, type TestNetwork, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { acceptBid } from './acceptBid.js'
import { acceptSignedBid } from './acceptSignedBid.js'
import { cancelOrder } from './cancelOrder.js'
import { createOrder } from './createOrder.js'
import { getBids } from './getBids.js'
import { getLease } from './getLease.js'
import { getOrder } from './getOrder.js'
import { getTokenBalance } from './getTokenBalance.js'
import { placeBid } from './placeBid.js'
import { settleOrder } from './settleOrder.js'
import { bidDomain, bidTypes, signBid } from './signBid.js'

const specHash = keccak256(stringToHex('fine-tune on one 4090 for an hour'))

/** Consumer (dev account 2) posts an order on the tUSD RTX 4090 market: ≤ 200/s for an hour, 60 s to bid. */
async function postOrder(net: TestNetwork) {
  await fund(net, 2)
  return createOrder(net.wallet(2), {
    deployment: net.deployment,
    market: net.market('rtx-4090 (tUSD)'),
    maxPricePerSecond: 200n,
    durationSeconds: 3600n,
    biddingSeconds: 60n,
    specHash,
  })
}

describe('reverse auctions', () => {
  const network = useTestNetwork()

  it('locks the deposit, takes an on-chain bid and opens the lease at the bid price when accepted', async () => {
    const net = network()
    const { deployment, publicClient } = net
    const consumer = net.wallet(2)
    const provider = await registeredProvider(net, 1)
    const balance = () => getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })

    const start = await balance()
    const order = await postOrder(net)
    const funded = await balance()
    expect(order.deposit).toBe(200n * 3600n)
    expect(funded - start).toBe(10_000_000_000n - order.deposit) // faucet in, deposit out
    expect(await getOrder(publicClient, { deployment, orderId: order.orderId })).toMatchObject({
      consumer: consumer.account.address,
      state: OrderState.Open,
      deposit: order.deposit,
      biddingEndsAt: order.biddingEndsAt,
      specHash,
    })

    await placeBid(net.wallet(1), { deployment, orderId: order.orderId, pricePerSecond: 120n })
    const lowered = await placeBid(net.wallet(1), {
      deployment,
      orderId: order.orderId,
      pricePerSecond: 100n,
    })
    expect(lowered.pricePerSecond).toBe(100n)
    expect(await getBids(publicClient, { deployment, orderId: order.orderId })).toEqual([
      { provider, pricePerSecond: 100n },
    ])

    const accepted = await acceptBid(consumer, { deployment, orderId: order.orderId, provider })
    expect(accepted).toMatchObject({
      orderId: order.orderId,
      provider,
      pricePerSecond: 100n,
      refund: 100n * 3600n,
    })
    expect(await balance()).toBe(funded + accepted.refund)
    const lease = await getLease(publicClient, { deployment, leaseId: accepted.leaseId })
    expect(lease).toMatchObject({ provider, pricePerSecond: 100n, state: LeaseState.Active })
    expect(lease.fundedUntil - lease.paidUntil).toBe(3600)
    expect((await getOrder(publicClient, { deployment, orderId: order.orderId })).state).toBe(
      OrderState.Accepted,
    )
  })

  it('opens the lease from a bid signed off chain by a provider that sent no transaction', async () => {
    const net = network()
    const { deployment, publicClient } = net
    const provider = await registeredProvider(net, 1)
    const order = await postOrder(net)
    const signed = await signBid(net.wallet(1), { deployment, orderId: order.orderId, pricePerSecond: 90n })
    expect(signed.bid).toMatchObject({ order: order.orderId, provider, pricePerSecond: 90n })

    // The SDK's EIP-712 domain and digest are the contract's.
    const [, name, version, chainId, verifyingContract] = await readContract(publicClient, {
      abi: auctionsAbi,
      address: deployment.contracts.auctions,
      functionName: 'eip712Domain',
    })
    expect(bidDomain(deployment)).toEqual({ name, version, chainId: Number(chainId), verifyingContract })
    const digest = hashTypedData({
      domain: bidDomain(deployment),
      types: bidTypes,
      primaryType: 'Bid',
      message: signed.bid,
    })
    expect(
      await readContract(publicClient, {
        abi: auctionsAbi,
        address: deployment.contracts.auctions,
        functionName: 'bidDigest',
        args: [signed.bid],
      }),
    ).toBe(digest)

    const accepted = await acceptSignedBid(net.wallet(2), { deployment, signedBid: signed })
    expect(accepted).toMatchObject({ provider, pricePerSecond: 90n, refund: 110n * 3600n })
    expect((await getLease(publicClient, { deployment, leaseId: accepted.leaseId })).provider).toBe(provider)
  })

  it('rejects a signed bid whose signer is not the provider it names', async () => {
    const net = network()
    const { deployment } = net
    const provider = await registeredProvider(net, 1)
    await registeredProvider(net, 3)
    const order = await postOrder(net)
    const forged = await signBid(net.wallet(3), { deployment, orderId: order.orderId, pricePerSecond: 90n })
    const error = await acceptSignedBid(net.wallet(2), {
      deployment,
      signedBid: { ...forged, bid: { ...forged.bid, provider } },
    }).catch((caught: unknown) => caught)
    const revert = error as ContractRevertError
    expect(revert).toBeInstanceOf(ContractRevertError)
    expect(revert.is('BidSignatureInvalid') && revert.namedArgs).toEqual({ provider })
  })

  it('settles after the window to the lowest bid, by anyone', async () => {
    const net = network()
    const { deployment, testClient } = net
    const cheap = await registeredProvider(net, 1)
    await registeredProvider(net, 3)
    const order = await postOrder(net)
    await placeBid(net.wallet(3), { deployment, orderId: order.orderId, pricePerSecond: 150n })
    await placeBid(net.wallet(1), { deployment, orderId: order.orderId, pricePerSecond: 130n })

    const early = await settleOrder(net.wallet(5), { deployment, orderId: order.orderId }).catch(
      (caught: unknown) => caught,
    )
    const revert = early as ContractRevertError
    expect(revert.is('BiddingStillOpen') && revert.namedArgs).toEqual({
      order: order.orderId,
      biddingEndsAt: order.biddingEndsAt,
    })

    await testClient.setNextBlockTimestamp({ timestamp: BigInt(order.biddingEndsAt) })
    await testClient.mine({ blocks: 1 })
    const settled = await settleOrder(net.wallet(5), { deployment, orderId: order.orderId })
    expect(settled).toMatchObject({ provider: cheap, pricePerSecond: 130n, refund: 70n * 3600n })
  })

  it('cancels an open order with the whole deposit back, once', async () => {
    const net = network()
    const { deployment, publicClient } = net
    const order = await postOrder(net)
    const consumer = net.wallet(2)
    const before = await getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })
    const cancelled = await cancelOrder(consumer, { deployment, orderId: order.orderId })
    expect(cancelled.refund).toBe(order.deposit)
    expect(await getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })).toBe(
      before + order.deposit,
    )
    const again = await cancelOrder(consumer, { deployment, orderId: order.orderId }).catch(
      (caught: unknown) => caught,
    )
    const revert = again as ContractRevertError
    expect(revert.is('OrderNotOpen') && revert.args).toEqual([order.orderId, OrderState.Cancelled])
  })
})
