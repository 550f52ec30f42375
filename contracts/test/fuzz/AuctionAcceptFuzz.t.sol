// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {LeaseId, OrderId} from "../../src/types/Ids.sol";
import {Lease} from "../../src/types/Lease.sol";
import {CreateOrderParams, OrderState, SignedBid} from "../../src/types/Order.sol";

import {HearthTest} from "../utils/HearthTest.sol";

/// @notice Accepting a bid splits the order's deposit exactly: the winning price × duration goes into the
///         lease, the rest back to the consumer, whichever way the bid is accepted.
contract AuctionAcceptFuzzTest is HearthTest {
    address internal bidder;
    uint256 internal bidderKey;

    function setUp() public override {
        super.setUp();
        (bidder, bidderKey) = makeAddrAndKey("bidder");
        registerProvider(bidder, rtx4090(1));
    }

    /// @param how 0: the consumer accepts an on-chain bid; 1: a signed bid; 2: anyone settles after the window.
    function testFuzz_accept_splitsDepositIntoLeaseAndRefund(
        uint256 maxPrice,
        uint256 duration,
        uint256 bidPrice,
        uint8 how
    ) public {
        maxPrice = bound(maxPrice, 1, 1e18);
        duration = bound(duration, auctions.minDurationSeconds(), auctions.maxDurationSeconds());
        bidPrice = bound(bidPrice, 1, maxPrice);
        how = how % 3;

        uint256 orderDeposit = maxPrice * duration;
        deal(address(usd), alice, orderDeposit);
        vm.prank(alice);
        OrderId order = auctions.createOrder(
            CreateOrderParams({
                market: usdMarket,
                maxPricePerSecond: maxPrice,
                durationSeconds: duration,
                biddingSeconds: 60,
                specHash: keccak256("spec"),
                placement: noPlacement()
            })
        );
        assertEq(usd.balanceOf(alice), 0, "order pulled the whole deposit");
        assertEq(usd.balanceOf(address(auctions)), orderDeposit, "auctions holds the deposit");

        LeaseId lease = _accept(order, bidPrice, how, "");

        uint256 refund = usd.balanceOf(alice);
        uint256 leaseDeposit = marketplace.escrowed(lease);
        assertEq(refund, orderDeposit - bidPrice * duration, "refund");
        assertEq(leaseDeposit, bidPrice * duration, "lease deposit");
        assertEq(leaseDeposit + refund, orderDeposit, "created or lost");
        assertEq(usd.balanceOf(address(auctions)), 0, "left in auctions");
        assertEq(usd.balanceOf(address(marketplace)), leaseDeposit + marketplace.feesOwed(address(usd)));
        assertEq(auctions.getOrder(order).deposit, 0, "order still holds a deposit");
        assertEq(uint8(auctions.getOrder(order).state), uint8(OrderState.Accepted), "state");

        Lease memory l = marketplace.getLease(lease);
        assertEq(l.consumer, alice, "consumer");
        assertEq(l.provider, bidder, "provider");
        assertEq(l.pricePerSecond, bidPrice, "price");
        assertEq(l.fundedUntil - l.paidUntil, duration, "funded seconds");
    }

    /// @dev A paused market opens no lease, auctions included: an order made before the pause cannot be
    ///      accepted or settled until the market reopens, and its consumer can still cancel it in full.
    function testFuzz_accept_revertsWhenMarketPaused(uint256 maxPrice, uint256 bidPrice, uint8 how) public {
        maxPrice = bound(maxPrice, 1, 1e18);
        bidPrice = bound(bidPrice, 1, maxPrice);
        how = how % 3;
        uint256 orderDeposit = maxPrice * 1 hours;
        deal(address(usd), alice, orderDeposit);
        vm.prank(alice);
        OrderId order = auctions.createOrder(
            CreateOrderParams({
                market: usdMarket,
                maxPricePerSecond: maxPrice,
                durationSeconds: 1 hours,
                biddingSeconds: 60,
                specHash: keccak256("spec"),
                placement: noPlacement()
            })
        );
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);

        _accept(order, bidPrice, how, abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        assertEq(marketplace.leaseCount(), 0, "lease opened");

        vm.prank(alice);
        auctions.cancelOrder(order);
        assertEq(usd.balanceOf(alice), orderDeposit, "deposit not returned");
    }

    /// @dev Accepts `order` at `bidPrice` the way `how` says; the accepting call is expected to revert with
    ///      `error` when one is given.
    function _accept(OrderId order, uint256 bidPrice, uint8 how, bytes memory error)
        internal
        returns (LeaseId)
    {
        if (how == 1) {
            SignedBid memory bid = SignedBid({
                order: OrderId.unwrap(order),
                provider: bidder,
                pricePerSecond: bidPrice,
                deadline: block.timestamp + 1 hours
            });
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(bidderKey, auctions.bidDigest(bid));
            _expectRevert(error);
            vm.prank(alice);
            return auctions.acceptSignedBid(bid, abi.encodePacked(r, s, v));
        }
        vm.prank(bidder);
        auctions.placeBid(order, bidPrice);
        if (how == 0) {
            _expectRevert(error);
            vm.prank(alice);
            return auctions.acceptBid(order, bidder);
        }
        skip(60);
        _expectRevert(error);
        vm.prank(bob);
        return auctions.settle(order);
    }

    function _expectRevert(bytes memory error) internal {
        if (error.length > 0) vm.expectRevert(error);
    }
}
