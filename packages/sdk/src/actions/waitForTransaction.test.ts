import { marketplaceAbi } from '@hearth/abi'
import { encodeFunctionData, erc20Abi, keccak256, maxUint256, parseEther, stringToHex } from 'viem'
import { sendTransaction, writeContract } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { fund, queuedProvider, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { TransactionRevertedError } from '../errors/TransactionRevertedError.js'
import { openLease } from './openLease.js'
import { waitForTransaction } from './waitForTransaction.js'

const specHash = keccak256(stringToHex('spec'))

describe('reverts in mined transactions', () => {
  const network = useTestNetwork()

  it('decodes the loser of a race for the last provider, caught against the pending block', async () => {
    const net = network()
    const { deployment, testClient } = net
    const market = net.market('rtx-4090 (tUSD)')
    const provider = await queuedProvider(net, 1, market)
    for (const index of [2, 3]) {
      await fund(net, index)
      await writeContract(net.wallet(index), {
        abi: erc20Abi,
        address: net.usd,
        functionName: 'approve',
        args: [deployment.contracts.marketplace, maxUint256],
      })
    }

    // The first take waits in the mempool; the second still simulates fine against the latest block,
    // but its gas estimate runs against the pending one, where the queue is already empty.
    await testClient.setAutomine(false)
    try {
      const take = (index: number) =>
        openLease(net.wallet(index), { deployment, market, deposit: 10_000_000n, specHash, approval: 'none' })
      const first = take(2).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
      for (let tries = 0; (await testClient.getTxpoolStatus()).pending < 1; tries++) {
        if (tries > 200) throw new Error('the first take never reached the mempool')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const error = await take(3).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ContractRevertError)
      const revert = error as ContractRevertError
      expect(revert.is('NoProviderAvailable') && revert.namedArgs).toEqual({ market, tier: 0, scanned: 0n })
      expect(revert.transactionHash).toBeUndefined()

      await testClient.mine({ blocks: 1 })
      const won = await first
      expect('value' in won && won.value.provider).toBe(provider)
    } finally {
      await testClient.setAutomine(true)
    }
  })

  it('decodes a transaction sent elsewhere that reverted', async () => {
    const net = network()
    const { deployment, publicClient } = net
    // A fixed gas limit skips estimation, so the revert happens on chain.
    const hash = await writeContract(net.wallet(2), {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'closeLease',
      args: [99n],
      gas: 100_000n,
    })
    const error = await waitForTransaction(publicClient, { hash, operation: 'Marketplace.closeLease' }).catch(
      (caught: unknown) => caught,
    )
    const revert = error as ContractRevertError
    expect(revert).toBeInstanceOf(ContractRevertError)
    expect(revert.is('LeaseNotFound') && revert.namedArgs).toEqual({ lease: 99n })
    expect(revert.transactionHash).toBe(hash)
  })

  it('says it cannot tell why when replaying does not revert (out of gas)', async () => {
    const net = network()
    const hash = await sendTransaction(net.wallet(0), {
      to: net.heat,
      data: encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transfer',
        args: [net.wallet(1).account.address, parseEther('1')],
      }),
      gas: 30_000n,
    })
    const error = await waitForTransaction(net.publicClient, { hash }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TransactionRevertedError)
    expect((error as TransactionRevertedError).transactionHash).toBe(hash)
  })
})
