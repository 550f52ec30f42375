// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Hardware} from "../../src/types/Hardware.sol";
import {OrderId} from "../../src/types/Ids.sol";
import {Placement} from "../../src/types/Market.sol";
import {CreateOrderParams, SignedBid} from "../../src/types/Order.sol";

import {HearthTest} from "./HearthTest.sol";

/// @notice Helpers for reverse-auction, cluster and lens tests: orders in the tUSD market, registered
///         (not queued) bidders, reputation through a dedicated reputation writer, signed bids.
abstract contract AuctionTestBase is HearthTest {
    /// Order defaults: up to 100 tUSD base units per second for one hour, bids for ten minutes.
    uint256 internal constant MAX_PRICE = 100;
    uint256 internal constant DURATION = 1 hours;
    uint256 internal constant WINDOW = 10 minutes;
    uint256 internal constant DEPOSIT = MAX_PRICE * DURATION;
    bytes32 internal constant SPEC = keccak256("auction job spec");

    /// Writes reputation in tests, as the marketplace and verifiers do on chain.
    address internal reputationWriter = makeAddr("reputationWriter");

    function setUp() public virtual override {
        super.setUp();
        vm.prank(owner);
        registry.setReputationWriter(reputationWriter, true);
    }

    /// @notice Order parameters in the tUSD market with the defaults above and no placement.
    function orderParams() internal view returns (CreateOrderParams memory) {
        return CreateOrderParams({
            market: usdMarket,
            maxPricePerSecond: MAX_PRICE,
            durationSeconds: DURATION,
            biddingSeconds: WINDOW,
            specHash: SPEC,
            placement: noPlacement()
        });
    }

    /// @notice Order parameters with the defaults and `placement`.
    function orderParams(Placement memory placement) internal view returns (CreateOrderParams memory p) {
        p = orderParams();
        p.placement = placement;
    }

    /// @notice `consumer` posts `params`.
    function createOrder(address consumer, CreateOrderParams memory params) internal returns (OrderId order) {
        vm.prank(consumer);
        order = auctions.createOrder(params);
    }

    /// @notice Alice posts the default order.
    function createOrder() internal returns (OrderId) {
        return createOrder(alice, orderParams());
    }

    /// @notice Registers a 1×4090 provider named `name` without queueing it.
    function bidder(string memory name) internal returns (address who) {
        who = makeAddr(name);
        registerProvider(who, rtx4090(1));
    }

    /// @notice Registers a provider named `name` with `hw` without queueing it.
    function bidder(string memory name, Hardware memory hw) internal returns (address who) {
        who = makeAddr(name);
        registerProvider(who, hw);
    }

    /// @notice `provider` bids `price` on `order`.
    function placeBid(address provider, OrderId order, uint256 price) internal {
        vm.prank(provider);
        auctions.placeBid(order, price);
    }

    /// @notice Records `successes` successful jobs for `provider` (1000 reputation each).
    function giveReputation(address provider, uint256 successes) internal {
        vm.startPrank(reputationWriter);
        for (uint256 i; i < successes; ++i) {
            registry.recordSuccess(provider);
        }
        vm.stopPrank();
    }

    /// @notice Moves one base unit of `provider`'s stake into unbonding: its stake falls below what its
    ///         class requires and it stops being eligible.
    function unstake(address provider) internal {
        vm.prank(provider);
        registry.requestUnbond(1);
    }

    /// @notice A signed bid of `provider` on `order` at `price`, valid for an hour.
    function signedBid(OrderId order, address provider, uint256 price)
        internal
        view
        returns (SignedBid memory)
    {
        return SignedBid({
            order: OrderId.unwrap(order),
            provider: provider,
            pricePerSecond: price,
            deadline: block.timestamp + 1 hours
        });
    }

    /// @notice `key`'s 65-byte signature (r, s, v) of `bid`'s EIP-712 digest.
    function sign(uint256 key, SignedBid memory bid) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, auctions.bidDigest(bid));
        return abi.encodePacked(r, s, v);
    }

    /// @notice A placement asking only for `region`.
    function inRegion(bytes32 region) internal pure returns (Placement memory p) {
        p = noPlacement();
        p.region = region;
    }
}
