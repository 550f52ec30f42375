import { ImportError } from '../errors/ImportError.js'
import { hearthGpuModels } from '../internal/hearthGpuModels.js'
import { isRecord, joinPath, readForeignDocument, toSpecName } from '../internal/readForeignDocument.js'
import { validateImportedSpec } from '../internal/validateImportedSpec.js'
import { parseQuantity, quantityPattern } from '../spec/parseQuantity.js'
import type { ImportReturnType, ImportWarning } from './types.js'

/** Options of {@link importAkashSdl}. */
export type ImportAkashSdlOptions = {
  /** The service to convert when the SDL has several (default: the first, in document order). */
  service?: string | undefined
}

/** What {@link importAkashSdl} can throw. */
export type ImportAkashSdlErrorType = ImportError

const format = 'Akash SDL'

/** Denominations on Akash that are a US-dollar stablecoin (micro-units), so a price carries over. */
const usdDenoms = new Set([
  'uusdc',
  // axlUSDC, the IBC denom Akash deployments are priced in.
  'ibc/170c677610ac31df0904ffe09cd3b5c657492170e7e52372e48756b71e56f2f1',
])

/** Akash's average block time, which its per-block prices assume. */
const akashBlockSeconds = 6

/**
 * Converts an Akash SDL (`version: "2.0"` or `"2.1"`) into a Hearth job spec, saying what could not be
 * carried over: a Hearth spec runs one container, so only one service is converted (the others are
 * listed); persistent volumes, IP leases, auditor signatures and prices in AKT have no equivalent.
 *
 * Mapping: `command` → `entrypoint` and `args` → `command` (Kubernetes' meaning of both), `env`
 * (`NAME=value` items) → `env`, globally exposed ports → `ports`, `cpu.units`, `memory.size` and
 * ephemeral `storage` → `resources`, `gpu.units` and its `vendor` attributes (model, `ram`) →
 * `resources.gpu`, the placement's `region` attribute → `placement.regions`, the deployment `count` →
 * `replicas`, a price in a USD stablecoin → `maxPrice.perHour`.
 *
 * @param text The SDL (YAML).
 * @param options Which service to convert.
 * @returns The spec (as written: sizes as strings) and the warnings.
 * @throws {ImportError} when the text is not an SDL with at least one service with an image, or the
 *   converted spec would be invalid (e.g. a malformed image name).
 */
