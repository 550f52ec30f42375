import { pbkdf2, scrypt } from 'node:crypto'
import { promisify } from 'node:util'
import { scryptAsync as nobleScrypt } from '@noble/hashes/scrypt'
import { KeystoreFormatError } from './KeystoreFormatError.js'
import type { KeystoreV3 } from './parseKeystore.js'

const scryptAsync = promisify(scrypt) as (
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>
const pbkdf2Async = promisify(pbkdf2)

/** Most memory scrypt may use (N × r × 128 bytes): 1 GiB, twice what geth's "standard" N = 2^18, r = 8 needs. */
const maxScryptMemory = 2 ** 30

/**
 * Runs the keystore's key derivation function on `password`.
 * @param password The password (its UTF-8 bytes are used, as geth does).
 * @param crypto The keystore's `crypto` section.
 * @returns The derived key (`dklen` bytes).
 * @throws {KeystoreFormatError} when the scrypt parameters would need more than 1 GiB.
 */
export async function deriveKeystoreKey(password: string, crypto: KeystoreV3['crypto']): Promise<Buffer> {
  const secret = Buffer.from(password, 'utf8')
  if (crypto.kdf === 'pbkdf2') {
    const { salt, c, dklen } = crypto.kdfparams
    return pbkdf2Async(secret, Buffer.from(salt, 'hex'), c, dklen, 'sha256')
  }
  const { salt, n, r, p, dklen } = crypto.kdfparams
  const memory = 128 * n * r
  if (memory > maxScryptMemory) {
    throw new KeystoreFormatError(
      'crypto.kdfparams.n',
      'needs more than 1 GiB of memory (n × r is too large)',
    )
  }
  // OpenSSL refuses N >= 2^(16r) (RFC 7914's bound), which geth ignores: the spec's own test vector
  // has N = 2^18 with r = 1. Such files go through @noble/hashes' audited scrypt instead.
  if (n >= 2 ** (16 * r)) {
    const key = await nobleScrypt(secret, Buffer.from(salt, 'hex'), {
      N: n,
      r,
      p,
      dkLen: dklen,
      maxmem: 2 * memory + 2 ** 24,
    })
    return Buffer.from(key)
  }
  return scryptAsync(secret, Buffer.from(salt, 'hex'), dklen, { N: n, r, p, maxmem: 2 * memory + 2 ** 24 })
}
