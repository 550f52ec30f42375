import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  GpuVendor,
  type Hardware,
  joinQueue,
  registerProvider,
  SupplySource,
  toBytes32String,
} from '@hearth/sdk'
import { createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recorder } from '../../test/recorder.js'
import { type Devnet, startDevnet } from '../devnet/startDevnet.js'
import { main } from '../main.js'

function hardware(overrides: Partial<Hardware>): Hardware {
  return {
    gpuVendor: GpuVendor.Nvidia,
    gpuModel: toBytes32String('rtx-4090'),
    gpuCount: 1,
    vramMiB: 24_564,
    cpuCores: 16,
    ramMiB: 64 * 1024,
    diskGiB: 1000,
    bandwidthMbps: 1000,
    region: toBytes32String('eu-west'),
    complianceTags: 0n,
    supplySource: SupplySource.Home,
    benchmarkGflops: 82_000,
    ...overrides,
  }
}

describe('hearth quote (against a local devnet)', () => {
  let dir = ''
  let devnet: Devnet
  let info: Server
  let infoUrl = ''
  let deadUrl = ''
  beforeAll(async () => {
    // A port that was just free: nothing answers there.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    dir = mkdtempSync(join(tmpdir(), 'hearth-quote-'))
    devnet = await startDevnet({ port: 0, demoAccounts: 2, outFile: join(dir, '.hearth', 'devnet.json') })
    // A provider agent's public /v1/info, served for real over HTTP.
    info = createServer((request, response) => {
      response.setHeader('content-type', 'application/json')
      if (request.url === '/v1/info') response.end(JSON.stringify({ markets: [{ id: 1, slots: 1 }] }))
      else response.writeHead(404).end('{}')
    })
    await new Promise<void>((resolve) => info.listen(0, '127.0.0.1', resolve))
    infoUrl = `http://127.0.0.1:${(info.address() as AddressInfo).port}`
    const { deployment } = devnet
    const market = (name: string) => deployment.markets.find((m) => m.name === name)?.id ?? 0
    const chain = {
      id: devnet.chainId,
      name: 'devnet',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [devnet.rpcUrl] } },
    } as const
    const wallet = (index: number) =>
      createWalletClient({
        account: privateKeyToAccount(devnet.accounts[index]?.privateKey as Hex),
        chain,
        transport: http(devnet.rpcUrl),
        pollingInterval: 50,
      })
    // Account 1: an RTX 4090 in eu-west whose agent answers, waiting in the RTX 4090 market.
    await registerProvider(wallet(1), { deployment, hardware: hardware({}), endpoint: infoUrl })
    await joinQueue(wallet(1), { deployment, market: market('rtx-4090 (tUSD)') })
    // Account 2: an RTX 3090 in us-east whose endpoint nobody answers, registered but not queued.
    await registerProvider(wallet(2), {
      deployment,
      hardware: hardware({ gpuModel: toBytes32String('rtx-3090'), region: toBytes32String('us-east') }),
      endpoint: deadUrl,
    })
  })
  afterAll(async () => {
    await devnet?.stop()
    info?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints the offers with price per hour and total, reading .hearth/devnet.json by default', async () => {
    writeFileSync(
      join(dir, 'ok.yaml'),
      'version: 1\nname: infer\nimage: alpine\nresources: { gpu: { model: rtx-4090, minVram: 24GB } }\nduration: 2h\n',
    )
    const io = recorder(dir)
    expect(await main(['quote', 'ok.yaml'], io)).toBe(0)
    const out = io.out.join('')
    expect(out).toMatch(
      /^infer: 1× rtx-4090 GPU ≥ 24 GB, 1 CPU, 512 MiB RAM, 1 GiB disk · 1 lease · 2h · economy tier\n/,
    )
    expect(out).toContain('2 providers registered')
    expect(out).toMatch(/1 offer \(matched at once at the market price\):/)
    expect(out).toMatch(
      /rtx-4090 \(tUSD\)\s+0\.2988 tUSD\s+0\.5976 tUSD\s+eu-west\s+1× rtx-4090 24 GiB\s+0\s+1/,
    )
    expect(io.err).toEqual([])
  })

  it('reads GPU model names as people type them: rtx4090, RTX 4090, and h100 as any size of H100', async () => {
    for (const typed of ['rtx4090', '"RTX 4090"']) {
      writeFileSync(
        join(dir, 'typed.yaml'),
        `version: 1\nimage: alpine\nresources: { gpu: { model: ${typed} } }\n`,
      )
      const io = recorder(dir)
      expect(await main(['quote', 'typed.yaml'], io)).toBe(0)
      expect(io.out.join('')).toMatch(/^typed\.yaml: 1× rtx-4090 GPU/)
      expect(io.out.join('')).toMatch(/1 offer \(matched at once at the market price\):/)
    }
    // No H100 provider is registered, but the h100-80gb markets trade what the spec asks.
    writeFileSync(join(dir, 'h100.yaml'), 'version: 1\nimage: alpine\nresources: { gpu: { model: h100 } }\n')
    const io = recorder(dir)
    expect(await main(['quote', 'h100.yaml'], io)).toBe(1)
    const out = io.out.join('')
    expect(out).not.toContain('no market trades')
    expect(out).toContain(
      '✗ gpuModel: no provider with a h100 GPU; closest: providers have rtx-3090 (1), rtx-4090 (1)',
    )
  })

  it('prints JSON with base units as strings', async () => {
    const io = recorder(dir)
    expect(await main(['quote', 'ok.yaml', '--json'], io)).toBe(0)
    const json = JSON.parse(io.out.join('')) as {
      canRun: boolean
      offers: { pricePerHour: string; total: string; token: { symbol: string } }[]
    }
    expect(json.canRun).toBe(true)
    expect(json.offers[0]).toMatchObject({
      pricePerHour: '298800',
      total: '597600',
      token: { symbol: 'tUSD' },
    })
  })

  it('gives the reason per requirement and exits 1 when nobody can run it', async () => {
    writeFileSync(
      join(dir, 'big.yaml'),
      'version: 1\nimage: alpine\nresources: { gpu: { minVram: 80GB } }\nplacement: { regions: [eu-west] }\n',
    )
    const io = recorder(dir)
    expect(await main(['quote', 'big.yaml'], io)).toBe(1)
    expect(io.out.join('')).toContain(
      'Nobody can run it now:\n  ✗ vram: no provider with ≥ 80 GB VRAM in eu-west; closest: 24 GiB at 1 provider\n',
    )
    expect(io.err).toEqual(['hearth: nobody can run big.yaml now\n'])
  })

  it('with --bids asks the fitting providers for /v1/info and says which did not answer', async () => {
    writeFileSync(
      join(dir, 'any.yaml'),
      'version: 1\nimage: alpine\nresources: { gpu: { vendor: nvidia } }\n',
    )
    const io = recorder(dir)
    expect(await main(['quote', 'any.yaml', '--bids'], io)).toBe(0)
    const out = io.out.join('')
    expect(out).toMatch(
      /1 provider fits but is not waiting in a queue, so a plain deploy cannot be matched to it; `hearth deploy --auction` opens an order and asks it for a bid \(with the providers above\):/,
    )
    expect(out).toMatch(/Live provider info \(\/v1\/info\):\n/)
    expect(out).toMatch(/reachable in \d+ ms, offers market 1: 1 slot\(s\)/)
    expect(out).toContain(`ignored: ${deadUrl.slice('http://'.length)} is unreachable (ECONNREFUSED)`)
  })

  it('fails in one line on an invalid spec, a missing deployment or a dead RPC endpoint', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nimage: alpine\nresources: { cpu: -1 }\n')
    const bad = recorder(dir)
    expect(await main(['quote', 'bad.yaml'], bad)).toBe(1)
    expect(bad.err).toEqual([
      'hearth: bad spec bad.yaml:3:19: resources.cpu: resources.cpu must be more than 0 cores\n',
    ])
    const missing = recorder(dir)
    expect(await main(['quote', 'ok.yaml', '--deployment', 'none.json'], missing)).toBe(1)
    expect(missing.err).toEqual([`hearth: no deployment file at ${join(dir, 'none.json')}\n`])
    const dead = recorder(dir)
    expect(await main(['quote', 'ok.yaml', '--rpc-url', deadUrl], dead)).toBe(1)
    expect(dead.err).toHaveLength(1)
    expect(dead.err[0]).toMatch(
      /^hearth: no JSON-RPC endpoint answers at http:\/\/127\.0\.0\.1:\d+ \(.*\); is `hearth devnet` running\?\n$/,
    )
  })
})
