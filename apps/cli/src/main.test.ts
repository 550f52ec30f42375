import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recorder } from '../test/recorder.js'
import { main } from './main.js'

describe('hearth', () => {
  it('lists its commands', async () => {
    const io = recorder(process.cwd())
    expect(await main(['--help'], io)).toBe(0)
    expect(io.out.join('')).toMatch(/Usage: hearth <command>[\s\S]*devnet/)
    expect(await main([], recorder(process.cwd()))).toBe(2)
  })

  it('rejects an unknown command or option in one line, with exit code 2', async () => {
    const io = recorder(process.cwd())
    expect(await main(['deploy-the-moon'], io)).toBe(2)
    expect(io.err).toEqual(['hearth: unknown command "deploy-the-moon" (see `hearth --help`)\n'])
    const bad = recorder(process.cwd())
    expect(await main(['devnet', '--colour'], bad)).toBe(2)
    expect(bad.err.join('')).toMatch(/^hearth: .*--colour.*\n$/)
    const port = recorder(process.cwd())
    expect(await main(['devnet', '--port', 'eighty'], port)).toBe(2)
    expect(port.err.join('')).toBe(
      'hearth: --port must be an integer from 0 to 65535 (see `hearth --help`)\n',
    )
  })

  it('under --json, prints an error as one JSON object on stdout too, and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-main-'))
    try {
      for (const argv of [
        ['status', '--json'],
        ['close', '5', '--json'],
        ['quote', 'missing.yaml', '--json'],
        ['top-up', '5', 'ten', '--json'],
      ]) {
        const io = recorder(dir)
        expect(await main(argv, io)).not.toBe(0)
        expect(io.err).toHaveLength(1)
        expect(io.out).toHaveLength(1)
        const printed = JSON.parse(io.out[0] ?? '') as { error: { message: string; code?: string } }
        expect(`hearth: ${printed.error.message}\n`).toBe(io.err[0])
      }
      const usage = recorder(dir)
      expect(await main(['top-up', '5', 'ten', '--json'], usage)).toBe(2)
      expect(JSON.parse(usage.out[0] ?? '').error.code).toBe('usage')
      // Without --json, stdout stays empty.
      const plain = recorder(dir)
      expect(await main(['status'], plain)).toBe(1)
      expect(plain.out).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('without a deployment file, says how to point a command at a network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-main-'))
    try {
      for (const argv of [['status'], ['logs', '3'], ['top-up', '3', '1']]) {
        const io = recorder(dir)
        expect(await main(argv, io)).toBe(1)
        expect(io.err).toEqual([
          `hearth: no network: there is no .hearth/devnet.json in ${dir}; run the command from the folder where \`hearth devnet\` runs (it writes that file), or pass --deployment <file> (with --rpc-url <url> when the file has no rpcUrl)\n`,
        ])
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('top-up rejects a negative or zero amount in one line', async () => {
    for (const amount of ['-1', '-0.5', '0', 'ten']) {
      const io = recorder(process.cwd())
      expect(await main(['top-up', '5', amount], io)).toBe(2)
      expect(io.err).toEqual([
        `hearth: amount must be a positive number of tokens, not "${amount}" (see \`hearth --help\`)\n`,
      ])
    }
  })
})
