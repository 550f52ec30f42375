import { type Address, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { describe, expect, it } from 'vitest'
import { AccessTokenError, type AccessTokenErrorCode } from '../errors/AccessTokenError.js'
import { toBase64Url } from '../internal/base64url.js'
import { decodeAccessToken } from './decodeAccessToken.js'
import { recoverAccessTokenSigner } from './recoverAccessTokenSigner.js'
import { type SignAccessTokenParameters, signAccessToken } from './signAccessToken.js'
import { type VerifyAccessTokenParameters, verifyAccessToken } from './verifyAccessToken.js'

// Anvil's well-known development keys: no chain is needed to sign or verify.
const consumer = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const stranger = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')
const provider: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const otherProvider: Address = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'
const marketplace: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const now = 1_800_000_000

const walletOf = (account: typeof consumer) =>
  createWalletClient({ account, chain: foundry, transport: http('http://127.0.0.1:1') })

const sign = (overrides: Partial<SignAccessTokenParameters> = {}, account = consumer) =>
  signAccessToken(walletOf(account), {
    marketplace,
    lease: 7n,
    provider,
    scope: ['status', 'logs'],
    expiresAt: now + 3600,
    ...overrides,
  })

const leases: Record<string, { consumer: Address; provider: Address }> = {
  '7': { consumer: consumer.address, provider },
  '8': { consumer: consumer.address, provider: otherProvider },
}

const verify = (token: string | undefined, overrides: Partial<VerifyAccessTokenParameters> = {}) =>
  verifyAccessToken({
    token,
    chainId: foundry.id,
    marketplace,
    provider,
    scope: 'logs',
    now,
    leaseConsumer: async (lease) => leases[lease.toString()],
    ...overrides,
  })

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: AccessTokenErrorCode; status: number; message: string }> {
  try {
    await promise
  } catch (error) {
    if (!(error instanceof AccessTokenError)) throw error
    return { code: error.code, status: error.status, message: error.shortMessage }
  }
  throw new Error('expected the token to be refused')
}

describe('access tokens', () => {
  it('sign, decode and recover', async () => {
    const token = await sign()
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    const decoded = decodeAccessToken(token)
    expect(decoded).toMatchObject({ lease: 7n, provider, scope: 'status logs', scopes: ['status', 'logs'] })
    expect(decoded.expiresAt).toBe(BigInt(now + 3600))
    const wire = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    expect(wire).toEqual({
      lease: '7',
      provider,
      scope: 'status logs',
      expiresAt: now + 3600,
      signature: decoded.signature,
    })
    expect(await recoverAccessTokenSigner({ token, chainId: foundry.id, marketplace })).toBe(consumer.address)
    // Bound to the chain and the Marketplace: another domain recovers someone else.
    expect(await recoverAccessTokenSigner({ token, chainId: 1, marketplace })).not.toBe(consumer.address)
  })

  it('verify: accepts the consumer token for a covered scope, and `all` for any scope', async () => {
    expect(await verify(await sign())).toEqual({ lease: 7n, consumer: consumer.address })
    expect(await verify(await sign({ scope: 'all' }), { scope: 'results' })).toEqual({
      lease: 7n,
      consumer: consumer.address,
    })
  })

  it('401 missing', async () => {
    expect(await refusal(verify(undefined))).toMatchObject({ code: 'missing', status: 401 })
    expect(await refusal(verify(''))).toMatchObject({ code: 'missing', status: 401 })
  })

  it('401 malformed', async () => {
    const good = decodeAccessToken(await sign())
    const wire = { lease: '7', provider, scope: 'logs', expiresAt: now + 60, signature: good.signature }
    for (const bad of [
      'not a token!',
      toBase64Url('{"lease":'),
      toBase64Url('[1]'),
      toBase64Url(JSON.stringify({ ...wire, lease: 7 })),
      toBase64Url(JSON.stringify({ ...wire, provider: '0x12' })),
      toBase64Url(JSON.stringify({ ...wire, scope: 'logs  status' })),
      toBase64Url(JSON.stringify({ ...wire, scope: 'admin' })),
      toBase64Url(JSON.stringify({ ...wire, expiresAt: -1 })),
      toBase64Url(JSON.stringify({ ...wire, signature: '0x1234' })),
    ]) {
      expect(await refusal(verify(bad))).toMatchObject({ code: 'malformed', status: 401 })
    }
  })

  it('401 expired and expires_too_far', async () => {
    expect(await refusal(verify(await sign({ expiresAt: now })))).toMatchObject({
      code: 'expired',
      status: 401,
    })
    const tooFar = await sign({ expiresAt: now + 7 * 86_400 + 1 })
    expect(await refusal(verify(tooFar))).toMatchObject({ code: 'expires_too_far', status: 401 })
    expect(await verify(await sign({ expiresAt: now + 7 * 86_400 }))).toMatchObject({ lease: 7n })
  })

  it('401 bad_signature when the signature does not recover', async () => {
    const decoded = decodeAccessToken(await sign())
    const wire = { lease: '7', provider, scope: 'status logs', expiresAt: now + 3600 }
    // v = 0x1f is neither 27/28 nor 0/1: no signer recovers from it.
    const broken = `${decoded.signature.slice(0, 130)}1f`
    const { code, status, message } = await refusal(
      verify(toBase64Url(JSON.stringify({ ...wire, signature: broken }))),
    )
    expect({ code, status }).toEqual({ code: 'bad_signature', status: 401 })
    expect(message).toMatch(/signature/)
  })

  it('403 wrong_provider: a token cannot be replayed to another provider', async () => {
    const { code, status, message } = await refusal(verify(await sign(), { provider: otherProvider }))
    expect({ code, status }).toEqual({ code: 'wrong_provider', status: 403 })
    expect(message).toContain('not this provider')
  })

  it('403 not_consumer: signed by someone else, or tampered with', async () => {
    expect(await refusal(verify(await sign({}, stranger)))).toMatchObject({
      code: 'not_consumer',
      status: 403,
    })
    const decoded = decodeAccessToken(await sign({ scope: ['status'] }))
    const widened = toBase64Url(
      JSON.stringify({
        lease: '7',
        provider,
        scope: 'all',
        expiresAt: now + 3600,
        signature: decoded.signature,
      }),
    )
    expect(await refusal(verify(widened))).toMatchObject({ code: 'not_consumer', status: 403 })
  })

  it('403 lease_not_yours and 404 unknown_lease', async () => {
    const tokenFor8 = await sign({ lease: 8n })
    expect(await refusal(verify(tokenFor8))).toMatchObject({ code: 'lease_not_yours', status: 403 })
    expect(await refusal(verify(await sign({ lease: 9n })))).toMatchObject({
      code: 'unknown_lease',
      status: 404,
    })
  })

  it('403 scope when the scope does not cover the route', async () => {
    const { code, status, message } = await refusal(
      verify(await sign({ scope: ['status'] }), { scope: 'logs' }),
    )
    expect({ code, status }).toEqual({ code: 'scope', status: 403 })
    expect(message).toBe('The access token\'s scope (status) does not cover "logs".')
    const error = new AccessTokenError('scope', 'x')
    expect(error.apiCode).toBe('forbidden')
  })

  it('refuses to sign nonsense', async () => {
    await expect(sign({ scope: [] })).rejects.toThrow(/scope/)
    await expect(sign({ expiresAt: 0 })).rejects.toThrow(/expiresAt/)
    await expect(sign({ lease: -1n })).rejects.toThrow(/lease/)
  })
})
