import { z } from 'zod'
import { CliError } from './Io.js'

const apiOptionsSchema = z.object({
  apiPort: z.coerce
    .number({ error: '--api-port must be a whole number' })
    .int('--api-port must be a whole number')
    .min(0, '--api-port must be from 0 to 65535')
    .max(65_535, '--api-port must be from 0 to 65535')
    .default(8600),
  apiHost: z.string().min(1, '--api-host must not be empty').default('127.0.0.1'),
  rateLimit: z.coerce
    .number({ error: '--rate-limit must be a whole number' })
    .int('--rate-limit must be a whole number')
    .min(1, '--rate-limit must be at least 1')
    .max(1_000_000, '--rate-limit must be at most 1000000')
    .default(200),
})

/** The API's options (`--api-port`, `--api-host`, `--rate-limit`), parsed. */
export function parseApiOptions(values: Record<string, unknown>): z.output<typeof apiOptionsSchema> {
  const result = apiOptionsSchema.safeParse({
    apiPort: values['api-port'],
    apiHost: values['api-host'],
    rateLimit: values['rate-limit'],
  })
  if (!result.success) throw new CliError(result.error.issues[0]?.message ?? 'bad option', 2)
  return result.data
}
