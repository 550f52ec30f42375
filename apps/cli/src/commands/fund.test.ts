// `hearth fund`: test funds on a local network, from the devnet's deployer.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTokenBalance } from '@hearth/sdk'
import { createPublicClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getBalance } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHearth } from '../../test/recorder.js'
import { type Devnet, startDevnet } from '../devnet/startDevnet.js'

let dir: string
let devnet: Devnet

function hearth(argv: string[], cwd = dir) {
  return runHearth(argv, { cwd })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-fund-'))
  mkdirSync(join(dir, '.hearth'))
  devnet = await startDevnet({ port: 0, outFile: join(dir, '.hearth', 'devnet.json') })
})
afterAll(async () => {
  await devnet?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('hearth fund', () => {
  it('sends ETH for gas, HEAT and tUSD to a new key', async () => {
    const fresh = privateKeyToAccount(`0x${'42'.repeat(32)}`).address
    const result = await hearth(['fund', fresh, '--heat', '250', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const client = createPublicClient({ transport: http(devnet.rpcUrl) })
    expect(await getBalance(client, { address: fresh })).toBe(parseEther('10'))
    const { contracts } = devnet.deployment
    expect(await getTokenBalance(client, { token: contracts.hearthToken, owner: fresh })).toBe(
      parseEther('250'),
    )
    const tusd = contracts.testStablecoin
    if (!tusd) throw new Error('the devnet has no tUSD')
    expect(await getTokenBalance(client, { token: tusd, owner: fresh })).toBe(1_000_000_000n)
    expect(JSON.parse(result.stdout)).toEqual({
      address: fresh,
      eth: '10000000000000000000',
      heat: '250000000000000000000',
      tusd: '1000000000',
    })
  })

  it('fails in one line on a bad address, a bad amount, or no local network', async () => {
    const bad = await hearth(['fund', '0x1234'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('hearth: "0x1234" is not an address (see `hearth --help`)\n')
    const amount = await hearth(['fund', devnet.accounts[1]?.address ?? '', '--eth', 'lots'])
    expect(amount.stderr).toBe('hearth: --eth must be a number of tokens, got "lots" (see `hearth --help`)\n')
    const elsewhere = await hearth(['fund', devnet.accounts[1]?.address ?? ''], tmpdir())
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.stderr).toMatch(
      /^hearth: cannot read \.hearth\/devnet\.json: `hearth fund` works on a local network/,
    )
  })
})
