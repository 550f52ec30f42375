import { CloseReason, LeaseState } from '@hearth/abi'
import { keccak256, stringToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { fund, queuedProvider, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { finishLease } from './finishLease.js'
import { getLease } from './getLease.js'
import { getProvider } from './getProvider.js'
import { getTokenBalance } from './getTokenBalance.js'
import { openLease } from './openLease.js'

describe('finishLease', () => {
  const network = useTestNetwork()

  it('closes the lease with the result hash, refunds the rest and raises the reputation', async () => {
    const net = network()
    const { deployment, publicClient, testClient } = net
    const market = net.market('cpu (tUSD)')
    const provider = await queuedProvider(net, 1, market)
    await fund(net, 2)
    const consumer = net.wallet(2)
    const specHash = keccak256(stringToHex('render frame 1'))
    const opened = await openLease(consumer, { deployment, market, deposit: 1_000_000n, specHash })
    const lease = await getLease(publicClient, { deployment, leaseId: opened.leaseId })

    // Ten minutes of work.
    const resultHash = keccak256(stringToHex('frame-0001.png'))
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(lease.paidUntil) + 600n })
    const before = await getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })
    const finished = await finishLease(net.wallet(1), { deployment, leaseId: opened.leaseId, resultHash })

    expect(finished.resultHash).toBe(resultHash)
    expect(finished.refund).toBe(opened.deposit - opened.pricePerSecond * 600n)
    expect(await getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })).toBe(
      before + finished.refund,
    )
    expect(await getLease(publicClient, { deployment, leaseId: opened.leaseId })).toMatchObject({
      state: LeaseState.Closed,
      closeReason: CloseReason.JobFinished,
      fundedUntil: lease.paidUntil + 600,
    })
    expect((await getProvider(publicClient, { deployment, provider })).reputation).toBe(1000)
  })

  it('reports a failed job as JobFailed, without touching the reputation', async () => {
    const net = network()
    const { deployment, publicClient } = net
    const market = net.market('cpu (tUSD)')
    const provider = await queuedProvider(net, 1, market)
    await fund(net, 2)
    const opened = await openLease(net.wallet(2), {
      deployment,
      market,
      deposit: 1_000_000n,
      specHash: keccak256(stringToHex('a job that runs out of memory')),
    })
    const failed = await finishLease(net.wallet(1), {
      deployment,
      leaseId: opened.leaseId,
      resultHash: keccak256(stringToHex('logs')),
      succeeded: false,
    })
    expect(failed.reason).toBe(CloseReason.JobFailed)
    expect((await getLease(publicClient, { deployment, leaseId: opened.leaseId })).closeReason).toBe(
      CloseReason.JobFailed,
    )
    expect((await getProvider(publicClient, { deployment, provider })).reputation).toBe(0)
  })

  it('only lets the provider finish', async () => {
    const net = network()
    const { deployment } = net
    const market = net.market('cpu (tUSD)')
    await queuedProvider(net, 1, market)
    await fund(net, 2)
    const consumer = net.wallet(2)
    const { leaseId } = await openLease(consumer, {
      deployment,
      market,
      deposit: 1_000_000n,
      specHash: keccak256(stringToHex('spec')),
    })
    const error = await finishLease(consumer, {
      deployment,
      leaseId,
      resultHash: keccak256(stringToHex('forged')),
    }).catch((caught: unknown) => caught)
    const revert = error as ContractRevertError
    expect(revert).toBeInstanceOf(ContractRevertError)
    expect(revert.is('CallerNotProvider') && revert.namedArgs).toEqual({
      lease: leaseId,
      caller: consumer.account.address,
    })
  })
})
