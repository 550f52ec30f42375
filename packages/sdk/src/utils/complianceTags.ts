/**
 * The compliance tags providers declare, by the name a job spec's `placement.compliance` uses, and
 * their bit in `Hardware.complianceTags` (the `ComplianceTags` library in
 * `contracts/src/types/Hardware.sol`; a library's constants are not in the ABI, so they are listed
 * here, in the same order).
 */
export const complianceTags = {
  soc2: 1n << 0n,
  hipaa: 1n << 1n,
  gdpr: 1n << 2n,
  iso27001: 1n << 3n,
  e2e: 1n << 4n,
} as const

/** A compliance tag name a spec may ask for. */
export type ComplianceTagName = keyof typeof complianceTags

/**
 * The bit of a compliance tag name, ignoring case, spaces and dashes (`SOC 2`, `iso-27001`,
 * `end-to-end-encryption` for `e2e`).
 * @param name The name as written in a spec.
 * @returns The bit, or `undefined` for a name no provider can declare.
 */
export function complianceTagBit(name: string): bigint | undefined {
  const key = name.toLowerCase().replace(/[\s_-]+/g, '')
  if (key === 'endtoendencryption') return complianceTags.e2e
  return (complianceTags as Record<string, bigint>)[key]
}

/**
 * The names of the tags set in a bitmask, in bit order.
 * @param mask `Hardware.complianceTags`.
 */
export function complianceTagNames(mask: bigint): ComplianceTagName[] {
  return (Object.entries(complianceTags) as [ComplianceTagName, bigint][])
    .filter(([, bit]) => (mask & bit) !== 0n)
    .map(([name]) => name)
}
