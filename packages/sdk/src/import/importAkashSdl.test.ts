import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ImportError } from '../errors/ImportError.js'
import { jobSpecSchema } from '../spec/jobSpecSchema.js'
import { parseJobSpec } from '../spec/parseJobSpec.js'
import { stringifyJobSpec } from '../spec/stringifyJobSpec.js'
import { importAkashSdl } from './importAkashSdl.js'

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8')

/** The converted spec, checked by the schema and by a YAML round trip through the parser. */
function convert(name: string, options: Parameters<typeof importAkashSdl>[1] = {}) {
  const result = importAkashSdl(sample(name), options)
  const parsed = jobSpecSchema.safeParse(result.spec)
  expect(parsed.error?.issues).toBeUndefined()
  expect(parseJobSpec(stringifyJobSpec(result.spec)).raw).toEqual(result.spec)
  return { ...result, parsed: parsed.data, paths: result.warnings.map((warning) => warning.path) }
}

describe('importAkashSdl', () => {
  it('converts the GPU service of a two-service SDL and names the service left behind', () => {
    const { spec, parsed, warnings, paths } = convert('akash-llm-stack.yaml')
    expect(spec).toEqual({
      version: 1,
      name: 'llm',
      image: 'ghcr.io/acme/llm-server:0.9.2',
      entrypoint: ['python3', '-m', 'server'],
      command: ['--model', '/models/mistral-7b', '--port', '8080'],
      env: { MODEL_DIR: '/models', MAX_BATCH: '16' },
      resources: {
        cpu: 8,
        memory: '48Gi',
        disk: '120Gi',
        gpu: { count: 1, vendor: 'nvidia', model: 'a100-80gb', minVram: '80Gi' },
      },
      ports: [{ port: 8080 }],
      placement: { regions: ['us-west'] },
    })
    expect(parsed?.resources.diskBytes).toBe(120 * 2 ** 30)
    expect(warnings[0]).toEqual({
      path: 'services.ui',
      message: expect.stringMatching(/service "ui" not carried over.*converted "llm".*--service ui/),
    })
    expect(paths).toEqual([
      'services.ui',
      'services.llm.env[2]',
      'services.llm.expose[0].as',
      'services.llm.expose[1]',
      'services.llm.params.storage.models',
      'profiles.compute.llm.resources.storage[1]',
      'profiles.compute.llm.resources.gpu.attributes.vendor.nvidia[0].interface',
      'profiles.placement.westcoast.attributes.tier',
      'profiles.placement.westcoast.signedBy',
      'profiles.placement.westcoast.pricing.llm',
    ])
    const message = (path: string) => warnings.find((warning) => warning.path === path)?.message
    expect(message('profiles.compute.llm.resources.storage[1]')).toMatch(/persistent volume "models".*beta3/)
    expect(message('profiles.placement.westcoast.pricing.llm')).toMatch(/uakt.*not converted/)
    expect(message('services.llm.expose[1]')).toMatch(/port 9100 is not exposed globally \(only to ui/)
  })

  it('converts another service on request, with its replicas', () => {
    const { spec, paths } = convert('akash-llm-stack.yaml', { service: 'ui' })
    expect(spec).toMatchObject({
      name: 'ui',
      image: 'ghcr.io/acme/chat-ui:2.1',
      env: { BACKEND_URL: 'http://llm:8080' },
      resources: { cpu: 0.5, memory: '512Mi', disk: '1Gi' },
      ports: [{ port: 3000 }],
      replicas: 2,
    })
    expect(paths).toEqual(
      expect.arrayContaining(['services.llm', 'services.ui.expose[0].accept', 'services.ui.dependencies']),
    )
    expect(() => importAkashSdl(sample('akash-llm-stack.yaml'), { service: 'db' })).toThrow(
      /no service "db" \(services: llm, ui\)/,
    )
  })

  it('carries GPU model lists, UDP ports, replicas and a USDC price; warns on IP leases and RAM volumes', () => {
    const { spec, parsed, warnings } = convert('akash-render-farm.yaml')
    expect(spec.resources?.gpu).toEqual({
      count: 2,
      vendor: 'nvidia',
      model: ['rtx-4090', 'rtx-3090'],
      minVram: '24Gi',
    })
    expect(spec.replicas).toBe(4)
    expect(spec.ports).toEqual([{ port: 8000 }, { port: 5000, protocol: 'udp' }])
    // 1500 µUSDC per 6 s block = 0.9 USD per hour.
    expect(spec.maxPrice).toEqual({ perHour: '0.9' })
    expect(parsed?.resources.diskBytes).toBe(50 * 2 ** 30)
    expect(warnings.map((warning) => warning.path)).toEqual([
      'services.blender.expose[1].to',
      'profiles.compute.worker.resources.storage[1]',
      'profiles.placement.anywhere.pricing.worker',
      'endpoints',
    ])
    expect(warnings[0]?.message).toMatch(/IP lease "render-ip"/)
    expect(warnings[1]?.message).toMatch(/RAM-backed volume "cache"/)
  })

  it('converts a CPU-only service with a persistent volume', () => {
    const { spec, warnings } = convert('akash-postgres.yaml')
    expect(spec.resources).toEqual({ cpu: 2.5, memory: '4Gi', disk: '66Gi' })
    expect(spec.resources?.gpu).toBeUndefined()
    expect(warnings.map((warning) => warning.message).join('\n')).toMatch(
      /volume "pgdata" mounted at \/var\/lib\/postgresql\/data[\s\S]*persistent volume "pgdata" \(64Gi, class beta2\)/,
    )
  })

  it('refuses what is not an SDL, with a one-line reason', () => {
    const reason = (text: string) => {
      try {
        importAkashSdl(text)
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError)
        return (error as ImportError).shortMessage
      }
      throw new Error('expected an ImportError')
    }
    expect(reason('services: [oops')).toMatch(/^Cannot import the Akash SDL: syntax error at line 1/)
    expect(reason('- a\n')).toMatch(/not a mapping/)
    expect(reason('version: "2.0"\n')).toMatch(/no services/)
    expect(reason('services: { web: { image: nginx } }\n')).toMatch(/no version/)
    expect(reason('version: "2.0"\nservices: { web: { expose: [] } }\n')).toMatch(
      /services\.web\.image is missing/,
    )
    expect(reason('version: "2.0"\nservices: { web: { image: "nginx latest" } }\n')).toMatch(
      /converted spec is invalid: image: image must not contain whitespace/,
    )
  })
})
