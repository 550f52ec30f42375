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
    ProviderGone
}

/// @notice A lease as stored: two slots.
/// @dev Escrow is kept in seconds, not amounts: the deposit buys `fundedUntil − start` seconds at
///      `pricePerSecond` (a deposit is always a whole number of seconds), the provider has been paid up
///      to `paidUntil`, and the escrow holds `pricePerSecond × (fundedUntil − paidUntil)` for the lease.
///      Accrued and unpaid = `pricePerSecond × (min(now, fundedUntil) − paidUntil)`. Closing cuts
///      `fundedUntil` to the close time and refunds the rest. Timestamps are uint32 (good to 2106).
struct Lease {
    address consumer;
    uint80 pricePerSecond;
    MarketId market;
    address provider;
    uint32 paidUntil;
    uint32 fundedUntil;
    LeaseState state;
    CloseReason closeReason;
    Tier tier;
}
