// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {IOwnedParameters} from "../../src/interfaces/IOwnedParameters.sol";
import {LeaseId, MarketId} from "../../src/types/Ids.sol";
import {Market, MarketConfig, Tier} from "../../src/types/Market.sol";
import {MarketplaceTestBase} from "../utils/MarketplaceTestBase.sol";

/// @notice Markets: creation, configuration, pausing and the EIP-1559 reference price.
contract MarketplaceMarketsTest is MarketplaceTestBase {
    /// A HEAT market for 80 GB H100s, two per lease, target 50%.
    function h100Config() internal view returns (MarketConfig memory) {
        return MarketConfig({
            gpuModel: "h100-80gb",
            token: address(heat),
            minVramMiB: 80_000,
            gpusPerLease: 2,
            targetUtilizationBps: 5000,
            referencePricePerSecond: 1e15,
            minPricePerSecond: 1e14,
            maxPricePerSecond: 1e16
        });
    }

    // ================================================================== createMarket

    function test_createMarket_storesConfigAndEmits() public {
        MarketConfig memory config = h100Config();
        expectMarketplaceEvent();
        emit IMarketplace.MarketCreated(MarketId.wrap(3), config);
        MarketId market = createMarket(config);

        assertEq(MarketId.unwrap(market), 3, "id");
        assertEq(marketplace.marketCount(), 3, "marketCount");
        Market memory m = marketOf(market);
        assertEq(abi.encode(m.config), abi.encode(config), "config");
        assertFalse(m.paused, "paused");
        assertEq(m.head, address(0), "head");
        assertEq(m.takesThisEpoch, 0, "takes");
        assertEq(m.idleSlots, 0, "idle");
        assertEq(m.epochStartedAt, block.timestamp, "epochStartedAt");
    }

    function test_createMarket_acceptsEqualBoundsAndExtremeTargets() public {
        MarketConfig memory config = h100Config();
        config.minPricePerSecond = config.referencePricePerSecond;
        config.maxPricePerSecond = config.referencePricePerSecond;
        config.targetUtilizationBps = 1;
        createMarket(config);
        config.targetUtilizationBps = 9999;
        MarketId market = createMarket(config);
        assertEq(marketOf(market).config.targetUtilizationBps, 9999);
    }

    function test_createMarket_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        marketplace.createMarket(h100Config());
    }

    function test_createMarket_revertsWhenPaymentTokenNotAllowed() public {
        MarketConfig memory config = h100Config();
        config.token = makeAddr("randomToken");
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PaymentTokenNotAllowed.selector, config.token));
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenPaymentTokenDisallowed() public {
        vm.prank(owner);
        marketplace.setPaymentToken(address(usd), false);
        MarketConfig memory config = h100Config();
        config.token = address(usd);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PaymentTokenNotAllowed.selector, address(usd)));
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenMinPriceZero() public {
        MarketConfig memory config = h100Config();
        config.minPricePerSecond = 0;
        _expectBoundsInvalid(config);
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenMinPriceAboveReference() public {
        MarketConfig memory config = h100Config();
        config.minPricePerSecond = config.referencePricePerSecond + 1;
        _expectBoundsInvalid(config);
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenReferenceAboveMaxPrice() public {
        MarketConfig memory config = h100Config();
        config.maxPricePerSecond = config.referencePricePerSecond - 1;
        _expectBoundsInvalid(config);
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenTargetUtilizationZero() public {
        MarketConfig memory config = h100Config();
        config.targetUtilizationBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketTargetUtilizationInvalid.selector, 0));
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenTargetUtilizationFull() public {
        MarketConfig memory config = h100Config();
        config.targetUtilizationBps = 10_000;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketTargetUtilizationInvalid.selector, 10_000));
        vm.prank(owner);
        marketplace.createMarket(config);
    }

    function test_createMarket_revertsWhenMarketIdsExhausted() public {
        // _marketCount lives alone in slot 6 (see `forge inspect Marketplace storageLayout`).
        vm.store(address(marketplace), bytes32(uint256(6)), bytes32(uint256(type(uint16).max)));
        assertEq(marketplace.marketCount(), type(uint16).max, "slot of _marketCount moved");
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("marketCount"), 65_535, 0, 65_534
            )
        );
        vm.prank(owner);
        marketplace.createMarket(h100Config());
    }

    // ================================================================== updateMarket

    function test_updateMarket_keepsPriceTokenAndModel() public {
        MarketConfig memory config = h100Config(); // other token, model and reference price
        config.minPricePerSecond = 1;
        config.maxPricePerSecond = type(uint72).max;
        config.referencePricePerSecond = 1e18;

        MarketConfig memory stored = config;
        stored.gpuModel = "rtx-4090";
        stored.token = address(usd);
        stored.referencePricePerSecond = USD_PRICE;
        expectMarketplaceEvent();
        emit IMarketplace.MarketConfigUpdated(usdMarket, stored);
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);

        assertEq(abi.encode(marketOf(usdMarket).config), abi.encode(stored));
    }

    function test_updateMarket_clampsPriceUpToNewMin() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        (config.minPricePerSecond, config.referencePricePerSecond, config.maxPricePerSecond) = (100, 200, 300);
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);
        assertEq(referencePrice(usdMarket), 100, "83 clamped to min");
        assertEq(marketplace.quotePrice(usdMarket, Tier.Economy), 100);
    }

    function test_updateMarket_clampsPriceDownToNewMax() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        (config.minPricePerSecond, config.referencePricePerSecond, config.maxPricePerSecond) = (10, 40, 50);
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);
        assertEq(referencePrice(usdMarket), 50, "clamped to max");

        // A take pays the clamped price.
        address p = queued("p", usdMarket, 0);
        LeaseId lease = take(alice, usdMarket, 50 * 1 hours);
        assertEq(leaseOf(lease).pricePerSecond, 50);
        assertEq(leaseOf(lease).provider, p);
    }

    function test_updateMarket_appliesPendingEpochsUnderOldConfig() public {
        // One take and one idle slot: 50% utilization against an 80% target lowers the price.
        queued("p1", usdMarket, 0);
        queued("p2", usdMarket, 0);
        take(alice, usdMarket, 1e6);
        skip(EPOCH);

        uint256 p = USD_PRICE;
        uint256 expected = p - p * 3000 / (8000 * DENOMINATOR);
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.targetUtilizationBps = 5000; // would hold the price at 50%
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(usdMarket, p, expected, 5000);
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);
        assertEq(referencePrice(usdMarket), expected);
        assertLt(expected, p);
    }

    function test_updateMarket_worksWhilePaused() public {
        vm.startPrank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.minVramMiB = 48_000;
        marketplace.updateMarket(usdMarket, config);
        vm.stopPrank();
        assertEq(marketOf(usdMarket).config.minVramMiB, 48_000);
        assertTrue(marketOf(usdMarket).paused);
    }

    function test_updateMarket_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        marketplace.updateMarket(usdMarket, marketConfig(address(usd), USD_PRICE));
    }

    function test_updateMarket_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(3)));
        vm.prank(owner);
        marketplace.updateMarket(MarketId.wrap(3), marketConfig(address(usd), USD_PRICE));
    }

    function test_updateMarket_revertsWhenPriceBoundsInvalid() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.maxPricePerSecond = USD_PRICE - 1;
        _expectBoundsInvalid(config);
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);
    }

    function test_updateMarket_revertsWhenTargetUtilizationInvalid() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.targetUtilizationBps = 10_001;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketTargetUtilizationInvalid.selector, 10_001));
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);
    }

    // ================================================================== setMarketPaused

    function test_setMarketPaused_opensNothingAndQueuesNoOne() public {
        address waiting = queued("waiting", usdMarket, 0);
        address late = provider("late", rtx4090(1), 0);

        expectMarketplaceEvent();
        emit IMarketplace.MarketPauseChanged(usdMarket, true);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        assertTrue(marketOf(usdMarket).paused);

        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, 1e6));

        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(late);
        marketplace.joinQueue(usdMarket, 1, waiting);

        // The other market is untouched, and the waiting provider keeps its place.
        queued("heatProvider", heatMarket, 0);
        take(alice, heatMarket, 1e18);
        assertQueue(usdMarket, list(waiting));

        expectMarketplaceEvent();
        emit IMarketplace.MarketPauseChanged(usdMarket, false);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, false);
        LeaseId lease = take(alice, usdMarket, 1e6);
        assertEq(leaseOf(lease).provider, waiting);
    }

    function test_setMarketPaused_letsProvidersLeave() public {
        address waiting = queued("waiting", usdMarket, 0);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        leave(waiting);
        assertEq(marketOf(usdMarket).idleSlots, 0);
        assertEq(marketOf(usdMarket).head, address(0));
    }

    function test_setMarketPaused_holdsThePriceWhilePaused() public {
        queued("idle", heatMarket, 0);
        skip(2 * EPOCH); // two quiet epochs with a provider waiting: the price falls twice
        vm.prank(owner);
        marketplace.setMarketPaused(heatMarket, true);
        uint256 atPause = marketplace.pokeMarket(heatMarket);
        assertEq(atPause, down(down(HEAT_PRICE)), "epochs before the pause are priced");

        skip(10 * EPOCH);
        assertEq(marketplace.pokeMarket(heatMarket), atPause, "paused: the price holds");
        vm.prank(owner);
        marketplace.setMarketPaused(heatMarket, false);
        assertEq(marketplace.pokeMarket(heatMarket), atPause, "unpausing does not reprice the pause");

        skip(EPOCH);
        assertEq(marketplace.pokeMarket(heatMarket), down(atPause), "trading again: the price moves again");
    }

    function test_setMarketPaused_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        marketplace.setMarketPaused(usdMarket, true);
    }

    function test_setMarketPaused_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(0)));
        vm.prank(owner);
        marketplace.setMarketPaused(MarketId.wrap(0), true);
    }

    // ================================================================== reference price

    function test_pokeMarket_raisesByOneDenominatorAtFullUtilization() public {
        queued("p", heatMarket, 0);
        take(alice, heatMarket, 1e18);
        skip(EPOCH);

        uint256 p = HEAT_PRICE;
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, p, p + p / 8, 10_000);
        uint256 price = marketplace.pokeMarket(heatMarket);

        assertEq(price, p + p / 8, "returned");
        assertEq(referencePrice(heatMarket), p + p / 8, "stored");
        Market memory m = marketOf(heatMarket);
        assertEq(m.takesThisEpoch, 0, "takes reset");
        assertEq(m.epochStartedAt, 1_750_000_000 + EPOCH, "epoch start");
    }

    function test_pokeMarket_lowersByOneDenominatorWhenProvidersIdle() public {
        queued("p", heatMarket, 0);
        skip(EPOCH);

        uint256 p = HEAT_PRICE;
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, p, p - p / 8, 0);
        assertEq(marketplace.pokeMarket(heatMarket), p - p / 8);
    }

    function test_pokeMarket_holdsAtTarget() public {
        // Four takes out of five slots: exactly the 80% target.
        address big = provider("big", rtx4090(5), 0);
        joinQueue(big, heatMarket, 5);
        for (uint256 i; i < 4; ++i) {
            take(alice, heatMarket, 1e18);
        }
        skip(EPOCH);

        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, HEAT_PRICE, HEAT_PRICE, 8000);
        assertEq(marketplace.pokeMarket(heatMarket), HEAT_PRICE);
    }

    function test_pokeMarket_holdsWithNoSupplyAndNoDemand() public {
        skip(10 * EPOCH);
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, HEAT_PRICE, HEAT_PRICE, 0);
        assertEq(marketplace.pokeMarket(heatMarket), HEAT_PRICE);
        assertEq(marketOf(heatMarket).epochStartedAt, 1_750_000_000 + 10 * EPOCH);
    }

    function test_pokeMarket_compoundsQuietEpochs() public {
        queued("p", heatMarket, 0);
        skip(3 * EPOCH + 59 minutes);

        uint256 expected = down(down(down(HEAT_PRICE)));
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, HEAT_PRICE, expected, 0);
        assertEq(marketplace.pokeMarket(heatMarket), expected);
        // Only whole epochs are consumed: the next one started 3 epochs in.
        assertEq(marketOf(heatMarket).epochStartedAt, 1_750_000_000 + 3 * EPOCH);
    }

    function test_pokeMarket_countsTakesOnlyInTheFirstEpoch() public {
        // Epoch 1: one take, one idle slot (50%); epoch 2: nothing taken while a slot waits (0%).
        queued("p1", heatMarket, 0);
        queued("p2", heatMarket, 0);
        take(alice, heatMarket, 1e18);
        skip(2 * EPOCH);

        uint256 p = HEAT_PRICE;
        uint256 afterFirst = p - p * 3000 / (8000 * DENOMINATOR);
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, p, down(afterFirst), 5000);
        assertEq(marketplace.pokeMarket(heatMarket), down(afterFirst));
    }

    function test_pokeMarket_holdsAfterTakesWhenNoOneWaits() public {
        // Full utilization in the first epoch; the quiet epochs after it had no supply to lower for.
        queued("p", heatMarket, 0);
        take(alice, heatMarket, 1e18);
        skip(5 * EPOCH);
        assertEq(marketplace.pokeMarket(heatMarket), up(HEAT_PRICE));
    }

    function test_pokeMarket_stopsAtMinPrice() public {
        queued("p", heatMarket, 0);
        skip(40 * EPOCH); // 0.875^40 < 1/10
        assertEq(marketplace.pokeMarket(heatMarket), HEAT_PRICE / 10);
    }

    function test_pokeMarket_stopsAtMaxPrice() public {
        MarketConfig memory config = marketConfig(address(heat), 1000);
        config.maxPricePerSecond = 1100;
        MarketId market = createMarket(config);
        queued("p", market, 0);
        take(alice, market, 1e6);
        skip(EPOCH);
        assertEq(marketplace.pokeMarket(market), 1100, "1125 clamped");
    }

    function test_pokeMarket_lowersForAtMostSixtyFiveEpochs() public {
        MarketConfig memory config = marketConfig(address(heat), 1e18);
        config.minPricePerSecond = 1;
        MarketId market = createMarket(config);
        queued("p", market, 0);
        skip(100 * EPOCH);

        uint256 expected = 1e18;
        for (uint256 i; i < 65; ++i) {
            expected = down(expected);
        }
        assertEq(marketplace.pokeMarket(market), expected);
        assertEq(marketOf(market).epochStartedAt, 1_750_000_000 + 100 * EPOCH, "every epoch consumed");
    }

    function test_pokeMarket_movesByTheDenominator() public {
        vm.prank(owner);
        marketplace.setPriceChangeDenominator(2);
        queued("p", heatMarket, 0);
        take(alice, heatMarket, 1e18);
        skip(EPOCH);
        assertEq(marketplace.pokeMarket(heatMarket), HEAT_PRICE + HEAT_PRICE / 2);
    }

    function test_pokeMarket_followsTheEpochLength() public {
        vm.prank(owner);
        marketplace.setEpochSeconds(10 minutes);
        queued("p", heatMarket, 0);
        skip(20 minutes);
        assertEq(marketplace.pokeMarket(heatMarket), down(down(HEAT_PRICE)));
    }

    function test_pokeMarket_changesNothingWithinAnEpoch() public {
        queued("p", heatMarket, 0);
        take(alice, heatMarket, 1e18);
        skip(EPOCH - 1);
        vm.recordLogs();
        assertEq(marketplace.pokeMarket(heatMarket), HEAT_PRICE);
        assertEq(vm.getRecordedLogs().length, 0, "no event");
        assertEq(marketOf(heatMarket).takesThisEpoch, 1, "takes kept");
        assertEq(marketOf(heatMarket).epochStartedAt, 1_750_000_000);
    }

    function test_pokeMarket_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(3)));
        marketplace.pokeMarket(MarketId.wrap(3));
    }

    function test_openLease_appliesPendingEpochsBeforePricing() public {
        queued("p1", heatMarket, 0);
        queued("p2", heatMarket, 0);
        skip(2 * EPOCH);
        uint256 expected = down(down(HEAT_PRICE));

        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, HEAT_PRICE, expected, 0);
        LeaseId lease = take(alice, heatMarket, 1e18);
        assertEq(leaseOf(lease).pricePerSecond, expected);
        assertEq(marketOf(heatMarket).takesThisEpoch, 1, "counted in the new epoch");
    }

    function test_joinQueue_appliesPendingEpochsBeforeAddingSupply() public {
        // Nobody waited for three epochs: joining must not make them look idle.
        skip(3 * EPOCH);
        address p = provider("p", rtx4090(1), 0);
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, HEAT_PRICE, HEAT_PRICE, 0);
        vm.prank(p);
        marketplace.joinQueue(heatMarket, 1, address(0));
        assertEq(referencePrice(heatMarket), HEAT_PRICE);
        skip(EPOCH);
        assertEq(marketplace.pokeMarket(heatMarket), down(HEAT_PRICE));
    }

    // ================================================================== quotePrice

    function test_quotePrice_equalsWhatATakePays() public {
        queued("economy", heatMarket, 0);
        queued("priority", heatMarket, 5);
        queued("trusted", heatMarket, 20);
        skip(2 * EPOCH);

        Tier[3] memory tiers = [Tier.Trusted, Tier.Priority, Tier.Economy];
        for (uint256 i; i < 3; ++i) {
            uint256 quote = marketplace.quotePrice(heatMarket, tiers[i]);
            LeaseId lease = takeAt(alice, heatMarket, tiers[i], 1e18);
            assertEq(leaseOf(lease).pricePerSecond, quote, "take pays the quote");
        }
        uint256 ref = down(down(HEAT_PRICE));
        assertEq(leaseOf(LeaseId.wrap(1)).pricePerSecond, ref * 25_000 / 10_000, "trusted");
        assertEq(leaseOf(LeaseId.wrap(2)).pricePerSecond, ref * 15_000 / 10_000, "priority");
        assertEq(leaseOf(LeaseId.wrap(3)).pricePerSecond, ref, "economy");
    }

    function test_quotePrice_appliesPendingEpochsWithoutWriting() public {
        queued("p", heatMarket, 0);
        skip(EPOCH);
        assertEq(marketplace.quotePrice(heatMarket, Tier.Economy), down(HEAT_PRICE));
        assertEq(referencePrice(heatMarket), HEAT_PRICE, "not written");
    }

    function test_quotePrice_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(9)));
        marketplace.quotePrice(MarketId.wrap(9), Tier.Economy);
    }

    // ================================================================== views

    function test_getMarket_tracksQueueAndTakes() public {
        address p = queued("p", usdMarket, 0);
        address q = queued("q", usdMarket, 0);
        Market memory m = marketOf(usdMarket);
        assertEq(m.head, p);
        assertEq(m.idleSlots, 2);
        take(alice, usdMarket, 1e6);
        m = marketOf(usdMarket);
        assertEq(m.head, q);
        assertEq(m.idleSlots, 1);
        assertEq(m.takesThisEpoch, 1);
    }

    function test_getMarket_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(3)));
        marketplace.getMarket(MarketId.wrap(3));
    }

    function test_marketCount_countsCreatedMarkets() public {
        assertEq(marketplace.marketCount(), 2);
        createMarket(h100Config());
        assertEq(marketplace.marketCount(), 3);
    }

    function _expectBoundsInvalid(MarketConfig memory c) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.MarketPriceBoundsInvalid.selector,
                c.minPricePerSecond,
                c.referencePricePerSecond,
                c.maxPricePerSecond
            )
        );
    }
}
