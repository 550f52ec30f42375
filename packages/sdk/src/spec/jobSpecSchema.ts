import { z } from 'zod'
import { normalizeGpuModel } from '../utils/normalizeGpuModel.js'
import { durationPattern, parseDuration } from './parseDuration.js'
import { parseQuantity, quantityPattern } from './parseQuantity.js'

const reputationError =
  'placement.minReputation must be a whole number from 0 to 4294967295 (reputation points: a provider earns 1000 per job done)'

/** "required" when the value is missing, else `message`. */
function required(what: string, message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `${what} is required` : message)
}

const quantity = (what: string) =>
  z
    .union(
      [
        z.number().int().positive(),
        z.string().regex(quantityPattern, `${what} must be a size like "512Mi", "2Gi", "80GB" or "1.5G"`),
      ],
      {
        error: `${what} must be a size: a number of bytes, or a string like "512Mi", "2Gi", "80GB" or "1.5G"`,
      },
    )
    .transform((value, context) => {
      const bytes = parseQuantity(value)
      if (bytes === undefined || bytes === 0) {
        context.addIssue({
          code: 'custom',
          input: value,
          message: `${what} must be more than 0 bytes and fit in 2^53`,
        })
        return z.NEVER
      }
      return bytes
    })
    .meta({
      description: `${what}: bytes, or "512Mi", "2Gi", "80GB", "1.5G" (Ki/Mi/Gi/Ti binary, K/M/G/T decimal)`,
    })

const duration = (what: string) =>
  z
    .union(
      [
        z.number().int().positive(),
        z
          .string()
          .regex(durationPattern, `${what} must be a duration like "90s", "30m", "2h", "1d" or "1h30m"`),
      ],
      {
        error: `${what} must be a duration: a number of seconds, or a string like "90s", "30m", "2h", "1d" or "1h30m"`,
      },
    )
    .transform((value, context) => {
      const seconds = parseDuration(value)
      if (seconds === undefined || seconds === 0) {
        context.addIssue({ code: 'custom', input: value, message: `${what} must be at least one second` })
        return z.NEVER
      }
      return seconds
    })
    .meta({ description: `${what}: seconds, or "90s", "30m", "2h", "1d", "1h30m"` })

const absolutePath = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .regex(/^\/[^\0]*$/, `${what} must be an absolute path (starting with "/")`)

const shortName = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(32, `${what} must be at most 32 characters`)

/** The error of a field that must be a list, showing the list form (with the value given, if one). */
function listError(path: string, key: string, example: string) {
  return (issue: { input?: unknown }) =>
    typeof issue.input === 'string' || typeof issue.input === 'number'
      ? `${path} must be a list: write ${key}: [${issue.input}]`
      : `${path} must be a list, e.g. ${key}: [${example}]`
}

const gpuModel = z
  .string()
  // The names vendor tools print and people type (`RTX 4090`, `rtx4090`, `NVIDIA A100 80GB`) become
  // the on-chain names (`rtx-4090`, `a100-80gb`).
  .transform((value) => normalizeGpuModel(value))
  .pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.+-]*$/,
        'GPU models are names like "rtx-4090" or "h100-80gb" (letters, digits, ".", "+", "-")',
      )
      .max(32, 'a GPU model name is at most 32 characters'),
  )

const gpuSchema = z
  .strictObject({
    count: z
      .number({ error: 'gpu.count must be a whole number' })
      .int('gpu.count must be a whole number')
      .min(1, 'gpu.count must be at least 1 (leave gpu out for a CPU-only job)')
      .max(64, 'gpu.count must be at most 64 per machine (use cluster for more)')
      .default(1),
    vendor: z
      .enum(['nvidia', 'amd', 'intel', 'apple', 'any'], {
        error: 'gpu.vendor must be one of nvidia, amd, intel, apple, any',
      })
      .default('any'),
    model: z
      .union([gpuModel, z.array(gpuModel).min(1, 'gpu.model must list at least one model')], {
        error: 'gpu.model must be a model name like "rtx-4090", or a list of them',
      })
      .optional()
      .meta({ description: 'Acceptable GPU model(s), e.g. "rtx-4090" or ["h100-80gb", "a100-80gb"]' }),
    class: shortName('gpu.class').optional().meta({ description: 'A market / GPU class name' }),
    minVram: quantity('gpu.minVram').optional(),
  })
  .transform(({ count, vendor, model, class: gpuClass, minVram }) => ({
    count,
    vendor,
    /** Acceptable models, normalised (lowercase, dashes); empty: any model. */
    models: model === undefined ? [] : typeof model === 'string' ? [model] : [...new Set(model)],
    ...(gpuClass === undefined ? {} : { class: gpuClass }),
    ...(minVram === undefined ? {} : { minVramBytes: minVram }),
  }))

