import { marketplaceAbi } from '@hearth/abi'
import { keccak256, stringToHex } from 'viem'
import { readContract } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { fund, queuedProvider, rtx4090, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { anyPlacement } from '../utils/anyPlacement.js'
import { toBytes32String } from '../utils/bytes32.js'
import { getTokenBalance } from './getTokenBalance.js'
import { openCluster } from './openCluster.js'

const specHash = keccak256(stringToHex('train llama on 3 nodes'))

describe('openCluster', () => {
  const network = useTestNetwork()

  it('opens one lease per distinct provider meeting the placement, all at once', async () => {
    const net = network()
    const { deployment, publicClient } = net
    const market = net.market('rtx-4090 (tUSD)')
    const usEast = rtx4090({ region: toBytes32String('us-east') })
    const providers = [
      await queuedProvider(net, 1, market),
      await queuedProvider(net, 3, market),
      await queuedProvider(net, 4, market, usEast),
      await queuedProvider(net, 5, market),
    ]
    await fund(net, 2)
    const consumer = net.wallet(2)
    const before = await getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })

    const cluster = await openCluster(consumer, {
      deployment,
      market,
      members: 3,
      depositPerMember: 10_000_000n,
      specHash,
      placement: { ...anyPlacement, region: toBytes32String('eu-west') },
    })
    expect(cluster.clusterId).toBe(1n)
    expect(cluster.leases.map((l) => l.leaseId)).toEqual([1n, 2n, 3n])
    expect(cluster.leases.map((l) => l.provider).sort()).toEqual(
      [providers[0], providers[1], providers[3]].sort(),
    )
    const perMember = 83n * (10_000_000n / 83n)
    expect(cluster.leases.every((l) => l.deposit === perMember)).toBe(true)
    expect(await getTokenBalance(publicClient, { token: net.usd, owner: consumer.account.address })).toBe(
      before - 3n * perMember,
    )
    expect(
      await readContract(publicClient, {
        abi: marketplaceAbi,
        address: deployment.contracts.marketplace,
        functionName: 'getCluster',
        args: [cluster.clusterId],
      }),
    ).toEqual([1n, 2n, 3n])
  })

  it('opens nothing when too few providers fit', async () => {
    const net = network()
    const market = net.market('rtx-4090 (tUSD)')
    await queuedProvider(net, 1, market)
    await queuedProvider(net, 3, market)
    await fund(net, 2)
    const error = await openCluster(net.wallet(2), {
      deployment: net.deployment,
      market,
      members: 3,
      depositPerMember: 10_000_000n,
      specHash,
    }).catch((caught: unknown) => caught)
    const revert = error as ContractRevertError
    expect(revert).toBeInstanceOf(ContractRevertError)
    expect(revert.is('ClusterUnfilled') && revert.namedArgs).toEqual({ market, found: 2n, wanted: 3n })
  })
})
