import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { compareUtf8, resultsRoot } from '@hearth/sdk/results'

/** One entry of a result tree. */
export interface ResultFile {
  /** The path relative to the results folder, `/`-separated, no leading `./`. */
  path: string
  /** A regular file, or a symbolic link (hashed as its target text, never followed). */
  kind: 'file' | 'symlink'
  /** sha256 of the content (of the link target text for a symlink), hex. */
  sha256: string
  /** Size of the content in bytes. */
  sizeBytes: number
}

/** What {@link hashResults} returns. */
export interface HashResultsReturnType {
  /** The root hash over every entry, hex. */
  root: string
  /** Every entry, sorted by path (byte order of its UTF-8). */
  files: ResultFile[]
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function walk(root: string, relative: string, out: ResultFile[]): Promise<void> {
  const entries = await readdir(join(root, relative), { withFileTypes: true })
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`
    const full = join(root, path)
    if (entry.isDirectory()) await walk(root, path, out)
    else if (entry.isSymbolicLink()) {
      const target = await readlink(full)
      out.push({
        path,
        kind: 'symlink',
        sha256: createHash('sha256').update(target).digest('hex'),
        sizeBytes: Buffer.byteLength(target),
      })
    } else if (entry.isFile()) {
      const { size } = await lstat(full)
      out.push({ path, kind: 'file', sha256: await sha256File(full), sizeBytes: size })
    }
    // Sockets, fifos and device nodes carry no content: they are left out.
  }
}

/**
 * Hashes a job's results deterministically: every regular file and symlink under `dir` (symlinks
 * are never followed, so a job cannot point the hash at host files), sorted by relative path in
 * byte order, each hashed with sha256; the root is sha256 over one record per entry,
 * `<path>\0<kind>\0<sha256 hex>\n`. The same tree gives the same root on any machine; a changed
 * byte, a renamed file, an added or removed file changes it. Empty folders do not count.
 *
 * @param dir - The results folder (the host side of the job's output dir).
 * @returns The root hash and the per-file list.
 */
export async function hashResults(dir: string): Promise<HashResultsReturnType> {
  const files: ResultFile[] = []
  await walk(dir, '', files)
  files.sort((a, b) => compareUtf8(a.path, b.path))
  // The one root computation consumers check manifests with (`resultsRoot` in @hearth/sdk).
  return { root: resultsRoot(files), files }
}
