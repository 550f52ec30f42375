import { marketplaceAbi } from '@hearth/abi'
import { erc20Abi, keccak256, parseEther, stringToHex } from 'viem'
import { readContract } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { fund, queuedProvider, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { finishLease } from './finishLease.js'
import { getLease } from './getLease.js'
import { openLease } from './openLease.js'
import { sweepFees } from './sweepFees.js'
import { withdraw } from './withdraw.js'

describe('sweepFees', () => {
  const network = useTestNetwork()

  it('burns the burn share of HEAT fees and sends the rest to the treasury', async () => {
    const net = network()
    const { deployment, publicClient, testClient } = net
    const market = net.market('rtx-4090 (HEAT)')
    await queuedProvider(net, 1, market)
    await fund(net, 2)
    const opened = await openLease(net.wallet(2), {
      deployment,
      market,
      deposit: parseEther('1'),
      specHash: keccak256(stringToHex('a frame')),
    })
    const lease = await getLease(publicClient, { deployment, leaseId: opened.leaseId })
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(lease.paidUntil) + 3600n })
    await finishLease(net.wallet(1), { deployment, leaseId: opened.leaseId, resultHash: keccak256('0x01') })
    const paid = await withdraw(net.wallet(3), { deployment, leaseId: opened.leaseId })
    expect(paid.fee).toBeGreaterThan(0n)

    const heat = deployment.contracts.hearthToken
    const supply = () =>
      readContract(publicClient, { abi: erc20Abi, address: heat, functionName: 'totalSupply' })
    const before = await supply()
    const swept = await sweepFees(net.wallet(3), { deployment, token: heat })
    // One base unit stays behind in the contract; half of the rest is burned (the default share).
    expect(swept.burned + swept.toTreasury).toBe(paid.fee - 1n)
    expect(swept.burned).toBe((paid.fee - 1n) / 2n)
    expect(await supply()).toBe(before - swept.burned)
    expect(
      await readContract(publicClient, {
        abi: marketplaceAbi,
        address: deployment.contracts.marketplace,
        functionName: 'feesOwed',
        args: [heat],
      }),
    ).toBe(1n)
    await expect(sweepFees(net.wallet(3), { deployment, token: heat })).rejects.toBeInstanceOf(
      ContractRevertError,
    )
  })
})