export function importAkashSdl(text: string, options: ImportAkashSdlOptions = {}): ImportReturnType {
  const sdl = readForeignDocument(text, format)
  if (!isRecord(sdl)) throw new ImportError(format, 'the document is not a mapping (version, services, …)')
  const warnings: ImportWarning[] = []
  const warn = (path: string, message: string) => warnings.push({ path, message })

  if (
    sdl.services === undefined &&
    sdl.profiles === undefined &&
    !['2.0', '2.1'].includes(String(sdl.version))
  ) {
    throw new ImportError(format, 'it is not an Akash SDL (no `version`/`services`/`profiles`)', [], true)
  }
  const version = String(sdl.version ?? '')
  if (version !== '2.0' && version !== '2.1') {
    if (sdl.version === undefined)
      throw new ImportError(format, 'it has no version (expected "2.0" or "2.1")')
    warn('version', `SDL version "${version}" is not 2.0 or 2.1; converted as if it were 2.0`)
  }
  const services = sdl.services
  if (!isRecord(services) || Object.keys(services).length === 0) {
    throw new ImportError(format, 'it has no services')
  }
  const compute = isRecord(sdl.profiles) && isRecord(sdl.profiles.compute) ? sdl.profiles.compute : {}
  const placements = isRecord(sdl.profiles) && isRecord(sdl.profiles.placement) ? sdl.profiles.placement : {}
  const deployment = isRecord(sdl.deployment) ? sdl.deployment : {}

  const names = Object.keys(services)
  const name = chooseService(options.service, names)
  const service = services[name]
  const servicePath = joinPath('services', name)
  if (!isRecord(service)) throw new ImportError(format, `${servicePath} is not a mapping`)

  for (const other of names) {
    if (other === name) continue
    warn(
      joinPath('services', other),
      `service "${other}" not carried over: a Hearth spec runs one container (converted "${name}"); import it on its own with --service ${other} and deploy it separately, or use a cluster spec if the services must be leased together`,
    )
  }

  const spec: Record<string, unknown> = { version: 1 }
  const specName = toSpecName(name)
  if (specName) spec.name = specName
  if (typeof service.image !== 'string' || service.image.trim() === '') {
    throw new ImportError(
      format,
      `${joinPath(servicePath, 'image')} is missing: every service needs an image`,
    )
  }
  spec.image = service.image.trim()
  const entrypoint = stringList(service.command, joinPath(servicePath, 'command'), warn)
  if (entrypoint) spec.entrypoint = entrypoint
  const command = stringList(service.args, joinPath(servicePath, 'args'), warn)
  if (command) spec.command = command
  const env = readEnv(service.env, joinPath(servicePath, 'env'), warn)
  if (env) spec.env = env
  const ports = readExpose(service.expose, joinPath(servicePath, 'expose'), names, name, warn)
  if (ports.length > 0) spec.ports = ports

  for (const key of Object.keys(service)) {
    const path = joinPath(servicePath, key)
    if (key === 'credentials') {
      warn(
        path,
        'registry credentials not carried over: the provider pulls the image anonymously; use a public image or one the provider can already reach',
      )
    } else if (key === 'dependencies') {
      warn(path, 'service dependencies not carried over: each service becomes its own deployment')
    } else if (key === 'params') {
      readParams(service.params, path, warn)
    } else if (!['image', 'command', 'args', 'env', 'expose'].includes(key)) {
      warn(path, `"${key}" has no Hearth equivalent and was left out`)
    }
  }

  // The deployment entry names the compute profile, the placement and the count.
  const deploymentPath = joinPath('deployment', name)
  const entries = isRecord(deployment[name]) ? Object.entries(deployment[name]) : []
  if (entries.length === 0) {
    warn(
      deploymentPath,
      `no deployment entry for "${name}": resources and placement left at Hearth's defaults`,
    )
  }
  const [first, ...rest] = entries
  for (const [placementName] of rest) {
    warn(
      joinPath(deploymentPath, placementName),
      `placement "${placementName}" not carried over: a Hearth spec has one placement (used "${first?.[0]}"); import again and edit placement to deploy there too`,
    )
  }
  if (first) {
    const [placementName, entry] = first
    const entryPath = joinPath(deploymentPath, placementName)
    const profileName = isRecord(entry) && typeof entry.profile === 'string' ? entry.profile : name
    const count = isRecord(entry) ? entry.count : undefined
    if (typeof count === 'number' && Number.isInteger(count) && count > 1) {
      spec.replicas = Math.min(count, 64)
      if (count > 64)
        warn(joinPath(entryPath, 'count'), `count ${count} is over Hearth's 64 replicas; set to 64`)
    }
    const profile = compute[profileName]
    const profilePath = joinPath('profiles.compute', profileName)
    if (isRecord(profile) && isRecord(profile.resources)) {
      spec.resources = readResources(profile.resources, joinPath(profilePath, 'resources'), warn)
    } else {
      warn(profilePath, `compute profile "${profileName}" not found: resources left at Hearth's defaults`)
    }
    const placement = placements[placementName]
    if (isRecord(placement)) {
      const converted = readPlacement(
        placement,
        joinPath('profiles.placement', placementName),
        profileName,
        warn,
      )
      if (converted.regions) spec.placement = { regions: converted.regions }
      if (converted.perHour) spec.maxPrice = { perHour: converted.perHour }
    }
  }

  for (const key of Object.keys(sdl)) {
    if (key === 'endpoints') {
      warn(
        key,
        'IP endpoints (leased IPs) not carried over: Hearth reaches exposed ports through the provider API proxy',
      )
    } else if (!['version', 'services', 'profiles', 'deployment'].includes(key)) {
      warn(key, `"${key}" has no Hearth equivalent and was left out`)
    }
  }

  return {
    spec: validateImportedSpec(spec, format),
    warnings,
    converted: { kind: 'service', name, choices: names },
  }
}

/** The service to convert: the one asked for, else the first. */
function chooseService(wanted: string | undefined, names: readonly string[]): string {
  if (wanted !== undefined) {
    if (!names.includes(wanted)) {
      throw new ImportError(format, `it has no service "${wanted}" (services: ${names.join(', ')})`)
    }
    return wanted
  }
  return names[0] as string
}

