import {
  auctionsAbi,
  hearthTokenAbi,
  marketplaceAbi,
  providerRegistryAbi,
  testStablecoinAbi,
} from '@hearth/abi'
import { zeroHash } from 'viem'
import { getCode, readContract } from 'viem/actions'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestNetwork, type TestNetwork, useTestNetwork } from '../_test/testNetwork.js'
import { acceptOwnership } from '../actions/acceptOwnership.js'
import { listMarkets } from '../actions/listMarkets.js'
import { quotePrice } from '../actions/quotePrice.js'
import { parseDeployment, serializeDeployment } from '../deployment.js'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { fromBytes32String } from '../utils/bytes32.js'
import { defaultMarkets } from './defaultMarkets.js'
import { deployHearth } from './deployHearth.js'

describe('deployHearth', () => {
  const network = useTestNetwork()

  it('deploys every contract and records where', async () => {
    const { deployment, publicClient, node } = network()
    expect(deployment.chainId).toBe(31_337)
    expect(deployment.deployBlock).toBe(1n)
    expect(deployment.treasury).toBe(node.accounts[0]?.address)
    for (const address of Object.values(deployment.contracts)) {
      expect((await getCode(publicClient, { address }))?.length ?? 0).toBeGreaterThan(2)
    }
    const symbol = await readContract(publicClient, {
      abi: testStablecoinAbi,
      address: network().usd,
      functionName: 'symbol',
    })
    expect(symbol).toBe('tUSD')
  })

  it('wires roles, the auctions contract and the payment tokens', async () => {
    const { deployment, publicClient, usd } = network()
    const { providerRegistry, marketplace, auctions, hearthToken } = deployment.contracts
    const read = publicClient
    expect(
      await readContract(read, {
        abi: providerRegistryAbi,
        address: providerRegistry,
        functionName: 'isReputationWriter',
        args: [marketplace],
      }),
    ).toBe(true)
    expect(
      await readContract(read, { abi: marketplaceAbi, address: marketplace, functionName: 'auctions' }),
    ).toBe(auctions)
    expect(
      await readContract(read, { abi: auctionsAbi, address: auctions, functionName: 'marketplace' }),
    ).toBe(marketplace)
    for (const token of [usd, hearthToken]) {
      expect(
        await readContract(read, {
          abi: marketplaceAbi,
          address: marketplace,
          functionName: 'isPaymentToken',
          args: [token],
        }),
      ).toBe(true)
    }
  })

  it('creates the default markets with sensible prices', async () => {
    const { deployment, publicClient, usd, heat } = network()
    const markets = await listMarkets(publicClient, { deployment })
    expect(markets.map((m) => m.id)).toEqual(deployment.markets.map((m) => m.id))
    expect(deployment.markets.map((m) => m.name)).toEqual([
      'rtx-4090 (tUSD)',
      'rtx-3090 (tUSD)',
      'a100-80gb (tUSD)',
      'h100-80gb (tUSD)',
      'cpu (tUSD)',
      'rtx-4090 (HEAT)',
    ])
    for (const [i, market] of markets.entries()) {
      const recorded = deployment.markets[i]
      expect(fromBytes32String(market.config.gpuModel)).toBe(recorded?.gpuModel)
      expect(recorded?.name.startsWith(recorded.gpuModel || 'cpu')).toBe(true)
      expect(market.config.token).toBe(recorded?.token)
      expect(market.config.minPricePerSecond).toBeLessThan(market.config.referencePricePerSecond)
      expect(market.config.maxPricePerSecond).toBeGreaterThan(market.config.referencePricePerSecond)
    }
    // $0.30 an hour for an RTX 4090 in tUSD (6 decimals); 0.3 HEAT an hour in HEAT (18 decimals).
    expect(await quotePrice(publicClient, { deployment, market: 1 })).toBe(83n)
    expect(markets[0]?.config.token).toBe(usd)
    expect(markets[5]?.config.token).toBe(heat)
    expect(markets[5]?.config.referencePricePerSecond).toBe(83_333_333_333_333n)
    const cpu = markets[4]?.config
    expect(cpu?.gpusPerLease).toBe(0)
    expect(cpu?.gpuModel).toBe(zeroHash)
  })

  it('round-trips through JSON', () => {
    const { deployment } = network()
    expect(parseDeployment(JSON.parse(serializeDeployment(deployment)))).toEqual(deployment)
  })
})

