// `npm start`: builds the contracts and regenerates the ABI (both incremental, seconds when nothing
// changed), then runs `hearth devnet` (apps/cli) in this process: an embedded anvil with Hearth
// deployed and demo accounts funded (the deployment in .hearth/devnet.json), a Docker engine, provider
// agents and the demo job, until Ctrl-C.
//
// Usage: npm start [-- <hearth devnet options>]   e.g. `npm start -- --port 0 --providers 2`
import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate } from '../packages/abi/scripts/generate.mjs'
import { buildConsole } from './lib/buildConsole.mjs'
import { run, StepError } from './lib/run.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function bin(name) {
  const path = join(root, 'node_modules', '.bin', name)
  if (!existsSync(path))
    throw new StepError(name, `${relative(root, path)} not found; run \`node scripts/setup.mjs\``)
  return path
}

try {
  console.error('start: building the contracts')
  await run('forge:build', bin('forge'), ['build', '--offline'], { cwd: join(root, 'contracts') })
  generate({ strict: true, log: (line) => console.error(`start: ${line}`) })
  console.error(`start: console: ${await buildConsole(root)}`)
} catch (error) {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

// The CLI is TypeScript: load it through tsx in this same process, so that Ctrl-C reaches it directly.
const { tsImport } = await import('tsx/esm/api')
const { runCli } = await tsImport('../apps/cli/src/bin.ts', import.meta.url)
await runCli(['devnet', ...process.argv.slice(2)])
