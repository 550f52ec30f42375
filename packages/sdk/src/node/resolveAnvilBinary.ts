import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { AnvilNotFoundError } from './AnvilNotFoundError.js'

/** npm's names for the platforms Foundry ships binaries for, as `@foundry-rs/anvil`'s wrapper knows them. */
const platformPackages: Partial<Record<NodeJS.Platform, Partial<Record<string, string>>>> = {
  darwin: { x64: 'darwin-amd64', arm64: 'darwin-arm64' },
  linux: { x64: 'linux-amd64', arm64: 'linux-arm64' },
  win32: { x64: 'win32-amd64' },
}

/**
 * Finds the anvil binary that `@foundry-rs/anvil` installed, the way its `node_modules/.bin/anvil`
 * wrapper does: in the platform package (`@foundry-rs/anvil-linux-amd64/bin/anvil`), else in the
 * wrapper's `dist/`. Running the binary directly (not the Node wrapper) lets `stop()` signal anvil itself.
 * @returns The absolute path of the binary.
 * @throws {AnvilNotFoundError} when neither exists.
 */
export function resolveAnvilBinary(): string {
  const binaryName = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  const searched: string[] = []
  let wrapperDir: string
  try {
    wrapperDir = dirname(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json'))
  } catch {
    throw new AnvilNotFoundError(['@foundry-rs/anvil (not installed)'])
  }
  const suffix = platformPackages[process.platform]?.[process.arch]
  if (suffix) {
    const platformPackage = `@foundry-rs/anvil-${suffix}`
    try {
      const manifest = createRequire(join(wrapperDir, 'package.json')).resolve(
        `${platformPackage}/package.json`,
      )
      const candidate = join(dirname(manifest), 'bin', binaryName)
      if (existsSync(candidate)) return candidate
      searched.push(candidate)
    } catch {
      searched.push(`${platformPackage} (not installed)`)
    }
  }
  const fallback = join(wrapperDir, '..', 'dist', binaryName)
  if (existsSync(fallback)) return fallback
  searched.push(fallback)
  throw new AnvilNotFoundError(searched)
}
