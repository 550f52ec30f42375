import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { JobSpecError } from '../errors/JobSpecError.js'
import { hashJobSpec } from './hashJobSpec.js'
import { parseJobSpec } from './parseJobSpec.js'
import { parseMaxPrice } from './parseMaxPrice.js'
import { safeParseJobSpec } from './safeParseJobSpec.js'

/** The issues `text` fails with. */
function issuesOf(text: string, options: Parameters<typeof safeParseJobSpec>[1] = {}) {
  const result = safeParseJobSpec(text, options)
  if (result.success) throw new Error('expected the spec to be invalid')
  return result.issues
}

describe('parseJobSpec', () => {
  it('fills in defaults and converts units', () => {
    const { spec, raw } = parseJobSpec('version: 1\nimage: alpine\n')
    expect(spec).toEqual({
      version: 1,
      image: 'alpine',
      resources: { cpu: 1, memoryBytes: 512 * 2 ** 20, diskBytes: 2 ** 30 },
      outputDir: '/output',
      replicas: 1,
    })
    expect(raw).toEqual({ version: 1, image: 'alpine' })
  })

  it('reads sizes, durations, GPU models and ports', () => {
    const { spec } = parseJobSpec(`
version: 1
image: ghcr.io/x/y:1
resources:
  cpu: 0.5
  memory: 1.5G
  disk: 2GiB
  gpu: { vendor: nvidia, model: "RTX 4090", minVram: 80GB }
ports: [{ port: 8000 }, { port: 8000, protocol: udp, name: dns }]
timeout: 1h30m
duration: 1d
`)
    expect(spec.resources).toEqual({
      cpu: 0.5,
      memoryBytes: 1_500_000_000,
      diskBytes: 2 * 2 ** 30,
      gpu: { count: 1, vendor: 'nvidia', models: ['rtx-4090'], minVramBytes: 80e9 },
    })
    expect(spec.ports).toEqual([
      { port: 8000, protocol: 'tcp' },
      { port: 8000, protocol: 'udp', name: 'dns' },
    ])
    expect(spec.timeoutSeconds).toBe(5400)
    expect(spec.durationSeconds).toBe(86_400)
  })

  it('reports every problem with its path, line and column', () => {
    const text = [
      'version: 1', // 1
      'image: alpine', // 2
      'comand: [echo]', // 3
      'resources:', // 4
      '  gpu:', // 5
      '    count: 0', // 6
      '    minVram: lots', // 7
      'ports:', // 8
      '  - port: 80', // 9
      '  - port: 70000', // 10
      '  - port: 80', // 11
      'user: { uid: 0 }', // 12
    ].join('\n')
    expect(issuesOf(text)).toEqual([
      { path: 'comand', message: 'unknown key "comand" (did you mean "command"?)', line: 3, column: 1 },
      {
        path: 'resources.gpu.count',
        message: 'gpu.count must be at least 1 (leave gpu out for a CPU-only job)',
        line: 6,
        column: 12,
      },
      {
        path: 'resources.gpu.minVram',
        message: expect.stringContaining('gpu.minVram must be a size'),
        line: 7,
        column: 14,
      },
      { path: 'ports[1].port', message: 'port must be a whole number from 1 to 65535', line: 10, column: 11 },
      { path: 'ports[2]', message: 'duplicate port 80/tcp: already listed as ports[0]', line: 11, column: 5 },
      { path: 'user.uid', message: expect.stringMatching(/root/), line: 12, column: 14 },
    ])
  })

  it('throws a JobSpecError listing the issues, prefixed by the source', () => {
    const error = (() => {
      try {
        parseJobSpec('version: 2\n', { source: 'job.yaml' })
      } catch (error) {
        return error
      }
    })()
    expect(error).toBeInstanceOf(JobSpecError)
    const { issues, message } = error as JobSpecError
    expect(issues.map((issue) => issue.path)).toEqual(['image', 'version'])
    expect(message).toContain('job.yaml:1:10: version: version must be 1')
    expect(message).toContain('image: image is required')
  })

  it('refuses replicas with cluster, naming both', () => {
    const [issue] = issuesOf('version: 1\nimage: a\nreplicas: 2\ncluster: { members: 4 }\n')
    expect(issue?.path).toBe('cluster')
    expect(issue?.message).toMatch(/replicas and cluster/)
    expect(issue?.line).toBe(4)
  })

  it('suggests close keys at any depth and lists known keys otherwise', () => {
    const issues = issuesOf('version: 1\nimage: a\nresources: { gpu: { modle: h100 }, xyzzy: 1 }\n')
    expect(issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'resources.gpu.modle', message: 'unknown key "modle" (did you mean "model"?)' },
      { path: 'resources.xyzzy', message: 'unknown key "xyzzy" (known keys: cpu, memory, disk, gpu)' },
    ])
  })

  it('refuses bad names, images, env, paths and values of the wrong type', () => {
    const issues = issuesOf(
      [
        'version: 1',
        'name: Not_A_Label',
        'image: "alpine latest"',
        'env: { "1X": a, PORT: 8080 }',
        'workingDir: relative/dir',
        'placement: { minReputation: 4294967296, supplySource: cloud }',
        'maxPrice: { perHour: 1.25 }',
      ].join('\n'),
    )
    expect(issues.map((issue) => issue.path)).toEqual([
      'name',
      'image',
      'env["1X"]',
      'env.PORT',
      'workingDir',
      'placement.minReputation',
      'placement.supplySource',
      'maxPrice.perHour',
    ])
    expect(issues.every((issue) => issue.line !== undefined)).toBe(true)
  })

  it('reports YAML syntax errors with line and column', () => {
    const issues = issuesOf('version: 1\nimage: [alpine\n')
    expect(issues[0]).toMatchObject({
      path: '',
      message: expect.stringMatching(/^YAML syntax error/),
      line: 3,
    })
    expect(issuesOf('version: 1\nversion: 1\nimage: a\n')[0]?.message).toMatch(/unique/)
  })

  it('reports JSON syntax errors with line and column, and positions in JSON', () => {
    expect(issuesOf('{\n  "version": 1,\n  "image": "a",\n}', { format: 'json' })).toEqual([
      {
        path: '',
        message: 'JSON syntax error: unexpected "}": expected a property name in double quotes',
        line: 4,
        column: 1,
      },
    ])
    expect(issuesOf('{\n  "version": 1,\n  "image": 5\n}', { source: 'job.json' })).toEqual([
      { path: 'image', message: 'image must be a string, e.g. "ghcr.io/org/app:1.0"', line: 3, column: 12 },
    ])
  })

  it('refuses a document that is not a mapping', () => {
    expect(issuesOf('')).toEqual([
      {
        path: '',
        message: 'a job spec is a mapping (version, image, …), not an empty document',
        line: 1,
        column: 1,
      },
    ])
    expect(issuesOf('- a\n')[0]?.message).toMatch(/not a list/)
  })

  it('hashes the spec as submitted: YAML and JSON of the same spec hash the same', () => {
    const yaml = parseJobSpec('image: alpine\nversion: 1\nresources: { memory: 1Gi }\n')
    const json = parseJobSpec('{"version":1,"resources":{"memory":"1Gi"},"image":"alpine"}', {
      format: 'json',
    })
    expect(hashJobSpec(yaml.raw)).toBe(hashJobSpec(json.raw))
    const defaults = parseJobSpec(
      'version: 1\nimage: alpine\nresources: { memory: 1Gi }\noutputDir: /output\n',
    )
    expect(hashJobSpec(defaults.raw)).not.toBe(hashJobSpec(yaml.raw))
  })
})

