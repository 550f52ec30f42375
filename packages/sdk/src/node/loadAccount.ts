import type { Hex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import { decryptKeystore } from './decryptKeystore.js'
import { InvalidPrivateKeyError } from './InvalidPrivateKeyError.js'
import type { KeystoreFileError } from './KeystoreFileError.js'
import type { KeystoreFormatError } from './KeystoreFormatError.js'
import type { KeystorePasswordError } from './KeystorePasswordError.js'
import { KeystorePasswordRequiredError } from './KeystorePasswordRequiredError.js'
import { readKeystoreFile } from './readKeystoreFile.js'

/** Parameters of {@link loadAccount}. */
export type LoadAccountParameters = {
  /** The keystore file, used when `HEARTH_PRIVATE_KEY` is not set. */
  keystorePath?: string | undefined
  /** The keystore's password; default: `HEARTH_PASSWORD`. */
  password?: string | undefined
  /** Where to read `HEARTH_PRIVATE_KEY` and `HEARTH_PASSWORD`; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined
}

/** What {@link loadAccount} returns. */
export type LoadAccountReturnType = {
  account: PrivateKeyAccount
  /** Where the key came from. */
  source: 'env-private-key' | 'keystore'
}

/** What {@link loadAccount} can throw. */
export type LoadAccountErrorType =
  | InvalidPrivateKeyError
  | InvalidParameterError
  | KeystorePasswordRequiredError
  | KeystorePasswordError
  | KeystoreFormatError
  | KeystoreFileError

/**
 * Loads the account a CLI or agent signs with: `HEARTH_PRIVATE_KEY` when set (CI, containers), else
 * the keystore at `keystorePath` opened with `password` or `HEARTH_PASSWORD`.
 * @param parameters Keystore, password and environment.
 * @returns The account and where its key came from.
 * @throws {InvalidPrivateKeyError} when `HEARTH_PRIVATE_KEY` is not `0x` and 64 hex digits of a valid
 *   key (the message never includes the key).
 * @throws {InvalidParameterError} when neither `HEARTH_PRIVATE_KEY` nor `keystorePath` is given.
 * @throws {KeystorePasswordRequiredError} when the keystore needs a password and none was given.
 * @throws {KeystorePasswordError} | {KeystoreFormatError} | {KeystoreFileError} from the keystore.
 */
export async function loadAccount(parameters: LoadAccountParameters = {}): Promise<LoadAccountReturnType> {
  const env = parameters.env ?? process.env
  const fromEnv = env.HEARTH_PRIVATE_KEY?.trim()
  if (fromEnv) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(fromEnv)) {
      throw new InvalidPrivateKeyError(
        'HEARTH_PRIVATE_KEY',
        `expected 0x followed by 64 hex digits (it has ${fromEnv.length} characters${fromEnv.startsWith('0x') ? '' : ' and no 0x prefix'})`,
      )
    }
    try {
      return { account: privateKeyToAccount(fromEnv as Hex), source: 'env-private-key' }
    } catch {
      // viem's error would quote the key: say what is wrong without it.
      throw new InvalidPrivateKeyError(
        'HEARTH_PRIVATE_KEY',
        'it is not a secp256k1 private key (zero or too large)',
      )
    }
  }
  const path = parameters.keystorePath
  if (path === undefined) {
    throw new InvalidParameterError('keystorePath', 'is required when HEARTH_PRIVATE_KEY is not set')
  }
  const keystore = await readKeystoreFile(path)
  const password = parameters.password ?? env.HEARTH_PASSWORD
  if (password === undefined) throw new KeystorePasswordRequiredError(path)
  const privateKey = await decryptKeystore(keystore, password)
  return { account: privateKeyToAccount(privateKey), source: 'keystore' }
}
