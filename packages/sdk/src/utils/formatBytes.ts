/**
 * Bytes in the unit a person would write: `80 GB` for 80e9, `24 GiB` for 24 × 2^30, else GiB (or MiB
 * under one GiB) to one decimal; bytes under one MiB.
 * @param bytes A size in bytes.
 */
export function formatBytes(bytes: number): string {
  const large = bytes >= 2 ** 30
  const units: [number, string][] = large
    ? [
        [2 ** 40, 'TiB'],
        [1e12, 'TB'],
        [2 ** 30, 'GiB'],
        [1e9, 'GB'],
      ]
    : [
        [2 ** 20, 'MiB'],
        [1e6, 'MB'],
      ]
  for (const [size, unit] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`
  }
  if (large) return `${Number((bytes / 2 ** 30).toFixed(1))} GiB`
  if (bytes < 2 ** 20) return `${bytes} B`
  return `${Number((bytes / 2 ** 20).toFixed(1))} MiB`
}