describe('parseMaxPrice', () => {
  it('converts a price per hour to base units per second, rounded down', () => {
    expect(parseMaxPrice({ maxPrice: { perHour: '1.25' } }, 6)).toBe(347n)
    expect(parseMaxPrice({ maxPrice: { perHour: '3.6' } }, 18)).toBe(10n ** 15n)
    expect(parseMaxPrice({ maxPrice: { perHour: '0.0000000000000000000001' } }, 18)).toBe(0n)
    expect(parseMaxPrice({ maxPrice: { perHour: '36000' } }, 0)).toBe(10n)
    expect(parseMaxPrice({}, 6)).toBeUndefined()
    expect(() => parseMaxPrice({ maxPrice: { perHour: '1' } }, 1.5)).toThrow(/decimals/)
  })
})

describe('examples', () => {
  const directory = fileURLToPath(new URL('../../examples/', import.meta.url))
  const files = readdirSync(directory)
  it('has the four examples', () => {
    expect(files.sort()).toEqual([
      'cluster-training.yaml',
      'cpu-job.yaml',
      'inference-server.yaml',
      'matmul-benchmark.json',
    ])
  })
  it.each(files)('%s parses', (file) => {
    const { spec } = parseJobSpec(readFileSync(`${directory}${file}`, 'utf8'), { source: file })
    expect(spec.version).toBe(1)
  })
  it('reads the cluster example as 4 × 8 H100', () => {
    const { spec } = parseJobSpec(readFileSync(`${directory}cluster-training.yaml`, 'utf8'))
    expect(spec.cluster).toEqual({ members: 4, connectivity: 'infiniband' })
    expect(spec.resources.gpu).toEqual({ count: 8, vendor: 'nvidia', models: ['h100-80gb'] })
    expect(spec.timeoutSeconds).toBe(36 * 3600)
  })
})
