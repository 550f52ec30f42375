import { GpuVendor, SupplySource } from '@hearth/abi'
import type { Address } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { queuedProvider, registeredProvider, rtx4090, useTestNetwork } from '../_test/testNetwork.js'
import { parseJobSpec } from '../spec/parseJobSpec.js'
import { toBytes32String } from '../utils/bytes32.js'
import { complianceTags } from '../utils/complianceTags.js'
import { listProviders } from './listProviders.js'
import { quoteJob } from './quoteJob.js'
import { quotePrice } from './quotePrice.js'

const network = useTestNetwork()

/** Quotes a spec written in YAML. */
async function quote(yaml: string) {
  const { deployment, publicClient } = network()
  const { spec } = parseJobSpec(`version: 1\nimage: alpine\n${yaml}`)
  // One block per getLogs call: the paging is exercised, not only the happy single call.
  return quoteJob(publicClient, { deployment, spec, blocksPerCall: 1n })
}

describe('quoteJob', () => {
  const providers: Record<'euHome' | 'usDatacenter' | 'h100' | 'cpuBox', Address> = {
    euHome: '0x',
    usDatacenter: '0x',
    h100: '0x',
    cpuBox: '0x',
  }
  beforeAll(async () => {
    const net = network()
    const rtx = net.market('rtx-4090 (tUSD)')
    // A home RTX 4090 in eu-west (GDPR), waiting in the RTX 4090 market.
    providers.euHome = await queuedProvider(net, 1, rtx)
    // A data-center RTX 4090 in us-east (SOC 2 + GDPR), waiting too.
    providers.usDatacenter = await queuedProvider(
      net,
      2,
      rtx,
      rtx4090({
        region: toBytes32String('us-east'),
        supplySource: SupplySource.DataCenter,
        complianceTags: complianceTags.soc2 | complianceTags.gdpr,
        cpuCores: 32,
      }),
    )
    // An 8×H100 data-center machine in us-east, registered but waiting in no queue.
    providers.h100 = await registeredProvider(
      net,
      3,
      rtx4090({
        gpuModel: toBytes32String('h100-80gb'),
        gpuCount: 8,
        vramMiB: 81_559,
        cpuCores: 128,
        ramMiB: 1024 * 1024,
        diskGiB: 8000,
        region: toBytes32String('us-east'),
        supplySource: SupplySource.DataCenter,
      }),
    )
    // A CPU-only box in eu-west, waiting in the CPU market.
    providers.cpuBox = await queuedProvider(
      net,
      4,
      net.market('cpu (tUSD)'),
      rtx4090({
        gpuVendor: GpuVendor.None,
        gpuModel: toBytes32String(''),
        gpuCount: 0,
        vramMiB: 0,
        cpuCores: 8,
      }),
    )
  })

  it('lists every registered provider from its registration event', async () => {
    const { deployment, publicClient } = network()
    const listed = await listProviders(publicClient, { deployment, blocksPerCall: 2n })
    expect(listed.map((provider) => provider.address)).toEqual(Object.values(providers))
    expect(listed.every((provider) => provider.eligible)).toBe(true)
    expect(listed[2]?.hardware.gpuCount).toBe(8)
  })

  it('offers the waiting provider that meets every requirement, with price per hour and total', async () => {
    const { deployment, publicClient, market } = network()
    const result = await quote(
      'resources: { cpu: 8, memory: 16Gi, disk: 100GB, gpu: { vendor: nvidia, model: rtx-4090, minVram: 24GB } }\nplacement: { regions: [eu-west] }\nduration: 2h\n',
    )
    const price = await quotePrice(publicClient, { deployment, market: market('rtx-4090 (tUSD)') })
    expect(result.reasons).toEqual([])
    expect(result.offers).toEqual([
      expect.objectContaining({
        provider: providers.euHome,
        market: { id: market('rtx-4090 (tUSD)'), name: 'rtx-4090 (tUSD)' },
        token: { address: network().usd, symbol: 'tUSD', decimals: 6 },
        pricePerSecond: price,
        pricePerHour: price * 3600n,
        total: price * 7200n,
        slots: 1,
        region: 'eu-west',
        gpu: { model: 'rtx-4090', count: 1, vramMiB: 24_564 },
      }),
    ])
    expect(result.candidates).toEqual([])
    expect(result.providerCount).toBe(4)
  })

  it('lists every waiting provider that fits, and counts every replica in the total', async () => {
    const result = await quote('resources: { gpu: { model: rtx-4090 } }\nreplicas: 2\nduration: 1h\n')
    expect(result.offers.map((offer) => offer.provider).sort()).toEqual(
      [providers.euHome, providers.usDatacenter].sort(),
    )
    const [offer] = result.offers
    expect(offer?.total).toBe((offer?.pricePerSecond ?? 0n) * 3600n * 2n)
    expect(result.reasons).toEqual([])
  })

  it('says which requirement nobody meets, with the closest values on offer', async () => {
    const result = await quote('resources: { gpu: { minVram: 80GB } }\nplacement: { regions: [eu-west] }\n')
    expect(result.offers).toEqual([])
    expect(result.reasons).toEqual([
      {
        requirement: 'vram',
        message: 'no provider with ≥ 80 GB VRAM in eu-west; closest: 24 GiB at 1 provider',
      },
    ])
  })

  it('names each blocking requirement when several block', async () => {
    const result = await quote(
      'resources: { cpu: 64, memory: 2Ti, gpu: { vendor: amd } }\nplacement: { compliance: [hipaa], supplySource: datacenter }\n',
    )
    expect(result.reasons.map((reason) => reason.requirement)).toEqual(['compliance', 'gpuVendor', 'memory'])
    expect(result.reasons[0]?.message).toBe(
      'no provider with hipaa compliance; closest: providers declare gdpr (3), soc2+gdpr (1)',
    )
    // Judged among the providers that meet the requirements before it (data centers).
    expect(result.reasons[1]?.message).toBe(
      'no provider with amd GPUs in a datacenter setting; closest: providers have nvidia (2)',
    )
    expect(result.reasons[2]?.message).toBe(
      'no provider with ≥ 2 TiB RAM in a datacenter setting; closest: 1 TiB at 1 provider',
    )
  })

  it('lists a provider that fits but waits in no queue as an auction candidate', async () => {
    const result = await quote(
      'resources: { gpu: { model: h100-80gb, count: 1 } }\nplacement: { regions: [us-east] }\n',
    )
    expect(result.offers).toEqual([])
    expect(result.candidates).toEqual([
      {
        provider: providers.h100,
        endpoint: 'https://p3.test:8443',
        reputation: 0,
        region: 'us-east',
        markets: ['h100-80gb (tUSD)'],
        marketIds: [expect.any(Number)],
      },
    ])
    expect(result.reasons).toEqual([
      {
        requirement: 'queue',
        message:
          'no provider that fits is waiting in a market queue now, so a plain deploy cannot be matched; 1 fits: `hearth deploy --auction` opens an order and asks it for a bid',
      },
    ])
  })

  it('refuses markets above maxPrice and names the cheapest', async () => {
    const result = await quote('resources: { gpu: { model: rtx-4090 } }\nmaxPrice: { perHour: "0.01" }\n')
    expect(result.offers).toEqual([])
    expect(result.reasons).toEqual([
      {
        requirement: 'maxPrice',
        message:
          'every market for this spec costs more than maxPrice 0.01/h; cheapest: rtx-4090 (tUSD) at 0.2988 tUSD/h',
      },
    ])
  })

  it('quotes a CPU-only job in the CPU market, and checks the tier', async () => {
    const cpu = await quote('resources: { cpu: 4 }\nduration: 30m\n')
    expect(cpu.offers.map((offer) => [offer.provider, offer.market.name])).toEqual([
      [providers.cpuBox, 'cpu (tUSD)'],
    ])
    const trusted = await quote('resources: { cpu: 4 }\nplacement: { minTier: trusted }\n')
    expect(trusted.tier).toBe('trusted')
    expect(trusted.reasons).toEqual([
      {
        requirement: 'reputation',
        message: 'no provider with reputation ≥ 20000 (trusted tier); closest: 0 at 4 providers',
      },
    ])
  })

  it('says when there are not enough waiting providers for every lease, and when no market trades the spec', async () => {
    const replicas = await quote('resources: { gpu: { model: rtx-4090 } }\nreplicas: 3\n')
    expect(replicas.offers).toHaveLength(2)
    expect(replicas.reasons).toEqual([
      { requirement: 'capacity', message: '3 replicas need 3 waiting slots; 2 are waiting now' },
    ])
    const eight = await quote('resources: { gpu: { model: h100-80gb, count: 8 } }\n')
    expect(eight.reasons[0]?.requirement).toBe('market')
    expect(eight.reasons[0]?.message).toMatch(
      /^no market trades 8 h100-80gb GPUs per lease; markets: rtx-4090 \(tUSD\) \(1 GPU\/lease\)/,
    )
  })
})
