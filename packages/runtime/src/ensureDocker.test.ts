import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { aptInstall } from './aptInstall.js'
import { daemonPaths, dockerdArgs, ensureDocker } from './ensureDocker.js'
import { AptInstallError, DockerNotInstalledError, DockerUnavailableError } from './errors.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-ensure-docker-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('daemonPaths and dockerdArgs', () => {
  it('keeps everything under the state dir, and sockets in a short folder when that path is long', () => {
    expect(daemonPaths('/root/.hearth/docker')).toMatchObject({
      dataRoot: '/root/.hearth/docker/data',
      socketPath: '/root/.hearth/docker/run/docker.sock',
      execRoot: '/root/.hearth/docker/run/exec',
      pidFile: '/root/.hearth/docker/dockerd.pid',
    })
    const long = daemonPaths(`/var/lib/${'very-long-folder-name/'.repeat(6)}docker`)
    expect(long.socketPath.length).toBeLessThan(80)
    expect(long.dataRoot.startsWith('/var/lib/very-long-folder-name/')).toBe(true)
  })

  it('keeps the daemon off the host network unless told otherwise', () => {
    const paths = daemonPaths('/s')
    const isolation = ['--bridge=none', '--iptables=false', '--ip-forward=false']
    expect(dockerdArgs(paths)).toEqual(expect.arrayContaining(isolation))
    expect(dockerdArgs(paths, { isolated: false })).not.toEqual(expect.arrayContaining(['--bridge=none']))
    expect(dockerdArgs(paths, { daemonArgs: ['--debug'] }).at(-1)).toBe('--debug')
  })
})

describe('ensureDocker', () => {
  it('uses a given engine, or DOCKER_HOST, and never stops an engine it did not start', async () => {
    const host = inject('dockerHost')
    const given = await ensureDocker({ host })
    expect(given).toMatchObject({ host, source: 'option', startedByUs: false })
    const fromEnv = await ensureDocker({ env: { DOCKER_HOST: host } })
    expect(fromEnv).toMatchObject({ host, source: 'DOCKER_HOST', startedByUs: false })
    await given.stop()
    await fromEnv.stop()
    expect(await given.docker.ping()).toBeTruthy()
  })

  it('says so when the engine it is given does not answer', async () => {
    await expect(ensureDocker({ host: `unix://${join(dir, 'nothing.sock')}` })).rejects.toThrow(
      DockerUnavailableError,
    )
  })

  it('starts one daemon for concurrent callers, and stops it when the last one lets go', async () => {
    const stateDir = join(dir, 'state')
    const engines = await Promise.all([1, 2, 3].map(() => ensureDocker({ stateDir, discover: false })))
    expect(engines.filter((engine) => engine.startedByUs)).toHaveLength(1)
    expect(new Set(engines.map((engine) => engine.host)).size).toBe(1)
    const [first, second, third] = engines
    if (!first || !second || !third) throw new Error('three engines expected')
    expect(first.source).toBe('hearth')
    const pid = Number(readFileSync(daemonPaths(stateDir).pidFile, 'utf8'))
    // Off the host network: no default bridge network.
    const networks = (await first.docker.listNetworks()).map((network) => network.Name)
    expect(networks).not.toContain('bridge')

    // A later caller finds it by its pidfile instead of starting another.
    const later = await ensureDocker({ stateDir, discover: false })
    expect(later.startedByUs).toBe(false)
    for (const engine of [first, second, later]) await engine.stop()
    expect(alive(pid)).toBe(true)
    await third.stop()
    expect(alive(pid)).toBe(false)
    expect(existsSync(daemonPaths(stateDir).socketPath)).toBe(false)
  })

  it('names the fix when dockerd is missing and may not be installed', async () => {
    const attempt = ensureDocker({
      stateDir: join(dir, 'missing'),
      discover: false,
      install: false,
      dockerdPath: join(dir, 'no-dockerd-here'),
    })
    await expect(attempt).rejects.toThrow(DockerNotInstalledError)
    await expect(attempt).rejects.toThrow('apt-get install -y --no-install-recommends docker.io')
  })
})

describe('aptInstall', () => {
  it('names the command to run when not root', async () => {
    await expect(aptInstall(['docker.io'], { isRoot: false })).rejects.toThrow(AptInstallError)
    await expect(aptInstall(['docker.io'], { isRoot: false })).rejects.toThrow(
      'sudo apt-get install -y --no-install-recommends docker.io',
    )
  })

  it('names the way out where there is no apt-get', async () => {
    await expect(aptInstall(['docker.io'], { isRoot: true, env: { PATH: dir } })).rejects.toThrow(
      /no apt-get/,
    )
  })
})
