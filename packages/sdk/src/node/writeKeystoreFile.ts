import { randomUUID } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { KeystoreFileError } from './KeystoreFileError.js'
import type { KeystoreV3 } from './parseKeystore.js'

/**
 * Writes a keystore file readable by its owner only (mode 0600), atomically: to a temporary file in
 * the same folder, then renamed over `path`, so a crash never leaves half a keystore. Creates the
 * folder (mode 0700) when missing.
 * @param path Where to write.
 * @param keystore The keystore, e.g. from {@link encryptKeystore}.
 * @throws {KeystoreFileError} when the file cannot be written.
 */
export async function writeKeystoreFile(path: string, keystore: KeystoreV3): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    await writeFile(temporary, `${JSON.stringify(keystore, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw new KeystoreFileError(path, 'write', error)
  }
}
