import { z } from 'zod'

/** A route as the OpenAPI document describes it: its schemas are the ones the handler validates with. */
export type ApiRoute = {
  method: 'get' | 'post'
  /** Hono style: `/v1/leases/:id`. */
  path: string
  summary: string
  params?: z.ZodObject | undefined
  query?: z.ZodObject | undefined
  response: z.ZodType
}

type JsonSchema = Record<string, unknown>

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema
  return rest
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return []
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }))
}

/**
 * The OpenAPI 3.1 document of the indexer API, generated from the routes' zod schemas (inputs as
 * clients send them, responses as the server answers).
 */
export function openApiDocument(routes: readonly ApiRoute[], errorSchema: z.ZodType): JsonSchema {
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  })
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}')
    const operation = {
      operationId: `${route.method}${path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses: {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: schemaOf(route.response, 'output') } },
        },
        '400': errorResponse('bad_request: a parameter is malformed; the message names it'),
        ...(route.params ? { '404': errorResponse('not_found: the index has no such item') } : {}),
        '429': errorResponse('rate_limited: too many requests from this address; see retry-after'),
        '500': errorResponse('internal'),
      },
    }
    paths[path] = { ...paths[path], [route.method]: operation }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hearth indexer API',
      version: '1',
      description:
        'Read-only views of the Hearth protocol indexed from the chain (the chain stays the truth). Money is a decimal string of token base units. Lists are paginated with opaque cursors: pass `next` as `cursor`.',
    },
    paths,
    components: { schemas: { Error: schemaOf(errorSchema, 'output') } },
  }
}
