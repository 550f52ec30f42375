// Generates packages/abi/src/generated/ from the Foundry artifacts in contracts/out: one module per
// deployable contract (`<name>Abi` and `<name>Bytecode` as const) plus `allErrorsAbi`, the deduplicated
// union of every custom error, for decoding a revert from any contract, and `enums.ts`: the members of
// every Solidity enum the ABIs use (an ABI only says `uint8` and `internalType: "enum Tier"`; the member
// names are read from the declarations in contracts/src).
//
// Usage: node packages/abi/scripts/generate.mjs [--strict]
//   --strict  fail (instead of warning) when a contract in CONTRACTS has no artifact
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The deployable contracts whose ABI and bytecode the package exports. */
export const CONTRACTS = [
  'HearthToken',
  'ProviderRegistry',
  'Marketplace',
  'Auctions',
  'MarketLens',
  'TestStablecoin',
]

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = join(packageDir, '..', '..')
const identifier = /^[A-Za-z_$][\w$]*$/

/** Thrown when an artifact is missing (in strict mode) or malformed. */
export class AbiGenerationError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message)
    this.name = 'AbiGenerationError'
  }
}

/**
 * `HearthToken` → `hearthToken`.
 * @param {string} name
 * @returns {string}
 */
export function toCamelCase(name) {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/**
 * The canonical Solidity type of an ABI parameter, expanding tuples: `(address,uint256)[]`.
 * @param {{ type: string, components?: readonly unknown[] }} param
 * @returns {string}
 */
function canonicalType(param) {
  if (!param.type.startsWith('tuple')) return param.type
  const components = /** @type {{ type: string }[]} */ (param.components ?? [])
  return `(${components.map(canonicalType).join(',')})${param.type.slice('tuple'.length)}`
}

/**
 * The signature that identifies an error (its selector's preimage): `LeaseNotActive(uint256,uint8)`.
 * @param {{ name: string, inputs?: readonly { type: string }[] }} error
 * @returns {string}
 */
export function errorSignature(error) {
  return `${error.name}(${(error.inputs ?? []).map(canonicalType).join(',')})`
}

/**
 * Every `type: "error"` entry across `abis`, keeping the first of each signature, in first-seen order.
 * @param {readonly (readonly { type: string }[])[]} abis
 * @returns {object[]}
 */
export function collectErrors(abis) {
  const bySignature = new Map()
  for (const abi of abis) {
    for (const item of abi) {
      if (item.type !== 'error') continue
      const signature = errorSignature(/** @type {{ name: string }} */ (item))
      if (!bySignature.has(signature)) bySignature.set(signature, item)
    }
  }
  return [...bySignature.values()]
}

/**
 * Reads and checks `<artifactsDir>/<name>.sol/<name>.json`.
 * @param {string} artifactsDir
 * @param {string} name
 * @returns {{ abi: { type: string }[], bytecode: string, path: string } | null} null when missing
 * @throws {AbiGenerationError} when the artifact exists but is malformed
 */
export function readArtifact(artifactsDir, name) {
  const path = join(artifactsDir, `${name}.sol`, `${name}.json`)
  if (!existsSync(path)) return null
  let artifact
  try {
    artifact = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw new AbiGenerationError(
      `${path}: not valid JSON (${cause instanceof Error ? cause.message : cause})`,
    )
  }
  const bytecode = artifact?.bytecode?.object
  if (!Array.isArray(artifact?.abi) || typeof bytecode !== 'string') {
    throw new AbiGenerationError(`${path}: expected a Foundry artifact with \`abi\` and \`bytecode.object\``)
  }
  if (Object.keys(artifact.bytecode.linkReferences ?? {}).length > 0) {
    throw new AbiGenerationError(
      `${path}: bytecode needs linked libraries, which the generator does not support`,
    )
  }
  return { abi: artifact.abi, bytecode: bytecode.startsWith('0x') ? bytecode : `0x${bytecode}`, path }
}

/**
 * Names of the enums that ABI parameters use, from `internalType: "enum Tier"` or
 * `"enum IRegistry.Status[]"` (the contract prefix and array suffix are dropped), in first-seen order.
 * @param {readonly (readonly object[])[]} abis
 * @returns {string[]}
 */
export function referencedEnums(abis) {
  const names = new Set()
  /** @param {unknown} params */
  const visit = (params) => {
    if (!Array.isArray(params)) return
    for (const param of params) {
      const match = /^enum (?:[\w$]+\.)?([\w$]+)/.exec(String(param?.internalType ?? ''))
      if (match?.[1]) names.add(match[1])
      visit(param?.components)
    }
  }
  for (const abi of abis) {
    for (const item of abi) {
      visit(/** @type {{ inputs?: unknown }} */ (item).inputs)
      visit(/** @type {{ outputs?: unknown }} */ (item).outputs)
    }
  }
  return [...names]
}

/**
 * Every `enum Name { A, B }` declared in `.sol` files under `sourcesDir` (recursively), comments removed.
 * @param {string} sourcesDir
 * @returns {Map<string, { members: string[], path: string }>} by enum name
 * @throws {AbiGenerationError} when two declarations of one name differ, or a member is not an identifier
 */
export function collectEnums(sourcesDir) {
  /** @type {Map<string, { members: string[], path: string }>} */
  const enums = new Map()
  if (!existsSync(sourcesDir)) return enums
  const files = readdirSync(sourcesDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.sol'))
    .sort()
  for (const file of files) {
    const path = join(sourcesDir, file)
    const source = readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, ' ')
      .replace(/\/\/[^\n]*/g, ' ')
    for (const match of source.matchAll(/\benum\s+([A-Za-z_$][\w$]*)\s*\{([^}]*)\}/g)) {
      const name = /** @type {string} */ (match[1])
      const members = (match[2] ?? '')
        .split(',')
        .map((member) => member.trim())
        .filter(Boolean)
      const bad = members.find((member) => !identifier.test(member))
      if (bad !== undefined) throw new AbiGenerationError(`${path}: enum ${name} has a member "${bad}"`)
      const seen = enums.get(name)
      if (seen && seen.members.join() !== members.join()) {
        throw new AbiGenerationError(`enum ${name} is declared differently in ${seen.path} and ${path}`)
      }
      if (!seen) enums.set(name, { members, path })
    }
  }
  return enums
}

