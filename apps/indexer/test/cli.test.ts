// `hearth-indexer` as a user runs it: a child process against a real anvil with the contracts deployed.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serializeDeployment } from '@hearth/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  queuedProvider,
  startTestNetwork,
  type TestNetwork,
} from '../../../packages/sdk/src/_test/testNetwork.js'

const bin = fileURLToPath(new URL('../bin/hearth-indexer.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'hearth-indexer-cli-'))
let network: TestNetwork

type Run = { code: number | null; stdout: string; stderr: string }

function run(
  args: string[],
  options: { until?: (out: string, stop: () => void) => boolean } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { ...process.env, HEARTH_INDEXER_HOME: join(dir, 'home') },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
      if (options.until?.(stdout, () => child.kill('SIGTERM'))) child.kill('SIGTERM')
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk
    })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

beforeAll(async () => {
  network = await startTestNetwork()
  await queuedProvider(network, 1, network.market('rtx-4090 (tUSD)'))
  writeFileSync(
    join(dir, 'deployment.json'),
    serializeDeployment({ ...network.deployment, rpcUrl: network.node.rpcUrl }),
  )
})

afterAll(async () => {
  await network?.node.stop()
  rmSync(dir, { recursive: true, force: true })
})

it('indexes to the head with --once and prints the stats', async () => {
  const head = Number(await network.publicClient.getBlockNumber({ cacheTime: 0 }))
  const started = await run([
    'start',
    '--once',
    '--json',
    '--deployment',
    'deployment.json',
    '--batch-blocks',
    '5',
  ])
  expect(started.stderr).toBe('')
  expect(started.code).toBe(0)
  expect(JSON.parse(started.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({
    cursor: head,
    db: join(dir, 'home', 'index.sqlite'),
  })
  const stats = await run(['stats', '--json'])
  expect(stats.code).toBe(0)
  const { stats: network_, hardware, markets } = JSON.parse(stats.stdout)
  expect(network_).toMatchObject({ providers: 1, gpus: 1, leases: 0 })
  expect(hardware.gpus).toEqual([{ model: 'rtx-4090', region: 'eu-west', gpus: 1, providers: 1 }])
  expect(
    markets.find((m: { market: number }) => m.market === network.market('rtx-4090 (tUSD)')),
  ).toMatchObject({ idleSlots: 1 })
})

it('follows and serves the API until SIGTERM, and exits cleanly', async () => {
  let answered: Promise<{ providers: number }> | undefined
  const result = await run(
    ['start', '--json', '--deployment', 'deployment.json', '--db', 'follow.sqlite', '--api-port', '0'],
    {
      until: (out, stop) => {
        const url = /"url":"(http:[^"]+)"/.exec(out)?.[1]
        if (url && out.includes('"msg":"indexed"') && !answered) {
          answered = fetch(`${url}/v1/stats`).then((r) => r.json() as Promise<{ providers: number }>)
          answered.finally(stop)
        }
        return false
      },
    },
  )
  expect(result.code).toBe(0)
  expect(result.stdout).toContain('"msg":"API listening"')
  expect(result.stdout).toContain('"msg":"stopped"')
  expect(await answered).toMatchObject({ providers: 1 })
})

it('rejects a bad --api-port with one line', async () => {
  const bad = await run(['start', '--api-port', '70000', '--deployment', 'deployment.json'])
  expect(bad).toMatchObject({ code: 2, stderr: 'hearth indexer: --api-port must be from 0 to 65535\n' })
})

it('rejects bad options with one line', async () => {
  const bad = await run(['start', '--reorg-depth', '0', '--deployment', 'deployment.json'])
  expect(bad).toMatchObject({ code: 2, stderr: 'hearth indexer: --reorg-depth must be at least 1\n' })
  const scheme = await run(['stats', '--db', 'mysql://x/y'])
  expect(scheme).toMatchObject({
    code: 2,
    stderr: 'hearth indexer: --db must be a SQLite file path or a postgres:// URL, not mysql://…\n',
  })
  const unreachable = await run([
    'start',
    '--once',
    '--deployment',
    'deployment.json',
    '--rpc-url',
    'http://127.0.0.1:9',
  ])
  expect(unreachable.code).toBe(1)
  expect(unreachable.stderr).toMatch(
    /^hearth indexer: no JSON-RPC endpoint answers at http:\/\/127\.0\.0\.1:9 .*\n$/,
  )
})
