// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketId} from "./Ids.sol";
import {Placement} from "./Market.sol";

/// @notice An order's state. States only move forward: Open → Accepted | Cancelled.
enum OrderState {
    None,
    Open,
    Accepted,
    Cancelled
}

/// @notice Arguments of `IAuctions.createOrder`.
struct CreateOrderParams {
    /// The market gives the GPU class and the payment token; its reference price is ignored.
    MarketId market;
    uint256 maxPricePerSecond;
    uint256 durationSeconds;
    /// How long providers may bid.
    uint256 biddingSeconds;
    bytes32 specHash;
    Placement placement;
}

/// @notice A reverse-auction order as stored.
struct Order {
    address consumer;
    MarketId market;
    uint40 biddingEndsAt;
    OrderState state;
    uint16 bidCount;
    uint96 maxPricePerSecond;
    uint32 durationSeconds;
    /// Locked in this contract until the order is accepted (moved to the lease) or cancelled (refunded).
    uint128 deposit;
    bytes32 specHash;
    Placement placement;
}

/// @notice A bid as stored.
struct Bid {
    address provider;
    uint96 pricePerSecond;
}

/// @notice A bid signed off-chain (EIP-712) by a provider, submitted by the consumer.
struct SignedBid {
    uint256 order;
    address provider;
    uint256 pricePerSecond;
    uint256 deadline;
}
