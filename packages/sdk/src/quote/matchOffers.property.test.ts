import { GpuVendor, SupplySource } from '@hearth/abi'
import fc from 'fast-check'
import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import type { ListedProvider } from '../actions/listProviders.js'
import { jobSpecSchema } from '../spec/jobSpecSchema.js'
import { toBytes32String } from '../utils/bytes32.js'
import { matchOffers, type QuoteMarket } from './matchOffers.js'

const models = ['rtx-4090', 'rtx-3090', 'h100-80gb', ''] as const
const regions = ['eu-west', 'us-east', 'ap-south'] as const

const provider = fc.record({
  model: fc.constantFrom(...models),
  gpuCount: fc.integer({ min: 0, max: 8 }),
  vramMiB: fc.constantFrom(8192, 24_564, 81_559),
  cpuCores: fc.integer({ min: 1, max: 128 }),
  ramGiB: fc.integer({ min: 4, max: 1024 }),
  diskGiB: fc.integer({ min: 10, max: 8000 }),
  region: fc.constantFrom(...regions),
  reputation: fc.integer({ min: 0, max: 30_000 }),
  eligible: fc.boolean(),
  queued: fc.subarray([1, 2, 3, 4]),
})

const spec = fc.record(
  {
    cpu: fc.integer({ min: 1, max: 64 }),
    memory: fc.integer({ min: 1, max: 512 }).map((n) => `${n}Gi`),
    disk: fc.integer({ min: 1, max: 4000 }).map((n) => `${n}Gi`),
    gpu: fc.option(
      fc.record(
        {
          count: fc.integer({ min: 1, max: 2 }),
          model: fc.constantFrom('rtx-4090', 'rtx-3090', 'h100-80gb'),
          minVram: fc.constantFrom('8GB', '24GB', '80GB'),
        },
        { requiredKeys: ['count'] },
      ),
      { nil: undefined },
    ),
    regions: fc.option(fc.subarray([...regions], { minLength: 1 }), { nil: undefined }),
    maxPrice: fc.option(fc.constantFrom('0.1', '0.5', '5'), { nil: undefined }),
    replicas: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['cpu', 'memory', 'disk', 'replicas'] },
)

const usd = '0x00000000000000000000000000000000000000aa' as Address
/** RTX 4090, RTX 3090, H100 and CPU-only markets, as deployed by default. */
const marketDefinitions = [
  { id: 1, gpuModel: 'rtx-4090', gpusPerLease: 1, minVramMiB: 24_000, perHour: 300_000n },
  { id: 2, gpuModel: 'rtx-3090', gpusPerLease: 1, minVramMiB: 24_000, perHour: 180_000n },
  { id: 3, gpuModel: 'h100-80gb', gpusPerLease: 1, minVramMiB: 80_000, perHour: 2_000_000n },
  { id: 4, gpuModel: '', gpusPerLease: 0, minVramMiB: 0, perHour: 40_000n },
]

