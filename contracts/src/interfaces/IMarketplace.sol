// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClusterId, LeaseId, MarketId, OrderId} from "../types/Ids.sol";
import {CloseReason, Lease, LeaseState} from "../types/Lease.sol";
import {
    Market,
    MarketConfig,
    OpenClusterParams,
    OpenLeaseParams,
    QueueEntry,
    Tier,
    TierParams
} from "../types/Market.sol";
import {IOwnedParameters} from "./IOwnedParameters.sol";

/// @title Marketplace: markets, leases and escrow
/// @notice One market per GPU class, each with a reference price per second that follows utilization
///         every epoch (EIP-1559 style, within bounds) and a queue of idle providers ordered by
///         reputation. A consumer who takes the reference price is matched in the same transaction.
///         Leases lock a deposit in escrow and stream payment per second, settled lazily; the provider
///         withdraws what has accrued (less the protocol fee), the consumer tops up or closes and gets
///         the rest back. Only the hash of the job spec is on chain.
interface IMarketplace is IOwnedParameters {
    // ---------------------------------------------------------------- events

    /// @notice A market was created.
    event MarketCreated(MarketId indexed market, MarketConfig config);
    /// @notice A market's configuration changed (the reference price is kept within the new bounds).
    event MarketConfigUpdated(MarketId indexed market, MarketConfig config);
    /// @notice A market was paused or unpaused: a paused market opens no lease and queues no one.
    event MarketPauseChanged(MarketId indexed market, bool paused);
    /// @notice A market's reference price moved at an epoch boundary.
    event ReferencePriceUpdated(
        MarketId indexed market, uint256 oldPricePerSecond, uint256 newPricePerSecond, uint256 utilizationBps
    );
    /// @notice A token was added to or removed from the payment allow-list.
    event PaymentTokenAllowed(address indexed token, bool allowed);
    /// @notice A tier's multiplier or threshold changed.
    event TierParamsChanged(Tier indexed tier, TierParams params);
    /// @notice A provider joined a market's queue with `slots` leases to offer.
    event ProviderQueued(MarketId indexed market, address indexed provider, uint16 slots, uint32 reputation);
    /// @notice A provider left a market's queue (by itself, or because its last slot was taken).
    event ProviderDequeued(MarketId indexed market, address indexed provider);
    /// @notice A lease opened. `order` is zero for a market take; `cluster` zero outside a cluster.
    event LeaseOpened(
        LeaseId indexed lease,
        address indexed consumer,
        address indexed provider,
        MarketId market,
        Tier tier,
        uint256 pricePerSecond,
        uint256 deposit,
        bytes32 specHash,
        OrderId order,
        ClusterId cluster
    );
    /// @notice A lease's deposit grew.
    event LeaseToppedUp(LeaseId indexed lease, address indexed from, uint256 amount, uint256 deposit);
    /// @notice Accrued payment left the lease: `amount` to the provider and `fee` to the protocol.
    event LeaseWithdrawn(LeaseId indexed lease, address indexed provider, uint256 amount, uint256 fee);
    /// @notice A lease closed at `endedAt` (payment stopped then); `refund` went back to the consumer.
    ///         `resultHash` is the content hash of the result when the job finished, zero otherwise.
    event LeaseClosed(
        LeaseId indexed lease,
        address indexed closedBy,
        CloseReason reason,
        uint256 endedAt,
        uint256 refund,
        bytes32 resultHash
    );
    /// @notice Several leases opened together as one cluster.
    event ClusterOpened(
        ClusterId indexed cluster, address indexed consumer, MarketId market, LeaseId[] leases
    );
    /// @notice `account` got the account id `id`, by which leases name their consumer and provider.
    event AccountRegistered(address indexed account, uint32 indexed id);
    /// @notice Protocol fees left escrow: `burned` was burned (HEAT only), `toTreasury` sent to the treasury.
    event FeesSwept(address indexed token, uint256 burned, uint256 toTreasury);

    // ---------------------------------------------------------------- errors

