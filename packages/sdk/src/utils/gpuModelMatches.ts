import { sizedGpuFamilies } from './normalizeGpuModel.js'

/**
 * Whether a GPU model a job spec asks for (normalized, e.g. `rtx-4090`, `h100`) is met by a model a
 * market trades or a provider declares (e.g. `h100-80gb`): the same name, or, for a family sold in
 * several memory sizes asked for without a size (`h100`, `a100`), any size of it.
 * @param wanted The spec's model, as `normalizeGpuModel` returns it.
 * @param model The on-chain model.
 */
export function gpuModelMatches(wanted: string, model: string): boolean {
  if (wanted === model) return true
  return sizedGpuFamilies.has(wanted) && new RegExp(`^${wanted}-\\d+gb$`).test(model)
}
