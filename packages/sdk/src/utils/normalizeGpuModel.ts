/** Words that name the vendor, brand line or form factor, not the model. */
const noiseWords = new Set([
  'nvidia',
  'geforce',
  'tesla',
  'quadro',
  'amd',
  'ati',
  'radeon',
  'instinct',
  'intel',
  'data',
  'center',
  'gpu',
  'graphics',
  'apple',
  'generation',
  'pcie',
  'sxm',
  'sxm2',
  'sxm4',
  'sxm5',
  'oam',
  'nvl',
  'hbm2',
  'hbm2e',
  'hbm3',
  'hbm3e',
])

/**
 * Models sold with several memory sizes under one name: the size is part of the on-chain model
 * (`h100-80gb`); the bare family name (`h100`) in a job spec means any of its sizes.
 */
export const sizedGpuFamilies: ReadonlySet<string> = new Set(['a100', 'a800', 'h100', 'h800', 'v100', 'p100'])

/** Memory sizes those models ship with, in GB as marketed. */
const nominalSizesGb = [12, 16, 32, 40, 80, 94, 96]

/** The longest on-chain model name: it is stored in a bytes32. */
const maxLength = 32

/**
 * Turns the name a vendor tool prints into the short lowercase model name providers declare on
 * chain: `NVIDIA GeForce RTX 4090` → `rtx-4090`, `NVIDIA A100-SXM4-80GB` → `a100-80gb`,
 * `AMD Instinct MI300X` → `mi300x`, `Apple M2 Max` → `m2-max`; a name typed as one word is split the
 * same way: `rtx4090` → `rtx-4090`, `rx7900xtx` → `rx-7900-xtx`.
 *
 * Vendor and brand words and form factors (SXM, PCIe, OAM, HBM) are dropped. Models that exist with
 * several memory sizes (A100, H100, V100, …) keep the size, read from the name or, when the name lacks
 * it (`NVIDIA H100 PCIe`), from `vramMiB` rounded to the nearest marketed size.
 *
 * @param rawName The name as `nvidia-smi`, `rocm-smi`, `xpu-smi` or `system_profiler` printed it.
 * @param vramMiB The GPU's memory, used only to tell memory variants apart.
 * @returns The model name (at most 32 characters of `[a-z0-9-]`); empty only for an empty name.
 */
export function normalizeGpuModel(rawName: string, vramMiB?: number): string {
  let name = rawName.toLowerCase().replace(/\((r|tm)\)/g, ' ')
  // rocm-smi on older ROCm prints the marketing name in brackets: "Arcturus GL-XL [AMD Instinct MI100]".
  const bracketed = /\[([^\]]+)\]/.exec(name)?.[1]
  if (bracketed !== undefined) name = bracketed
  // People type `rtx4090` or `gtx1080ti`: split the brand line from the number, the number from its suffix.
  name = name.replace(/\b(rtx|gtx|rx)(?=\d)/g, '$1 ').replace(/(\d)(ti|super|xtx|xt)\b/g, '$1 $2')
  const tokens = name.split(/[^a-z0-9]+/).filter((token) => token !== '')
  const kept = tokens.filter((token) => !noiseWords.has(token) && !/^\d+gb$/.test(token))
  if (kept.length === 0) return slug(tokens)
  const family = kept[0]
  if (family !== undefined && sizedGpuFamilies.has(family)) {
    const sizeGb = sizeFromName(tokens) ?? sizeFromVram(vramMiB)
    return slug(sizeGb === undefined ? kept : [...kept, `${sizeGb}gb`])
  }
  return slug(kept)
}

function sizeFromName(tokens: readonly string[]): number | undefined {
  for (const token of tokens) {
    const match = /^(\d+)gb$/.exec(token)
    if (match?.[1] !== undefined) return Number(match[1])
  }
  return undefined
}

function sizeFromVram(vramMiB: number | undefined): number | undefined {
  if (vramMiB === undefined || !(vramMiB > 0)) return undefined
  const gib = vramMiB / 1024
  let best: number | undefined
  for (const size of nominalSizesGb) {
    if (best === undefined || Math.abs(size - gib) < Math.abs(best - gib)) best = size
  }
  return best
}

function slug(tokens: readonly string[]): string {
  return tokens.join('-').slice(0, maxLength).replace(/-+$/, '')
}
