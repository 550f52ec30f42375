import { hearthTokenAbi, ProviderStatus } from '@hearth/abi'
import { decodeFunctionData, parseEther } from 'viem'
import { getTransaction } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { fund, rtx4090, useTestNetwork } from '../_test/testNetwork.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { getProvider } from './getProvider.js'
import { getRequiredStake } from './getRequiredStake.js'
import { getTokenBalance } from './getTokenBalance.js'
import { registerProvider } from './registerProvider.js'

describe('registerProvider', () => {
  const network = useTestNetwork()

  it('stakes what the hardware class requires, approving the registry first', async () => {
    const net = network()
    const { deployment, publicClient } = net
    await fund(net, 1)
    const provider = net.wallet(1)
    const hardware = rtx4090({ gpuCount: 2 })
    // Two GPUs of the 24 GB stake class (an RTX 4090 reports 24 564 MiB): 2 × 3 × 200 HEAT.
    const required = await getRequiredStake(publicClient, { deployment, hardware })
    expect(required).toBe(parseEther('1200'))
    const before = await getTokenBalance(publicClient, { token: net.heat, owner: provider.account.address })

    const result = await registerProvider(provider, {
      deployment,
      hardware,
      endpoint: 'https://gpu.test:8443',
    })
    expect(result.provider).toBe(provider.account.address)
    expect(result.stake).toBe(required)
    expect(result.approvalHash).toBeDefined()
    expect(await getTokenBalance(publicClient, { token: net.heat, owner: provider.account.address })).toBe(
      before - required,
    )
    expect(
      await getTokenBalance(publicClient, { token: net.heat, owner: deployment.contracts.providerRegistry }),
    ).toBe(required)

    const record = await getProvider(publicClient, { deployment, provider: provider.account.address })
    expect(record).toMatchObject({
      status: ProviderStatus.Registered,
      stake: required,
      reputation: 0,
      endpoint: 'https://gpu.test:8443',
      hardware,
    })
  })

  it('can stake through an EIP-2612 permit instead of an approval', async () => {
    const net = network()
    await fund(net, 1)
    const result = await registerProvider(net.wallet(1), {
      deployment: net.deployment,
      hardware: rtx4090(),
      endpoint: 'https://gpu.test:8443',
      stake: parseEther('700'),
      approval: 'permit',
    })
    expect(result.stake).toBe(parseEther('700'))
    if (!result.approvalHash) throw new Error('expected a permit transaction')
    const permit = await getTransaction(net.publicClient, { hash: result.approvalHash })
    expect(decodeFunctionData({ abi: hearthTokenAbi, data: permit.input }).functionName).toBe('permit')
  })

  it('rejects hardware below the minimum spec with the numbers', async () => {
    const net = network()
    await fund(net, 1)
    const error = await registerProvider(net.wallet(1), {
      deployment: net.deployment,
      hardware: rtx4090({ ramMiB: 8192, diskGiB: 128 }),
      endpoint: 'https://gpu.test:8443',
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContractRevertError)
    const revert = error as ContractRevertError
    if (!revert.is('HardwareBelowMinimum')) throw revert
    expect(revert.args).toEqual([8192, 12_288, 128, 256])
    expect(revert.namedArgs).toEqual({ ramMiB: 8192, minRamMiB: 12_288, diskGiB: 128, minDiskGiB: 256 })
    expect(revert.operation).toBe('ProviderRegistry.register')
  })

  it('rejects a stake below the class requirement, and a second registration', async () => {
    const net = network()
    const { deployment } = net
    await fund(net, 1)
    const provider = net.wallet(1)
    const low = await registerProvider(provider, {
      deployment,
      hardware: rtx4090(),
      endpoint: 'https://gpu.test:8443',
      stake: parseEther('1'),
    }).catch((caught: unknown) => caught)
    expect(low).toBeInstanceOf(ContractRevertError)
    expect((low as ContractRevertError).args).toEqual([parseEther('1'), parseEther('600')])

    await registerProvider(provider, { deployment, hardware: rtx4090(), endpoint: 'https://gpu.test:8443' })
    const again = await registerProvider(provider, {
      deployment,
      hardware: rtx4090(),
      endpoint: 'https://gpu.test:8443',
    }).catch((caught: unknown) => caught)
    expect((again as ContractRevertError).errorName).toBe('ProviderAlreadyRegistered')
  })

  it('reports a missing allowance as ERC20InsufficientAllowance when told not to approve', async () => {
    const net = network()
    await fund(net, 1)
    const error = await registerProvider(net.wallet(1), {
      deployment: net.deployment,
      hardware: rtx4090(),
      endpoint: 'https://gpu.test:8443',
      approval: 'none',
    }).catch((caught: unknown) => caught)
    expect((error as ContractRevertError).errorName).toBe('ERC20InsufficientAllowance')
  })
})
