// Every contract type the SDK uses, inferred from the generated ABIs (never copied by hand), so that a
// regenerated ABI flows through to callers.
import type { auctionsAbi, marketLensAbi, marketplaceAbi, providerRegistryAbi } from '@hearth/abi'
import type { ContractFunctionArgs, ContractFunctionReturnType } from 'viem'

/** Identifies a market (`MarketId` in Solidity). */
export type MarketId = ContractFunctionArgs<typeof marketplaceAbi, 'view', 'getMarket'>[0]

/** Identifies a lease (`LeaseId` in Solidity). */
export type LeaseId = ContractFunctionArgs<typeof marketplaceAbi, 'view', 'getLease'>[0]

/** Identifies a cluster of leases opened together (`ClusterId` in Solidity). */
export type ClusterId = ContractFunctionArgs<typeof marketplaceAbi, 'view', 'getCluster'>[0]

/** Identifies a reverse-auction order (`OrderId` in Solidity). */
export type OrderId = ContractFunctionArgs<typeof auctionsAbi, 'view', 'getOrder'>[0]

/** A lease as `Marketplace.getLease` returns it. */
export type Lease = ContractFunctionReturnType<typeof marketplaceAbi, 'view', 'getLease'>

/** A market as `Marketplace.getMarket` returns it: its configuration and live state. */
export type Market = ContractFunctionReturnType<typeof marketplaceAbi, 'view', 'getMarket'>

/** A market's configuration (`MarketConfig`), as `Marketplace.createMarket` takes it. */
export type MarketConfig = ContractFunctionArgs<typeof marketplaceAbi, 'nonpayable', 'createMarket'>[0]

/** Arguments of `Marketplace.openLease` (`OpenLeaseParams`). */
export type OpenLeaseArgs = ContractFunctionArgs<typeof marketplaceAbi, 'nonpayable', 'openLease'>[0]

/** Arguments of `Marketplace.openCluster` (`OpenClusterParams`). */
export type OpenClusterArgs = ContractFunctionArgs<typeof marketplaceAbi, 'nonpayable', 'openCluster'>[0]

/** Placement requirements of a take, a cluster or an order (`Placement`); zero fields mean "any". */
export type Placement = OpenLeaseArgs['placement']

/** A service tier (`enum Tier`): see the `Tier` constant for names. */
export type TierValue = OpenLeaseArgs['tier']

/** Hardware a provider declares (`Hardware`). */
export type Hardware = ContractFunctionArgs<typeof providerRegistryAbi, 'nonpayable', 'register'>[0]

/** A provider's record as `ProviderRegistry.getProvider` returns it. */
export type Provider = ContractFunctionReturnType<typeof providerRegistryAbi, 'view', 'getProvider'>

/** Arguments of `Auctions.createOrder` (`CreateOrderParams`). */
export type CreateOrderArgs = ContractFunctionArgs<typeof auctionsAbi, 'nonpayable', 'createOrder'>[0]

/** A reverse-auction order as `Auctions.getOrder` returns it. */
export type Order = ContractFunctionReturnType<typeof auctionsAbi, 'view', 'getOrder'>

/** An on-chain bid as `Auctions.getBids` returns it. */
export type Bid = ContractFunctionReturnType<typeof auctionsAbi, 'view', 'getBids'>[number]

/** A bid signed off-chain (`SignedBid`), as `Auctions.acceptSignedBid` takes it. */
export type SignedBidMessage = ContractFunctionArgs<typeof auctionsAbi, 'nonpayable', 'acceptSignedBid'>[0]

/** A queued provider as `MarketLens.getQueue` returns it, one entry per provider. */
export type QueueEntryView = {
  provider: ContractFunctionReturnType<typeof marketLensAbi, 'view', 'getQueue'>[0][number]
  slots: ContractFunctionReturnType<typeof marketLensAbi, 'view', 'getQueue'>[1][number]
  reputation: ContractFunctionReturnType<typeof marketLensAbi, 'view', 'getQueue'>[2][number]
}
