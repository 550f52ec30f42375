// `hearth devnet` with provider agents and the demo, end to end against a real anvil, a real Docker
// engine (found or started by the devnet itself) and the agents as child processes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dockerFromHost, findSandboxes, hashResults, isMirrorReachable } from '@hearth/runtime'
import {
  CloseReason,
  fromBytes32String,
  getLeaseClosed,
  getProvider,
  type HearthDeployment,
  marketplaceAbi,
  parseDeployment,
} from '@hearth/sdk'
import { raytraceImageHash, raytraceRepository, verifyRaytraceFrames } from '@hearth/workloads'
import { createPublicClient, http } from 'viem'
import { getChainId, readContract } from 'viem/actions'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { type Io, main } from '../main.js'

const dir = mkdtempSync(join(tmpdir(), 'hearth-devnet-demo-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function imageCached(): Promise<boolean> {
  const host = process.env.DOCKER_HOST ?? 'unix:///root/.hearth/docker/run/docker.sock'
  const tag = `${raytraceRepository}:${(await raytraceImageHash()).slice(0, 16)}`
  return dockerFromHost(host)
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    )
}
const runnable = (await imageCached()) || (await isMirrorReachable())
if (!runnable)
  console.warn('skipping the devnet demo: no ray tracer image and deb.debian.org does not answer')

/** Whether a process is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

type Printed = {
  rpcUrl: string
  deployment: HearthDeployment
  docker: { host: string }
  providers: { name: string; address: `0x${string}`; pid: number; market: { id: number }; logFile: string }[]
  demo: {
    leases: {
      lease: string
      provider: `0x${string}`
      resultHash: `0x${string}`
      first: number
      count: number
    }[]
    verification: { ok: boolean; framesChecked: number }
    framesDir: string
    animationFile: string
    earnings: { provider: string; symbol: string; withdrawn: string; withdrawable: string; fee: string }[]
    fees: { symbol: string; collected: string; burned: string; toTreasury: string; unswept: string }[]
    heatSupply: { before: string; after: string }
  } | null
  demoError: string | null
}

describe('hearth devnet with providers and the demo', () => {
  it.runIf(runnable)(
    'starts 2 provider agents, runs the ray-traced demo across them, checks it, and stops everything on Ctrl-C',
    async () => {
      const controller = new AbortController()
      let stdout = ''
      let stderr = ''
      const io: Io = {
        stdout: (t) => {
          stdout += t
        },
        stderr: (t) => {
          stderr += t
        },
        cwd: dir,
        signal: controller.signal,
        env: { ...process.env },
      }
      const running = main(['devnet', '--port', '0', '--api-port', '0', '--providers', '2', '--json'], io)
      // A failed check below must not leave the devnet's agents, indexer and anvil running.
      onTestFinished(async () => {
        if (controller.signal.aborted) return
        controller.abort()
        await running.catch(() => undefined)
      })
      const started = Date.now()
      while (!stdout.includes('\n')) {
        if (Date.now() - started > 540_000) throw new Error(`the devnet did not come up: ${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const printed = JSON.parse(stdout) as Printed
      expect(printed.demoError).toBeNull()
      const deployment = parseDeployment(printed.deployment)
      const client = createPublicClient({ transport: http(printed.rpcUrl) })

      // Two agents, different declared hardware, each queued again in its market after the demo.
      expect(printed.providers.map((p) => p.name)).toEqual(['provider-1', 'provider-2'])
      const declared = await Promise.all(
        printed.providers.map((p) => getProvider(client, { deployment, provider: p.address })),
      )
      expect(declared.map((d) => [fromBytes32String(d.hardware.gpuModel), d.hardware.gpuCount])).toEqual([
        ['rtx-4090', 1],
        ['rtx-3090', 2],
      ])
      for (const p of printed.providers) {
        expect(alive(p.pid)).toBe(true)
        expect(readFileSync(p.logFile, 'utf8')).toContain('provider API listening')
        const entry = await readContract(client, {
          abi: marketplaceAbi,
          address: deployment.contracts.marketplace,
          functionName: 'getQueueEntry',
          args: [p.address],
        })
        expect(Number(entry.market)).toBe(p.market.id)
      }

      // The demo: one lease per provider, finished on chain with the hash of what was downloaded.
      const demo = printed.demo
      if (!demo) throw new Error('no demo')
      expect(demo.verification).toMatchObject({ ok: true, framesChecked: 48 })
      expect(demo.leases.map((l) => l.provider).sort()).toEqual(
        printed.providers.map((p) => p.address).sort(),
      )
      for (const lease of demo.leases) {
        const closed = await getLeaseClosed(client, { deployment, leaseId: BigInt(lease.lease) })
        expect(closed?.reason).toBe(CloseReason.JobFinished)
        expect(closed?.resultHash).toBe(lease.resultHash)
      }
      const frames = Array.from({ length: 48 }, (_, i) => i)
      const again = await verifyRaytraceFrames({
        animation: { width: 384, height: 216, frames: 48 },
        dir: demo.framesDir,
        frames,
        fullFrames: 2,
      })
      expect(again.ok).toBe(true)
      expect((await hashResults(demo.framesDir)).files).toHaveLength(48)
      expect(readFileSync(demo.animationFile).subarray(1, 4).toString()).toBe('PNG')

      // Every provider that was paid withdrew (billing is per second of chain time: a lease opened and
      // closed within one chain second pays nothing); HEAT's fee share was burned, and the supply fell
      // by it. The fees add up: what the providers paid is what was burned, sent to the treasury or
      // left unswept.
      for (const earning of demo.earnings) {
        expect(BigInt(earning.withdrawable)).toBe(0n)
        if (BigInt(earning.fee) > 0n) expect(BigInt(earning.withdrawn)).toBeGreaterThan(0n)
      }
      for (const fee of demo.fees) {
        const paid = demo.earnings
          .filter((e) => e.symbol === fee.symbol)
          .reduce((sum, e) => sum + BigInt(e.fee), 0n)
        expect(BigInt(fee.collected)).toBe(paid)
        expect(BigInt(fee.burned) + BigInt(fee.toTreasury) + BigInt(fee.unswept)).toBe(paid)
      }
      const heat = demo.fees.find((f) => f.symbol === 'HEAT')
      if (BigInt(heat?.collected ?? 0) > 1n) expect(BigInt(heat?.burned ?? 0)).toBeGreaterThan(0n)
      expect(BigInt(demo.heatSupply.before) - BigInt(demo.heatSupply.after)).toBe(BigInt(heat?.burned ?? 0))

      // Ctrl-C: agents, their containers, anvil and the deployment file are gone.
      controller.abort()
      expect(await running).toBe(0)
      for (const p of printed.providers) expect(alive(p.pid)).toBe(false)
      expect(
        await getChainId(createPublicClient({ transport: http(printed.rpcUrl, { retryCount: 0 }) })).catch(
          () => 'down',
        ),
      ).toBe('down')
      expect(existsSync(join(dir, '.hearth', 'devnet.json'))).toBe(false)
      const docker = dockerFromHost(printed.docker.host)
      const left = await docker.ping().then(
        () => findSandboxes(docker, { labels: { 'hearth.chain': String(deployment.chainId) } }),
        () => [],
      )
      // Only this devnet's: other devnets on the engine have the same dev keys and chain id.
      expect(left.filter((s) => s.dir?.startsWith(dir))).toEqual([])
    },
    600_000,
  )
})
