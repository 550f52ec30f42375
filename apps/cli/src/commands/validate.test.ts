import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recorder } from '../../test/recorder.js'
import { main } from '../main.js'

const bad = [
  'version: 1',
  'image: alpine',
  'comand: [echo]',
  'resources:',
  '  gpu: { count: 0, minVram: lots }',
  'ports: [{ port: 70000 }]',
  'user: { uid: 0 }',
].join('\n')

describe('hearth validate', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-validate-'))
    writeFileSync(
      join(dir, 'good.yaml'),
      'version: 1\nimage: alpine\nresources: { cpu: 2, gpu: { model: rtx-4090 } }\n',
    )
    writeFileSync(join(dir, 'bad.yaml'), bad)
    writeFileSync(join(dir, 'bad.json'), '{\n  "version": 1,\n  "image": 5,\n  "replicas": 0\n}\n')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts a valid spec', async () => {
    const io = recorder(dir)
    expect(await main(['validate', 'good.yaml'], io)).toBe(0)
    expect(io.out.join('')).toBe('good.yaml: valid job spec (alpine, 2 CPU, 1× rtx-4090 GPU, 1 replica)\n')
  })

  it('lists every problem with file, line, column and path, and exits 1', async () => {
    const io = recorder(dir)
    expect(await main(['validate', 'bad.yaml'], io)).toBe(1)
    expect(io.out.join('').split('\n')).toEqual([
      'bad.yaml:3:1: comand: unknown key "comand" (did you mean "command"?)',
      'bad.yaml:5:17: resources.gpu.count: gpu.count must be at least 1 (leave gpu out for a CPU-only job)',
      expect.stringMatching(/^bad\.yaml:5:29: resources\.gpu\.minVram: gpu\.minVram must be a size/),
      'bad.yaml:6:17: ports[0].port: port must be a whole number from 1 to 65535',
      expect.stringMatching(/^bad\.yaml:7:14: user\.uid: user\.uid 0 is root/),
      '',
    ])
    expect(io.err).toEqual(['hearth: bad.yaml is not a valid job spec (5 problems)\n'])
  })

  it('reads JSON and prints the issues as JSON with --json', async () => {
    const io = recorder(dir)
    expect(await main(['validate', 'bad.json', '--json'], io)).toBe(1)
    expect(JSON.parse(io.out.join(''))).toEqual({
      file: 'bad.json',
      valid: false,
      issues: [
        { path: 'image', message: 'image must be a string, e.g. "ghcr.io/org/app:1.0"', line: 3, column: 12 },
        { path: 'replicas', message: 'replicas must be a whole number from 1 to 64', line: 4, column: 15 },
      ],
    })
    const good = recorder(dir)
    expect(await main(['validate', '--json', 'good.yaml'], good)).toBe(0)
    expect(JSON.parse(good.out.join(''))).toMatchObject({
      valid: true,
      issues: [],
      spec: { resources: { cpu: 2 } },
    })
  })

  it('fails in one line on a missing file or missing argument', async () => {
    const io = recorder(dir)
    expect(await main(['validate', 'nope.yaml'], io)).toBe(1)
    expect(io.err).toEqual(['hearth: cannot read the spec nope.yaml: no such file\n'])
    const none = recorder(dir)
    expect(await main(['validate'], none)).toBe(2)
    expect(none.err.join('')).toMatch(/^hearth: validate needs a spec file/)
  })

  it('reports an empty image once, and a region given as a string with the list form', async () => {
    writeFileSync(
      join(dir, 'lists.yaml'),
      'version: 1\nimage: ""\nplacement: { regions: eu-west, compliance: { a: 1 } }\n',
    )
    const io = recorder(dir)
    expect(await main(['validate', '--json', 'lists.yaml'], io)).toBe(1)
    const { issues } = JSON.parse(io.out.join('')) as { issues: { path: string; message: string }[] }
    expect(issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'image', message: 'image must not be empty' },
      { path: 'placement.regions', message: 'placement.regions must be a list: write regions: [eu-west]' },
      {
        path: 'placement.compliance',
        message: 'placement.compliance must be a list, e.g. compliance: [gdpr]',
      },
    ])
  })

  it('normalizes GPU model names as people type them', async () => {
    writeFileSync(
      join(dir, 'gpu.yaml'),
      'version: 1\nimage: alpine\nresources: { gpu: { model: [rtx4090, RTX 3090, h100] } }\n',
    )
    const io = recorder(dir)
    expect(await main(['validate', '--json', 'gpu.yaml'], io)).toBe(0)
    expect(JSON.parse(io.out.join('')).spec.resources.gpu.models).toEqual(['rtx-4090', 'rtx-3090', 'h100'])
  })
})