const header = '// Generated by packages/abi/scripts/generate.mjs from contracts/out. Do not edit.\n'

/**
 * @param {string} name contract name
 * @param {{ abi: unknown[], bytecode: string }} artifact
 * @param {string} source where the artifact came from, for the doc comment
 * @returns {string} the module's source
 */
export function renderContractModule(name, artifact, source) {
  const id = toCamelCase(name)
  return `${header}
/** ABI of the \`${name}\` contract (from \`${source}\`). */
export const ${id}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const

/** Creation bytecode of the \`${name}\` contract, for deploying it. */
export const ${id}Bytecode = '${artifact.bytecode}' as const
`
}

/**
 * @param {readonly object[]} errors
 * @param {readonly string[]} names contracts the errors were collected from
 * @returns {string}
 */
export function renderErrorsModule(errors, names) {
  const from =
    names.length > 0 ? names.map((name) => `\`${name}\``).join(', ') : 'no contracts (none compiled yet)'
  return `${header}
/** Every custom error of ${from}, deduplicated by signature: decodes a revert from any of them. */
export const allErrorsAbi = ${JSON.stringify(errors, null, 2)} as const
`
}

/**
 * @param {readonly { name: string, members: readonly string[], source: string }[]} enums
 * @returns {string}
 */
export function renderEnumsModule(enums) {
  const blocks = enums.map(({ name, members, source }) => {
    const entries = members.map((member, index) => `  ${member}: ${index},`).join('\n')
    return `/** Members of the Solidity \`enum ${name}\` (from \`${source}\`), by name. */
export const ${name} = {
${entries}
} as const

/** A value of the Solidity \`enum ${name}\`. */
export type ${name} = (typeof ${name})[keyof typeof ${name}]
`
  })
  return `${header}${blocks.length > 0 ? `\n${blocks.join('\n')}` : '\nexport {}\n'}`
}

