// Entry point of @hearth/sdk: typed actions over the Hearth contracts, errors, deployment.
// Node-only helpers (a local anvil) live in `@hearth/sdk/node`.
// The generated ABIs, bytecode, error ABI and Solidity enums (`Tier`, `LeaseState`, …).
export * from '@hearth/abi'
export {
  type AccessScope,
  type AccessToken,
  accessScopes,
  accessTokenDomain,
  accessTokenTypedDataDomain,
  accessTokenTypes,
} from './access/accessTokenTypes.js'
export { decodeAccessToken } from './access/decodeAccessToken.js'
export {
  type RecoverAccessTokenSignerParameters,
  recoverAccessTokenSigner,
} from './access/recoverAccessTokenSigner.js'
export {
  type SignAccessTokenErrorType,
  type SignAccessTokenParameters,
  type SignAccessTokenReturnType,
  signAccessToken,
} from './access/signAccessToken.js'
export {
  type VerifyAccessTokenErrorType,
  type VerifyAccessTokenParameters,
  type VerifyAccessTokenReturnType,
  verifyAccessToken,
} from './access/verifyAccessToken.js'
export {
  type AcceptBidErrorType,
  type AcceptBidParameters,
  type AcceptBidReturnType,
  acceptBid,
} from './actions/acceptBid.js'
export {
  type AcceptOwnershipErrorType,
  type AcceptOwnershipParameters,
  type AcceptOwnershipReturnType,
  acceptOwnership,
} from './actions/acceptOwnership.js'
export {
  type AcceptSignedBidErrorType,
  type AcceptSignedBidParameters,
  type AcceptSignedBidReturnType,
  acceptSignedBid,
} from './actions/acceptSignedBid.js'
export {
  type CancelOrderErrorType,
  type CancelOrderParameters,
  type CancelOrderReturnType,
  cancelOrder,
} from './actions/cancelOrder.js'
export {
  type CloseLeaseErrorType,
  type CloseLeaseParameters,
  type CloseLeaseReturnType,
  closeLease,
} from './actions/closeLease.js'
export {
  type CreateOrderErrorType,
  type CreateOrderParameters,
  type CreateOrderReturnType,
  createOrder,
} from './actions/createOrder.js'
export {
  type DeployJobErrorType,
  type DeployJobParameters,
  type DeployJobReturnType,
  type DeployProgress,
  deployJob,
} from './actions/deployJob.js'
export {
  type FaucetErrorType,
  type FaucetParameters,
  type FaucetReturnType,
  faucet,
} from './actions/faucet.js'
export {
  type FinishLeaseErrorType,
  type FinishLeaseParameters,
  type FinishLeaseReturnType,
  finishLease,
} from './actions/finishLease.js'
export {
  type GetBidsErrorType,
  type GetBidsParameters,
  type GetBidsReturnType,
  getBids,
} from './actions/getBids.js'
export {
  type GetEscrowedErrorType,
  type GetEscrowedParameters,
  type GetEscrowedReturnType,
  getEscrowed,
} from './actions/getEscrowed.js'
export {
  type GetLeaseErrorType,
  type GetLeaseParameters,
  type GetLeaseReturnType,
  getLease,
} from './actions/getLease.js'
export {
  type GetLeaseClosedErrorType,
  type GetLeaseClosedParameters,
  type GetLeaseClosedReturnType,
  getLeaseClosed,
} from './actions/getLeaseClosed.js'
export {
  type GetLeaseOpenedErrorType,
  type GetLeaseOpenedParameters,
  type GetLeaseOpenedReturnType,
  getLeaseOpened,
} from './actions/getLeaseOpened.js'
export {
  type GetMarketErrorType,
  type GetMarketParameters,
  type GetMarketReturnType,
  getMarket,
} from './actions/getMarket.js'
export {
  type GetOrderErrorType,
  type GetOrderParameters,
  type GetOrderReturnType,
  getOrder,
} from './actions/getOrder.js'
export {
  type GetProviderErrorType,
  type GetProviderParameters,
  type GetProviderReturnType,
  getProvider,
} from './actions/getProvider.js'
export {
  type GetQueueErrorType,
  type GetQueueParameters,
  type GetQueueReturnType,
  getQueue,
} from './actions/getQueue.js'
export {
  type GetRequiredStakeErrorType,
  type GetRequiredStakeParameters,
  type GetRequiredStakeReturnType,
  getRequiredStake,
} from './actions/getRequiredStake.js'
export {
  type GetTokenBalanceErrorType,
  type GetTokenBalanceParameters,
  type GetTokenBalanceReturnType,
  getTokenBalance,
} from './actions/getTokenBalance.js'
export {
  type GetTokenInfoErrorType,
  type GetTokenInfoParameters,
  type GetTokenInfoReturnType,
  getTokenInfo,
} from './actions/getTokenInfo.js'
export {
  type GetWithdrawableErrorType,
  type GetWithdrawableParameters,
  type GetWithdrawableReturnType,
  getWithdrawable,
} from './actions/getWithdrawable.js'
export {
  type JoinQueueErrorType,
  type JoinQueueParameters,
  type JoinQueueReturnType,
  joinQueue,
} from './actions/joinQueue.js'
export {
  type LeaveQueueErrorType,
  type LeaveQueueParameters,
  type LeaveQueueReturnType,
  leaveQueue,
} from './actions/leaveQueue.js'
export {
  type ListLeasesErrorType,
  type ListLeasesParameters,
  type ListLeasesReturnType,
  listLeases,
} from './actions/listLeases.js'
export {
  type ListMarketsErrorType,
  type ListMarketsParameters,
  type ListMarketsReturnType,
  listMarkets,
} from './actions/listMarkets.js'
export {
  type ListedProvider,
  type ListProvidersErrorType,
  type ListProvidersParameters,
  type ListProvidersReturnType,
  listProviders,
} from './actions/listProviders.js'
export {
  type OpenClusterErrorType,
  type OpenClusterParameters,
  type OpenClusterReturnType,
  openCluster,
} from './actions/openCluster.js'
export {
  type OpenLeaseErrorType,
  type OpenLeaseParameters,
  type OpenLeaseReturnType,
  openLease,
} from './actions/openLease.js'
export {
  type PlaceBidErrorType,
  type PlaceBidParameters,
  type PlaceBidReturnType,
  placeBid,
} from './actions/placeBid.js'
export {
  type QuoteJobErrorType,
  type QuoteJobParameters,
  type QuoteJobReturnType,
  quoteJob,
} from './actions/quoteJob.js'
export {
  type QuotePriceErrorType,
  type QuotePriceParameters,
  type QuotePriceReturnType,
  quotePrice,
} from './actions/quotePrice.js'
export {
  type RegisterProviderErrorType,
  type RegisterProviderParameters,
  type RegisterProviderReturnType,
  registerProvider,
} from './actions/registerProvider.js'
export {
  type SelectMarketErrorType,
  type SelectMarketParameters,
  type SelectMarketReturnType,
  selectMarket,
} from './actions/selectMarket.js'
export {
  type SettleOrderErrorType,
  type SettleOrderParameters,
  type SettleOrderReturnType,
  settleOrder,
} from './actions/settleOrder.js'
export {
  auctionsDomain,
  bidDomain,
  bidTypes,
  type SignBidErrorType,
  type SignBidParameters,
  type SignBidReturnType,
  type SignedBid,
  signBid,
} from './actions/signBid.js'
export {
  type SignPermitErrorType,
  type SignPermitParameters,
  type SignPermitReturnType,
  signPermit,
} from './actions/signPermit.js'
export {
  type SweepFeesErrorType,
  type SweepFeesParameters,
  type SweepFeesReturnType,
  sweepFees,
} from './actions/sweepFees.js'
export { type TopUpErrorType, type TopUpParameters, type TopUpReturnType, topUp } from './actions/topUp.js'
export {
  type TransferTokenErrorType,
  type TransferTokenParameters,
  type TransferTokenReturnType,
  transferToken,
} from './actions/transferToken.js'
export {
  type WaitForTransactionErrorType,
  type WaitForTransactionParameters,
  type WaitForTransactionReturnType,
  waitForTransaction,
} from './actions/waitForTransaction.js'
export {
  type WithdrawErrorType,
  type WithdrawParameters,
  type WithdrawReturnType,
  withdraw,
} from './actions/withdraw.js'
export {
  type WithdrawManyErrorType,
  type WithdrawManyParameters,
  type WithdrawManyReturnType,
  withdrawMany,
} from './actions/withdrawMany.js'
export { type HearthPublicActions, hearthPublicActions } from './decorators/hearthPublicActions.js'
export { type HearthWalletActions, hearthWalletActions } from './decorators/hearthWalletActions.js'
export {
  type DeployedTokens,
  defaultMarkets,
  type MarketDefinition,
  type Stablecoin,
} from './deploy/defaultMarkets.js'
export {
  type DeployHearthErrorType,
  type DeployHearthParameters,
  type DeployHearthReturnType,
  deployHearth,
} from './deploy/deployHearth.js'
export {
  type DeployedMarket,
  type HearthDeployment,
  parseDeployment,
  serializeDeployment,
} from './deployment.js'
export { AccessTokenError, type AccessTokenErrorCode } from './errors/AccessTokenError.js'
export { BaseError, type BaseErrorParameters } from './errors/BaseError.js'
export { CanonicalJsonError } from './errors/CanonicalJsonError.js'
export { ChainMismatchError } from './errors/ChainMismatchError.js'
export {
  ContractRevertError,
  type ContractRevertErrorParameters,
  type HearthErrorArgs,
  type HearthErrorName,
  type HearthErrorNamedArgs,
  revertAbi,
} from './errors/ContractRevertError.js'
export { DeployFailedError } from './errors/DeployFailedError.js'
export { DeploymentParseError } from './errors/DeploymentParseError.js'
export { EventNotFoundError } from './errors/EventNotFoundError.js'
export { ImportError } from './errors/ImportError.js'
export { IndexerApiError } from './errors/IndexerApiError.js'
export { InsufficientBalanceError } from './errors/InsufficientBalanceError.js'
export { InvalidParameterError } from './errors/InvalidParameterError.js'
export { JobSpecError, type JobSpecIssue } from './errors/JobSpecError.js'
export { LeaseNotFoundError } from './errors/LeaseNotFoundError.js'
export { LeaseNotYoursError } from './errors/LeaseNotYoursError.js'
export { NoMarketError } from './errors/NoMarketError.js'
export { NoProviderError } from './errors/NoProviderError.js'
export { ProviderApiError } from './errors/ProviderApiError.js'
export { ProviderNotRegisteredError } from './errors/ProviderNotRegisteredError.js'
export { ProviderUnreachableError } from './errors/ProviderUnreachableError.js'
export { RequestFailedError } from './errors/RequestFailedError.js'
export { ResultsMismatchError } from './errors/ResultsMismatchError.js'
export { SpecHashMismatchError } from './errors/SpecHashMismatchError.js'
export { TransactionRevertedError } from './errors/TransactionRevertedError.js'
export { decodeRevert, type ErrorContext, toHearthError } from './errors/toHearthError.js'
export type { ReadErrorType, WriteErrorType } from './errors/types.js'
export { UnknownRevertError } from './errors/UnknownRevertError.js'
export {
  type ImportAkashSdlErrorType,
  type ImportAkashSdlOptions,
  importAkashSdl,
} from './import/importAkashSdl.js'
export {
  type ImportNosanaJobErrorType,
  type ImportNosanaJobOptions,
  importNosanaJob,
} from './import/importNosanaJob.js'
export type { ImportReturnType, ImportWarning } from './import/types.js'
export {
  type CreateIndexerClientParameters,
  createIndexerClient,
  type IndexerClient,
} from './indexer-api/createIndexerClient.js'
export * from './indexer-api/indexerApiSchemas.js'
export type { ApprovalMode } from './internal/ensureAllowance.js'
export type { EventArgs } from './internal/findEvents.js'
export type { OrderAcceptance } from './internal/orderAccepted.js'
export type { TransactionResult } from './internal/sendHearthTransaction.js'
export {
  type CreateProviderClientParameters,
  createProviderClient,
  type FollowLogsOptions,
  type ProviderClient,
  type PutSpecOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './provider-api/createProviderClient.js'
export type {
  LogRecord,
  LogsEnd,
  ProviderHealth,
  ProviderLeaseState,
  ProviderLeaseStatus,
  ResultManifest,
  ResultManifestFile,
} from './provider-api/providerApiTypes.js'
export {
  type FetchProviderInfoParameters,
  type FetchProviderInfoReturnType,
  fetchProviderInfo,
} from './quote/fetchProviderInfo.js'
export {
  type MatchOffersParameters,
  type MatchOffersReturnType,
  matchOffers,
  type QuoteCandidate,
  type QuoteMarket,
  type QuoteOffer,
  type QuoteReason,
} from './quote/matchOffers.js'
export { compareUtf8, type ResultEntry, resultsRoot } from './results/resultsRoot.js'
export { hashJobSpec } from './spec/hashJobSpec.js'
export { jobSpecJsonSchema } from './spec/jobSpecJsonSchema.js'
export { type JobSpec, type JobSpecInput, jobSpecSchema } from './spec/jobSpecSchema.js'
export { durationPattern, parseDuration } from './spec/parseDuration.js'
export { type ParseJobSpecReturnType, parseJobSpec } from './spec/parseJobSpec.js'
export { parseMaxPrice } from './spec/parseMaxPrice.js'
export { parseQuantity, quantityPattern } from './spec/parseQuantity.js'
export {
  type ParseJobSpecOptions,
  type SafeParseJobSpecReturnType,
  safeParseJobSpec,
} from './spec/safeParseJobSpec.js'
export { type StringifyJobSpecOptions, stringifyJobSpec } from './spec/stringifyJobSpec.js'
export type * from './types.js'
export { anyPlacement } from './utils/anyPlacement.js'
export { fromBytes32String, toBytes32String } from './utils/bytes32.js'
export { canonicalJson } from './utils/canonicalJson.js'
export {
  type ComplianceTagName,
  complianceTagBit,
  complianceTagNames,
  complianceTags,
} from './utils/complianceTags.js'
export { formatBytes } from './utils/formatBytes.js'
export { formatTokenAmount } from './utils/formatTokenAmount.js'
export { gpuModelMatches } from './utils/gpuModelMatches.js'
export { normalizeGpuModel } from './utils/normalizeGpuModel.js'
