import { randomUUID } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { attachSandbox } from './attachSandbox.js'
import { createSandbox } from './createSandbox.js'
import { dockerFromHost } from './ensureDocker.js'
import { GpuUnavailableError, ImageNotFoundError, RootUserError } from './errors.js'
import { findSandboxes } from './findSandboxes.js'
import { hashResults } from './hashResults.js'
import { hasNvidiaRuntime } from './hasNvidiaRuntime.js'
import type { LogEntry } from './readLogs.js'
import { runJob } from './runJob.js'
import type { Sandbox } from './Sandbox.js'
import type { SandboxSpec } from './SandboxSpec.js'

const docker = dockerFromHost(inject('dockerHost'))
const image = inject('busyboxImage')
// Every container of this run carries this label, so the clean-up finds them all (and no others).
const run = randomUUID().slice(0, 8)
const labels = { 'hearth.test-run': run }
let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hearth-sandbox-'))
})

afterAll(async () => {
  for (const found of await findSandboxes(docker, { labels })) {
    await docker.getContainer(found.containerId).remove({ force: true })
    const network = found.labels['hearth.network']
    if (network) await docker.getNetwork(network).remove()
  }
  await rm(root, { recursive: true, force: true })
})

const sh = (script: string): SandboxSpec => ({ image, command: ['sh', '-c', script] })

/** Runs a job to its end and returns it with its exit and log. */
async function runToEnd(name: string, spec: SandboxSpec, extra: { lease?: string } = {}) {
  const job = await runJob(docker, spec, { dir: join(root, name), id: `${run}-${name}`, labels, ...extra })
  const exit = await job.wait()
  const { entries } = await job.readLogs()
  await job.remove()
  return { job, exit, entries }
}

const lines = (entries: LogEntry[], stream: LogEntry['stream']) =>
  entries.filter((entry) => entry.stream === stream).map((entry) => entry.line)

/** Parses `key=value` lines. */
const facts = (entries: LogEntry[]) =>
  Object.fromEntries(lines(entries, 'stdout').map((line) => line.split(/=(.*)/s).slice(0, 2)))