/**
 * Writes the generated modules for the contracts whose artifacts exist, and removes stale ones.
 * @param {{
 *   artifactsDir?: string,
 *   sourcesDir?: string,
 *   outDir?: string,
 *   contracts?: readonly string[],
 *   strict?: boolean,
 *   log?: (line: string) => void,
 *   warn?: (line: string) => void,
 * }} [options]
 * @returns {{ generated: string[], missing: string[], errorCount: number, enums: string[], changedFiles: string[] }}
 * @throws {AbiGenerationError} on a malformed artifact, or a missing artifact or enum declaration when `strict`
 */
export function generate(options = {}) {
  const artifactsDir = options.artifactsDir ?? join(repoRoot, 'contracts', 'out')
  const sourcesDir = options.sourcesDir ?? join(repoRoot, 'contracts', 'src')
  const outDir = options.outDir ?? join(packageDir, 'src', 'generated')
  const contracts = options.contracts ?? CONTRACTS
  const log = options.log ?? console.log
  const warn = options.warn ?? console.warn

  /** @type {Map<string, string>} file name → contents */
  const files = new Map()
  const generated = []
  const missing = []
  const abis = []
  for (const name of contracts) {
    const artifact = readArtifact(artifactsDir, name)
    if (artifact === null) {
      missing.push(name)
      continue
    }
    const source = relative(repoRoot, artifact.path).split('\\').join('/')
    files.set(`${toCamelCase(name)}.ts`, renderContractModule(name, artifact, source))
    generated.push(name)
    abis.push(artifact.abi)
  }
  if (missing.length > 0) {
    const message = `no artifact in ${relative(process.cwd(), artifactsDir) || '.'} for: ${missing.join(', ')}`
    if (options.strict) throw new AbiGenerationError(`${message} (run \`forge build\` in contracts/)`)
    warn(`abi: warning: ${message}; skipped`)
  }

  const errors = collectErrors(abis)
  files.set('allErrors.ts', renderErrorsModule(errors, generated))

  const declared = collectEnums(sourcesDir)
  const enumNames = referencedEnums(abis)
  const undeclared = enumNames.filter((name) => !declared.has(name))
  if (undeclared.length > 0) {
    const message = `no declaration in ${relative(process.cwd(), sourcesDir) || '.'} for enum ${undeclared.join(', ')}`
    if (options.strict) throw new AbiGenerationError(message)
    warn(`abi: warning: ${message}; skipped`)
  }
  const enums = enumNames.flatMap((name) => {
    const found = declared.get(name)
    if (!found) return []
    return [{ name, members: found.members, source: relative(repoRoot, found.path).split('\\').join('/') }]
  })
  files.set('enums.ts', renderEnumsModule(enums))
  const exports = [...files.keys()]
    .sort()
    .map((file) => `export * from './${file.replace(/\.ts$/, '.js')}'\n`)
  files.set('index.ts', `${header}\n${exports.join('')}`)

  mkdirSync(outDir, { recursive: true })
  const changedFiles = []
  for (const [file, contents] of files) {
    const path = join(outDir, file)
    if (existsSync(path) && readFileSync(path, 'utf8') === contents) continue
    writeFileSync(path, contents)
    changedFiles.push(file)
  }
  for (const file of readdirSync(outDir)) {
    if (files.has(file)) continue
    rmSync(join(outDir, file), { recursive: true, force: true })
    changedFiles.push(file)
  }
  log(
    `abi: ${generated.length}/${contracts.length} contracts (${generated.join(', ') || 'none'}), ` +
      `${errors.length} distinct errors, ${enums.length} enums → ${relative(process.cwd(), outDir) || '.'}` +
      (changedFiles.length === 0 ? ' (unchanged)' : ''),
  )
  return { generated, missing, errorCount: errors.length, enums: enums.map((e) => e.name), changedFiles }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    generate({ strict: process.argv.includes('--strict') })
  } catch (error) {
    console.error(`abi: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
