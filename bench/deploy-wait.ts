// Figure of the consumer path: `hearth deploy spec.yaml --wait` → the job running, median of 20 deploys
// on the devnet with 1 s blocks (anvil mining a block every second, as an L2 would), three provider
// agents (their default 250 ms poll on the devnet). Each deploy is the whole command as a user runs it:
// market chosen, balance checked, lease opened at the market price (one block), spec sent to the matched
// provider, container started, state `running` seen. The spec asks for one RTX 3090 (the 2× RTX 3090
// provider has two slots); the job prints a line and sleeps 2 s, so the slot frees itself between
// deploys. Run with `npx tsx bench/deploy-wait.ts` (as root, like the tests). Prints figures; asserts
// nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBusyboxImage } from '@hearth/runtime'
import { getQueue } from '@hearth/sdk'
import { createPublicClient, http } from 'viem'
import { launchDevnet } from '../apps/cli/src/devnet/launchDevnet.js'
import { main } from '../apps/cli/src/main.js'

const deploys = Number(process.env.DEPLOYS ?? 20)
const dir = await mkdtemp(join(tmpdir(), 'hearth-bench-deploy-'))
const launched = await launchDevnet({
  indexer: { apiPort: 0 },
  port: 0,
  blockTimeSeconds: 1,
  outFile: join(dir, '.hearth', 'devnet.json'),
  dir: join(dir, '.hearth'),
  providers: 3,
  demo: false,
})
try {
  const { devnet } = launched
  const consumer = devnet.accounts.find((a) => a.role === 'consumer-1')
  if (!consumer) throw new Error('no consumer-1 account')
  const market = devnet.deployment.markets.find((m) => m.name.startsWith('rtx-3090'))
  if (!market) throw new Error('no rtx-3090 market')
  const publicClient = createPublicClient({ transport: http(devnet.rpcUrl) })
  if (!launched.engine) throw new Error('no Docker engine')
  const image = (await ensureBusyboxImage(launched.engine.docker)).tag
  await writeFile(
    join(dir, 'job.yaml'),
    [
      'version: 1',
      `image: ${image}`,
      'command: ["sh", "-c", "echo rendering; sleep 2"]',
      'resources:',
      '  memory: 64Mi',
      '  gpu: { model: rtx-3090, count: 1 }',
      'duration: 10m',
      '',
    ].join('\n'),
  )

  const waitForQueue = async () => {
    for (let i = 0; i < 300; i++) {
      const queue = await getQueue(publicClient, { deployment: devnet.deployment, market: market.id })
      if (queue.length > 0) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('no provider queued in the rtx-3090 market after 30 s')
  }

  const samples: number[] = []
  for (let i = 0; i < deploys; i++) {
    await waitForQueue()
    let stdout = ''
    let stderr = ''
    const started = performance.now()
    const code = await main(['deploy', 'job.yaml', '--wait', ...(process.env.VERBOSE ? [] : ['--json'])], {
      stdout: (text) => {
        stdout += text
      },
      stderr: (text) => {
        stderr += text
      },
      cwd: dir,
      signal: new AbortController().signal,
      env: { PATH: process.env.PATH, HEARTH_PRIVATE_KEY: consumer.privateKey },
    })
    const elapsed = performance.now() - started
    if (code !== 0) throw new Error(`deploy ${i + 1} failed: ${stderr}`)
    if (process.env.VERBOSE) {
      console.log(stderr + stdout)
      continue
    }
    const result = JSON.parse(stdout) as { lease: string; state: string }
    if (result.state !== 'running' && result.state !== 'finished')
      throw new Error(`deploy ${i + 1}: lease ${result.lease} is ${result.state}`)
    samples.push(elapsed)
    console.log(
      `deploy ${String(i + 1).padStart(2)}: lease ${result.lease} ${result.state} after ${elapsed.toFixed(0)} ms`,
    )
  }
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
  console.log(
    `\nhearth deploy --wait → running (${deploys} deploys, 1 s blocks): median ${at(0.5).toFixed(0)} ms, ` +
      `p90 ${at(0.9).toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms ` +
      '(budget: ≤ 2 block times + container start)',
  )
} finally {
  await launched.stop()
  if (process.env.KEEP) console.log(`kept ${dir}`)
  else await rm(dir, { recursive: true, force: true })
}
