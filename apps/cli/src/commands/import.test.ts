import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseJobSpec } from '@hearth/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recorder } from '../../test/recorder.js'
import { main } from '../main.js'

const samples = fileURLToPath(new URL('../../../../packages/sdk/src/import/samples/', import.meta.url))

describe('hearth import', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-import-'))
    copyFileSync(join(samples, 'akash-llm-stack.yaml'), join(dir, 'deploy.yaml'))
    copyFileSync(join(samples, 'nosana-whisper-pipeline.json'), join(dir, 'job.json'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints an Akash SDL as a Hearth spec that validates, and what was not carried over on stderr', async () => {
    const io = recorder(dir)
    expect(await main(['import', 'akash', 'deploy.yaml'], io)).toBe(0)
    const yaml = io.out.join('')
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*\n# Converted from the Akash SDL deploy\.yaml/)
    const { spec } = parseJobSpec(yaml)
    expect(spec.image).toBe('ghcr.io/acme/llm-server:0.9.2')
    expect(spec.resources.gpu?.models).toEqual(['a100-80gb'])
    const err = io.err.join('')
    expect(err).toMatch(
      /^hearth: converted service "llm" of deploy\.yaml's 2 services \(llm, ui\); convert another with --service <name>\n10 things not carried over from deploy\.yaml:\n/,
    )
    expect(err).toContain('  services.ui: service "ui" not carried over')
    expect(err).toContain(
      '  profiles.placement.westcoast.pricing.llm: price 100000 uakt per block not converted',
    )
  })

  it('writes the spec to -o and validates it with hearth validate', async () => {
    const io = recorder(dir)
    expect(await main(['import', 'nosana', 'job.json', '-o', 'job.yaml', '--op', 'transcribe'], io)).toBe(0)
    expect(io.out).toEqual([])
    expect(io.err[0]).toBe(
      'hearth: converted op "transcribe" of job.json\'s 2 ops (fetch-audio, transcribe); convert another with --op <id>\n',
    )
    expect(io.err[1]).toBe(`Wrote ${join(dir, 'job.yaml')}\n`)
    // The schema line points at the published schema by a relative path, as the examples do.
    const schema = /\$schema=(\S+)/.exec(readFileSync(join(dir, 'job.yaml'), 'utf8'))?.[1] ?? ''
    expect(schema).toMatch(/^\.{1,2}\/.*job-spec\.schema\.json$/)
    expect(existsSync(join(dir, schema))).toBe(true)
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toContain(
      'image: ghcr.io/acme/whisper-large-v3:2024.6',
    )
    const check = recorder(dir)
    expect(await main(['validate', 'job.yaml'], check)).toBe(0)
  })

  it('prints { spec, warnings } with --json', async () => {
    const io = recorder(dir)
    expect(await main(['import', 'nosana', 'job.json', '--json', '--op', 'fetch-audio'], io)).toBe(0)
    const { spec, warnings } = JSON.parse(io.out.join('')) as {
      spec: { image: string }
      warnings: { path: string; message: string }[]
    }
    expect(spec.image).toBe('docker.io/curlimages/curl:8.8.0')
    expect(warnings.map((warning) => warning.path)).toContain('ops[2]')
  })

  it('fails in one line on a bad file or format', async () => {
    writeFileSync(join(dir, 'broken.yaml'), 'version: "2.0"\nservices: {}\n')
    const io = recorder(dir)
    expect(await main(['import', 'akash', 'broken.yaml'], io)).toBe(1)
    expect(io.err).toEqual(['hearth: Cannot import the Akash SDL: it has no services\n'])
    writeFileSync(join(dir, 'hearth.yaml'), 'version: 1\nimage: alpine\n')
    const hearthSpec = recorder(dir)
    expect(await main(['import', 'akash', 'hearth.yaml'], hearthSpec)).toBe(1)
    expect(hearthSpec.err).toEqual([
      'hearth: hearth.yaml is not an Akash SDL (no `version`/`services`/`profiles`)\n',
    ])
    const kind = recorder(dir)
    expect(await main(['import', 'render', 'x'], kind)).toBe(2)
    expect(kind.err.join('')).toMatch(/^hearth: unknown import format "render" \(akash or nosana\)/)
    const op = recorder(dir)
    expect(await main(['import', 'akash', 'deploy.yaml', '--op', 'x'], op)).toBe(2)
  })
})
