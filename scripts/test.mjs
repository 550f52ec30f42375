// Runs every check CI runs, in order, stopping at the first failure:
//   forge:build → abi → sizes → forge:test → forge:gas → typecheck → console → vitest → forge:fmt → solhint → biome
//
// Usage: node scripts/test.mjs [--only <step|alias>[,…]]… [--skip <step|alias>[,…]]… [--list]
//   e.g. `--only forge` (build + test contracts), `--only abi,typecheck`, `--skip biome`.
// Set HEARTH_ABI_STRICT=1 to fail when a contract listed in packages/abi/scripts/generate.mjs has no artifact.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTRACTS, generate } from '../packages/abi/scripts/generate.mjs'
import { buildConsole } from './lib/buildConsole.mjs'
import { formatDuration, run, StepError, timed } from './lib/run.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const contractsDir = join(root, 'contracts')
const bin = (name) => {
  const path = join(root, 'node_modules', '.bin', name)
  if (!existsSync(path))
    throw new StepError(name, `${relative(root, path)} not found; run \`node scripts/setup.mjs\``)
  return path
}

/** Fails when a workspace has a tsconfig.json that the root tsconfig.json does not reference. */
function checkReferences(tsconfig) {
  const referenced = new Set((tsconfig.references ?? []).map((ref) => normalize(ref.path).replace(/\/$/, '')))
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const missing = workspaces.filter(
    (dir) => existsSync(join(root, dir, 'tsconfig.json')) && !referenced.has(normalize(dir)),
  )
  if (missing.length > 0) {
    throw new StepError('typecheck', `add ${missing.join(', ')} to "references" in tsconfig.json`)
  }
}

const steps = [
  {
    name: 'forge:build',
    aliases: ['forge', 'contracts', 'build'],
    run: () => run('forge:build', bin('forge'), ['build', '--offline'], { cwd: contractsDir }),
  },
  {
    name: 'abi',
    aliases: ['gen'],
    run: () => {
      const result = generate({ strict: process.env.HEARTH_ABI_STRICT === '1' })
      return result.missing.length > 0 ? `skipped ${result.missing.length} uncompiled` : ''
    },
  },
  {
    // EIP-170 / EIP-3860: a chain refuses runtime code over 24 576 bytes and init code over 49 152.
    name: 'sizes',
    aliases: ['forge', 'contracts', 'eip170'],
    run: () => {
      const rows = CONTRACTS.map((name) => {
        const path = join(contractsDir, 'out', `${name}.sol`, `${name}.json`)
        const artifact = JSON.parse(readFileSync(path, 'utf8'))
        const runtime = (artifact.deployedBytecode.object.length - 2) / 2
        const init = (artifact.bytecode.object.length - 2) / 2
        return { name, runtime, init }
      })
      const over = rows.filter((row) => row.runtime > 24_576 || row.init > 49_152)
      for (const row of rows) {
        console.log(
          `  ${row.name.padEnd(18)} ${String(row.runtime).padStart(6)} B runtime (${24_576 - row.runtime} to spare)`,
        )
      }
      if (over.length > 0) {
        throw new StepError(
          'sizes',
          `over the EIP-170/3860 limits: ${over.map((row) => row.name).join(', ')}`,
        )
      }
      const tightest = rows.reduce((a, b) => (24_576 - a.runtime < 24_576 - b.runtime ? a : b))
      return `tightest: ${tightest.name}, ${24_576 - tightest.runtime} B to spare`
    },
  },
  {
    name: 'forge:test',
    aliases: ['forge', 'contracts'],
    run: () =>
      run('forge:test', bin('forge'), ['test', '--offline', '--no-match-path', 'test/gas/*'], {
        cwd: contractsDir,
      }),
  },
  {
    // Gas snapshots: every call its own transaction (--isolate), compared with the committed
    // contracts/snapshots/*.json; a difference fails. Refresh them with `npm run snapshot -w @hearth/contracts`.
    name: 'forge:gas',
    aliases: ['forge', 'contracts', 'gas'],
    run: () =>
      run('forge:gas', bin('forge'), ['test', '--offline', '--isolate', '--match-path', 'test/gas/*'], {
        cwd: contractsDir,
        env: { ...process.env, FORGE_SNAPSHOT_CHECK: 'true', HEARTH_GAS: '1' },
      }),
  },
  {
    name: 'typecheck',
    aliases: ['tsc', 'types'],
    run: async () => {
      const path = join(root, 'tsconfig.json')
      if (!existsSync(path)) return 'skipped: no tsconfig.json'
      const tsconfig = JSON.parse(readFileSync(path, 'utf8'))
      if (!tsconfig.references?.length) return 'skipped: tsconfig.json has no references'
      checkReferences(tsconfig)
      await run('typecheck', bin('tsc'), ['-b'], { cwd: root })
      return ''
    },
  },
  {
    // The console's static build (the indexer serves it; the browser tests load it): only when stale.
    name: 'console',
    aliases: ['web'],
    run: () => buildConsole(root),
  },
  {
    name: 'vitest',
    aliases: ['unit', 'ts'],
    run: () => run('vitest', bin('vitest'), ['run'], { cwd: root }),
  },
  {
    name: 'forge:fmt',
    aliases: ['lint', 'format', 'solidity'],
    run: () => run('forge:fmt', bin('forge'), ['fmt', '--check'], { cwd: contractsDir }),
  },
  {
    name: 'solhint',
    aliases: ['lint', 'solidity'],
    run: () =>
      run('solhint', bin('solhint'), ['--disc', '--max-warnings', '0', 'src/**/*.sol'], {
        cwd: contractsDir,
      }),
  },
  {
    name: 'biome',
    aliases: ['lint', 'format'],
    run: () => run('biome', bin('biome'), ['check', '.'], { cwd: root }),
  },
]

