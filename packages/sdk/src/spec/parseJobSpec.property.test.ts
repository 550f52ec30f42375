import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { JobSpecError } from '../errors/JobSpecError.js'
import { hashJobSpec } from './hashJobSpec.js'
import { parseJobSpec } from './parseJobSpec.js'

/** Parses `text`; a JobSpecError is an answer, anything else thrown fails the property. */
function parseOrIssues(text: string, format: 'yaml' | 'json' | 'auto') {
  try {
    parseJobSpec(text, { format })
    return []
  } catch (error) {
    if (!(error instanceof JobSpecError)) throw error
    expect(error.issues.length).toBeGreaterThan(0)
    return error.issues
  }
}

/** Every issue says where: a path, or (syntax errors, the document itself) a line. */
function assertLocated(issues: readonly { path: string; line?: number }[]) {
  for (const issue of issues) expect(issue.path !== '' || issue.line !== undefined).toBe(true)
}

const format = fc.constantFrom('yaml' as const, 'json' as const, 'auto' as const)

describe('parseJobSpec (properties)', () => {
  it('never crashes on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), format, (text, f) =>
        assertLocated(parseOrIssues(text, f)),
      ),
      { numRuns: 300 },
    )
  })

  it('never crashes on arbitrary JSON values, nor on specs with arbitrary values at known keys', () => {
    const nearSpec = fc.record(
      {
        version: fc.oneof(fc.constant(1), fc.jsonValue()),
        image: fc.oneof(fc.constant('alpine'), fc.jsonValue()),
        resources: fc.oneof(
          fc.record(
            { cpu: fc.jsonValue(), memory: fc.jsonValue(), gpu: fc.jsonValue() },
            { requiredKeys: [] },
          ),
          fc.jsonValue(),
        ),
        ports: fc.jsonValue(),
        env: fc.dictionary(fc.string(), fc.jsonValue()),
        timeout: fc.jsonValue(),
        user: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearSpec), format, (value, f) => {
        const json = JSON.stringify(value) ?? 'null'
        assertLocated(parseOrIssues(json, f))
        assertLocated(parseOrIssues(stringify(value), 'yaml'))
      }),
      { numRuns: 300 },
    )
  })

  it('names a path and a line for every rejection of a mapping', () => {
    const key = fc.oneof(
      fc.constantFrom(
        'version',
        'image',
        'resources',
        'ports',
        'env',
        'timeout',
        'placement',
        'maxPrice',
        'cluster',
      ),
      fc.string({ minLength: 1, maxLength: 8 }),
    )
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue(), { minKeys: 1 }), (value) => {
        for (const issue of parseOrIssues(stringify(value), 'yaml')) {
          expect(issue.path).not.toBe('')
          expect(issue.line).toBeGreaterThan(0)
          expect(issue.column).toBeGreaterThan(0)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('round-trips valid specs through YAML and JSON', () => {
    const validSpec = fc.record(
      {
        version: fc.constant(1 as const),
        image: fc.stringMatching(/^[a-z0-9][a-z0-9./:@-]{0,40}$/),
        command: fc.array(fc.string()),
        env: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), fc.string()),
        resources: fc.record(
          {
            cpu: fc.integer({ min: 1, max: 64 }),
            memory: fc.integer({ min: 1, max: 1024 }).map((n) => `${n}Mi`),
            gpu: fc.record({
              count: fc.integer({ min: 1, max: 8 }),
              vendor: fc.constantFrom('nvidia', 'amd'),
            }),
          },
          { requiredKeys: [] },
        ),
        ports: fc
          .uniqueArray(fc.integer({ min: 1, max: 65_535 }), { maxLength: 4 })
          .map((ports) => ports.map((port) => ({ port }))),
        timeout: fc.integer({ min: 1, max: 10_000_000 }),
        replicas: fc.integer({ min: 1, max: 64 }),
      },
      { requiredKeys: ['version', 'image'] },
    )
    fc.assert(
      fc.property(validSpec, (input) => {
        const fromYaml = parseJobSpec(stringify(input), { format: 'yaml' })
        const fromJson = parseJobSpec(JSON.stringify(input), { format: 'json' })
        expect(fromYaml.raw).toEqual(input)
        expect(fromJson.spec).toEqual(fromYaml.spec)
        expect(hashJobSpec(fromJson.raw)).toBe(hashJobSpec(fromYaml.raw))
        const { spec } = fromYaml
        expect(spec.image).toBe(input.image)
        expect(spec.replicas).toBe(input.replicas ?? 1)
        expect(spec.timeoutSeconds).toBe(input.timeout)
        expect(spec.resources.cpu).toBe(input.resources?.cpu ?? 1)
        const mebibytes =
          input.resources?.memory === undefined ? 512 : Number.parseInt(input.resources.memory, 10)
        expect(spec.resources.memoryBytes).toBe(mebibytes * 2 ** 20)
        expect(spec.ports?.map((entry) => entry.port)).toEqual(input.ports?.map((entry) => entry.port))
      }),
      { numRuns: 200 },
    )
  })
})
