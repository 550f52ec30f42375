// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {IOwnedParameters} from "../../src/interfaces/IOwnedParameters.sol";
import {ComplianceTags, Hardware} from "../../src/types/Hardware.sol";
import {ClusterId, LeaseId, MarketId, OrderId} from "../../src/types/Ids.sol";
import {CloseReason, Lease, LeaseState} from "../../src/types/Lease.sol";
import {MarketConfig, OpenLeaseParams, Placement, Tier, TierParams} from "../../src/types/Market.sol";
import {CreateOrderParams} from "../../src/types/Order.sol";
import {MarketplaceTestBase} from "../utils/MarketplaceTestBase.sol";

/// @notice Opening leases: takes matched from the queue (tiers, placement, scan limit, deposits,
///         account ids) and leases won in reverse auctions.
contract MarketplaceOpenTest is MarketplaceTestBase {
    uint256 internal constant PRIORITY_PRICE = uint256(USD_PRICE) * 15_000 / 10_000; // 124
    uint256 internal constant TRUSTED_PRICE = uint256(USD_PRICE) * 25_000 / 10_000; // 207

    // ================================================================== openLease: matching

    function test_openLease_matchesWaitingProviderAndPullsDeposit() public {
        address p = queued("p", usdMarket, 0); // account 1
        uint256 deposit = uint256(USD_PRICE) * 1 hours;
        uint256 aliceBefore = usd.balanceOf(alice);

        expectMarketplaceEvent();
        emit IMarketplace.AccountRegistered(alice, 2);
        expectMarketplaceEvent();
        emit IMarketplace.ProviderDequeued(usdMarket, p);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseOpened(
            LeaseId.wrap(1),
            alice,
            p,
            usdMarket,
            Tier.Economy,
            USD_PRICE,
            deposit,
            SPEC,
            OrderId.wrap(0),
            ClusterId.wrap(0)
        );
        LeaseId lease = take(alice, usdMarket, deposit);

        assertEq(LeaseId.unwrap(lease), 1, "id");
        assertEq(marketplace.leaseCount(), 1, "leaseCount");
        assertEq(usd.balanceOf(alice), aliceBefore - deposit, "consumer paid");
        assertEq(usd.balanceOf(address(marketplace)), deposit, "escrow holds it");
        Lease memory l = leaseOf(lease);
        assertEq(l.consumer, alice, "consumer");
        assertEq(l.provider, p, "provider");
        assertEq(MarketId.unwrap(l.market), MarketId.unwrap(usdMarket), "market");
        assertEq(uint8(l.tier), uint8(Tier.Economy), "tier");
        assertEq(uint8(l.state), uint8(LeaseState.Active), "state");
        assertEq(uint8(l.closeReason), uint8(CloseReason.None), "reason");
        assertEq(l.feeBps, 200, "fee");
        assertEq(l.pricePerSecond, USD_PRICE, "price");
        assertEq(l.paidUntil, block.timestamp, "paidUntil");
        assertEq(l.fundedUntil, block.timestamp + 1 hours, "fundedUntil");
        assertEq(marketplace.escrowed(lease), deposit, "escrowed");
        assertEq(marketplace.withdrawable(lease), 0, "withdrawable");
        assertFalse(marketplace.isOutOfFunds(lease), "out of funds");
        assertEq(marketOf(usdMarket).takesThisEpoch, 1, "takes");
        assertEq(marketOf(usdMarket).idleSlots, 0, "idle");
    }

    function test_openLease_prefersReputationOverArrival() public {
        queued("early", usdMarket, 1);
        address better = queued("better", usdMarket, 2);
        assertEq(leaseOf(take(alice, usdMarket, 1e6)).provider, better);
    }

    function test_openLease_skipsIneligibleProvider() public {
        address gone = queued("gone", usdMarket, 2);
        address next = queued("next", usdMarket, 1);
        makeIneligible(gone);
        assertEq(leaseOf(take(alice, usdMarket, 1e6)).provider, next);
        // The skipped provider keeps its place until someone evicts it.
        assertEq(marketOf(usdMarket).head, gone);
        assertEq(marketOf(usdMarket).idleSlots, 1);
    }

    function test_openLease_revertsWhenQueueEmpty() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.NoProviderAvailable.selector, usdMarket, Tier.Economy, 0)
        );
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, 1e6));
    }

    function test_openLease_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(3)));
        vm.prank(alice);
        marketplace.openLease(takeParams(MarketId.wrap(3), 1e6));
    }

    function test_openLease_revertsWhenMarketPaused() public {
        queued("p", usdMarket, 0);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, 1e6));
    }

    // ================================================================== openLease: tiers

    function test_openLease_priorityTierPaysMultiplierAndNeedsReputation() public {
        address good = queued("good", usdMarket, 5); // exactly the 5 000 threshold
        queued("fresh", usdMarket, 4);
        uint256 before = usd.balanceOf(alice);

        LeaseId lease = takeAt(alice, usdMarket, Tier.Priority, PRIORITY_PRICE * 100);
        Lease memory l = leaseOf(lease);
        assertEq(l.provider, good);
        assertEq(uint8(l.tier), uint8(Tier.Priority));
        assertEq(l.pricePerSecond, PRIORITY_PRICE);
        assertEq(usd.balanceOf(alice), before - PRIORITY_PRICE * 100);

        // 4 000 is below the threshold.
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.NoProviderAvailable.selector, usdMarket, Tier.Priority, 1)
        );
        vm.prank(alice);
        marketplace.openLease(_tierParams(Tier.Priority, PRIORITY_PRICE * 100));
    }

    function test_openLease_trustedTakeSkipsLowReputationHead() public {
        address fallen = queued("fallen", usdMarket, 20);
        address trusted = queued("trusted", usdMarket, 20);
        registry.recordFailure(fallen); // 20 000 → 13 333 while it waits at the head
        assertEq(marketOf(usdMarket).head, fallen);

        LeaseId lease = takeAt(alice, usdMarket, Tier.Trusted, TRUSTED_PRICE * 100);
        assertEq(leaseOf(lease).provider, trusted);
        assertEq(leaseOf(lease).pricePerSecond, TRUSTED_PRICE);
        assertEq(marketOf(usdMarket).head, fallen, "skipped head keeps its place");
        assertEq(entryOf(fallen).slots, 1);

        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.NoProviderAvailable.selector, usdMarket, Tier.Trusted, 1)
        );
        vm.prank(alice);
        marketplace.openLease(_tierParams(Tier.Trusted, TRUSTED_PRICE * 100));

        // An economy take still gets it.
        assertEq(leaseOf(take(alice, usdMarket, 1e6)).provider, fallen);
    }

    function test_openLease_followsTierParams() public {
        vm.prank(owner);
        marketplace.setTierParams(Tier.Priority, TierParams({multiplierBps: 20_000, minReputation: 1000}));
        address p = queued("p", usdMarket, 1);
        LeaseId lease = takeAt(alice, usdMarket, Tier.Priority, 1e6);
        assertEq(leaseOf(lease).provider, p);
        assertEq(leaseOf(lease).pricePerSecond, uint256(USD_PRICE) * 2);
    }

    // ================================================================== openLease: placement

    function test_openLease_placementRegion() public {
        address eu = queued("eu", usdMarket, 1);
        address us = _queuedWith("us", _hw("us-east", ComplianceTags.GDPR, 1000));
        Placement memory placement = noPlacement();
        placement.region = "us-east";
        assertEq(_takeWith(placement), us);
        assertEq(marketOf(usdMarket).head, eu);
    }

    function test_openLease_placementComplianceNeedsEveryBit() public {
        queued("gdprOnly", usdMarket, 2);
        address both = _queuedWith(
            "both", _hw("eu-west", ComplianceTags.GDPR | ComplianceTags.SOC2 | ComplianceTags.HIPAA, 1000)
        );
        Placement memory placement = noPlacement();
        placement.complianceTags = ComplianceTags.GDPR | ComplianceTags.SOC2;
        assertEq(_takeWith(placement), both);
    }

    function test_openLease_placementBandwidth() public {
        queued("slow", usdMarket, 2);
        address fast = _queuedWith("fast", _hw("eu-west", ComplianceTags.GDPR, 10_000));
        Placement memory placement = noPlacement();
        placement.minBandwidthMbps = 10_000;
        assertEq(_takeWith(placement), fast);
    }

    function test_openLease_placementMinReputationAddsToTier() public {
        address fallen = queued("fallen", usdMarket, 7);
        address steady = queued("steady", usdMarket, 6);
        registry.recordFailure(fallen); // 7 000 → 4 666
        Placement memory placement = noPlacement();
        placement.minReputation = 5000;
        assertEq(_takeWith(placement), steady);
        assertEq(marketOf(usdMarket).head, fallen);
    }

    function test_openLease_revertsWhenNoProviderMeetsPlacement() public {
        queued("a", usdMarket, 1);
        queued("b", usdMarket, 0);
        Placement memory placement = noPlacement();
        placement.region = "ap-south";
        OpenLeaseParams memory params = takeParams(usdMarket, 1e6);
        params.placement = placement;
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.NoProviderAvailable.selector, usdMarket, Tier.Economy, 2)
        );
        vm.prank(alice);
        marketplace.openLease(params);
    }

    function test_openLease_skipsUpToMaxScanEntries() public {
        vm.prank(owner);
        marketplace.setMaxScan(2);
        queued("x1", usdMarket, 0);
        queued("x2", usdMarket, 0);
        address us = _queuedWith("us", _hw("us-east", 0, 1000));
        Placement memory placement = noPlacement();
        placement.region = "us-east";
        assertEq(_takeWith(placement), us, "two skipped");
    }

    function test_openLease_revertsWhenBeyondMaxScan() public {
        vm.prank(owner);
        marketplace.setMaxScan(2);
        queued("x1", usdMarket, 0);
        queued("x2", usdMarket, 0);
        queued("x3", usdMarket, 0);
        _queuedWith("us", _hw("us-east", 0, 1000));
        OpenLeaseParams memory params = takeParams(usdMarket, 1e6);
        params.placement.region = "us-east";
        // x1 and x2 are skipped; looking at x3 is one too many.
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.NoProviderAvailable.selector, usdMarket, Tier.Economy, 3)
        );
        vm.prank(alice);
        marketplace.openLease(params);
    }

    // ================================================================== openLease: price and deposit

    function test_openLease_revertsWhenPriceAboveMax() public {
        queued("p", usdMarket, 0);
        OpenLeaseParams memory params = takeParams(usdMarket, 1e6);
        params.maxPricePerSecond = USD_PRICE - 1;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceAboveMax.selector, USD_PRICE, USD_PRICE - 1));
        vm.prank(alice);
        marketplace.openLease(params);

        params.maxPricePerSecond = USD_PRICE;
        vm.prank(alice);
        marketplace.openLease(params);
    }

    function test_openLease_revertsWhenTierPriceAboveMax() public {
        queued("p", usdMarket, 5);
        OpenLeaseParams memory params = _tierParams(Tier.Priority, 1e6);
        params.maxPricePerSecond = PRIORITY_PRICE - 1;
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.PriceAboveMax.selector, PRIORITY_PRICE, PRIORITY_PRICE - 1)
        );
        vm.prank(alice);
        marketplace.openLease(params);
    }

    function test_openLease_revertsWhenPriceAboveMaxAfterPendingEpochs() public {
        // The quote moved up an epoch ago: a consumer capped at the old price is protected.
        queued("p1", usdMarket, 0);
        take(alice, usdMarket, 1e6);
        skip(EPOCH);
        queued("p2", usdMarket, 0);
        OpenLeaseParams memory params = takeParams(usdMarket, 1e6);
        params.maxPricePerSecond = USD_PRICE;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceAboveMax.selector, up(USD_PRICE), USD_PRICE));
        vm.prank(alice);
        marketplace.openLease(params);
    }

    function test_openLease_revertsWhenTakePriceExceedsUint72() public {
        MarketConfig memory config = marketConfig(address(heat), 1);
        (config.minPricePerSecond, config.referencePricePerSecond, config.maxPricePerSecond) =
        (1, type(uint72).max / 2, type(uint72).max);
        MarketId market = createMarket(config);
        OpenLeaseParams memory params = _tierParams(Tier.Trusted, 1e6);
        params.market = market;
        params.maxPricePerSecond = type(uint256).max;
        uint256 price = uint256(type(uint72).max / 2) * 25_000 / 10_000;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.AmountTooLarge.selector, price, type(uint72).max));
        vm.prank(alice);
        marketplace.openLease(params);
    }

    function test_openLease_roundsDepositDownToWholeSeconds() public {
        queued("p", usdMarket, 0);
        uint256 deposit = uint256(USD_PRICE) * 100 + USD_PRICE - 1;
        uint256 paid = uint256(USD_PRICE) * 100;
        uint256 before = usd.balanceOf(alice);
        LeaseId lease = take(alice, usdMarket, deposit);
        assertEq(usd.balanceOf(alice), before - paid, "only whole seconds pulled");
        assertEq(usd.balanceOf(address(marketplace)), paid);
        assertEq(leaseOf(lease).fundedUntil, block.timestamp + 100);
        assertEq(marketplace.escrowed(lease), paid);
    }

    function testFuzz_openLease_pullsTheLargestWholeSecondsWithinDeposit(uint256 deposit) public {
        deposit = bound(deposit, uint256(USD_PRICE) * MIN_LEASE, usd.balanceOf(alice));
        queued("p", usdMarket, 0);
        uint256 before = usd.balanceOf(alice);
        LeaseId lease = take(alice, usdMarket, deposit);
        uint256 paid = before - usd.balanceOf(alice);
        assertEq(paid, deposit - deposit % USD_PRICE, "whole seconds, never more than the deposit");
        assertEq(leaseOf(lease).fundedUntil, block.timestamp + deposit / USD_PRICE);
        assertEq(marketplace.escrowed(lease), paid);
    }

    function test_openLease_acceptsExactlyTheMinimumLease() public {
        queued("p", usdMarket, 0);
        LeaseId lease = take(alice, usdMarket, uint256(USD_PRICE) * MIN_LEASE);
        assertEq(leaseOf(lease).fundedUntil, block.timestamp + MIN_LEASE);
    }

    function test_openLease_revertsWhenDepositBelowMinimumLease() public {
        queued("p", usdMarket, 0);
        uint256 minimum = uint256(USD_PRICE) * MIN_LEASE;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.DepositTooSmall.selector, minimum - 1, minimum));
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, minimum - 1));
    }

    function test_openLease_revertsWhenDepositBelowRaisedMinimumLease() public {
        vm.prank(owner);
        marketplace.setMinLeaseSeconds(1 hours);
        queued("p", usdMarket, 0);
        uint256 deposit = uint256(USD_PRICE) * 1 hours - 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.DepositTooSmall.selector, deposit, uint256(USD_PRICE) * 1 hours
            )
        );
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, deposit));
    }

    function test_openLease_acceptsFiveYearsOfFunding() public {
        queued("p", heatMarket, 0);
        uint256 deposit = uint256(HEAT_PRICE) * (MAX_FUNDED + 1) - 1;
        uint256 before = heat.balanceOf(alice);
        LeaseId lease = take(alice, heatMarket, deposit);
        assertEq(leaseOf(lease).fundedUntil, block.timestamp + MAX_FUNDED);
        assertEq(heat.balanceOf(alice), before - uint256(HEAT_PRICE) * MAX_FUNDED);
    }

    function test_openLease_revertsWhenDepositFundsMoreThanFiveYears() public {
        queued("p", heatMarket, 0);
        uint256 deposit = uint256(HEAT_PRICE) * (MAX_FUNDED + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.AmountTooLarge.selector, deposit, uint256(HEAT_PRICE) * MAX_FUNDED
            )
        );
        vm.prank(alice);
        marketplace.openLease(takeParams(heatMarket, deposit));
    }

    // ================================================================== account ids

    function test_openLease_assignsAccountIdOnlyOnFirstUse() public {
        address p = queued("p", usdMarket, 0);
        queued("q", usdMarket, 0);
        assertEq(marketplace.accountIdOf(alice), 0, "none before");

        LeaseId first = take(alice, usdMarket, 1e6);
        uint32 id = marketplace.accountIdOf(alice);
        assertEq(id, 3);
        assertEq(marketplace.accountOf(id), alice);

        vm.recordLogs();
        LeaseId second = take(alice, usdMarket, 1e6);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IMarketplace.AccountRegistered.selector, "registered twice");
        }
        assertEq(marketplace.accountIdOf(alice), id, "id kept");
        assertEq(leaseOf(first).consumer, alice);
        assertEq(leaseOf(second).consumer, alice);
        assertEq(leaseOf(first).provider, p);
        assertEq(marketplace.accountOf(0), address(0), "zero id is nobody");
        assertEq(marketplace.accountOf(4), address(0), "unknown id");
    }

    function test_openLease_revertsWhenAccountIdsExhausted() public {
        queued("p", usdMarket, 0);
        // _accountCount lives alone in slot 13 (see `forge inspect Marketplace storageLayout`).
        vm.store(address(marketplace), bytes32(uint256(13)), bytes32(uint256(type(uint32).max)));
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("accountCount"),
                type(uint32).max,
                0,
                type(uint32).max - 1
            )
        );
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, 1e6));
    }

    // ================================================================== openAuctionLease

    function test_openAuctionLease_opensLeaseWithoutPulling() public {
        address p = provider("p", rtx4090(1), 0);
        uint256 escrowBefore = usd.balanceOf(address(marketplace));
        uint256 bobBefore = usd.balanceOf(bob);

        expectMarketplaceEvent();
        emit IMarketplace.AccountRegistered(bob, 1);
        expectMarketplaceEvent();
        emit IMarketplace.AccountRegistered(p, 2);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseOpened(
            LeaseId.wrap(1),
            bob,
            p,
            usdMarket,
            Tier.Economy,
            50,
            50 * 3600,
            SPEC,
            OrderId.wrap(7),
            ClusterId.wrap(0)
        );
        vm.prank(address(auctions));
        LeaseId lease = marketplace.openAuctionLease(bob, p, usdMarket, 50, 50 * 3600, SPEC, OrderId.wrap(7));

        assertEq(LeaseId.unwrap(lease), 1);
        assertEq(marketplace.leaseCount(), 1);
        Lease memory l = leaseOf(lease);
        assertEq(l.consumer, bob);
        assertEq(l.provider, p);
        assertEq(uint8(l.tier), uint8(Tier.Economy));
        assertEq(uint8(l.state), uint8(LeaseState.Active));
        assertEq(l.feeBps, 200);
        assertEq(l.pricePerSecond, 50);
        assertEq(l.fundedUntil, block.timestamp + 3600);
        assertEq(usd.balanceOf(address(marketplace)), escrowBefore, "the auction moved the deposit itself");
        assertEq(usd.balanceOf(bob), bobBefore);
        // The queue and the reference price are not involved.
        assertEq(marketOf(usdMarket).takesThisEpoch, 0);
    }

    function test_openAuctionLease_revertsWhenCallerNotAuctions() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.CallerNotAuthorized.selector, alice, bytes32("auctions"))
        );
        vm.prank(alice);
        marketplace.openAuctionLease(alice, alice, usdMarket, 50, 50 * 3600, SPEC, OrderId.wrap(1));
    }

    function test_openAuctionLease_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(3)));
        _auctionLease(MarketId.wrap(3), 50, 50 * 3600);
    }

    function test_openAuctionLease_revertsWhenMarketPaused() public {
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        _auctionLease(usdMarket, 50, 50 * 3600);
    }

    function test_openAuctionLease_pausedMarketLeavesTheOrderToCancel() public {
        // An order placed before the pause cannot turn into a lease; its consumer takes the deposit back.
        address p = provider("p", rtx4090(1), 0);
        uint256 before = usd.balanceOf(alice);
        vm.prank(alice);
        OrderId order = auctions.createOrder(
            CreateOrderParams({
                market: usdMarket,
                maxPricePerSecond: 100,
                durationSeconds: 1 hours,
                biddingSeconds: 60,
                specHash: SPEC,
                placement: noPlacement()
            })
        );
        vm.prank(p);
        auctions.placeBid(order, 90);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);

        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        auctions.acceptBid(order, p);
        assertEq(marketplace.leaseCount(), 0);

        vm.prank(alice);
        auctions.cancelOrder(order);
        assertEq(usd.balanceOf(alice), before, "deposit back");
        assertEq(usd.balanceOf(address(marketplace)), 0);
    }

    function test_openAuctionLease_revertsWhenPriceZero() public {
        vm.expectRevert(IMarketplace.AmountZero.selector);
        _auctionLease(usdMarket, 0, 50 * 3600);
    }

    function test_openAuctionLease_revertsWhenPriceAboveUint72() public {
        uint256 price = uint256(type(uint72).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.AmountTooLarge.selector, price, type(uint72).max));
        _auctionLease(usdMarket, price, price * 3600);
    }

    function test_openAuctionLease_revertsWhenDepositNotWholeSeconds() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.DepositNotWholeSeconds.selector, 50 * 3600 + 1, 50)
        );
        _auctionLease(usdMarket, 50, 50 * 3600 + 1);
    }

    function test_openAuctionLease_revertsWhenDepositBelowMinimumLease() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.DepositTooSmall.selector, 50 * 59, 50 * 60));
        _auctionLease(usdMarket, 50, 50 * 59);
    }

    function test_openAuctionLease_revertsWhenDepositFundsMoreThanFiveYears() public {
        uint256 deposit = 50 * (MAX_FUNDED + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.AmountTooLarge.selector, deposit, 50 * MAX_FUNDED)
        );
        _auctionLease(usdMarket, 50, deposit);
    }

    // ================================================================== helpers

    function _tierParams(Tier tier, uint256 deposit) internal view returns (OpenLeaseParams memory params) {
        params = takeParams(usdMarket, deposit);
        params.tier = tier;
    }

    function _hw(bytes32 region, uint64 tags, uint32 bandwidthMbps)
        internal
        pure
        returns (Hardware memory hw)
    {
        hw = rtx4090(1);
        hw.region = region;
        hw.complianceTags = tags;
        hw.bandwidthMbps = bandwidthMbps;
    }

    /// Registers `name` with `hw` (no reputation) and queues it in the tUSD market.
    function _queuedWith(string memory name, Hardware memory hw) internal returns (address who) {
        who = provider(name, hw, 0);
        joinQueue(who, usdMarket, 1);
    }

    /// Alice takes in the tUSD market with `placement`; returns the matched provider.
    function _takeWith(Placement memory placement) internal returns (address) {
        OpenLeaseParams memory params = takeParams(usdMarket, 1e6);
        params.placement = placement;
        vm.prank(alice);
        return leaseOf(marketplace.openLease(params)).provider;
    }

    function _auctionLease(MarketId market, uint256 price, uint256 deposit) internal {
        address p = makeAddr("auctionWinner");
        vm.prank(address(auctions));
        marketplace.openAuctionLease(bob, p, market, price, deposit, SPEC, OrderId.wrap(1));
    }
}
