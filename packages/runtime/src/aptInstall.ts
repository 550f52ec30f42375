import { existsSync, readdirSync } from 'node:fs'
import { unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AptInstallError } from './errors.js'
import { createSilentLogger, type Logger } from './Logger.js'
import { findExecutable, lastLines, runCommand } from './runCommand.js'
import { withLock } from './withLock.js'

/** Options of {@link aptInstall}. */
export interface AptInstallOptions {
  logger?: Logger
  /** Environment to find apt-get in and run it with. Default `process.env`. */
  env?: NodeJS.ProcessEnv
  /** Whether this process may install system packages. Default: it runs as root. */
  isRoot?: boolean
}

const policyRcPath = '/usr/sbin/policy-rc.d'

function hasPackageLists(): boolean {
  try {
    return readdirSync('/var/lib/apt/lists').some((name) => /_Packages(\.\w+)?$/.test(name))
  } catch {
    return false
  }
}

/**
 * Installs Debian packages with `apt-get install -y --no-install-recommends`, running
 * `apt-get update` first when the package lists are missing and once more when the install fails.
 * Services the packages ship (docker.io's dockerd) are kept from starting, through a temporary
 * `policy-rc.d`, when the host has none. Calls are serialized across processes.
 *
 * @param packages - Debian package names.
 * @throws {AptInstallError} When not root, when there is no apt-get, or when apt-get fails; the
 *   message names the command to run by hand.
 */
export async function aptInstall(
  packages: readonly string[],
  options: AptInstallOptions = {},
): Promise<void> {
  const { logger = createSilentLogger(), env = process.env } = options
  const isRoot = options.isRoot ?? process.getuid?.() === 0
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`
  if (!isRoot) {
    throw new AptInstallError(`Installing ${packages.join(', ')} needs root.`, {
      metaMessages: [`Run \`sudo ${command}\` and try again.`],
    })
  }
  const aptGet = await findExecutable('apt-get', env)
  if (!aptGet) {
    throw new AptInstallError(`Cannot install ${packages.join(', ')}: this machine has no apt-get.`, {
      metaMessages: [`Install the equivalent of Debian's ${packages.join(', ')} with your package manager.`],
    })
  }
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' }
  const lockOptions = ['-o', 'DPkg::Lock::Timeout=300']
  const update = async () => {
    logger.info({ packages }, 'apt-get update')
    const result = await runCommand(aptGet, ['update', ...lockOptions], { env: aptEnv })
    if (result.exitCode !== 0) {
      throw new AptInstallError('`apt-get update` failed.', { details: lastLines(result.stderr) })
    }
  }
  const install = () =>
    runCommand(aptGet, ['install', '-y', '--no-install-recommends', ...lockOptions, ...packages], {
      env: aptEnv,
    })

  await withLock(join(tmpdir(), 'hearth-apt.lock'), async () => {
    const ownPolicy = !existsSync(policyRcPath)
    if (ownPolicy)
      await writeFile(
        policyRcPath,
        '#!/bin/sh\n# Written by @hearth/runtime while installing packages.\nexit 101\n',
        { mode: 0o755 },
      )
    try {
      if (!hasPackageLists()) await update()
      logger.info({ packages }, 'apt-get install')
      let result = await install()
      if (result.exitCode !== 0) {
        await update()
        result = await install()
      }
      if (result.exitCode !== 0) {
        throw new AptInstallError(`\`${command}\` failed.`, { details: lastLines(result.stderr) })
      }
    } finally {
      if (ownPolicy) await unlink(policyRcPath).catch(() => {})
    }
  })
}
