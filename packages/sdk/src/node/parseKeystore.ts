import { z } from 'zod'
import { KeystoreFormatError } from './KeystoreFormatError.js'

const hex = (bytes?: number) =>
  z
    .string()
    .regex(/^(0x)?([0-9a-fA-F]{2})+$/, 'must be hex')
    .transform((value) => value.replace(/^0x/, '').toLowerCase())
    .refine((value) => bytes === undefined || value.length === bytes * 2, `must be ${bytes} bytes of hex`)

const positiveInt = z.number().int().positive()

const scryptParams = z.object({
  dklen: positiveInt.min(32, 'must be at least 32'),
  salt: hex(),
  n: positiveInt.refine((n) => n > 1 && (n & (n - 1)) === 0, 'must be a power of 2'),
  r: positiveInt,
  p: positiveInt,
})

const pbkdf2Params = z.object({
  dklen: positiveInt.min(32, 'must be at least 32'),
  salt: hex(),
  c: positiveInt.max(100_000_000, 'is too large'),
  prf: z.literal('hmac-sha256', 'must be hmac-sha256'),
})

const cryptoSchema = z.discriminatedUnion(
  'kdf',
  [
    z.object({ kdf: z.literal('scrypt'), kdfparams: scryptParams }),
    z.object({ kdf: z.literal('pbkdf2'), kdfparams: pbkdf2Params }),
  ],
  { error: 'must be "scrypt" or "pbkdf2"' },
)

const keystoreSchema = z.object({
  version: z.literal(3, 'must be 3'),
  id: z.string().optional(),
  address: hex(20).optional(),
  crypto: z
    .object({
      cipher: z.literal('aes-128-ctr', 'must be aes-128-ctr'),
      cipherparams: z.object({ iv: hex(16) }),
      ciphertext: hex(32),
      mac: hex(32),
    })
    .and(cryptoSchema),
})

/** A Web3 Secret Storage v3 keystore (what geth, ethers and `cast wallet` write), hex without `0x`. */
export type KeystoreV3 = {
  version: 3
  /** A UUID. */
  id?: string | undefined
  /** The account's address, lowercase hex without `0x`. */
  address?: string | undefined
  crypto: {
    cipher: 'aes-128-ctr'
    cipherparams: { iv: string }
    ciphertext: string
    /** keccak256(derivedKey[16..32] ‖ ciphertext). */
    mac: string
  } & (
    | { kdf: 'scrypt'; kdfparams: { dklen: number; salt: string; n: number; r: number; p: number } }
    | { kdf: 'pbkdf2'; kdfparams: { dklen: number; salt: string; c: number; prf: 'hmac-sha256' } }
  )
}

/**
 * Checks the shape of a Web3 Secret Storage v3 keystore (accepting the older `Crypto` spelling and
 * `0x`-prefixed hex) and normalises it.
 * @param json The parsed JSON.
 * @returns The keystore.
 * @throws {KeystoreFormatError} naming the first offending field.
 */
export function parseKeystore(json: unknown): KeystoreV3 {
  let value = json
  if (typeof value === 'object' && value !== null && !('crypto' in value) && 'Crypto' in value) {
    const { Crypto, ...rest } = value as Record<string, unknown>
    value = { ...rest, crypto: Crypto }
  }
  const result = keystoreSchema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.map(String).join('.') || '(root)'
  const reason =
    issue?.code === 'invalid_type' && issue.input === undefined
      ? 'is missing'
      : issue?.code === 'invalid_type'
        ? `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`
        : (issue?.message ?? 'is invalid')
  throw new KeystoreFormatError(field, reason)
}