    error MarketNotFound(MarketId market);
    error MarketIsPaused(MarketId market);
    /// @notice Price bounds must satisfy 0 < min ≤ reference ≤ max.
    error MarketPriceBoundsInvalid(
        uint256 minPricePerSecond, uint256 referencePricePerSecond, uint256 maxPricePerSecond
    );
    error MarketTargetUtilizationInvalid(uint256 targetUtilizationBps);
    error PaymentTokenNotAllowed(address token);
    error ProviderNotEligible(address provider);
    /// @notice The provider's hardware does not fit the market (model, VRAM or GPU count).
    error ProviderHardwareUnfit(address provider, bytes32 gpuModel, uint32 vramMiB, uint16 gpuCount);
    /// @notice The provider asked for more slots than its hardware offers in this market.
    error QueueSlotsInvalid(uint16 slots, uint16 maxSlots);
    error ProviderAlreadyQueued(address provider, MarketId market);
    error ProviderNotQueued(address provider);
    /// @notice The queue position hint is not where the provider belongs.
    error QueueHintInvalid(address hint);
    /// @notice No waiting provider meets the tier and placement (`scanned` queue entries were looked at).
    error NoProviderAvailable(MarketId market, Tier tier, uint256 scanned);
    /// @notice Fewer providers than asked meet the cluster's requirements (all or none).
    error ClusterUnfilled(MarketId market, uint256 found, uint256 wanted);
    error ClusterSizeInvalid(uint256 members, uint256 maxMembers);
    error PriceAboveMax(uint256 pricePerSecond, uint256 maxPricePerSecond);
    /// @notice The deposit does not cover the minimum lease duration at this price.
    error DepositTooSmall(uint256 deposit, uint256 minimum);
    /// @notice An auction lease's deposit is not a whole number of seconds at its price.
    error DepositNotWholeSeconds(uint256 deposit, uint256 pricePerSecond);
    error AmountTooLarge(uint256 amount, uint256 max);
    error AmountZero();
    error LeaseNotFound(LeaseId lease);
    error LeaseNotActive(LeaseId lease, LeaseState state);
    /// @notice The lease has run out of funds: it can only be closed.
    error LeaseOutOfFunds(LeaseId lease, uint256 deposit);
    /// @notice Only the consumer or the provider may close a lease that still has funds.
    error CallerNotLeaseParty(LeaseId lease, address caller);
    error CallerNotProvider(LeaseId lease, address caller);
    error NothingToWithdraw(LeaseId lease);
    /// @notice `withdrawMany` was given leases paid in different tokens.
    error PaymentTokenMismatch(address token, address expected);
    /// @notice A provider can only be evicted from the queue once it is no longer eligible, or its
    ///         hardware no longer offers the slots it queued with.
    error ProviderStillEligible(address provider);
    error CloseReasonInvalid(CloseReason reason);
    error CallerNotAuthorized(address caller, bytes32 role);
    error TierParamsInvalid(Tier tier, uint256 multiplierBps);

    // ---------------------------------------------------------------- markets and queues

    /// @notice Creates a market. Owner only.
    function createMarket(MarketConfig calldata config) external returns (MarketId market);

    /// @notice Replaces a market's configuration (its token and GPU class stay). Owner only.
    function updateMarket(MarketId market, MarketConfig calldata config) external;

    /// @notice Pauses or unpauses a market. Owner only.
    function setMarketPaused(MarketId market, bool paused) external;

    /// @notice Applies the epoch price updates due on `market` (anyone; also done by every take).
    function pokeMarket(MarketId market) external returns (uint256 referencePricePerSecond);

    /// @notice Joins `market`'s queue of idle providers, offering `slots` leases.
    /// @param prevHint The queued provider the caller belongs after (zero for the head); compute it
    ///        off-chain with `queuePosition`. A wrong hint reverts with `QueueHintInvalid`.
    function joinQueue(MarketId market, uint16 slots, address prevHint) external;

    /// @notice Leaves the queue the caller waits in. `prevHint` is the entry before it (zero if head);
    ///         compute it with `MarketLens.queuePrev`.
    function leaveQueue(address prevHint) external;

    /// @notice Removes a provider that is no longer eligible (unstaked, slashed) from its queue. Anyone.
    function evict(address provider, address prevHint) external;

    // ---------------------------------------------------------------- opening leases