describe('deployHearth with options', () => {
  let network: TestNetwork | undefined
  afterEach(async () => {
    await network?.node.stop()
    network = undefined
  })

  it('offers ownership to another owner with Ownable2Step, who accepts it', async () => {
    const ownerIndex = 9
    // Anvil's dev account 9 (deterministic).
    network = await startTestNetwork({ deploy: { owner: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720' } })
    const { deployment, publicClient, wallet } = network
    const owner = wallet(ownerIndex).account.address
    const { providerRegistry, marketplace, auctions, hearthToken } = deployment.contracts
    for (const address of [providerRegistry, marketplace, auctions]) {
      expect(
        await readContract(publicClient, { abi: marketplaceAbi, address, functionName: 'pendingOwner' }),
      ).toBe(owner)
      expect(await readContract(publicClient, { abi: marketplaceAbi, address, functionName: 'owner' })).toBe(
        wallet(0).account.address,
      )
    }
    expect(deployment.treasury).toBe(owner)
    const adminRole = await readContract(publicClient, {
      abi: hearthTokenAbi,
      address: hearthToken,
      functionName: 'DEFAULT_ADMIN_ROLE',
    })
    expect(
      await readContract(publicClient, {
        abi: hearthTokenAbi,
        address: hearthToken,
        functionName: 'hasRole',
        args: [adminRole, owner],
      }),
    ).toBe(true)

    const { accepted } = await acceptOwnership(wallet(ownerIndex), { deployment })
    expect(accepted.map((a) => a.contract)).toEqual([providerRegistry, marketplace, auctions])
    for (const address of [providerRegistry, marketplace, auctions]) {
      expect(await readContract(publicClient, { abi: marketplaceAbi, address, functionName: 'owner' })).toBe(
        owner,
      )
    }
    expect((await acceptOwnership(wallet(ownerIndex), { deployment })).accepted).toEqual([])
  })

  it('deploys without a test stablecoin, pricing every market in HEAT', async () => {
    network = await startTestNetwork({ deploy: { testStablecoin: false } })
    const { deployment, heat } = network
    expect(deployment.contracts.testStablecoin).toBeUndefined()
    expect(deployment.markets.map((m) => m.name)).toEqual([
      'rtx-4090 (HEAT)',
      'rtx-3090 (HEAT)',
      'a100-80gb (HEAT)',
      'h100-80gb (HEAT)',
      'cpu (HEAT)',
    ])
    expect(deployment.markets.every((m) => m.token === heat)).toBe(true)
    expect(parseDeployment(JSON.parse(serializeDeployment(deployment)))).toEqual(deployment)
  })

  it('decodes a revert while wiring into a typed error', async () => {
    network = await startTestNetwork()
    const { wallet, publicClient } = network
    const error = await deployHearth(wallet(1), publicClient, {
      markets: ({ heat }) => {
        const [first] = defaultMarkets({ heat })
        if (!first) throw new RangeError('no default market')
        return [{ name: 'bad', config: { ...first.config, minPricePerSecond: 0n } }]
      },
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContractRevertError)
    const revert = error as ContractRevertError
    expect(revert.is('MarketPriceBoundsInvalid')).toBe(true)
    if (!revert.is('MarketPriceBoundsInvalid')) return
    expect(revert.namedArgs.minPricePerSecond).toBe(0n)
    expect(revert.operation).toBe('Marketplace.createMarket')
  })
})
