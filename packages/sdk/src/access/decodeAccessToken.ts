import { getAddress, isAddress, isHex, maxUint64, maxUint256 } from 'viem'
import { AccessTokenError } from '../errors/AccessTokenError.js'
import { fromBase64Url } from '../internal/base64url.js'
import { type AccessScope, type AccessToken, accessScopes } from './accessTokenTypes.js'

const scopePattern = new RegExp(`^(${accessScopes.join('|')})( (${accessScopes.join('|')}))*$`)

/**
 * Decodes the wire form of an access token (`base64url(JSON)`), checking its shape but not its
 * signature (see {@link verifyAccessToken}).
 * @param token The token, as sent after `Authorization: Hearth ` or in `?token=`.
 * @returns The decoded token.
 * @throws {AccessTokenError} with code `malformed` (status 401) when it is not a well-formed token.
 */
export function decodeAccessToken(token: string): AccessToken {
  const malformed = (what: string) =>
    new AccessTokenError('malformed', `The access token is malformed: ${what}.`)
  const text = fromBase64Url(token.trim())
  if (text === undefined) throw malformed('it is not base64url')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw malformed('it is not base64url-encoded JSON')
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw malformed('it is not a JSON object')
  const { lease, provider, scope, expiresAt, signature } = data as Record<string, unknown>
  if (typeof lease !== 'string' || !/^\d{1,78}$/.test(lease) || BigInt(lease) > maxUint256) {
    throw malformed('lease must be a decimal string (a uint256)')
  }
  if (typeof provider !== 'string' || !isAddress(provider, { strict: false })) {
    throw malformed('provider must be an address')
  }
  if (typeof scope !== 'string' || !scopePattern.test(scope)) {
    throw malformed(`scope must be scope names separated by single spaces (${accessScopes.join(', ')})`)
  }
  const expiry =
    typeof expiresAt === 'number' && Number.isSafeInteger(expiresAt) && expiresAt >= 0
      ? BigInt(expiresAt)
      : typeof expiresAt === 'string' && /^\d{1,20}$/.test(expiresAt)
        ? BigInt(expiresAt)
        : undefined
  if (expiry === undefined || expiry > maxUint64) throw malformed('expiresAt must be a Unix time in seconds')
  if (typeof signature !== 'string' || !isHex(signature, { strict: true }) || signature.length !== 132) {
    throw malformed('signature must be 65 bytes of hex')
  }
  return {
    lease: BigInt(lease),
    provider: getAddress(provider),
    scope,
    scopes: scope.split(' ') as AccessScope[],
    expiresAt: expiry,
    signature,
  }
}
