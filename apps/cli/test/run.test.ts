// `hearth run`: a spec in the local sandbox, without the chain, against the real Docker engine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dockerFromHost, findSandboxes, hashResults } from '@hearth/runtime'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runHearth } from './recorder.js'

let dir: string
const image = inject('cliBusyboxImage')

function hearth(argv: string[], signal = new AbortController().signal) {
  return runHearth(argv, { cwd: dir, signal, env: { DOCKER_HOST: inject('cliDockerHost') } })
}

function spec(name: string, script: string, extra = '') {
  writeFileSync(
    join(dir, name),
    `version: 1\nimage: ${image}\ncommand: ["sh", "-c", ${JSON.stringify(script)}]\nresources: { cpu: 1, memory: 32Mi }\n${extra}`,
  )
  return name
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-run-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('hearth run', () => {
  it('runs the spec in the sandbox: output streamed, results hashed as a provider would', async () => {
    const file = spec(
      'ok.yaml',
      'echo hello; echo oops >&2; id -u > /output/uid; mkdir /output/d; echo x > /output/d/x',
      'replicas: 3\n',
    )
    const result = await hearth(['run', file, '--dir', 'job'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('hello\n')
    expect(result.stderr).toContain('oops\n')
    expect(result.stderr).toContain('hearth: the spec asks for 3 replicas: one runs here\n')
    expect(result.stderr).toMatch(/hearth: the job finished \(exit code 0\)/)
    const expected = await hashResults(join(dir, 'job', 'output'))
    expect(result.stderr).toContain(
      `2 result files in ${join(dir, 'job', 'output')}, results hash 0x${expected.root}`,
    )
    // Not root inside the sandbox.
    expect(readFileSync(join(dir, 'job', 'output', 'uid'), 'utf8').trim()).not.toBe('0')
  })

  it('--json prints one object; a failing job exits 1 with the reason in words', async () => {
    const ok = await hearth(['run', spec('j.yaml', 'echo 42 > /output/a'), '--json', '--dir', 'j'])
    expect(ok.code).toBe(0)
    const summary = JSON.parse(ok.stdout)
    expect(summary).toMatchObject({ exitCode: 0, reason: 'exited', succeeded: true })
    expect(summary.results.files).toEqual([
      { path: 'a', size: 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ])
    expect(summary.results.root).toBe(`0x${(await hashResults(join(dir, 'j', 'output'))).root}`)

    const oom = await hearth(['run', spec('oom.yaml', 'x=a; while true; do x=$x$x; done'), '--json'])
    expect(oom.code).toBe(1)
    expect(JSON.parse(oom.stdout)).toMatchObject({
      reason: 'oom',
      succeeded: false,
      description: 'out of memory: the job used more than its 32 MiB limit',
    })

    const exit3 = await hearth(['run', spec('e.yaml', 'exit 3')])
    expect(exit3.code).toBe(1)
    expect(exit3.stderr).toMatch(/hearth: the job failed: exited with code 3 after \d+\.\d s\n/)
  })

  it('prints how long the job really ran', async () => {
    const result = await hearth(['run', spec('sleep.yaml', 'sleep 2'), '--json'])
    expect(result.code).toBe(0)
    const { durationMs } = JSON.parse(result.stdout)
    expect(durationMs).toBeGreaterThanOrEqual(1900)
    expect(durationMs).toBeLessThan(10_000)
    const text = await hearth(['run', 'sleep.yaml'])
    expect(text.stderr).toMatch(
      /hearth: the job finished \(exit code 0\) in 2\.\d s( \(\d+\.\d s with the container's start and stop\))?\n/,
    )
  })

  it('Ctrl-C stops the job; the container is removed', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 1500)
    const started = Date.now()
    const result = await hearth(
      ['run', spec('long.yaml', 'echo start; sleep 600'), '--json'],
      controller.signal,
    )
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.code).toBe(1)
    const summary = JSON.parse(result.stdout)
    expect(summary).toMatchObject({ succeeded: false, reason: 'killed', description: 'stopped (Ctrl-C)' })
    // It ran from its start until the stop, about 1.5 s (not the few ms Docker's timestamps gave).
    expect(summary.durationMs).toBeGreaterThan(500)
    const docker = dockerFromHost(inject('cliDockerHost'))
    expect((await findSandboxes(docker, {})).filter((s) => s.dir === summary.dir)).toEqual([])
  })

  it('fails in one line on a bad spec, an image it cannot get, or more than the machine has', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nimage: 3\n')
    const bad = await hearth(['run', 'bad.yaml'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^hearth: bad spec bad\.yaml:2:\d+: image: /)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)

    writeFileSync(
      join(dir, 'missing.yaml'),
      'version: 1\nimage: hearth/not-built-anywhere:1\nresources: { cpu: 1, memory: 32Mi }\n',
    )
    const missing = await hearth(['run', 'missing.yaml'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(
      /hearth: the image hearth\/not-built-anywhere:1 is not in the Docker engine and could not be pulled: .+\n$/,
    )

    writeFileSync(
      join(dir, 'huge.yaml'),
      `version: 1\nimage: ${image}\nresources: { cpu: 1024, memory: 64Ti }\n`,
    )
    const huge = await hearth(['run', 'huge.yaml'])
    expect(huge.code).toBe(1)
    expect(huge.stderr).toMatch(
      /^hearth: this machine cannot run huge\.yaml: resources\.cpu: the job asks for 1024 CPUs, this machine has \d+; resources\.memory: /,
    )
  })
})
