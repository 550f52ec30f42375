import { resolve } from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { loadAccount } from '@hearth/sdk/node'
import { type Logger, pino } from 'pino'
import type { Account } from 'viem'
import { CliError, type Io } from '../cli/Io.js'
import { configPathIn, defaultDataDir, type LoadedConfig, loadConfig } from '../config.js'

/** Flags every command takes. */
export const commonOptions = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

/** Parses a command's flags (common ones included); unknown flags are usage errors. */
export function parseCommand<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
): { values: Record<string, string | boolean | undefined> & CommonValues } {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...commonOptions, ...options },
    allowPositionals: false,
    strict: true,
  })
  return { values: values as Record<string, string | boolean | undefined> & CommonValues }
}

/** The common flags' values. */
export type CommonValues = { 'data-dir'?: string; config?: string; json: boolean; help: boolean }

/** The data dir and config path the flags and environment point at. */
export function locate(
  values: { 'data-dir'?: string | boolean | undefined; config?: string | boolean | undefined },
  io: Io,
) {
  const dataDir =
    typeof values['data-dir'] === 'string'
      ? resolve(io.cwd, values['data-dir'])
      : defaultDataDir(io.env as NodeJS.ProcessEnv)
  const configPath =
    typeof values.config === 'string' ? resolve(io.cwd, values.config) : configPathIn(dataDir)
  return { dataDir, configPath }
}

/** Loads the config the flags point at. */
export async function loadCommandConfig(values: Parameters<typeof locate>[0], io: Io): Promise<LoadedConfig> {
  return loadConfig(locate(values, io).configPath)
}

/** The provider's account: HEARTH_PRIVATE_KEY, else the keystore with HEARTH_PASSWORD or a prompt. */
export async function loadProviderAccount(config: LoadedConfig, io: Io): Promise<Account> {
  let password = io.env.HEARTH_PASSWORD
  if (password === undefined && io.env.HEARTH_PRIVATE_KEY === undefined && io.promptPassword) {
    password = await io.promptPassword(`Password for ${config.keystorePath}: `)
  }
  const { account } = await loadAccount({
    keystorePath: config.keystorePath,
    ...(password !== undefined ? { password } : {}),
    env: io.env as NodeJS.ProcessEnv,
  })
  return account
}

/** A pino logger writing JSON lines to `write` (stdout for the daemon). */
export function createLogger(level: string, write: (text: string) => void): Logger {
  return pino({ level, base: { service: 'hearth-provider' } }, { write })
}

/** Prints JSON (bigints as decimal strings). */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`)
}

/** Throws a usage error when `--help` was given, after printing the usage. */
export function helpRequested(values: { help?: boolean | undefined }, io: Io, usage: string): boolean {
  if (!values.help) return false
  io.stdout(`${usage}\n`)
  return true
}

export { CliError }
