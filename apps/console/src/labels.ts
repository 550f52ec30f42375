import { CloseReason, GpuVendor, SupplySource, Tier } from '@hearth/sdk'

// Names of the contracts' enums (from the generated ABI package), as words for people.

function words(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

function nameOf(enumObject: Record<string, number | string>, value: number): string {
  const entry = Object.entries(enumObject).find(([, v]) => v === value)
  return entry ? words(entry[0]) : String(value)
}

/** `closed by consumer`, `job finished`, … */
export function closeReasonLabel(value: number | null | undefined): string {
  if (value === null || value === undefined || value === CloseReason.None) return '—'
  const name = nameOf(CloseReason as unknown as Record<string, number>, value)
  return name.startsWith('by ') ? `closed ${name}` : name
}

/** `home`, `data center`, `miner`. */
export function supplySourceLabel(value: number): string {
  return nameOf(SupplySource as unknown as Record<string, number>, value)
}

/** `economy`, `priority`, `trusted`. */
export function tierLabel(value: number): string {
  return nameOf(Tier as unknown as Record<string, number>, value)
}

/** `nvidia`, `amd`, … (`none` for CPU-only). */
export function gpuVendorLabel(value: number): string {
  return nameOf(GpuVendor as unknown as Record<string, number>, value)
}
