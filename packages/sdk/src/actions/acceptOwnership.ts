import { marketplaceAbi } from '@hearth/abi'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  encodeFunctionData,
  type Hash,
  isAddressEqual,
  type Transport,
} from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import { sendHearthTransaction } from '../internal/sendHearthTransaction.js'

/** Parameters of {@link acceptOwnership}. */
export type AcceptOwnershipParameters = {
  deployment: HearthDeployment
}

/** What {@link acceptOwnership} returns. */
export type AcceptOwnershipReturnType = {
  /** One accepted transfer per contract whose pending owner was the client's account. */
  accepted: { contract: Address; hash: Hash }[]
}

/** What {@link acceptOwnership} can throw. */
export type AcceptOwnershipErrorType = WriteErrorType

/**
 * Completes an Ownable2Step handover (see `deployHearth`'s `owner`): accepts ownership of the
 * registry, the marketplace and the auctions contract wherever the client's account is the pending
 * owner. A timelock does the same through a governance proposal.
 *
 * @param client A client with the new owner's account.
 * @param parameters The deployment.
 * @returns The contracts whose ownership was accepted.
 */
export async function acceptOwnership(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: AcceptOwnershipParameters,
): Promise<AcceptOwnershipReturnType> {
  const { deployment } = parameters
  assertChain(client, deployment)
  const { providerRegistry, marketplace, auctions } = deployment.contracts
  const accepted: AcceptOwnershipReturnType['accepted'] = []
  // Ownable2Step's functions are the same on all three contracts.
  for (const contract of [providerRegistry, marketplace, auctions]) {
    const pending = await guard('Ownable2Step.pendingOwner', () =>
      readContract(client, { abi: marketplaceAbi, address: contract, functionName: 'pendingOwner' }),
    )
    if (!isAddressEqual(pending, client.account.address)) continue
    const { hash } = await sendHearthTransaction(client, {
      to: contract,
      data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'acceptOwnership' }),
      operation: 'Ownable2Step.acceptOwnership',
    })
    accepted.push({ contract, hash })
  }
  return { accepted }
}
