import type { Address, Hex, TypedDataDomain } from 'viem'

/** What an access token lets its bearer do on the provider API; `all` covers every scope. */
export type AccessScope = 'spec' | 'status' | 'logs' | 'results' | 'ports' | 'all'

/** Every scope, in the order tokens list them. */
export const accessScopes = [
  'spec',
  'status',
  'logs',
  'results',
  'ports',
  'all',
] as const satisfies readonly AccessScope[]

/** EIP-712 domain name and version of provider API access tokens. */
export const accessTokenDomain = { name: 'Hearth Provider API', version: '1' } as const

/**
 * The EIP-712 types of an access token (docs/provider-api.md):
 * `Access(uint256 lease,address provider,string scope,uint64 expiresAt)`.
 */
export const accessTokenTypes = {
  Access: [
    { name: 'lease', type: 'uint256' },
    { name: 'provider', type: 'address' },
    { name: 'scope', type: 'string' },
    { name: 'expiresAt', type: 'uint64' },
  ],
} as const

/**
 * The EIP-712 domain access tokens are signed under.
 * @param parameters The chain and the Marketplace contract (the verifying contract).
 */
export function accessTokenTypedDataDomain(parameters: {
  chainId: number
  marketplace: Address
}): TypedDataDomain {
  return { ...accessTokenDomain, chainId: parameters.chainId, verifyingContract: parameters.marketplace }
}

/** A decoded access token. */
export type AccessToken = {
  /** The lease it grants access to. */
  lease: bigint
  /** The one provider it is meant for. */
  provider: Address
  /** What it grants, as signed: scope names separated by single spaces, e.g. `status logs`. */
  scope: string
  /** `scope` as a list. */
  scopes: readonly AccessScope[]
  /** Unix time (seconds) after which it is void. */
  expiresAt: bigint
  /** The consumer's EIP-712 signature. */
  signature: Hex
}
