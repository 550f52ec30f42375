import { type Address, isAddressEqual } from 'viem'
import { AccessTokenError } from '../errors/AccessTokenError.js'
import type { AccessScope } from './accessTokenTypes.js'
import { decodeAccessToken } from './decodeAccessToken.js'
import { recoverAccessTokenSigner } from './recoverAccessTokenSigner.js'

/** Longest a token may still be valid for: 7 days. */
const maxLifetimeSeconds = 7n * 24n * 3600n

/** Parameters of {@link verifyAccessToken}. */
export type VerifyAccessTokenParameters = {
  /** The token as received (wire form); `undefined`, `null` or empty when the request had none. */
  token: string | null | undefined
  /** The chain the Marketplace is on. */
  chainId: number
  /** The Marketplace contract (the EIP-712 verifying contract). */
  marketplace: Address
  /** The provider checking the token: this agent's own address. */
  provider: Address
  /** The scope the route needs. */
  scope: AccessScope
  /** The current Unix time in seconds (passed in, so tests can pass their own clock). */
  now: number
  /** Reads the lease's consumer and provider (on chain); `undefined` when there is no such lease. */
  leaseConsumer: (lease: bigint) => Promise<{ consumer: Address; provider: Address } | undefined>
}

/** What {@link verifyAccessToken} returns: the lease the request is about and who asks. */
export type VerifyAccessTokenReturnType = { lease: bigint; consumer: Address }

/** What {@link verifyAccessToken} can throw. */
export type VerifyAccessTokenErrorType = AccessTokenError

/**
 * Checks an access token the way a provider agent must before serving a request about a lease:
 * well formed, not expired, not valid more than 7 days ahead, signed, meant for this provider, for a
 * lease of this provider, signed by that lease's consumer, and covering the route's scope.
 *
 * @param parameters The token, who checks it, the scope needed, the time and a lease lookup.
 * @returns The lease and its consumer.
 * @throws {AccessTokenError} whose `status` is 401 (`missing`, `malformed`, `expired`,
 *   `expires_too_far`, `bad_signature`), 403 (`wrong_provider`, `lease_not_yours`, `not_consumer`,
 *   `scope`) or 404 (`unknown_lease`), with a message saying which. Errors thrown by
 *   `leaseConsumer` propagate unchanged.
 */
export async function verifyAccessToken(
  parameters: VerifyAccessTokenParameters,
): Promise<VerifyAccessTokenReturnType> {
  const { chainId, marketplace, provider, scope, now } = parameters
  if (parameters.token === undefined || parameters.token === null || parameters.token.trim() === '') {
    throw new AccessTokenError('missing', 'An access token is required (Authorization: Hearth <token>).')
  }
  const token = decodeAccessToken(parameters.token)
  const nowSeconds = BigInt(Math.floor(now))
  if (token.expiresAt <= nowSeconds) {
    throw new AccessTokenError('expired', `The access token expired ${nowSeconds - token.expiresAt} s ago.`)
  }
  if (token.expiresAt > nowSeconds + maxLifetimeSeconds) {
    throw new AccessTokenError(
      'expires_too_far',
      'The access token expires more than 7 days ahead; sign one that expires sooner.',
    )
  }
  const signer = await recoverAccessTokenSigner({ token, chainId, marketplace })
  if (!isAddressEqual(token.provider, provider)) {
    throw new AccessTokenError(
      'wrong_provider',
      `The access token is for provider ${token.provider}, not this provider (${provider}).`,
    )
  }
  const lease = await parameters.leaseConsumer(token.lease)
  if (lease === undefined) throw new AccessTokenError('unknown_lease', `Lease ${token.lease} does not exist.`)
  if (!isAddressEqual(lease.provider, provider)) {
    throw new AccessTokenError('lease_not_yours', `Lease ${token.lease} is not with this provider.`)
  }
  if (!isAddressEqual(signer, lease.consumer)) {
    throw new AccessTokenError(
      'not_consumer',
      `The access token is signed by ${signer}, not by lease ${token.lease}'s consumer.`,
    )
  }
  if (!token.scopes.includes('all') && !token.scopes.includes(scope)) {
    throw new AccessTokenError(
      'scope',
      `The access token's scope (${token.scope}) does not cover "${scope}".`,
    )
  }
  return { lease: token.lease, consumer: lease.consumer }
}
