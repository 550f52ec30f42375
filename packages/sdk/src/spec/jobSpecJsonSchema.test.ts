import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { jobSpecJsonSchema } from './jobSpecJsonSchema.js'

describe('schema/job-spec.schema.json', () => {
  it('is up to date (regenerate with `npx tsx packages/sdk/scripts/gen-schema.ts`)', () => {
    const committed = readFileSync(new URL('../../schema/job-spec.schema.json', import.meta.url), 'utf8')
    expect(JSON.parse(committed)).toEqual(jobSpecJsonSchema())
  })
  it('is strict and requires version and image', () => {
    const schema = jobSpecJsonSchema()
    expect(schema.additionalProperties).toBe(false)
    expect(schema.required).toEqual(['version', 'image'])
  })
})