/** A list of strings (a lone string becomes a one-item list); anything else is a warning. */
function stringList(
  value: unknown,
  path: string,
  warn: (path: string, message: string) => void,
): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
    return value.map(String)
  }
  warn(path, 'not a list of strings; left out')
  return undefined
}

/** `env: ["NAME=value", …]` as a mapping. */
function readEnv(
  value: unknown,
  path: string,
  warn: (path: string, message: string) => void,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    warn(path, 'env is not a list of "NAME=value" items; left out')
    return undefined
  }
  const env: Record<string, string> = {}
  value.forEach((item, index) => {
    const at = joinPath(path, index)
    const match = typeof item === 'string' ? /^([^=]*)=(.*)$/s.exec(item) : null
    if (!match) {
      warn(at, `"${String(item)}" is not NAME=value; left out`)
      return
    }
    const [, key = '', val = ''] = match
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      warn(
        at,
        `"${key}" is not a valid environment variable name for Hearth (letters, digits, "_"); left out`,
      )
      return
    }
    env[key] = val
  })
  return Object.keys(env).length > 0 ? env : undefined
}

/** Ports exposed globally; ports only other services see are dropped with a warning. */
function readExpose(
  value: unknown,
  path: string,
  services: readonly string[],
  self: string,
  warn: (path: string, message: string) => void,
): { port: number; protocol?: 'tcp' | 'udp' }[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    warn(path, 'expose is not a list; no ports carried over')
    return []
  }
  const ports: { port: number; protocol?: 'tcp' | 'udp' }[] = []
  const seen = new Set<string>()
  value.forEach((entry, index) => {
    const at = joinPath(path, index)
    if (!isRecord(entry) || typeof entry.port !== 'number' || !Number.isInteger(entry.port)) {
      warn(at, 'an expose entry without a numeric port; left out')
      return
    }
    const port = entry.port
    const to = Array.isArray(entry.to) ? entry.to : []
    const global = to.some((target) => isRecord(target) && target.global === true)
    const ips = to.flatMap((target) => (isRecord(target) && typeof target.ip === 'string' ? [target.ip] : []))
    const peers = to.flatMap((target) =>
      isRecord(target) && typeof target.service === 'string' ? [target.service] : [],
    )
    if (ips.length > 0) {
      warn(
        joinPath(at, 'to'),
        `port ${port}: the IP lease "${ips.join('", "')}" is not carried over (Hearth has no leased IPs); the port is reached through the provider API proxy instead`,
      )
    }
    if (!global && ips.length === 0) {
      const others = peers.filter((peer) => peer !== self && services.includes(peer))
      warn(
        at,
        `port ${port} is not exposed globally${others.length > 0 ? ` (only to ${others.join(', ')}, which is not in this spec)` : ''}; left out`,
      )
      return
    }
    const proto = String(entry.proto ?? 'tcp').toLowerCase()
    if (proto !== 'tcp' && proto !== 'udp') {
      warn(
        joinPath(at, 'proto'),
        `protocol "${String(entry.proto)}" is not tcp or udp; port ${port} left out`,
      )
      return
    }
    if (typeof entry.as === 'number' && entry.as !== port) {
      warn(
        joinPath(at, 'as'),
        `port ${port} was published as ${entry.as} on Akash; on Hearth it is reached as ${port} through the provider API proxy`,
      )
    }
    if (entry.accept !== undefined) {
      warn(
        joinPath(at, 'accept'),
        'custom hostnames (accept) are not carried over: the provider API serves the port under its own URL',
      )
    }
    if (entry.http_options !== undefined) {
      warn(joinPath(at, 'http_options'), 'http_options are not carried over')
    }
    const key = `${port}/${proto}`
    if (seen.has(key)) return
    seen.add(key)
    ports.push(proto === 'tcp' ? { port } : { port, protocol: 'udp' })
  })
  return ports
}

/** `params.storage` mounts: Hearth has no volumes, so each is a warning. */
function readParams(value: unknown, path: string, warn: (path: string, message: string) => void): void {
  if (!isRecord(value)) return
  for (const [key, params] of Object.entries(value)) {
    if (key !== 'storage' || !isRecord(params)) {
      warn(joinPath(path, key), `"${key}" has no Hearth equivalent and was left out`)
      continue
    }
    for (const [volume, mount] of Object.entries(params)) {
      const at = isRecord(mount) && typeof mount.mount === 'string' ? ` at ${mount.mount}` : ''
      warn(
        joinPath(joinPath(path, 'storage'), volume),
        `volume "${volume}" mounted${at} not carried over: Hearth jobs get one ephemeral disk (its size is in resources.disk); write results to outputDir (/output) to keep them`,
      )
    }
  }
}

