import { type Hex, keccak256, stringToBytes } from 'viem'
import { canonicalJson } from '../utils/canonicalJson.js'

/**
 * The hash a lease commits to for its job spec: `keccak256(utf8(canonicalJson(raw)))`. Both the
 * consumer (when opening the lease) and the provider agent (when the spec arrives) compute it, so it
 * is taken over the spec as submitted — the `raw` that {@link parseJobSpec} returns, YAML already
 * turned into JSON data, no defaults filled in — never over the parsed {@link JobSpec}.
 *
 * @param raw The spec as submitted (plain JSON data).
 * @returns The 32-byte hash.
 * @throws {CanonicalJsonError} when `raw` is not plain JSON data.
 */
export function hashJobSpec(raw: unknown): Hex {
  return keccak256(stringToBytes(canonicalJson(raw)))
}