    /// @notice Takes the market's reference price (× the tier multiplier) and is matched at once to the
    ///         best waiting provider meeting the tier and placement. Pulls the largest whole number of
    ///         seconds of funding that fits in `deposit` (never more than `deposit`) from the caller.
    function openLease(OpenLeaseParams calldata params) external returns (LeaseId lease);

    /// @notice Opens `members` leases at once across distinct providers meeting the placement, all or
    ///         none. Pulls up to `members × depositPerMember` from the caller (whole seconds each).
    function openCluster(OpenClusterParams calldata params)
        external
        returns (ClusterId cluster, LeaseId[] memory leases);

    /// @notice Opens a lease won in a reverse auction. Auctions contract only; it has already moved
    ///         `deposit` into this contract. Reverts with `MarketIsPaused` in a paused market, like every
    ///         other way to open a lease.
    function openAuctionLease(
        address consumer,
        address provider,
        MarketId market,
        uint256 pricePerSecond,
        uint256 deposit,
        bytes32 specHash,
        OrderId order
    ) external returns (LeaseId lease);

    // ---------------------------------------------------------------- running leases

    /// @notice Adds `amount` to a lease's deposit (anyone may pay; refunds go to the consumer).
    function topUp(LeaseId lease, uint256 amount) external;

    /// @notice Pays the provider what has accrued and not been withdrawn, less the protocol fee.
    function withdraw(LeaseId lease) external returns (uint256 amount);

    /// @notice `withdraw` for many leases of the caller's, paid in one transfer (all must share one
    ///         payment token; leases with nothing to pay are skipped).
    function withdrawMany(LeaseId[] calldata leases) external returns (uint256 total);

    /// @notice Closes a lease: by its consumer (`ByConsumer`), by its provider (`ByProvider`), or by
    ///         anyone once it is out of funds (`OutOfFunds`). Refunds the unaccrued deposit.
    function closeLease(LeaseId lease) external returns (uint256 refund);

    /// @notice The provider reports the job ended, with the result's content hash, and closes:
    ///         `JobFinished` (a success on its reputation) or, when the job itself failed (non-zero exit,
    ///         out of memory, timeout), `JobFailed` (neutral). The consumer pays for the time used.
    function finishLease(LeaseId lease, bytes32 resultHash, bool succeeded) external returns (uint256 refund);

    /// @notice A verifier closes a lease for `FailedVerification` or `ProviderGone`.
    function closeLeaseByVerifier(LeaseId lease, CloseReason reason) external returns (uint256 refund);

    /// @notice Sends accumulated fees in `token` to the treasury, burning `burnShareBps` of HEAT fees.
    ///         One base unit stays owed (it keeps the accumulator warm) and goes with the next sweep.
    function sweepFees(address token) external;

    // ---------------------------------------------------------------- views

    function getMarket(MarketId market) external view returns (Market memory);
    function marketCount() external view returns (uint256);
    function getLease(LeaseId lease) external view returns (Lease memory);
    function leaseCount() external view returns (uint256);
    /// @notice The address behind an account id (zero for an unknown id).
    function accountOf(uint32 id) external view returns (address);
    /// @notice The account id of `account`: assigned by its first lease or queue entry, zero before.
    function accountIdOf(address account) external view returns (uint32);
    /// @notice What `withdraw` would pay out now, gross (provider share + fee).
    function withdrawable(LeaseId lease) external view returns (uint256);
    /// @notice Escrow still held for the lease: unpaid accrual plus unused deposit.
    function escrowed(LeaseId lease) external view returns (uint256);
    /// @notice Whether the lease is active and its accrual has reached its deposit.
    function isOutOfFunds(LeaseId lease) external view returns (bool);
    /// @notice The price per second a take in `market` at `tier` pays now (pending epoch updates applied).
    function quotePrice(MarketId market, Tier tier) external view returns (uint256 pricePerSecond);
    /// @notice A provider's queue entry (all zero when it waits nowhere). Walk a queue from
    ///         `getMarket(m).head` along `next`; {MarketLens} does it for you.
    function getQueueEntry(address provider) external view returns (QueueEntry memory);
    function getCluster(ClusterId cluster) external view returns (LeaseId[] memory leases);
    function tierParams(Tier tier) external view returns (TierParams memory);
    function isPaymentToken(address token) external view returns (bool);
    function feesOwed(address token) external view returns (uint256);
}
