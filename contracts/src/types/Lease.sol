// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketId} from "./Ids.sol";
import {Tier} from "./Market.sol";

/// @notice A lease's state. States only move forward: Active → Closed.
/// @dev "Out of funds" is not a stored state: an active lease whose funding has run out
///      (`block.timestamp ≥ fundedUntil`) stops accruing, and anyone may close it.
enum LeaseState {
    None,
    Active,
    Closed
}

/// @notice Why a lease closed.
enum CloseReason {
    None,
    ByConsumer,
    ByProvider,
    JobFinished,
    OutOfFunds,
    FailedVerification,
    ProviderGone,
    /// The job ended badly on its own (non-zero exit, out of memory, timeout): reported by the provider,
    /// neither a success nor a failure on its reputation.
    JobFailed
}

/// @notice A lease as `IMarketplace.getLease` returns it.
/// @dev Escrow is kept in seconds, not amounts: the deposit buys `fundedUntil − start` seconds at
///      `pricePerSecond` (a deposit is always a whole number of seconds), the provider has been paid up
///      to `paidUntil`, and the escrow holds `pricePerSecond × (fundedUntil − paidUntil)` for the lease.
///      Accrued and unpaid = `pricePerSecond × (min(now, fundedUntil) − paidUntil)`. Closing cuts
///      `fundedUntil` to the close time and refunds the rest. The protocol fee in force when the lease
///      opened (`feeBps`) applies for its whole life: governance cannot change a running lease's terms.
struct Lease {
    address consumer;
    address provider;
    MarketId market;
    Tier tier;
    LeaseState state;
    CloseReason closeReason;
    uint16 feeBps;
    uint256 pricePerSecond;
    uint32 paidUntil;
    uint32 fundedUntil;
}

/// @notice A lease as stored: one slot, so that opening a lease writes a single fresh slot.
/// @dev Parties are account ids (see `IMarketplace.accountOf`), not addresses: two addresses take 320
///      bits. Prices fit 72 bits (4.7e21 base units per second); timestamps are uint32 (good to 2106).
struct PackedLease {
    uint32 consumer;
    uint32 provider;
    MarketId market;
    Tier tier;
    LeaseState state;
    CloseReason closeReason;
    uint16 feeBps;
    uint72 pricePerSecond;
    uint32 paidUntil;
    uint32 fundedUntil;
}