/** A size as Hearth writes it: Akash's quantities are Hearth's, bytes stay numbers. */
function size(
  value: unknown,
  path: string,
  warn: (path: string, message: string) => void,
): string | number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value
  if (typeof value === 'string' && quantityPattern.test(value) && (parseQuantity(value) ?? 0) > 0) {
    return value.trim()
  }
  warn(path, `size "${String(value)}" is not understood; left at Hearth's default`)
  return undefined
}

/** `profiles.compute.<p>.resources` as Hearth resources. */
function readResources(
  resources: Record<string, unknown>,
  path: string,
  warn: (path: string, message: string) => void,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const cpu = isRecord(resources.cpu) ? resources.cpu.units : undefined
  if (cpu !== undefined) {
    const cores = typeof cpu === 'string' && cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu)
    if (Number.isFinite(cores) && cores > 0 && cores <= 1024) out.cpu = cores
    else warn(joinPath(path, 'cpu.units'), `cpu units "${String(cpu)}" not understood; left at 1 core`)
  }
  const memory = isRecord(resources.memory) ? resources.memory.size : undefined
  if (memory !== undefined) {
    const converted = size(memory, joinPath(path, 'memory.size'), warn)
    if (converted !== undefined) out.memory = converted
  }
  const storage = Array.isArray(resources.storage)
    ? resources.storage
    : resources.storage === undefined
      ? []
      : [resources.storage]
  let diskBytes = 0
  storage.forEach((volume, index) => {
    const at = Array.isArray(resources.storage)
      ? joinPath(joinPath(path, 'storage'), index)
      : joinPath(path, 'storage')
    if (!isRecord(volume)) return
    const bytes = parseQuantity(
      typeof volume.size === 'number' || typeof volume.size === 'string' ? volume.size : '',
    )
    if (bytes === undefined || bytes === 0) {
      warn(joinPath(at, 'size'), `storage size "${String(volume.size)}" not understood; left out`)
      return
    }
    const attributes = isRecord(volume.attributes) ? volume.attributes : {}
    const persistent = attributes.persistent === true || attributes.persistent === 'true'
    const volumeName = typeof volume.name === 'string' ? volume.name : 'default'
    if (attributes.class === 'ram') {
      warn(
        at,
        `RAM-backed volume "${volumeName}" (${String(volume.size)}) not carried over: Hearth has no shared-memory volumes; add its size to resources.memory if the job needs it`,
      )
      return
    }
    if (persistent) {
      const storageClass = typeof attributes.class === 'string' ? `, class ${attributes.class}` : ''
      warn(
        at,
        `persistent volume "${volumeName}" (${String(volume.size)}${storageClass}) is not persistent on Hearth: its size was added to resources.disk, and its data ends with the lease`,
      )
    }
    diskBytes += bytes
  })
  if (diskBytes > 0) out.disk = diskBytes % 2 ** 30 === 0 ? `${diskBytes / 2 ** 30}Gi` : diskBytes
  const gpu = readGpu(resources.gpu, joinPath(path, 'gpu'), warn)
  if (gpu) out.gpu = gpu
  return out
}