describe('matchOffers (properties)', () => {
  it('offers only waiting providers that meet every requirement, and gives reasons exactly when nobody can', () => {
    fc.assert(
      fc.property(fc.array(provider, { maxLength: 8 }), spec, (drawn, input) => {
        const providers: ListedProvider[] = drawn.map((p, index) => ({
          address: `0x${(index + 1).toString(16).padStart(40, '0')}` as Address,
          status: 1,
          reputation: p.reputation,
          stake: 0n,
          stakeUnitsBps: 0,
          unbonding: 0n,
          unbondingReadyAt: 0,
          registeredAt: 0,
          endpoint: `https://p${index}.test`,
          eligible: p.eligible,
          hardware: {
            gpuVendor: p.model === '' || p.gpuCount === 0 ? GpuVendor.None : GpuVendor.Nvidia,
            gpuModel: toBytes32String(p.gpuCount === 0 ? '' : p.model),
            gpuCount: p.model === '' ? 0 : p.gpuCount,
            vramMiB: p.model === '' || p.gpuCount === 0 ? 0 : p.vramMiB,
            cpuCores: p.cpuCores,
            ramMiB: p.ramGiB * 1024,
            diskGiB: p.diskGiB,
            bandwidthMbps: 1000,
            region: toBytes32String(p.region),
            complianceTags: 0n,
            supplySource: SupplySource.Home,
            benchmarkGflops: 0,
          },
        }))
        const markets: QuoteMarket[] = marketDefinitions.map((m) => ({
          id: m.id,
          name: `${m.gpuModel || 'cpu'} (tUSD)`,
          gpuModel: m.gpuModel,
          gpusPerLease: m.gpusPerLease,
          minVramMiB: m.minVramMiB,
          paused: false,
          token: usd,
          symbol: 'tUSD',
          decimals: 6,
          pricePerSecond: m.perHour / 3600n,
          queue: new Map(
            drawn.flatMap((p, index) =>
              p.queued.includes(m.id) ? [[providers[index]?.address as Address, 1] as const] : [],
            ),
          ),
        }))
        const parsed = jobSpecSchema.parse({
          version: 1,
          image: 'alpine',
          resources: {
            cpu: input.cpu,
            memory: input.memory,
            disk: input.disk,
            ...(input.gpu ? { gpu: input.gpu } : {}),
          },
          replicas: input.replicas,
          ...(input.regions ? { placement: { regions: input.regions } } : {}),
          ...(input.maxPrice ? { maxPrice: { perHour: input.maxPrice } } : {}),
          duration: '1h',
        })
        const result = matchOffers({
          spec: parsed,
          markets,
          providers,
          tierMinReputation: 0,
          tierName: 'economy',
        })

        for (const offer of result.offers) {
          const p = providers.find((candidate) => candidate.address === offer.provider) as ListedProvider
          const market = markets.find((m) => m.id === offer.market.id) as QuoteMarket
          const hw = p.hardware
          expect(p.eligible).toBe(true)
          expect(market.queue.get(p.address)).toBeGreaterThan(0)
          expect(hw.cpuCores).toBeGreaterThanOrEqual(parsed.resources.cpu)
          expect(hw.ramMiB * 2 ** 20).toBeGreaterThanOrEqual(parsed.resources.memoryBytes)
          expect(hw.diskGiB * 2 ** 30).toBeGreaterThanOrEqual(parsed.resources.diskBytes)
          if (input.regions) expect(input.regions).toContain(offer.region)
          const gpu = parsed.resources.gpu
          if (gpu) {
            expect(market.gpusPerLease).toBeGreaterThanOrEqual(gpu.count)
            expect(hw.gpuCount).toBeGreaterThanOrEqual(gpu.count)
            if (gpu.models.length > 0) expect(gpu.models).toContain(offer.gpu?.model)
            if (gpu.minVramBytes) expect(hw.vramMiB * 2 ** 20).toBeGreaterThanOrEqual(gpu.minVramBytes)
          } else {
            expect(market.gpusPerLease).toBe(0)
          }
          if (input.maxPrice) {
            expect(market.pricePerSecond * 3600n).toBeLessThanOrEqual(
              BigInt(Math.round(Number(input.maxPrice) * 1e6)),
            )
          }
          expect(offer.total).toBe(market.pricePerSecond * 3600n * BigInt(input.replicas))
        }
        // Nobody can ⇔ there is a reason; a reason other than capacity means nobody can.
        if (result.offers.length === 0) expect(result.reasons.length).toBeGreaterThan(0)
        if (
          result.reasons.some((reason) => reason.requirement !== 'capacity' && reason.requirement !== 'queue')
        ) {
          expect(result.offers).toEqual([])
          expect(result.candidates).toEqual([])
        }
        for (const reason of result.reasons) expect(reason.message).toMatch(/^(no |every |\d+ replicas)/)
      }),
      { numRuns: 400 },
    )
  })
})
