import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'

/** One entry of a job's result tree, as the provider hashes it and the manifest lists it. */
export type ResultEntry = {
  /** The path relative to the results folder, `/`-separated, no leading `./`. */
  path: string
  /** A regular file, or a symbolic link (hashed as its target text, never followed). */
  kind: 'file' | 'symlink'
  /** sha256 of the content (of the link target text for a symlink), lowercase hex without `0x`. */
  sha256: string
}

/** Compares two strings by the bytes of their UTF-8, as the results root orders paths. */
export function compareUtf8(a: string, b: string): number {
  const x = utf8ToBytes(a)
  const y = utf8ToBytes(b)
  const length = Math.min(x.length, y.length)
  for (let i = 0; i < length; i++) {
    const d = (x[i] as number) - (y[i] as number)
    if (d !== 0) return d
  }
  return x.length - y.length
}

/**
 * The root hash of a job's results, the value a provider records on chain when it finishes a lease:
 * sha256 over one record per entry, `<path>\0<kind>\0<sha256 hex>\n`, entries sorted by path in the
 * byte order of its UTF-8. The provider (through `@hearth/runtime`'s `hashResults`) and the consumer
 * (checking a manifest) both use this one function. Empty folders do not count.
 *
 * @example
 * resultsRoot([{ path: 'out.txt', kind: 'file', sha256: 'ab…' }]) // '3f…' (64 hex digits)
 *
 * @param entries Every file and symlink of the result tree, in any order.
 * @returns The root, lowercase hex without `0x`.
 */
export function resultsRoot(entries: readonly ResultEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareUtf8(a.path, b.path))
  const hash = sha256.create()
  for (const entry of sorted) hash.update(utf8ToBytes(`${entry.path}\0${entry.kind}\0${entry.sha256}\n`))
  return bytesToHex(hash.digest())
}