/** `resources.gpu` (units and vendor attributes) as a Hearth GPU requirement. */
function readGpu(
  value: unknown,
  path: string,
  warn: (path: string, message: string) => void,
): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined
  const units = Number(value.units ?? 0)
  if (!Number.isInteger(units) || units <= 0) return undefined
  const gpu: Record<string, unknown> = { count: Math.min(units, 64) }
  if (units > 64)
    warn(joinPath(path, 'units'), `${units} GPUs is over Hearth's 64 per machine; use a cluster`)
  const vendors =
    isRecord(value.attributes) && isRecord(value.attributes.vendor) ? value.attributes.vendor : {}
  const vendorNames = Object.keys(vendors).filter((vendor) => ['nvidia', 'amd', 'intel'].includes(vendor))
  for (const vendor of Object.keys(vendors)) {
    if (!vendorNames.includes(vendor))
      warn(
        joinPath(joinPath(path, 'attributes.vendor'), vendor),
        `GPU vendor "${vendor}" is not one Hearth knows; left out`,
      )
  }
  if (vendorNames.length === 1) gpu.vendor = vendorNames[0]
  if (vendorNames.length > 1) {
    warn(
      joinPath(path, 'attributes.vendor'),
      `several vendors (${vendorNames.join(', ')}): the spec accepts any vendor and lists their models`,
    )
  }
  const models: string[] = []
  const vrams: number[] = []
  for (const vendor of vendorNames) {
    const list = vendors[vendor]
    if (!Array.isArray(list)) continue
    list.forEach((entry, index) => {
      const at = joinPath(joinPath(joinPath(path, 'attributes.vendor'), vendor), index)
      if (!isRecord(entry)) return
      const ramBytes =
        typeof entry.ram === 'string' || typeof entry.ram === 'number' ? parseQuantity(entry.ram) : undefined
      if (entry.ram !== undefined && ramBytes === undefined)
        warn(joinPath(at, 'ram'), `GPU memory "${String(entry.ram)}" not understood; left out`)
      if (ramBytes !== undefined) vrams.push(ramBytes)
      if (entry.model !== undefined && entry.model !== '*') {
        const found = hearthGpuModels(
          String(entry.model),
          ramBytes === undefined ? undefined : Math.round(ramBytes / 2 ** 30),
        )
        if (found.length === 0)
          warn(joinPath(at, 'model'), `GPU model "${String(entry.model)}" not understood; left out`)
        models.push(...found)
      }
      if (entry.interface !== undefined) {
        warn(
          joinPath(at, 'interface'),
          `GPU interface "${String(entry.interface)}" is not a Hearth requirement (providers do not declare it); left out`,
        )
      }
    })
  }
  const unique = [...new Set(models)]
  if (unique.length === 1) gpu.model = unique[0]
  if (unique.length > 1) gpu.model = unique
  // Every listed model is acceptable, so the weakest memory requirement among them applies.
  if (vrams.length > 0) {
    const least = Math.min(...vrams)
    gpu.minVram = least % 2 ** 30 === 0 ? `${least / 2 ** 30}Gi` : least
  }
  return gpu
}

/** `profiles.placement.<p>`: region carries over, prices in a USD stablecoin too; the rest is warned. */
function readPlacement(
  placement: Record<string, unknown>,
  path: string,
  profile: string,
  warn: (path: string, message: string) => void,
): { regions?: string[]; perHour?: string } {
  const out: { regions?: string[]; perHour?: string } = {}
  const attributes = isRecord(placement.attributes) ? placement.attributes : {}
  for (const [key, value] of Object.entries(attributes)) {
    const at = joinPath(joinPath(path, 'attributes'), key)
    if (key === 'region' && typeof value === 'string' && value.length <= 32 && value !== '') {
      out.regions = [value]
    } else {
      warn(
        at,
        `placement attribute ${key}=${String(value)} has no Hearth equivalent (Hearth places by region, compliance, supply source and tier); left out`,
      )
    }
  }
  if (placement.signedBy !== undefined) {
    warn(
      joinPath(path, 'signedBy'),
      'auditor signatures (signedBy) not carried over: Hearth has no auditors; use placement.minTier or placement.minReputation for trusted providers',
    )
  }
  const pricing = isRecord(placement.pricing) ? placement.pricing : {}
  const price = pricing[profile]
  const priceAt = joinPath(joinPath(path, 'pricing'), profile)
  if (isRecord(price)) {
    const denom = String(price.denom ?? '')
    const amount = Number(price.amount)
    if (usdDenoms.has(denom.toLowerCase()) && Number.isFinite(amount) && amount >= 0) {
      // amount is micro-dollars per block.
      const microPerHour = Math.ceil((amount * 3600) / akashBlockSeconds)
      out.perHour = (microPerHour / 1e6).toFixed(6).replace(/\.?0+$/, '')
      warn(
        priceAt,
        `price ${amount} ${denom} per block converted to maxPrice.perHour ${out.perHour}, assuming ${akashBlockSeconds} s blocks and a payment token worth one US dollar; check it`,
      )
    } else {
      warn(
        priceAt,
        `price ${String(price.amount)} ${denom} per block not converted: ${denom === 'uakt' ? 'AKT' : denom} has no fixed rate to a Hearth payment token; set maxPrice.perHour yourself`,
      )
    }
  }
  return out
}
