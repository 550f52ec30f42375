import { providerRegistryAbi } from '@hearth/abi'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  encodeFunctionData,
  type Hash,
  type Transport,
} from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type ApprovalMode, ensureAllowance } from '../internal/ensureAllowance.js'
import { findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { Hardware } from '../types.js'
import { getRequiredStake } from './getRequiredStake.js'

/** Parameters of {@link registerProvider}. */
export type RegisterProviderParameters = {
  deployment: HearthDeployment
  /** The machine's hardware, as the agent detected and benchmarked it. */
  hardware: Hardware
  /** Where consumers reach the provider API, e.g. `https://gpu1.example.org:8443`. */
  endpoint: string
  /** HEAT to stake, in base units; default: exactly what the hardware's class requires. */
  stake?: bigint | undefined
  /** How to allow the registry to pull the stake (default `exact`). */
  approval?: ApprovalMode | undefined
}

/** What {@link registerProvider} returns. */
export type RegisterProviderReturnType = TransactionResult & {
  /** The registered provider (the client's account). */
  provider: Address
  /** HEAT staked. */
  stake: bigint
  /** The approve or permit transaction sent first, if any. */
  approvalHash: Hash | undefined
}

/** What {@link registerProvider} can throw. */
export type RegisterProviderErrorType = WriteErrorType

/**
 * Registers the client's account as a provider with its hardware and endpoint, staking HEAT (approving
 * or permitting the registry to pull it first when needed).
 *
 * @param client A client with the provider's account.
 * @param parameters Hardware, endpoint, stake and approval mode.
 * @returns The stake and the transaction.
 * @throws {ContractRevertError} e.g. `HardwareBelowMinimum`, `StakeBelowRequired`, `ProviderAlreadyRegistered`.
 */
export async function registerProvider(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: RegisterProviderParameters,
): Promise<RegisterProviderReturnType> {
  const { deployment, hardware, endpoint, approval } = parameters
  assertChain(client, deployment)
  const stake = parameters.stake ?? (await getRequiredStake(client, { deployment, hardware }))
  const approvalHash = await ensureAllowance(client, {
    token: deployment.contracts.hearthToken,
    spender: deployment.contracts.providerRegistry,
    amount: stake,
    mode: approval,
  })
  const result = await sendHearthTransaction(client, {
    to: deployment.contracts.providerRegistry,
    data: encodeFunctionData({
      abi: providerRegistryAbi,
      functionName: 'register',
      args: [hardware, endpoint, stake],
    }),
    operation: 'ProviderRegistry.register',
  })
  const event = findEvent(result.receipt, {
    abi: providerRegistryAbi,
    eventName: 'ProviderRegistered',
    address: deployment.contracts.providerRegistry,
  })
  return { ...result, provider: event.args.provider, stake: event.args.stake, approvalHash }
}
