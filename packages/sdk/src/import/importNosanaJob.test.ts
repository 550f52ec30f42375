import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ImportError } from '../errors/ImportError.js'
import { jobSpecSchema } from '../spec/jobSpecSchema.js'
import { parseJobSpec } from '../spec/parseJobSpec.js'
import { stringifyJobSpec } from '../spec/stringifyJobSpec.js'
import { importNosanaJob } from './importNosanaJob.js'

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8')

function convert(name: string, options: Parameters<typeof importNosanaJob>[1] = {}) {
  const result = importNosanaJob(sample(name), options)
  const parsed = jobSpecSchema.safeParse(result.spec)
  expect(parsed.error?.issues).toBeUndefined()
  expect(parseJobSpec(stringifyJobSpec(result.spec)).raw).toEqual(result.spec)
  return { ...result, parsed: parsed.data, paths: result.warnings.map((warning) => warning.path) }
}

describe('importNosanaJob', () => {
  it('converts a GPU web UI: image, cmd, env, work_dir, VRAM from meta, exposed port', () => {
    const { spec, parsed, paths, warnings } = convert('nosana-stable-diffusion.json')
    expect(spec).toEqual({
      version: 1,
      name: 'sd-webui',
      image: 'docker.io/acme/sd-webui:1.10.1',
      command: ['--listen', '--port', '7860', '--api', '--xformers'],
      env: { COMMANDLINE_ARGS: '--medvram', WORKERS: '2' },
      workingDir: '/app',
      resources: { gpu: { count: 1, vendor: 'nvidia', minVram: '12GB' } },
      ports: [{ port: 7860 }],
    })
    expect(parsed?.resources.gpu?.minVramBytes).toBe(12e9)
    expect(paths).toEqual(['ops[0]', 'ops[0].args.expose[0].health_checks', 'ops[0].args.resources[0]'])
    expect(warnings[0]?.message).toMatch(/do not size CPU, memory or disk/)
    expect(warnings[2]?.message).toMatch(/HF resource into \/app\/models\/Stable-diffusion not carried over/)
  })

  it('converts the first container/run op of a pipeline by default, and says which it chose', () => {
    const { spec, converted } = convert('nosana-whisper-pipeline.json')
    expect(spec.image).toBe('docker.io/curlimages/curl:8.8.0')
    expect(converted).toEqual({ kind: 'op', name: 'fetch-audio', choices: ['fetch-audio', 'transcribe'] })
  })

  it('converts one op of a pipeline and says which ops were left out and why', () => {
    const { spec, warnings } = convert('nosana-whisper-pipeline.json', { op: 'transcribe' })
    expect(spec).toMatchObject({
      name: 'transcribe',
      image: 'ghcr.io/acme/whisper-large-v3:2024.6',
      entrypoint: ['python3', '/app/transcribe.py'],
      command: ['--input', '/audio/in.mp3', '--out', '/output/transcript.json'],
      env: { LANG: 'C.UTF-8' },
      outputDir: '/output',
      resources: { gpu: { count: 1, vendor: 'nvidia', minVram: '10GB' } },
    })
    expect(warnings.map(({ path }) => path)).toEqual([
      'ops[0]',
      'ops[1]',
      'ops[2]',
      'ops[2].args.resources[0]',
      'ops[2].args.volumes',
      'ops[2].execution.depends_on',
    ])
    expect(warnings[0]?.message).toMatch(/container\/create-volume/)
    expect(warnings[1]?.message).toMatch(/op "fetch-audio" not carried over.*--op fetch-audio/)
    expect(warnings[5]?.message).toMatch(/depends on fetch-audio/)
  })

  it('runs a string cmd through a shell, and inherits global defaults', () => {
    const { spec } = convert('nosana-whisper-pipeline.json', { op: 'fetch-audio' })
    expect(spec).toMatchObject({
      image: 'docker.io/curlimages/curl:8.8.0',
      entrypoint: ['/bin/sh', '-c'],
      command: ['curl -sSL https://media.example.org/episode-42.mp3 -o /audio/in.mp3'],
      env: { LANG: 'C.UTF-8' },
    })
    // The op's gpu: false overrides the global gpu: true.
    expect(spec.resources).toBeUndefined()
  })

  it('reads a single exposed port and a string entrypoint; drops invalid env names', () => {
    const { spec, warnings } = convert('nosana-ollama-api.json')
    expect(spec).toMatchObject({
      entrypoint: ['/bin/sh'],
      command: ['-c', 'ollama serve & sleep 5 && ollama pull llama3.1:8b && wait'],
      env: { OLLAMA_HOST: '0.0.0.0:11434' },
      ports: [{ port: 11434 }],
      resources: { gpu: { minVram: '24GB' } },
    })
    expect(warnings.find((warning) => warning.path === 'ops[0].args.env.OLLAMA-DEBUG')?.message).toMatch(
      /not a valid environment variable name/,
    )
  })

  it('refuses what is not a job definition', () => {
    const fail =
      (text: string, options = {}) =>
      () =>
        importNosanaJob(text, options)
    expect(fail('{"version": "0.1", "ops": []}')).toThrow(ImportError)
    expect(fail('{"version": "0.1", "ops": []}')).toThrow(/no ops/)
    expect(fail('{"ops": [{"type": "container/run", "args": {"image": "a"}}]}')).toThrow(/no version/)
    expect(fail('{"version": "0.1", "ops": [{"type": "container/create-volume"}]}')).toThrow(
      /no op of type container\/run/,
    )
    expect(fail('{"version": "0.1", "ops": [{"type": "container/run", "id": "x", "args": {}}]}')).toThrow(
      /ops\[0\]\.args\.image is missing/,
    )
    expect(fail(sample('nosana-ollama-api.json'), { op: 'nope' })).toThrow(
      /no container\/run op "nope" \(ops: ollama\)/,
    )
    expect(fail('{"version": ')).toThrow(/syntax error/)
  })
})
