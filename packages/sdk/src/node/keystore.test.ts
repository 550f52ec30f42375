import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import { decryptKeystore } from './decryptKeystore.js'
import { encryptKeystore } from './encryptKeystore.js'
import { InvalidPrivateKeyError } from './InvalidPrivateKeyError.js'
import { KeystoreFormatError } from './KeystoreFormatError.js'
import { KeystorePasswordError } from './KeystorePasswordError.js'
import { KeystorePasswordRequiredError } from './KeystorePasswordRequiredError.js'
import { loadAccount } from './loadAccount.js'
import { readKeystoreFile } from './readKeystoreFile.js'
import { writeKeystoreFile } from './writeKeystoreFile.js'

// The test vectors of the Web3 Secret Storage Definition (ethereum wiki), password "testpassword".
const vectorPrivateKey = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d'
const scryptVector = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '83dbcc02d8ccb40e466191a123791e0e' },
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: {
      dklen: 32,
      n: 262144,
      r: 1,
      p: 8,
      salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19',
    },
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
}
const pbkdf2Vector = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: 'hmac-sha256',
      salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd',
    },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
}

// Anvil's first development key; a small N keeps the tests fast.
const devKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const fast = { scryptN: 2 ** 10 }

let directory: string
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hearth-keystore-'))
})
afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
})

describe('decryptKeystore', () => {
  it('decrypts the spec scrypt test vector', async () => {
    expect(await decryptKeystore(scryptVector, 'testpassword')).toBe(vectorPrivateKey)
  })

  it('decrypts the spec pbkdf2 test vector, and the old "Crypto" spelling', async () => {
    expect(await decryptKeystore(pbkdf2Vector, 'testpassword')).toBe(vectorPrivateKey)
    const { crypto, ...rest } = pbkdf2Vector
    expect(await decryptKeystore({ ...rest, Crypto: crypto }, 'testpassword')).toBe(vectorPrivateKey)
  })

  it('refuses a wrong password with KeystorePasswordError', async () => {
    await expect(decryptKeystore(pbkdf2Vector, 'wrong')).rejects.toBeInstanceOf(KeystorePasswordError)
  })

  it('names the offending field of a malformed keystore', async () => {
    const cases: [unknown, string][] = [
      [{ ...pbkdf2Vector, version: 2 }, 'version'],
      [{ ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, cipher: 'aes-256-gcm' } }, 'crypto.cipher'],
      [{ ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, kdf: 'argon2' } }, 'crypto.kdf'],
      [{ ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, mac: 'zz' } }, 'crypto.mac'],
      [
        {
          ...scryptVector,
          crypto: { ...scryptVector.crypto, kdfparams: { ...scryptVector.crypto.kdfparams, n: 1000 } },
        },
        'crypto.kdfparams.n',
      ],
      [
        {
          ...scryptVector,
          crypto: { ...scryptVector.crypto, kdfparams: { ...scryptVector.crypto.kdfparams, n: 2 ** 30 } },
        },
        'crypto.kdfparams.n',
      ],
      [{ version: 3 }, 'crypto'],
      ['nope', '(root)'],
    ]
    for (const [json, field] of cases) {
      const error = await decryptKeystore(json, 'testpassword').catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(KeystoreFormatError)
      expect((error as KeystoreFormatError).field).toBe(field)
    }
  })
})

describe('encryptKeystore', () => {
  it('round-trips and writes what geth reads (address, uuid, scrypt parameters)', async () => {
    const keystore = await encryptKeystore(devKey, 'hunter2', fast)
    expect(keystore.address).toBe(privateKeyToAddress(devKey).slice(2).toLowerCase())
    expect(keystore.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(keystore.crypto).toMatchObject({
      cipher: 'aes-128-ctr',
      kdf: 'scrypt',
      kdfparams: { n: 1024, r: 8, p: 1, dklen: 32 },
    })
    expect(await decryptKeystore(JSON.parse(JSON.stringify(keystore)), 'hunter2')).toBe(devKey)
    await expect(decryptKeystore(keystore, 'hunter3')).rejects.toBeInstanceOf(KeystorePasswordError)
  })

  it('defaults to N = 2^17', async () => {
    const keystore = await encryptKeystore(devKey, 'x')
    expect(keystore.crypto.kdfparams).toMatchObject({ n: 2 ** 17, r: 8, p: 1 })
  })

  it('refuses bad keys without printing them, and bad N', async () => {
    const error = await encryptKeystore('0x1234', 'x').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidPrivateKeyError)
    await expect(encryptKeystore(devKey, 'x', { scryptN: 1000 })).rejects.toBeInstanceOf(
      InvalidParameterError,
    )
  })
})

describe('keystore files and loadAccount', () => {
  it('writes mode 0600 atomically and reads back', async () => {
    const path = join(directory, 'nested', 'key.json')
    const keystore = await encryptKeystore(devKey, 'pw', fast)
    await writeKeystoreFile(path, keystore)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await readKeystoreFile(path)).toEqual(keystore)
    await writeKeystoreFile(path, await encryptKeystore(devKey, 'pw2', fast))
    expect(await decryptKeystore(await readKeystoreFile(path), 'pw2')).toBe(devKey)
    expect(await readdir(join(directory, 'nested'))).toEqual(['key.json'])
  })

  it('reads a keystore that is not JSON as a format error', async () => {
    const path = join(directory, 'garbage.json')
    await writeFile(path, 'not json')
    await expect(readKeystoreFile(path)).rejects.toBeInstanceOf(KeystoreFormatError)
  })

  it('prefers HEARTH_PRIVATE_KEY', async () => {
    const { account, source } = await loadAccount({
      env: { HEARTH_PRIVATE_KEY: devKey },
      keystorePath: '/nonexistent',
    })
    expect(source).toBe('env-private-key')
    expect(account.address).toBe(privateKeyToAddress(devKey))
  })

  it('refuses a bad HEARTH_PRIVATE_KEY without printing it', async () => {
    for (const bad of [devKey.slice(2), `${devKey}00`, `0x${'0'.repeat(64)}`, `0x${'f'.repeat(64)}`]) {
      const error = await loadAccount({ env: { HEARTH_PRIVATE_KEY: bad } }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InvalidPrivateKeyError)
      expect((error as Error).message).toContain('HEARTH_PRIVATE_KEY')
      expect((error as Error).message).not.toContain(bad.slice(2, 20))
    }
  })

  it('opens the keystore with the password, or HEARTH_PASSWORD', async () => {
    const path = join(directory, 'account.json')
    await writeKeystoreFile(path, await encryptKeystore(devKey, 'secret', fast))
    const viaParameter = await loadAccount({ keystorePath: path, password: 'secret', env: {} })
    expect(viaParameter).toMatchObject({
      source: 'keystore',
      account: { address: privateKeyToAddress(devKey) },
    })
    const viaEnv = await loadAccount({ keystorePath: path, env: { HEARTH_PASSWORD: 'secret' } })
    expect(viaEnv.account.address).toBe(privateKeyToAddress(devKey))
    await expect(
      loadAccount({ keystorePath: path, env: { HEARTH_PASSWORD: 'nope' } }),
    ).rejects.toBeInstanceOf(KeystorePasswordError)
    const missing = await loadAccount({ keystorePath: path, env: {} }).catch((caught: unknown) => caught)
    expect(missing).toBeInstanceOf(KeystorePasswordRequiredError)
    expect((missing as Error).message).toMatch(/set HEARTH_PASSWORD, or run interactively/)
    await expect(loadAccount({ env: {} })).rejects.toBeInstanceOf(InvalidParameterError)
  })
})
