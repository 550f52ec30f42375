import type { Account, Address, Chain, Client, Transport } from 'viem'
import { maxUint64 } from 'viem'
import { signTypedData } from 'viem/actions'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { ReadErrorType } from '../errors/types.js'
import { toBase64Url } from '../internal/base64url.js'
import { guard } from '../internal/guard.js'
import {
  type AccessScope,
  accessScopes,
  accessTokenTypedDataDomain,
  accessTokenTypes,
} from './accessTokenTypes.js'

/** Parameters of {@link signAccessToken}. */
export type SignAccessTokenParameters = {
  /** The Marketplace contract (the EIP-712 verifying contract). */
  marketplace: Address
  /** The chain; default: the client's chain. */
  chainId?: number | undefined
  /** The lease the token grants access to. */
  lease: bigint
  /** The provider the token is for (it cannot be replayed to another). */
  provider: Address
  /** What the token grants: a list of scopes, or `'all'`. */
  scope: readonly AccessScope[] | 'all'
  /** Unix time (seconds) after which the token is void; providers refuse more than 7 days ahead. */
  expiresAt: bigint | number
}

/** What {@link signAccessToken} returns: the token in wire form. */
export type SignAccessTokenReturnType = string

/** What {@link signAccessToken} can throw. */
export type SignAccessTokenErrorType = InvalidParameterError | ReadErrorType

/**
 * Signs an access token for the provider API (EIP-712, see docs/provider-api.md) with the lease
 * consumer's account. Off chain: no transaction, no chain access.
 *
 * @example
 * const token = await signAccessToken(walletClient, { marketplace, lease: 7n, provider, scope: ['status', 'logs'], expiresAt: now + 3600 })
 * await fetch(`${endpoint}/v1/leases/7`, { headers: { authorization: `Hearth ${token}` } })
 *
 * @param client A client with the consumer's account.
 * @param parameters Lease, provider, scope and expiry.
 * @returns The wire token: `base64url(JSON.stringify({ lease, provider, scope, expiresAt, signature }))`.
 * @throws {InvalidParameterError} when the chain is unknown, the scope empty or the numbers out of range.
 */
export async function signAccessToken(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: SignAccessTokenParameters,
): Promise<SignAccessTokenReturnType> {
  const chainId = parameters.chainId ?? client.chain?.id
  if (chainId === undefined)
    throw new InvalidParameterError('chainId', 'is required when the client has no chain')
  const { lease, provider, marketplace } = parameters
  if (lease < 0n) throw new InvalidParameterError('lease', 'must not be negative')
  const expiresAt = BigInt(parameters.expiresAt)
  if (expiresAt <= 0n || expiresAt > BigInt(Number.MAX_SAFE_INTEGER) || expiresAt > maxUint64) {
    throw new InvalidParameterError('expiresAt', 'must be a Unix time in seconds')
  }
  const scopes = parameters.scope === 'all' ? ['all'] : [...new Set(parameters.scope)]
  if (scopes.length === 0) throw new InvalidParameterError('scope', 'must name at least one scope')
  const unknown = scopes.find((scope) => !(accessScopes as readonly string[]).includes(scope))
  if (unknown !== undefined) throw new InvalidParameterError('scope', `"${unknown}" is not a scope`)
  const scope = scopes.join(' ')
  const signature = await guard('signTypedData', () =>
    signTypedData(client, {
      account: client.account,
      domain: accessTokenTypedDataDomain({ chainId, marketplace }),
      types: accessTokenTypes,
      primaryType: 'Access',
      message: { lease, provider, scope, expiresAt },
    }),
  )
  return toBase64Url(
    JSON.stringify({ lease: lease.toString(), provider, scope, expiresAt: Number(expiresAt), signature }),
  )
}
