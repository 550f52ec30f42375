/** Models sold with several memory sizes under one name, and those sizes in GB as marketed. */
const sizedFamilies: Readonly<Record<string, readonly number[]>> = {
  a100: [40, 80],
  a800: [40, 80],
  h100: [80, 94],
  h800: [80],
  v100: [16, 32],
  p100: [12, 16],
}

/**
 * The on-chain model names (as provider agents declare them: `rtx-4090`, `a100-80gb`, `mi300x`) that a
 * GPU model written the way Akash and Nosana write them (`rtx4090`, `a100`, `RTX 3080 Ti`) stands
 * for. Models sold with several memory sizes keep the size: from `vramGb` when given, else every
 * size the model ships with.
 *
 * @param name The model as written elsewhere.
 * @param vramGb Memory per GPU in GB, when known.
 * @returns One or more Hearth model names; empty when `name` has no letters or digits.
 */
export function hearthGpuModels(name: string, vramGb?: number): string[] {
  const sizeInName = /(\d+)\s*gb?\b/i.exec(name)?.[1]
  const size = sizeInName === undefined ? vramGb : Number(sizeInName)
  const words = name
    .toLowerCase()
    .replace(/\b(nvidia|geforce|tesla|quadro|amd|radeon|instinct|intel|pcie|sxm\d?|nvl)\b/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    // "rtx4090ti" → "rtx", "4090", "ti"; "a6000" stays whole (a letter then digits is one model name).
    .flatMap((word) =>
      (/^(rtx|gtx|rx|arc)(.+)$/.exec(word)?.slice(1) ?? [word]).flatMap(
        (part) => /^(\d+)(ti|super|xt|xtx)$/.exec(part)?.slice(1) ?? [part],
      ),
    )
    .filter((word) => !/^\d+gb?$/.test(word))
  if (words.length === 0) return []
  // Akash writes the RTX A-series without "rtx" ("a6000"); agents declare "rtx-a6000".
  if (words.length === 1 && /^a[2-6]000$/.test(words[0] ?? '')) words.unshift('rtx')
  const base = words.join('-')
  const sizes = sizedFamilies[base]
  if (!sizes) return [base]
  if (size !== undefined) {
    const nearest = sizes.reduce((best, candidate) =>
      Math.abs(candidate - size) < Math.abs(best - size) ? candidate : best,
    )
    return [`${base}-${nearest}gb`]
  }
  return sizes.map((candidate) => `${base}-${candidate}gb`)
}
