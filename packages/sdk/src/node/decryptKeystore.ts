import { createDecipheriv, timingSafeEqual } from 'node:crypto'
import { type Hex, keccak256 } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { deriveKeystoreKey } from './deriveKeystoreKey.js'
import { KeystoreFormatError } from './KeystoreFormatError.js'
import { KeystorePasswordError } from './KeystorePasswordError.js'
import { parseKeystore } from './parseKeystore.js'

/**
 * Decrypts a Web3 Secret Storage v3 keystore (scrypt or pbkdf2, aes-128-ctr), as geth, ethers and
 * `cast wallet` write them.
 * @param json The keystore (parsed JSON).
 * @param password Its password.
 * @returns The private key.
 * @throws {KeystorePasswordError} when the password is wrong (the MAC does not match).
 * @throws {KeystoreFormatError} naming the field when the keystore is not a v3 keystore, or when its
 *   `address` is not the decrypted key's.
 */
export async function decryptKeystore(json: unknown, password: string): Promise<Hex> {
  const { crypto, address } = parseKeystore(json)
  const derived = await deriveKeystoreKey(password, crypto)
  const ciphertext = Buffer.from(crypto.ciphertext, 'hex')
  const mac = Buffer.from(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2), 'hex')
  if (!timingSafeEqual(mac, Buffer.from(crypto.mac, 'hex'))) throw new KeystorePasswordError()
  const decipher = createDecipheriv(
    'aes-128-ctr',
    derived.subarray(0, 16),
    Buffer.from(crypto.cipherparams.iv, 'hex'),
  )
  const privateKey: Hex = `0x${Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('hex')}`
  if (address !== undefined) {
    let actual: string
    try {
      actual = privateKeyToAddress(privateKey).slice(2).toLowerCase()
    } catch {
      throw new KeystoreFormatError('crypto.ciphertext', 'does not hold a valid private key')
    }
    if (actual !== address) throw new KeystoreFormatError('address', 'is not the address of the key it holds')
  }
  return privateKey
}
