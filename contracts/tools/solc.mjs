#!/usr/bin/env node
// A solc command-line stand-in that forge can drive (`solc = "tools/solc.mjs"` in foundry.toml).
// Forge cannot download native compilers on our machines, so it runs solc-js from npm through this
// shim. It answers the two things forge asks of a compiler: `--version` and `--standard-json`
// (input on stdin, output on stdout), and resolves imports from the paths forge passes.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'

const require = createRequire(import.meta.url)
const solc = require('solc')

const args = process.argv.slice(2)

if (args.includes('--version')) {
  // forge parses the `Version:` line.
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`)
  process.exit(0)
}

if (!args.includes('--standard-json')) {
  process.stderr.write(
    `solc shim: only --version and --standard-json are supported (got: ${args.join(' ')})\n`,
  )
  process.exit(1)
}

/** Values of every occurrence of a flag, e.g. `--include-path a --include-path b`. */
function flagValues(name) {
  const values = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === name && i + 1 < args.length) values.push(args[++i])
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1))
  }
  return values.flatMap((value) => value.split(',')).filter(Boolean)
}

const basePath = flagValues('--base-path')[0] ?? process.cwd()
const roots = [basePath, ...flagValues('--include-path'), ...flagValues('--allow-paths'), process.cwd()]

function findImport(path) {
  const candidates = isAbsolute(path) ? [path] : roots.map((root) => resolve(root, path))
  for (const candidate of candidates) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') }
  }
  return { error: `File not found: ${path} (searched ${roots.map((r) => join(r, path)).join(', ')})` }
}

const input = readFileSync(0, 'utf8')
process.stdout.write(solc.compile(input, { import: findImport }))
