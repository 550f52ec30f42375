// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketId} from "./Ids.sol";

/// @notice Service tiers (Render): a higher tier costs a multiple of the reference price and only
///         matches providers above a reputation threshold.
enum Tier {
    Economy,
    Priority,
    Trusted
}

/// @notice A market's configuration, set by the owner.
/// @dev Prices are per second in the payment token's base units.
struct MarketConfig {
    /// GPU model this market trades (e.g. "rtx-4090"); zero accepts any GPU, see `cpuOnly`.
    bytes32 gpuModel;
    /// ERC-20 the market is paid in: HEAT or an allow-listed token.
    address token;
    /// Minimum VRAM per GPU a provider needs to join.
    uint32 minVramMiB;
    /// GPUs one lease rents (a provider offers gpuCount / gpusPerLease slots at most). 0 = CPU-only market.
    uint16 gpusPerLease;
    /// Utilization the reference price steers toward, in basis points.
    uint16 targetUtilizationBps;
    uint72 referencePricePerSecond;
    uint72 minPricePerSecond;
    uint72 maxPricePerSecond;
}

/// @notice A market as stored: its configuration plus the live state the marketplace keeps.
struct Market {
    MarketConfig config;
    bool paused;
    /// Best waiting provider (queue head), zero when none waits.
    address head;
    /// Leases taken from the queue in the current epoch (the demand side of utilization).
    uint32 takesThisEpoch;
    /// Slots offered by waiting providers (the supply side).
    uint32 idleSlots;
    uint32 epochStartedAt;
}

/// @notice Placement requirements a consumer can add to a take, a cluster or an order.
///         Zero fields mean "any".
struct Placement {
    bytes32 region;
    /// Every bit set here must be set in the provider's compliance tags.
    uint64 complianceTags;
    /// Connectivity: minimum declared bandwidth.
    uint32 minBandwidthMbps;
    /// Minimum reputation (raw points: `REPUTATION_UNIT` = 1000 per job done) on top of the tier's own threshold.
    uint32 minReputation;
}

/// @notice Price multiplier and reputation threshold of a tier.
struct TierParams {
    uint32 multiplierBps;
    uint32 minReputation;
}

/// @notice Arguments of `IMarketplace.openLease`.
struct OpenLeaseParams {
    MarketId market;
    Tier tier;
    /// Slippage guard: the reference price × tier multiplier may not exceed this.
    uint256 maxPricePerSecond;
    uint256 deposit;
    bytes32 specHash;
    Placement placement;
}

/// @notice Arguments of `IMarketplace.openCluster`.
struct OpenClusterParams {
    MarketId market;
    Tier tier;
    uint16 members;
    uint256 maxPricePerSecond;
    uint256 depositPerMember;
    bytes32 specHash;
    Placement placement;
}

/// @notice A provider's place in a market queue: one slot. Queues are singly linked, ordered by the
///         reputation cached here at join time (descending, first come first served among equals).
struct QueueEntry {
    address next;
    uint16 slots;
    uint32 reputation;
    MarketId market;
    /// The provider's account id (see `IMarketplace.accountOf`), copied into the leases it takes.
    uint32 account;
}
