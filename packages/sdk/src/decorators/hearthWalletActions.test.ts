import { LeaseState } from '@hearth/abi'
import { keccak256, stringToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { fund, rtx4090, useTestNetwork } from '../_test/testNetwork.js'
import { hearthPublicActions } from './hearthPublicActions.js'
import { hearthWalletActions } from './hearthWalletActions.js'

describe('hearthWalletActions and hearthPublicActions', () => {
  const network = useTestNetwork()

  it('bind the deployment to viem clients', async () => {
    const net = network()
    const { deployment } = net
    const market = net.market('rtx-4090 (tUSD)')
    await fund(net, 1)
    await fund(net, 2)
    const provider = net.wallet(1).extend(hearthWalletActions(deployment))
    const consumer = net.wallet(2).extend(hearthWalletActions(deployment))
    const reader = net.publicClient.extend(hearthPublicActions(deployment))

    await provider.registerProvider({ hardware: rtx4090(), endpoint: 'https://gpu.test:8443' })
    await provider.joinQueue({ market })
    expect(await reader.getQueue({ market })).toHaveLength(1)
    const { leaseId } = await consumer.openLease({
      market,
      deposit: 1_000_000n,
      specHash: keccak256(stringToHex('x')),
    })
    expect((await reader.getLease({ leaseId })).state).toBe(LeaseState.Active)
    expect((await reader.listMarkets()).length).toBe(deployment.markets.length)
  })
})
