import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getTokenBalance, listMarkets, parseDeployment } from '@hearth/sdk'
import { createPublicClient, http, parseEther } from 'viem'
import { getBlockNumber, getChainId } from 'viem/actions'
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { type Io, main } from '../main.js'

const bin = fileURLToPath(new URL('../../bin/hearth.mjs', import.meta.url))

/** Resolves once `path` exists. */
async function waitForFile(path: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now()
  while (!existsSync(path)) {
    if (Date.now() - started > timeoutMs) throw new Error(`${path} never appeared`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Whether a JSON-RPC endpoint still answers. */
async function answers(rpcUrl: string): Promise<boolean> {
  return getChainId(createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) })).then(
    () => true,
    () => false,
  )
}

describe('hearth devnet', () => {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-devnet-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('deploys, funds demo accounts, writes the deployment and stops when asked', async () => {
    const controller = new AbortController()
    const out: string[] = []
    const io: Io = {
      stdout: (t) => out.push(t),
      stderr: () => {},
      cwd: dir,
      signal: controller.signal,
      env: {},
    }
    const running = main(['devnet', '--port', '0', '--api-port', '0', '--providers', '0', '--json'], io)
    onTestFinished(async () => {
      if (controller.signal.aborted) return
      controller.abort()
      await running.catch(() => undefined)
    })
    const file = join(dir, '.hearth', 'devnet.json')
    await waitForFile(file)

    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      rpcUrl: string
      accounts: { address: `0x${string}` }[]
    }
    const deployment = parseDeployment(written)
    const client = createPublicClient({ transport: http(written.rpcUrl) })
    expect(await getChainId(client)).toBe(deployment.chainId)
    expect((await listMarkets(client, { deployment })).length).toBe(deployment.markets.length)
    expect(written.accounts).toHaveLength(5)
    const demo = written.accounts[1]?.address
    if (!demo) throw new Error('no demo account')
    const { testStablecoin, hearthToken } = deployment.contracts
    if (!testStablecoin) throw new Error('no tUSD on the devnet')
    expect(await getTokenBalance(client, { token: testStablecoin, owner: demo })).toBe(10_000_000_000n)
    expect(await getTokenBalance(client, { token: hearthToken, owner: demo })).toBe(parseEther('10000'))

    // The indexer, its API and the console run beside the chain and have indexed the deployment.
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 100))
    const printed = JSON.parse(out.join('')) as {
      rpcUrl: string
      deploymentFile: string
      providers: unknown[]
      demo: unknown
      indexerUrl: string
      consoleUrl: string
    }
    expect(printed.consoleUrl).toBe(`${printed.indexerUrl}/`)
    let markets = 0
    for (let i = 0; i < 50 && markets === 0; i++) {
      const stats = (await (await fetch(`${printed.indexerUrl}/v1/stats`)).json()) as { markets: unknown[] }
      markets = stats.markets.length
      if (markets === 0) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(markets).toBe(deployment.markets.length)

    controller.abort()
    expect(await running).toBe(0)
    expect(
      await fetch(printed.indexerUrl).then(
        () => 'answers',
        () => 'stopped',
      ),
    ).toBe('stopped')
    expect(printed.rpcUrl).toBe(written.rpcUrl)
    expect(printed).toMatchObject({ providers: [], demo: null, docker: null })
    expect(printed.deploymentFile).toBe(file)
    expect(existsSync(file)).toBe(false)
    expect(await answers(written.rpcUrl)).toBe(false)
  })

  it('runs as a process that prints the network and stops anvil cleanly on SIGINT', async () => {
    const file = join(dir, 'devnet.json')
    const child = spawn(
      process.execPath,
      [
        bin,
        'devnet',
        '--port',
        '0',
        '--api-port',
        '0',
        '--out',
        file,
        '--block-time',
        '1',
        '--providers',
        '0',
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    await waitForFile(file)
    while (!stdout.includes('Press Ctrl-C to stop.')) await new Promise((resolve) => setTimeout(resolve, 50))

    const { rpcUrl } = JSON.parse(readFileSync(file, 'utf8')) as { rpcUrl: string }
    expect(stdout).toContain(`RPC URL       ${rpcUrl}`)
    expect(stdout).toMatch(/marketplace\s+0x[0-9a-fA-F]{40}/)
    const consoleUrl = /Console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]
    expect(consoleUrl).toBeDefined()
    expect((await fetch(`${consoleUrl}openapi.json`)).status).toBe(200)
    expect(stdout).toMatch(/1 {3}rtx-4090 \(tUSD\) {5}rtx-4090 {4}0\.2988 tUSD\/h/)
    // Interval mining: blocks come without transactions.
    const client = createPublicClient({ transport: http(rpcUrl) })
    const block = await getBlockNumber(client, { cacheTime: 0 })
    await new Promise((resolve) => setTimeout(resolve, 2100))
    expect(await getBlockNumber(client, { cacheTime: 0 })).toBeGreaterThan(block)

    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stderr).toContain('Stopped.')
    expect(existsSync(file)).toBe(false)
    expect(await answers(rpcUrl)).toBe(false)
  })
})