const resourcesSchema = z
  .strictObject({
    cpu: z
      .number({ error: 'resources.cpu must be a number of cores' })
      .positive('resources.cpu must be more than 0 cores')
      .max(1024, 'resources.cpu must be at most 1024 cores')
      .default(1),
    memory: quantity('resources.memory').default(512 * 2 ** 20),
    disk: quantity('resources.disk').default(2 ** 30),
    gpu: gpuSchema.optional(),
  })
  .transform(({ cpu, memory, disk, gpu }) => ({
    cpu,
    memoryBytes: memory,
    diskBytes: disk,
    ...(gpu === undefined ? {} : { gpu }),
  }))

const portSchema = z.strictObject({
  port: z
    .number({ error: required('port', 'port must be a whole number from 1 to 65535') })
    .int('port must be a whole number from 1 to 65535')
    .min(1, 'port must be a whole number from 1 to 65535')
    .max(65_535, 'port must be a whole number from 1 to 65535'),
  protocol: z.enum(['tcp', 'udp'], { error: 'protocol must be tcp or udp' }).default('tcp'),
  name: z
    .string({ error: 'a port name must be a string' })
    .regex(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/, 'a port name is 1 to 15 lowercase letters, digits or "-"')
    .optional(),
})

const portsSchema = z.array(portSchema, { error: 'ports must be a list' }).check((context) => {
  const seen = new Map<string, number>()
  context.value.forEach((entry: unknown, index: number) => {
    if (typeof entry !== 'object' || entry === null) return
    const { port, protocol = 'tcp' } = entry as { port?: unknown; protocol?: unknown }
    if (typeof port !== 'number') return
    const key = `${port}/${String(protocol)}`
    const first = seen.get(key)
    if (first === undefined) seen.set(key, index)
    else
      context.issues.push({
        code: 'custom',
        input: entry,
        path: [index],
        message: `duplicate port ${key}: already listed as ports[${first}]`,
      })
  })
})

const user = (what: string) =>
  z
    .number({ error: required(what, `${what} must be a whole number`) })
    .int(`${what} must be a whole number`)
    .refine((id) => id !== 0, `${what} 0 is root: jobs may not run as root, choose an id of 1 or more`)
    .refine((id) => id === 0 || (id >= 1 && id <= 2 ** 32 - 2), `${what} must be from 1 to 4294967294`)

