import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createPublicClient, http } from 'viem'
import { getBlockNumber, getChainId } from 'viem/actions'
import { describe, expect, it } from 'vitest'
import { AnvilStartError } from './AnvilStartError.js'
import { resolveAnvilBinary } from './resolveAnvilBinary.js'
import { startAnvil } from './startAnvil.js'

/** Whether a process with this id is still alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startAnvil', () => {
  it('starts nodes on distinct free ports with anvil’s dev accounts, and stops them', async () => {
    const [a, b] = await Promise.all([startAnvil(), startAnvil({ chainId: 1337 })])
    try {
      expect(a.port).not.toBe(b.port)
      expect(a.rpcUrl).toBe(`http://127.0.0.1:${a.port}`)
      const clientA = createPublicClient({ chain: a.chain, transport: http(a.rpcUrl) })
      const clientB = createPublicClient({ chain: b.chain, transport: http(b.rpcUrl) })
      expect(await getChainId(clientA)).toBe(31_337)
      expect(await getChainId(clientB)).toBe(1337)
      expect(a.accounts).toHaveLength(10)
      // Anvil's first deterministic dev account.
      expect(a.accounts[0]).toEqual({
        address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
        privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
      })
      expect(alive(a.pid)).toBe(true)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
    expect(alive(a.pid)).toBe(false)
    expect(alive(b.pid)).toBe(false)
    await a.stop()
  })

  it('mines on an interval when given a block time', async () => {
    const node = await startAnvil({ blockTimeSeconds: 1 })
    try {
      const client = createPublicClient({ transport: http(node.rpcUrl) })
      const first = await getBlockNumber(client, { cacheTime: 0 })
      await new Promise((resolve) => setTimeout(resolve, 2200))
      expect(await getBlockNumber(client, { cacheTime: 0 })).toBeGreaterThan(first)
    } finally {
      await node.stop()
    }
  })

  it('fails with anvil’s own words when the port is taken', async () => {
    const node = await startAnvil()
    try {
      const error = await startAnvil({ port: node.port }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(AnvilStartError)
      expect((error as AnvilStartError).shortMessage).toMatch(/exited with code/)
      expect((error as AnvilStartError).shortMessage).toMatch(/Address already in use/)
    } finally {
      await node.stop()
    }
  })

  it('is killed when the process that started it exits without stopping it', async () => {
    const module = new URL('./startAnvil.ts', import.meta.url).href
    const script = `import { startAnvil } from '${module}'\nconst node = await startAnvil()\nconsole.log(node.pid)\nprocess.exit(0)`
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: fileURLToPath(new URL('.', import.meta.url)) },
    )
    const pid = Number(stdout.trim())
    expect(pid).toBeGreaterThan(0)
    // SIGKILL is delivered at once, but the kernel may take a moment to reap the process.
    for (let tries = 0; alive(pid) && tries < 100; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20))
    expect(alive(pid)).toBe(false)
  })

  it('fails clearly when the binary cannot run', async () => {
    await expect(startAnvil({ binary: '/nonexistent/anvil' })).rejects.toThrow(AnvilStartError)
  })

  it('finds the binary @foundry-rs/anvil installed', () => {
    expect(resolveAnvilBinary()).toMatch(/@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil(\.exe)?$/)
  })
})
