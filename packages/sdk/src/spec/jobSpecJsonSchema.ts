import { z } from 'zod'
import { jobSpecSchema } from './jobSpecSchema.js'

/**
 * The JSON Schema (draft 2020-12) of a job spec as written, generated from {@link jobSpecSchema};
 * committed as `packages/sdk/schema/job-spec.schema.json` for editors (`# yaml-language-server:
 * $schema=…`). It checks shapes, not everything: {@link parseJobSpec} is the authority.
 * @returns A fresh JSON Schema object.
 */
export function jobSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(jobSpecSchema, { io: 'input', target: 'draft-2020-12' })
  return {
    $schema: schema.$schema,
    $id: 'https://hearth.dev/schema/job-spec.schema.json',
    title: 'Hearth job spec',
    description: 'What a consumer runs on a Hearth lease: image, command, resources, placement, price.',
    ...schema,
  }
}
