import { describe, expect, it } from 'vitest'
import { type Io, main } from './main.js'

/** An Io that records what a command prints. */
function recorder(): Io & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd: process.cwd(),
    signal: new AbortController().signal,
    env: {},
  }
}

describe('hearth', () => {
  it('lists its commands', async () => {
    const io = recorder()
    expect(await main(['--help'], io)).toBe(0)
    expect(io.out.join('')).toMatch(/Usage: hearth <command>[\s\S]*devnet/)
    expect(await main([], recorder())).toBe(2)
  })

  it('rejects an unknown command or option in one line, with exit code 2', async () => {
    const io = recorder()
    expect(await main(['deploy-the-moon'], io)).toBe(2)
    expect(io.err).toEqual(['hearth: unknown command "deploy-the-moon" (see `hearth --help`)\n'])
    const bad = recorder()
    expect(await main(['devnet', '--colour'], bad)).toBe(2)
    expect(bad.err.join('')).toMatch(/^hearth: .*--colour.*\n$/)
    const port = recorder()
    expect(await main(['devnet', '--port', 'eighty'], port)).toBe(2)
    expect(port.err.join('')).toBe(
      'hearth: --port must be an integer from 0 to 65535 (see `hearth --help`)\n',
    )
  })
})