const specObject = z.strictObject({
  version: z.literal(1, { error: required('version', 'version must be 1') }),
  name: z
    .string({ error: 'name must be a string' })
    .regex(
      /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
      'name must be 1 to 63 lowercase letters, digits or "-", starting and ending with a letter or digit',
    )
    .optional(),
  image: z
    .string({ error: required('image', 'image must be a string, e.g. "ghcr.io/org/app:1.0"') })
    .min(1, 'image must not be empty')
    // `\S*`: an empty image is reported once, as empty.
    .regex(/^\S*$/, 'image must not contain whitespace')
    .meta({ description: 'Container image reference, e.g. "ghcr.io/org/app:1.0" or "alpine@sha256:…"' }),
  entrypoint: z
    .array(z.string({ error: 'entrypoint items must be strings' }), {
      error: 'entrypoint must be a list of strings',
    })
    .optional(),
  command: z
    .array(z.string({ error: 'command items must be strings' }), {
      error: 'command must be a list of strings',
    })
    .optional(),
  env: z
    .record(
      z
        .string()
        .regex(
          /^[A-Za-z_][A-Za-z0-9_]*$/,
          'environment variable names are letters, digits and "_", not starting with a digit',
        ),
      z.string({ error: 'environment values must be strings (quote numbers and booleans, e.g. "8080")' }),
      { error: 'env must be a mapping of names to strings' },
    )
    .optional(),
  workingDir: absolutePath('workingDir').optional(),
  resources: resourcesSchema.prefault({}),
  ports: portsSchema.optional(),
  outputDir: absolutePath('outputDir').default('/output'),
  timeout: duration('timeout').optional(),
  duration: duration('duration').optional(),
  maxPrice: z
    .strictObject(
      {
        perHour: z
          .string({
            error: required('maxPrice.perHour', 'maxPrice.perHour must be a decimal string, e.g. "1.25"'),
          })
          .regex(/^\d+(\.\d+)?$/, 'maxPrice.perHour must be a decimal string, e.g. "1.25"'),
      },
      { error: 'maxPrice must be a mapping like { perHour: "1.25" }' },
    )
    .optional()
    .meta({ description: 'Most the job pays, per hour, in units of the payment token (a decimal string)' }),
  placement: z
    .strictObject({
      regions: z
        .array(shortName('a region'), { error: listError('placement.regions', 'regions', 'eu-west') })
        .optional(),
      compliance: z
        .array(shortName('a compliance tag'), {
          error: listError('placement.compliance', 'compliance', 'gdpr'),
        })
        .optional(),
      supplySource: z
        .enum(['home', 'datacenter', 'miner', 'any'], {
          error: 'placement.supplySource must be one of home, datacenter, miner, any',
        })
        .optional(),
      minTier: z
        .enum(['economy', 'priority', 'trusted'], {
          error: 'placement.minTier must be one of economy, priority, trusted',
        })
        .optional(),
      // The registry's own units: +1000 per job done, ×2/3 per failure (the trusted tier asks 20000).
      minReputation: z
        .number({ error: reputationError })
        .int(reputationError)
        .min(0, reputationError)
        .max(4_294_967_295, reputationError)
        .meta({ description: 'Least provider reputation: +1000 per job done, ×2/3 per failure' }),
    })
    .partial({ minReputation: true })
    .optional(),
  replicas: z
    .number({ error: 'replicas must be a whole number from 1 to 64' })
    .int('replicas must be a whole number from 1 to 64')
    .min(1, 'replicas must be a whole number from 1 to 64')
    .max(64, 'replicas must be a whole number from 1 to 64')
    .optional()
    .meta({ description: 'Independent copies of the job (default 1); not with cluster' }),
  cluster: z
    .strictObject({
      members: z
        .number({
          error: required('cluster.members', 'cluster.members must be a whole number from 2 to 256'),
        })
        .int('cluster.members must be a whole number from 2 to 256')
        .min(2, 'cluster.members must be a whole number from 2 to 256')
        .max(256, 'cluster.members must be a whole number from 2 to 256'),
      connectivity: z
        .enum(['any', 'same-region', 'same-datacenter', 'infiniband'], {
          error: 'cluster.connectivity must be one of any, same-region, same-datacenter, infiniband',
        })
        .default('any'),
    })
    .optional()
    .meta({ description: 'Run on several machines leased together (not with replicas)' }),
  user: z.strictObject({ uid: user('user.uid'), gid: user('user.gid').optional() }).optional(),
})

/**
 * The schema of a consumer's job spec (version 1): what to run (`image`, `command`, `env`…), on what
 * (`resources`, `placement`), for how long (`duration`, `timeout`) and at what price (`maxPrice`).
 * Objects are strict: an unknown key is an error.
 *
 * The output fills in defaults and converts units: sizes become bytes (`resources.memoryBytes`,
 * `resources.diskBytes`, `resources.gpu.minVramBytes`), durations seconds (`timeoutSeconds`,
 * `durationSeconds`), `resources.gpu.model` the list `resources.gpu.models` (normalised: lowercase,
 * dashes for spaces). Prefer {@link parseJobSpec}, which adds source positions and suggestions.
 */
export const jobSpecSchema = specObject
  .refine((spec) => !(spec.replicas !== undefined && spec.cluster !== undefined), {
    path: ['cluster'],
    message:
      'replicas and cluster cannot both be set: use replicas for independent copies, cluster for machines leased together',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .transform(({ timeout, duration, replicas, ...rest }) => ({
    ...rest,
    replicas: replicas ?? 1,
    ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
    ...(duration === undefined ? {} : { durationSeconds: duration }),
  }))

/** A validated job spec, with defaults filled in and units converted (see {@link jobSpecSchema}). */
export type JobSpec = z.output<typeof jobSpecSchema>

/** A job spec as written (YAML or JSON), before validation. */
export type JobSpecInput = z.input<typeof jobSpecSchema>
