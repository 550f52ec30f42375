import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashResults } from './hashResults.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hearth-hash-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Writes files (path → content) into a fresh folder, in the given order. */
async function tree(name: string, files: [string, string][]): Promise<string> {
  const dir = join(root, name)
  for (const [path, content] of files) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  await mkdir(dir, { recursive: true })
  return dir
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('hashResults', () => {
  const files: [string, string][] = [
    ['frames/0002.ppm', 'P3 frame two'],
    ['frames/0001.ppm', 'P3 frame one'],
    ['result.json', '{"ok":true}'],
    ['Zebra.txt', 'capital letters sort first in byte order'],
  ]

  it('gives the same root for the same files, whatever order they were written in', async () => {
    const a = await hashResults(await tree('a', files))
    const b = await hashResults(await tree('b', [...files].reverse()))
    expect(a.root).toMatch(/^[0-9a-f]{64}$/)
    expect(b.root).toBe(a.root)
    expect(a.files.map((file) => file.path)).toEqual([
      'Zebra.txt',
      'frames/0001.ppm',
      'frames/0002.ppm',
      'result.json',
    ])
    expect(a.files[3]).toEqual({
      path: 'result.json',
      kind: 'file',
      sha256: sha256('{"ok":true}'),
      sizeBytes: 11,
    })
  })

  it('defines the root as sha256 over "<path>\\0<kind>\\0<sha256>\\n" records in path order', async () => {
    const { root: hash } = await hashResults(
      await tree('a', [
        ['b', 'B'],
        ['a', 'A'],
      ]),
    )
    expect(hash).toBe(sha256(`a\0file\0${sha256('A')}\nb\0file\0${sha256('B')}\n`))
  })

  it('changes the root when one byte changes, and only that file hash', async () => {
    const before = await hashResults(await tree('a', files))
    const after = await hashResults(
      await tree(
        'b',
        files.map(([path, content]) => [path, path === 'result.json' ? '{"ok":false' : content]),
      ),
    )
    expect(after.root).not.toBe(before.root)
    const changed = after.files.filter((file, i) => file.sha256 !== before.files[i]?.sha256)
    expect(changed.map((file) => file.path)).toEqual(['result.json'])
  })

  it('changes the root when a file is renamed, added or removed', async () => {
    const dir = await tree('a', files)
    const original = (await hashResults(dir)).root
    await rename(join(dir, 'result.json'), join(dir, 'result2.json'))
    const renamed = (await hashResults(dir)).root
    await writeFile(join(dir, 'extra'), '')
    const added = (await hashResults(dir)).root
    await rm(join(dir, 'extra'))
    expect(new Set([original, renamed, added]).size).toBe(3)
    expect((await hashResults(dir)).root).toBe(renamed)
  })

  it('hashes a symlink as its target text and never follows it', async () => {
    const dir = await tree('a', [['data', 'x']])
    await symlink('/etc/passwd', join(dir, 'escape'))
    const { files: entries } = await hashResults(dir)
    expect(entries.find((file) => file.path === 'escape')).toEqual({
      path: 'escape',
      kind: 'symlink',
      sha256: sha256('/etc/passwd'),
      sizeBytes: '/etc/passwd'.length,
    })
  })

  it('hashes an empty folder to the hash of nothing, ignoring empty subfolders', async () => {
    const dir = await tree('a', [])
    await mkdir(join(dir, 'empty', 'deeper'), { recursive: true })
    expect(await hashResults(dir)).toEqual({ root: sha256(''), files: [] })
  })
})
