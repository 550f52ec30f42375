import { readFile } from 'node:fs/promises'
import { KeystoreFileError } from './KeystoreFileError.js'
import { KeystoreFormatError } from './KeystoreFormatError.js'
import { type KeystoreV3, parseKeystore } from './parseKeystore.js'

/**
 * Reads and checks a keystore file (Web3 Secret Storage v3). Does not decrypt it.
 * @param path The file.
 * @returns The keystore.
 * @throws {KeystoreFileError} when the file cannot be read.
 * @throws {KeystoreFormatError} when it is not JSON or not a v3 keystore.
 */
export async function readKeystoreFile(path: string): Promise<KeystoreV3> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new KeystoreFileError(path, 'read', error)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new KeystoreFormatError('(file)', 'is not JSON')
  }
  return parseKeystore(json)
}
