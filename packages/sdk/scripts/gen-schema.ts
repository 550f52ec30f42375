// Writes schema/job-spec.schema.json from the zod schema. Run: npx tsx packages/sdk/scripts/gen-schema.ts
// (src/spec/jobSpecJsonSchema.test.ts fails when the committed file is out of date; Biome formats it).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { jobSpecJsonSchema } from '../src/spec/jobSpecJsonSchema.js'

const path = fileURLToPath(new URL('../schema/job-spec.schema.json', import.meta.url))
writeFileSync(path, `${JSON.stringify(jobSpecJsonSchema(), null, 2)}\n`)
console.log(`wrote ${path}`)
