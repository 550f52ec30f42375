import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The console in Debian's Chromium against a real devnet started here (`hearth devnet`: anvil, the
// contracts, provider agents on a Docker engine, the demo job, the indexer serving API and console).
// Screenshots of every page go to test-output/console/ for a person to look at.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const shots = join(root, 'test-output', 'console')
let consoleUrl = (process.env.HEARTH_CONSOLE_URL ?? 'http://127.0.0.1:8600/').replace(/\/?$/, '/')
const chromiumPath = '/usr/bin/chromium'

let devnet: ChildProcess | undefined
let browser: Browser
let page: Page
let demoImage = ''

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`)
    if (devnet && devnet.exitCode !== null) throw new Error(`the devnet exited with ${devnet.exitCode}`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'ignore' })
  mkdirSync(shots, { recursive: true })
  if (!process.env.HEARTH_CONSOLE_URL) {
    // A devnet of our own in a temp folder; it prints its summary (with the demo) as JSON once the demo ran.
    const cwd = mkdtempSync(join(tmpdir(), 'hearth-console-'))
    devnet = spawn(
      process.execPath,
      [join(root, 'scripts', 'start.mjs'), '--providers', '2', '--port', '0', '--api-port', '0', '--json'],
      {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    devnet.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    const until = Date.now() + 540_000
    while (!/\n$/.test(out) || !out.includes('"demo"')) {
      if (devnet.exitCode !== null) throw new Error(`the devnet exited with ${devnet.exitCode}`)
      if (Date.now() > until) throw new Error('the devnet did not finish its demo in 9 minutes')
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    const summary = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      demo?: { image?: string }
      consoleUrl?: string | null
    }
    demoImage = summary.demo?.image ?? ''
    if (summary.consoleUrl) consoleUrl = summary.consoleUrl
  }
  await waitFor(`${consoleUrl}v1/stats`, 120_000)
  if (!demoImage) {
    const devnetJson = JSON.parse(await (await fetch(`${consoleUrl}devnet.json`)).text()) as {
      demoImage?: string
    }
    demoImage = devnetJson.demoImage ?? ''
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } })
}, 600_000)

afterAll(async () => {
  await browser?.close()
  if (devnet && devnet.exitCode === null) {
    devnet.kill('SIGINT')
    await new Promise((resolve) => devnet?.once('exit', resolve))
  }
})

describe('console', () => {
  test('the explorer shows the network stats, providers and the demo job', async () => {
    await page.goto(consoleUrl)
    await page.getByTestId('stats').waitFor()
    const leases = page.getByTestId('leases')
    await leases.waitFor()
    expect(await leases.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('providers').locator('tbody tr').count()).toBeGreaterThan(0)
    await page.waitForTimeout(1000)
    await page.screenshot({ path: join(shots, 'explorer.png'), fullPage: true })
  })

  let leaseUrl = ''

  test('the deploy wizard quotes the spec and opens a lease', async () => {
    await page.goto(`${consoleUrl}?account=consumer-1#/deploy`)
    await page.getByTestId('account').waitFor()
    await page.locator('input[name=image]').fill(demoImage)
    await page
      .locator('textarea[name=command]')
      .fill('for i in $(seq 1 40); do echo "step $i"; sleep 1; done')
    await page.getByTestId('quote').getByText('/h').first().waitFor()
    expect(await page.getByTestId('spec').textContent()).toContain(demoImage)
    await page.screenshot({ path: join(shots, 'deploy.png'), fullPage: true })
    await page.getByRole('button', { name: /^Deploy as/ }).click()
    const open = page.getByTestId('open-lease')
    await open.waitFor({ timeout: 120_000 })
    await page.screenshot({ path: join(shots, 'deploy-done.png'), fullPage: true })
    leaseUrl = (await open.getAttribute('href')) ?? ''
    expect(leaseUrl).toMatch(/^#\/leases\/\d+$/)
  })

  test('the lease page shows the logs live, then closing refunds the rest', async () => {
    await page.goto(`${consoleUrl}?account=consumer-1${leaseUrl}`)
    const logs = page.getByTestId('logs')
    await logs.getByText('step 2', { exact: true }).waitFor({ timeout: 60_000 })
    const early = (await logs.textContent()) ?? ''
    // Live: later lines arrive on the same page without a reload.
    await logs.getByText('step 5', { exact: true }).waitFor({ timeout: 30_000 })
    expect(((await logs.textContent()) ?? '').length).toBeGreaterThan(early.length)
    await page.screenshot({ path: join(shots, 'lease-running.png'), fullPage: true })
    await page.getByRole('button', { name: /Close lease/ }).click()
    const message = page.getByTestId('manage-message')
    await message.waitFor({ timeout: 60_000 })
    const text = (await message.textContent()) ?? ''
    expect(text).toMatch(/Refunded [\d,.]+ \w+/)
    expect(text).not.toMatch(/Refunded 0 /)
    await page.getByTestId('refund').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: join(shots, 'lease-closed.png'), fullPage: true })
  })

  test('the provider page shows its earnings, stake and leases', async () => {
    // The provider of the lease just closed (the header's "My provider" is the consumer's own page).
    await page.locator('main a[href^="#/providers/"]').first().click()
    await page.getByText('Earnings over time').waitFor()
    await page.getByTestId('leases').waitFor()
    await page.waitForTimeout(1000)
    await page.screenshot({ path: join(shots, 'provider.png'), fullPage: true })
    expect(readFileSync(join(shots, 'provider.png')).length).toBeGreaterThan(10_000)
  })
})
