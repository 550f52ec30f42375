// A throwaway PostgreSQL cluster for tests and benches: initdb (as the `postgres` user, as initdb
// requires when run by root) into a temporary folder, a random port on 127.0.0.1, fsync off. Debian's
// postgresql is installed with apt-get when no server is found.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aptInstall } from '@hearth/runtime'
import pg from 'pg'

/** A running cluster: `url(name)` gives a connection URL for database `name`. */
export type ThrowawayPostgres = {
  url: (database: string) => string
  /** Creates an empty database and returns its URL. */
  createDatabase: (name: string) => Promise<string>
  stop: () => Promise<void>
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const dir = join(root, version, 'bin')
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir
  }
  return undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Starts a cluster; stop it with `stop()` (the data folder is removed). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  let bin = findBinDir()
  if (!bin) {
    await aptInstall(['postgresql'])
    bin = findBinDir()
    if (!bin) throw new Error('postgresql is installed but no initdb was found under /usr/lib/postgresql')
  }
  const dir = mkdtempSync(join(tmpdir(), 'hearth-pg-'))
  const data = join(dir, 'data')
  // initdb and postgres refuse to run as root: run them as the `postgres` user the package creates.
  const user =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
          gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
        }
      : {}
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid)
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C'],
    { stdio: 'pipe', ...user },
  )
  const port = await freePort()
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]
  const server: ChildProcess = spawn(join(bin, 'postgres'), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...user,
  })
  let log = ''
  server.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString()
  })
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  const deadline = Date.now() + 20_000
  for (;;) {
    const client = new pg.Client({ connectionString: url('postgres') })
    try {
      await client.connect()
      await client.end()
      break
    } catch (error) {
      await client.end().catch(() => {})
      if (server.exitCode !== null || Date.now() > deadline) {
        server.kill('SIGKILL')
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE "${name}"`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve))
        // SIGINT: PostgreSQL's fast shutdown.
        server.kill('SIGINT')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
        if (server.exitCode === null) server.kill('SIGKILL')
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