function usage() {
  const names = steps.map((step) => `  ${step.name.padEnd(12)} aliases: ${step.aliases.join(', ')}`)
  return `usage: node scripts/test.mjs [--only <step>[,…]] [--skip <step>[,…]] [--list]\nsteps:\n${names.join('\n')}`
}

/** @returns {{ selected: typeof steps } | { exitCode: number }} */
function parseArgs(argv) {
  const only = []
  const skip = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined]
    if (flag === '--list' || flag === '--help' || flag === '-h') {
      console.log(usage())
      return { exitCode: 0 }
    }
    if (flag !== '--only' && flag !== '--skip') {
      console.error(`test: unknown argument "${arg}"\n${usage()}`)
      return { exitCode: 2 }
    }
    const value = inline ?? argv[++i]
    if (!value) {
      console.error(`test: ${flag} needs a step name\n${usage()}`)
      return { exitCode: 2 }
    }
    ;(flag === '--only' ? only : skip).push(...value.split(',').filter(Boolean))
  }
  const matches = (selector) => (step) => step.name === selector || step.aliases.includes(selector)
  const unknown = [...only, ...skip].filter((selector) => !steps.some(matches(selector)))
  if (unknown.length > 0) {
    console.error(`test: unknown step ${unknown.map((s) => `"${s}"`).join(', ')}\n${usage()}`)
    return { exitCode: 2 }
  }
  const selected = steps.filter(
    (step) =>
      (only.length === 0 || only.some((s) => matches(s)(step))) && !skip.some((s) => matches(s)(step)),
  )
  return { selected }
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2))
  if ('exitCode' in parsed) return parsed.exitCode
  const results = []
  const started = performance.now()
  let failure = null
  for (const step of parsed.selected) {
    const stepStarted = performance.now()
    try {
      const { value, durationMs } = await timed(step.name, step.run)
      results.push({
        name: step.name,
        status: 'ok',
        durationMs,
        note: typeof value === 'string' ? value : '',
      })
    } catch (error) {
      failure = error
      results.push({
        name: step.name,
        status: 'FAILED',
        durationMs: performance.now() - stepStarted,
        note: '',
      })
      break
    }
  }
  const notRun = parsed.selected.slice(results.length).map((step) => step.name)

  console.log(`\n── summary ${'─'.repeat(53)}`)
  for (const result of results) {
    const duration = formatDuration(result.durationMs).padStart(7)
    console.log(
      `  ${result.status.padEnd(6)} ${result.name.padEnd(12)} ${duration}  ${result.note}`.trimEnd(),
    )
  }
  for (const name of notRun) console.log(`  ${'-'.padEnd(6)} ${name.padEnd(12)} not run`)
  console.log(`  total ${formatDuration(performance.now() - started)}`)
  if (failure) {
    console.error(`\ntest: ${failure instanceof Error ? failure.message : String(failure)}`)
    return 1
  }
  return 0
}

process.exitCode = await main()
