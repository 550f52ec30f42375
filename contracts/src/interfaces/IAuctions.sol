// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LeaseId, MarketId, OrderId} from "../types/Ids.sol";
import {Bid, CreateOrderParams, Order, SignedBid} from "../types/Order.sol";
import {IOwnedParameters} from "./IOwnedParameters.sol";

/// @title Reverse auctions (Akash-style)
/// @notice A consumer posts an order with its requirements, a max price per second and a duration,
///         locking `maxPricePerSecond × durationSeconds`. Providers bid within the window, on chain or
///         off chain as EIP-712 signed bids the consumer submits (a provider behind NAT sends no
///         transaction). The consumer accepts one bid; after the window anyone may settle the order by
///         the rule "lowest price weighted by reputation". The winning lease locks price × duration
///         and the rest of the deposit returns at once. An open order can be cancelled at any time
///         with its whole deposit back.
interface IAuctions is IOwnedParameters {
    event OrderCreated(
        OrderId indexed order,
        address indexed consumer,
        MarketId indexed market,
        uint256 maxPricePerSecond,
        uint256 durationSeconds,
        uint40 biddingEndsAt,
        uint256 deposit,
        bytes32 specHash
    );
    event BidPlaced(OrderId indexed order, address indexed provider, uint256 pricePerSecond);
    event OrderAccepted(
        OrderId indexed order, address indexed provider, LeaseId lease, uint256 pricePerSecond, uint256 refund
    );
    event OrderCancelled(OrderId indexed order, uint256 refund);

    error OrderNotFound(OrderId order);
    error OrderNotOpen(OrderId order, uint8 state);
    error CallerNotConsumer(OrderId order, address caller);
    error BiddingClosed(OrderId order, uint40 biddingEndsAt);
    error BiddingStillOpen(OrderId order, uint40 biddingEndsAt);
    error BidAboveMax(uint256 pricePerSecond, uint256 maxPricePerSecond);
    error BidZero();
    error BidNotFound(OrderId order, address provider);
    /// @notice A provider may only lower its own bid.
    error BidNotLower(uint256 pricePerSecond, uint256 currentPricePerSecond);
    error TooManyBids(OrderId order, uint256 maxBids);
    /// @notice The signature is not `provider`'s (EOA signature or ERC-1271 contract wallet).
    error BidSignatureInvalid(address provider);
    error BidExpired(uint256 deadline, uint256 timestamp);
    /// @notice The provider does not meet the order (not eligible, hardware, placement or reputation).
    error ProviderUnfit(OrderId order, address provider);
    error OrderHasNoEligibleBid(OrderId order, uint256 bids);
    error DurationInvalid(uint256 durationSeconds, uint256 min, uint256 max);
    error BiddingWindowInvalid(uint256 biddingSeconds, uint256 min, uint256 max);
    error PriceInvalid(uint256 maxPricePerSecond);

    /// @notice Posts an order and locks `maxPricePerSecond × durationSeconds` of the market's token.
    function createOrder(CreateOrderParams calldata params) external returns (OrderId order);

    /// @notice Places or lowers the caller's bid on an open order within its window.
    function placeBid(OrderId order, uint256 pricePerSecond) external;

    /// @notice The consumer accepts an on-chain bid and opens the lease.
    function acceptBid(OrderId order, address provider) external returns (LeaseId lease);

    /// @notice The consumer accepts a provider's EIP-712 signed bid and opens the lease.
    function acceptSignedBid(SignedBid calldata bid, bytes calldata signature)
        external
        returns (LeaseId lease);

    /// @notice After the window, anyone settles the order by the lowest reputation-weighted price
    ///         among bids whose providers are still fit.
    function settle(OrderId order) external returns (LeaseId lease);

    /// @notice The consumer cancels an open order and gets the whole deposit back.
    function cancelOrder(OrderId order) external returns (uint256 refund);

    function getOrder(OrderId order) external view returns (Order memory);
    function getBids(OrderId order) external view returns (Bid[] memory);
    function orderCount() external view returns (uint256);
    /// @notice The EIP-712 digest a provider signs for `bid`.
    function bidDigest(SignedBid calldata bid) external view returns (bytes32);
    /// @notice Effective price used by `settle`: price / (1 + min(reputation, cap) / cap), rounded down
    ///         here (`settle` compares the exact fractions).
    function weightedPrice(uint256 pricePerSecond, uint32 reputation) external view returns (uint256);
}
