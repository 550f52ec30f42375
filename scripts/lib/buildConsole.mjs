// Builds the web console (apps/console) into apps/console/dist with Vite, only when dist is missing or
// older than any of its sources (the console's own files, the SDK and the generated ABI it bundles).
// A no-op of a few ms when nothing changed; about 2 s when something did.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { run, StepError } from './run.mjs'

/** The newest modification time (ms) of a file or of any file under a folder. */
function newest(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue
    latest = Math.max(latest, newest(join(path, entry.name)))
  }
  return latest
}

/**
 * Builds apps/console/dist when it is missing or stale.
 * @param {string} root the repository root
 * @returns {Promise<string>} what was done, for a summary line
 * @throws {StepError} when Vite is not installed or the build fails
 */
export async function buildConsole(root) {
  const dir = join(root, 'apps', 'console')
  if (!existsSync(dir)) return 'skipped: no apps/console'
  const stamp = join(dir, 'dist', '.build-stamp')
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(dir, p))
  sources.push(join(root, 'packages', 'sdk', 'src'), join(root, 'packages', 'abi', 'src'))
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
  if (built > 0 && sources.every((path) => newest(path) <= built)) return 'up to date'
  const vite = join(root, 'node_modules', '.bin', 'vite')
  if (!existsSync(vite))
    throw new StepError('console', `${relative(root, vite)} not found; run \`node scripts/setup.mjs\``)
  await run('console', vite, ['build', '--logLevel', 'warn'], { cwd: dir })
  writeFileSync(stamp, `${new Date().toISOString()}\n`)
  return 'built apps/console/dist'
}
