import { type Address, recoverTypedDataAddress } from 'viem'
import { AccessTokenError } from '../errors/AccessTokenError.js'
import { type AccessToken, accessTokenTypedDataDomain, accessTokenTypes } from './accessTokenTypes.js'
import { decodeAccessToken } from './decodeAccessToken.js'

/** Parameters of {@link recoverAccessTokenSigner}. */
export type RecoverAccessTokenSignerParameters = {
  /** The token, in wire form or decoded. */
  token: string | AccessToken
  /** The chain the Marketplace is on. */
  chainId: number
  /** The Marketplace contract (the EIP-712 verifying contract). */
  marketplace: Address
}

/**
 * Recovers who signed an access token. Checks nothing else: see {@link verifyAccessToken}.
 * @param parameters The token, chain and Marketplace.
 * @returns The signer's address.
 * @throws {AccessTokenError} `malformed` when the token does not decode, `bad_signature` when the
 *   signature does not recover (both status 401).
 */
export async function recoverAccessTokenSigner(
  parameters: RecoverAccessTokenSignerParameters,
): Promise<Address> {
  const token = typeof parameters.token === 'string' ? decodeAccessToken(parameters.token) : parameters.token
  try {
    return await recoverTypedDataAddress({
      domain: accessTokenTypedDataDomain(parameters),
      types: accessTokenTypes,
      primaryType: 'Access',
      message: {
        lease: token.lease,
        provider: token.provider,
        scope: token.scope,
        expiresAt: token.expiresAt,
      },
      signature: token.signature,
    })
  } catch (error) {
    throw new AccessTokenError(
      'bad_signature',
      'The access token signature does not recover a signer.',
      error,
    )
  }
}
