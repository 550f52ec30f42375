import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import { type Hex, keccak256 } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import { deriveKeystoreKey } from './deriveKeystoreKey.js'
import { InvalidPrivateKeyError } from './InvalidPrivateKeyError.js'
import type { KeystoreV3 } from './parseKeystore.js'

/** Options of {@link encryptKeystore}. */
export type EncryptKeystoreOptions = {
  /** scrypt's cost N (a power of 2); default 2^17 (r = 8, p = 1), as ethers and `cast wallet` use. */
  scryptN?: number | undefined
}

/**
 * Encrypts a private key as a Web3 Secret Storage v3 keystore (scrypt, aes-128-ctr, keccak256 MAC),
 * readable by geth, ethers and `cast wallet`.
 * @param privateKey The key: `0x` and 64 hex digits.
 * @param password The password.
 * @param options scrypt cost (tests may use a small N).
 * @returns The keystore, ready for `JSON.stringify` or {@link writeKeystoreFile}.
 * @throws {InvalidPrivateKeyError} when `privateKey` is not a valid secp256k1 private key.
 * @throws {InvalidParameterError} when `scryptN` is not a power of 2 up to 2^20.
 */
export async function encryptKeystore(
  privateKey: Hex,
  password: string,
  options: EncryptKeystoreOptions = {},
): Promise<KeystoreV3> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new InvalidPrivateKeyError('privateKey', 'expected 0x followed by 64 hex digits')
  }
  let address: string
  try {
    address = privateKeyToAddress(privateKey).slice(2).toLowerCase()
  } catch {
    throw new InvalidPrivateKeyError('privateKey', 'it is not a secp256k1 private key')
  }
  const n = options.scryptN ?? 2 ** 17
  if (!Number.isSafeInteger(n) || n < 2 || (n & (n - 1)) !== 0 || n > 2 ** 20) {
    throw new InvalidParameterError('scryptN', 'must be a power of 2 from 2 to 2^20')
  }
  const kdfparams = { dklen: 32, n, r: 8, p: 1, salt: randomBytes(32).toString('hex') }
  const iv = randomBytes(16)
  const derived = await deriveKeystoreKey(password, {
    kdf: 'scrypt',
    kdfparams,
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '' },
    ciphertext: '',
    mac: '',
  })
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv)
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKey.slice(2), 'hex')), cipher.final()])
  const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2)
  return {
    version: 3,
    id: randomUUID(),
    address,
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams,
      mac,
    },
  }
}
