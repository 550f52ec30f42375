// Makes a fresh clone ready for `npm test` / `npm start`: installs dependencies when node_modules is
// missing or was installed from a different package-lock.json (or package.json dependencies). Plain Node with no dependencies, since
// it runs before anything is installed. A no-op (tens of ms) when nothing changed.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatDuration, run, StepError } from './lib/run.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const lockPath = join(root, 'package-lock.json')
const nodeModules = join(root, 'node_modules')
const stampPath = join(nodeModules, '.hearth-install-stamp')
const isCi = Boolean(process.env.CI) && process.env.CI !== 'false'

const dependencyFields = [
  'name',
  'version',
  'workspaces',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'overrides',
]

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

/** Workspace directories named in the root package.json, expanding a trailing `/*`. */
function workspaceDirs(rootManifest) {
  const patterns = Array.isArray(rootManifest?.workspaces) ? rootManifest.workspaces : []
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern]
    const parent = join(root, pattern.slice(0, -2))
    if (!existsSync(parent)) return []
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
  })
}

/**
 * What an install depends on: the lock file, the dependency fields of every package.json (so an added
 * dependency triggers an install even before the lock file has it), and the Node ABI and platform that
 * native modules are built for. Editing a script in a package.json does not count.
 */
function installKey() {
  const hash = createHash('sha256')
  hash.update(existsSync(lockPath) ? readFileSync(lockPath) : 'no lock file')
  const rootManifest = readJson(join(root, 'package.json'))
  for (const dir of ['.', ...workspaceDirs(rootManifest)]) {
    const manifest = readJson(join(root, dir, 'package.json')) ?? {}
    const fields = Object.fromEntries(dependencyFields.map((field) => [field, manifest[field] ?? null]))
    hash.update(`\0${dir}\0${JSON.stringify(fields)}`)
  }
  return `${hash.digest('hex')} node-abi-${process.versions.modules} ${process.platform}-${process.arch}\n`
}

function readStamp() {
  try {
    return readFileSync(stampPath, 'utf8')
  } catch {
    return null
  }
}

/** npm as the current `npm run` invoked it, else whatever `npm` is on PATH. */
function npmCommand(args) {
  const execPath = process.env.npm_execpath
  if (execPath && /npm-cli\.c?js$/.test(execPath)) return [process.execPath, [execPath, ...args]]
  return ['npm', args]
}

function checkNodeVersion() {
  const major = Number(process.versions.node.split('.')[0])
  if (major !== 20 && major < 22) {
    console.warn(`setup: warning: Node ${process.versions.node} is not supported; use Node 20 (see .nvmrc)`)
  }
}

async function install() {
  const env = { ...process.env, npm_config_loglevel: process.env.npm_config_loglevel ?? 'error' }
  try {
    const [command, args] = npmCommand(['ci'])
    const { stderr } = await run('npm ci', command, args, { cwd: root, env, captureStderr: true })
    process.stderr.write(stderr)
    return 'npm ci'
  } catch (error) {
    if (!(error instanceof StepError)) throw error
    // npm ci refuses a lock file that does not match package.json; say why in a few lines, not npm's usage.
    const mismatch = error.stderr
      .split('\n')
      .filter((line) => /in sync|existing package-lock|Missing: /.test(line))
    if (mismatch.length === 0) {
      process.stderr.write(error.stderr)
      throw error
    }
    console.log(`setup: package-lock.json is out of date:\n${[...new Set(mismatch)].join('\n')}`)
    if (isCi) {
      throw new StepError('npm ci', 'run `npm install` and commit the updated package-lock.json')
    }
    console.log('setup: running `npm install` to update it')
    const [command, args] = npmCommand(['install'])
    await run('npm install', command, args, { cwd: root, env })
    return 'npm install'
  }
}

async function main() {
  checkNodeVersion()
  const key = installKey()
  const stamp = readStamp()
  if (existsSync(nodeModules) && stamp === key) return
  const reason = !existsSync(nodeModules)
    ? 'node_modules is missing'
    : stamp === null
      ? 'node_modules has no install stamp'
      : 'package-lock.json, a package.json dependency or the Node version changed since the last install'
  console.log(`setup: ${reason}; installing dependencies`)
  const started = performance.now()
  const how = await install()
  // Hash again: `npm install` may have rewritten the lock file.
  writeFileSync(stampPath, installKey())
  console.log(`setup: dependencies installed with ${how} (${formatDuration(performance.now() - started)})`)
}

try {
  await main()
} catch (error) {
  console.error(`setup: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
