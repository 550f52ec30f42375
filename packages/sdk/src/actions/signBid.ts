import { auctionsAbi } from '@hearth/abi'
import type { Account, Chain, Client, Hex, Transport, TypedDataDomain } from 'viem'
import { getBlock, signTypedData } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { ReadErrorType } from '../errors/types.js'
import { guard } from '../internal/guard.js'
import type { OrderId, SignedBidMessage } from '../types.js'

/** EIP-712 domain name and version of the Auctions contract (its `EIP712("Hearth Auctions", "1")`). */
export const auctionsDomain = { name: 'Hearth Auctions', version: '1' } as const

type AcceptSignedBidItem = Extract<
  (typeof auctionsAbi)[number],
  { type: 'function'; name: 'acceptSignedBid' }
>

/**
 * The EIP-712 types of a bid: `Bid(uint256 order,address provider,uint256 pricePerSecond,uint256 deadline)`,
 * read from the `SignedBid` struct that `acceptSignedBid` takes in the ABI.
 */
export const bidTypes = {
  Bid: (
    auctionsAbi.find(
      (item): item is AcceptSignedBidItem => item.type === 'function' && item.name === 'acceptSignedBid',
    )?.inputs[0].components ?? []
  ).map(({ name, type }) => ({ name, type })),
}

/**
 * The EIP-712 domain bids are signed under on `deployment`'s chain.
 * @param deployment The deployment.
 */
export function bidDomain(deployment: HearthDeployment): TypedDataDomain {
  return { ...auctionsDomain, chainId: deployment.chainId, verifyingContract: deployment.contracts.auctions }
}

/** A bid signed by a provider, ready for the consumer to submit with `acceptSignedBid`. */
export type SignedBid = {
  bid: SignedBidMessage
  /** The provider's EIP-712 signature over `bid`. */
  signature: Hex
}

/** Parameters of {@link signBid}. */
export type SignBidParameters = {
  deployment: HearthDeployment
  orderId: OrderId
  pricePerSecond: bigint
  /** Unix time after which the bid is void; default: one hour after the latest block. */
  deadline?: bigint | undefined
}

/** What {@link signBid} returns. */
export type SignBidReturnType = SignedBid

/** What {@link signBid} can throw. */
export type SignBidErrorType = ReadErrorType | InvalidParameterError

/**
 * Signs a bid off chain (EIP-712): the provider sends no transaction (it may sit behind NAT, without
 * gas money); the consumer submits the signed bid with {@link acceptSignedBid}. No chain access is
 * needed when `deadline` is given.
 *
 * @param client A client with the provider's account (any account that signs typed data).
 * @param parameters Order, price and deadline.
 * @returns The bid and its signature.
 */
export async function signBid(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: SignBidParameters,
): Promise<SignBidReturnType> {
  const { deployment, orderId, pricePerSecond } = parameters
  if (pricePerSecond <= 0n) throw new InvalidParameterError('pricePerSecond', 'must be positive')
  const deadline = parameters.deadline ?? (await guard('getBlock', () => getBlock(client))).timestamp + 3600n
  const bid: SignedBidMessage = { order: orderId, provider: client.account.address, pricePerSecond, deadline }
  const signature = await guard('signTypedData', () =>
    signTypedData(client, {
      account: client.account,
      domain: bidDomain(deployment),
      types: bidTypes,
      primaryType: 'Bid',
      message: bid,
    }),
  )
  return { bid, signature }
}