describe.concurrent('a job in the sandbox', () => {
  it('runs, and its logs stream into the log file in order, each line timestamped', async () => {
    const job = await runJob(
      docker,
      sh('for i in $(seq 1 100); do echo "out $i"; echo "err $i" >&2; done; printf "last line, no newline"'),
      { dir: join(root, 'stream'), id: `${run}-stream`, labels },
    )
    const followed: LogEntry[] = []
    for await (const chunk of job.logs({ pollMs: 20 })) followed.push(...chunk.entries)
    const exit = await job.wait()

    expect(exit).toMatchObject({ exitCode: 0, reason: 'exited', oomKilled: false })
    expect(followed).toEqual((await job.readLogs()).entries)
    expect(followed[0]).toMatchObject({ stream: 'system', line: 'started' })
    expect(followed.at(-1)).toMatchObject({ stream: 'system', line: 'exited with code 0 (exited)' })
    expect(lines(followed, 'stdout')).toEqual([
      ...Array.from({ length: 100 }, (_, i) => `out ${i + 1}`),
      'last line, no newline',
    ])
    expect(lines(followed, 'stderr')).toEqual(Array.from({ length: 100 }, (_, i) => `err ${i + 1}`))
    for (const stream of ['stdout', 'stderr'] as const) {
      const stamps = followed.filter((entry) => entry.stream === stream).map((entry) => entry.ts)
      expect(stamps.every((ts) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(ts))).toBe(true)
      expect([...stamps].sort()).toEqual(stamps)
    }
    await job.remove()
  })

  it('serves its log from any byte offset, so a dropped reader resumes exactly', async () => {
    const job = await runJob(docker, sh('for i in $(seq 1 30); do echo "line $i"; sleep 0.01; done'), {
      dir: join(root, 'offset'),
      id: `${run}-offset`,
      labels,
    })
    // A reader takes the first chunk that holds output, then drops.
    let resumeAt = 0
    const before: LogEntry[] = []
    for await (const chunk of job.logs({ pollMs: 10 })) {
      before.push(...chunk.entries)
      resumeAt = chunk.nextOffset
      if (chunk.entries.some((entry) => entry.stream === 'stdout')) break
    }
    // It comes back with the offset it had and reads on to the end.
    const after: LogEntry[] = []
    for await (const chunk of job.logs({ offset: resumeAt, pollMs: 10 })) after.push(...chunk.entries)
    await job.wait()
    const all = (await job.readLogs()).entries
    expect([...before, ...after]).toEqual(all)
    expect(lines(all, 'stdout')).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`))
    expect(await job.readLogs(resumeAt)).toEqual({
      entries: after,
      offset: resumeAt,
      nextOffset: (await stat(job.logPath)).size,
    })
    await job.remove()
  })

  it('is sandboxed: not root, no capabilities, read-only root, writable scratch, only lo, the limits asked for', async () => {
    const { exit, entries, job } = await runToEnd('sandbox', {
      ...sh(`
        echo uid=$(id -u)
        echo capeff=$(grep CapEff /proc/self/status | cut -f2)
        echo nonewprivs=$(grep NoNewPrivs /proc/self/status | cut -f2)
        if touch /written 2>/dev/null; then echo root=writable; else echo root=read-only; fi
        if echo x > /scratch/x; then echo scratch=writable; fi
        if echo x > /tmp/x; then echo tmp=writable; fi
        echo interfaces=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' ')
        echo nofile=$(ulimit -n)
        echo pidsmax=$(cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max)
        echo memory=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)
        (for i in $(seq 1 60); do sleep 1 & done) 2>/dev/null
        set -- /proc/[0-9]*
        echo processes=$#
        echo pid1=$(cat /proc/1/comm)
        echo result > /output/result.txt
      `),
      resources: { memoryBytes: 64 * 1024 * 1024, pids: 24, openFiles: 200 },
    })
    expect(exit.exitCode).toBe(0)
    const seen = facts(entries)
    expect(seen).toMatchObject({
      uid: '65534',
      capeff: '0000000000000000',
      nonewprivs: '1',
      root: 'read-only',
      scratch: 'writable',
      tmp: 'writable',
      interfaces: 'lo',
      nofile: '200',
      pidsmax: '24',
      memory: String(64 * 1024 * 1024),
      pid1: 'docker-init',
    })
    // 60 sleeps were asked for; the PID limit let at most 24 processes exist at once.
    expect(Number(seen.processes)).toBeLessThanOrEqual(24)
    expect(await readFile(join(job.outputDir, 'result.txt'), 'utf8')).toBe('result\n')
    expect((await stat(join(job.outputDir, 'result.txt'))).uid).toBe(65534)
  })

  it('runs as another non-root user when asked, and refuses root before creating anything', async () => {
    const { entries } = await runToEnd('user', {
      ...sh('echo uid=$(id -u) gid=$(id -g)'),
      user: { uid: 1000 },
    })
    expect(lines(entries, 'stdout')).toEqual(['uid=1000 gid=1000'])
    await expect(
      createSandbox(
        docker,
        { ...sh('id'), user: { uid: 0 } },
        { dir: join(root, 'root'), id: `${run}-root`, labels },
      ),
    ).rejects.toThrow(RootUserError)
    expect(await findSandboxes(docker, { id: `${run}-root` })).toEqual([])
  })

  it('is OOM-killed past its memory limit, and says so', async () => {
    const { exit, entries } = await runToEnd('oom', {
      // The string doubles until it outgrows 16 MiB: it must be killed, it cannot finish.
      ...sh('echo growing; x=0123456789abcdef; while :; do x="$x$x"; done'),
      resources: { memoryBytes: 16 * 1024 * 1024 },
    })
    expect(exit).toMatchObject({ reason: 'oom', oomKilled: true, exitCode: 137 })
    expect(lines(entries, 'stdout')).toEqual(['growing'])
    expect(entries.at(-1)?.line).toBe('exited with code 137 (oom)')
  })

  it('is stopped at its timeout, with the reason timeout', async () => {
    const started = performance.now()
    const { exit, entries } = await runToEnd('timeout', { ...sh('echo waiting; sleep 60'), timeoutMs: 500 })
    expect(exit.reason).toBe('timeout')
    expect(exit.exitCode).not.toBe(0)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(lines(entries, 'system')).toEqual([
      'started',
      'timeout after 500 ms: stopping',
      `exited with code ${exit.exitCode} (timeout)`,
    ])
  })

  it('is killed on request, with the reason killed', async () => {
    const job = await runJob(docker, sh('sleep 60'), { dir: join(root, 'kill'), id: `${run}-kill`, labels })
    await job.kill()
    expect(await job.wait()).toMatchObject({ reason: 'killed', exitCode: 137 })
    expect(await job.inspect()).toMatchObject({ state: 'exited', exit: { reason: 'killed' } })
    // Stopping a job that has ended does nothing.
    await job.stop()
    expect(lines((await job.readLogs()).entries, 'system')).toEqual([
      'started',
      'kill requested',
      'exited with code 137 (killed)',
    ])
    await job.remove()
    expect((await job.inspect()).state).toBe('removed')
  })

  it('returns results with a stable hash', async () => {
    const script =
      'mkdir /output/frames; for i in 1 2 3; do echo "frame $i" > /output/frames/$i.txt; done; echo done > /output/summary'
    const first = await runToEnd('results-a', sh(script))
    const second = await runToEnd('results-b', sh(script))
    const a = await hashResults(first.job.outputDir)
    const b = await hashResults(second.job.outputDir)
    expect(a.files.map((file) => file.path)).toEqual([
      'frames/1.txt',
      'frames/2.txt',
      'frames/3.txt',
      'summary',
    ])
    expect(b.root).toBe(a.root)
    const third = await runToEnd('results-c', sh(script.replace('echo done', 'echo Done')))
    expect((await hashResults(third.job.outputDir)).root).not.toBe(a.root)
    // The host copy the provider would serve hashes the same.
    const copy = join(root, 'results-copy')
    await cp(first.job.outputDir, copy, { recursive: true })
    expect((await hashResults(copy)).root).toBe(a.root)
  })

  it('is found again by its labels after its handle is dropped, and re-attached without losing or repeating a line', async () => {
    const lease = `lease-${run}`
    let job: Sandbox | undefined = await runJob(docker, sh('echo before; sleep 1; echo after; exit 3'), {
      dir: join(root, 'reattach'),
      id: `${run}-reattach`,
      labels,
      lease,
    })
    while (!lines((await job.readLogs()).entries, 'stdout').includes('before')) await sleep(20)
    // The supervising process goes away (as on an agent restart); the job runs on and ends meanwhile.
    await job.detach()
    job = undefined
    await sleep(1_200)

    const found = await findSandboxes(docker, { lease })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({
      id: `${run}-reattach`,
      lease,
      dir: join(root, 'reattach'),
      state: 'exited',
    })
    const again = await attachSandbox(docker, found[0]?.id ?? '')
    expect(await again.wait()).toMatchObject({ exitCode: 3, reason: 'exited' })
    const { entries } = await again.readLogs()
    expect(entries.map((entry) => entry.line)).toEqual([
      'started',
      'before',
      'after',
      'exited with code 3 (exited)',
    ])
    await again.remove()
  })

  it('loses and repeats no line of either stream when re-attached in the middle of its output', async () => {
    const job = await runJob(
      docker,
      sh(
        'for i in $(seq 1 150); do echo "out $i"; echo "err $i" >&2; [ $((i % 10)) = 0 ] && sleep 0.05; done; true',
      ),
      { dir: join(root, 'reattach-busy'), id: `${run}-reattach-busy`, labels },
    )
    while (lines((await job.readLogs()).entries, 'stdout').length < 10) await sleep(10)
    await job.detach()
    await sleep(200)
    const again = await attachSandbox(docker, job.id)
    expect((await again.wait()).exitCode).toBe(0)
    const { entries } = await again.readLogs()
    expect(lines(entries, 'stdout')).toEqual(Array.from({ length: 150 }, (_, i) => `out ${i + 1}`))
    expect(lines(entries, 'stderr')).toEqual(Array.from({ length: 150 }, (_, i) => `err ${i + 1}`))
    await again.remove()
  })

  it('is still stopped at its timeout after a re-attach', async () => {
    const job = await runJob(
      docker,
      { ...sh('sleep 60'), timeoutMs: 1_000 },
      { dir: join(root, 'reattach-timeout'), id: `${run}-reattach-timeout`, labels },
    )
    await job.detach()
    const again = await attachSandbox(docker, job.id)
    expect((await again.wait()).reason).toBe('timeout')
    await again.remove()
  })

  it('serves exposed ports on the host through its own network', async () => {
    const job = await runJob(
      docker,
      {
        ...sh(
          'mkdir /scratch/www && echo hello from the job > /scratch/www/index.html && exec httpd -f -p 8080 -h /scratch/www',
        ),
        ports: [{ containerPort: 8080 }],
      },
      { dir: join(root, 'ports'), id: `${run}-ports`, labels },
    )
    const [port] = await job.ports()
    expect(port).toMatchObject({ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' })
    let body = ''
    for (let attempt = 0; attempt < 50 && body === ''; attempt++) {
      body = await fetch(`http://127.0.0.1:${port?.hostPort}/`).then(
        (response) => response.text(),
        () => '',
      )
      if (body === '') await sleep(50)
    }
    expect(body).toBe('hello from the job\n')
    await job.remove()
    await expect(docker.getNetwork(`hearth-${run}-ports`).inspect()).rejects.toMatchObject({
      statusCode: 404,
    })
  })

  it.runIf(inject('dockerSource') === 'hearth')(
    'gets no route out through an exposed port on our isolated daemon',
    async () => {
      const { entries } = await runToEnd('egress', {
        ...sh(
          'if nc -w 1 1.1.1.1 80 </dev/null 2>/dev/null; then echo egress=open; else echo egress=closed; fi',
        ),
        ports: [{ containerPort: 8080 }],
      })
      expect(facts(entries).egress).toBe('closed')
    },
  )

  it('refuses a GPU request with a clear error on an engine without the NVIDIA runtime', async (context) => {
    if ((await hasNvidiaRuntime(docker)).available) context.skip('this engine has the NVIDIA runtime')
    const attempt = createSandbox(
      docker,
      { ...sh('nvidia-smi'), resources: { gpus: 1 } },
      { dir: join(root, 'gpu'), id: `${run}-gpu`, labels },
    )
    await expect(attempt).rejects.toThrow(GpuUnavailableError)
    await expect(attempt).rejects.toThrow(/asks for 1 GPU .*no NVIDIA runtime[\s\S]*nvidia-container-toolkit/)
  })

  it('refuses an image the engine does not have, without pulling', async () => {
    await expect(
      createSandbox(
        docker,
        { image: 'hearth/no-such-image:1', command: ['true'] },
        { dir: join(root, 'noimage') },
      ),
    ).rejects.toThrow(ImageNotFoundError)
  })
})
