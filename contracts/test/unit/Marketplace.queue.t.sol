// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {Hardware} from "../../src/types/Hardware.sol";
import {LeaseId, MarketId} from "../../src/types/Ids.sol";
import {MarketConfig, QueueEntry, Tier} from "../../src/types/Market.sol";
import {MarketplaceTestBase} from "../utils/MarketplaceTestBase.sol";

/// @notice Queues of idle providers: joining, ordering, hints, leaving and eviction.
contract MarketplaceQueueTest is MarketplaceTestBase {
    // ================================================================== joinQueue

    function test_joinQueue_storesEntryAndEmits() public {
        address p = provider("p", rtx4090(1), 2);
        expectMarketplaceEvent();
        emit IMarketplace.AccountRegistered(p, 1);
        expectMarketplaceEvent();
        emit IMarketplace.ProviderQueued(usdMarket, p, 1, 2 * SUCCESS);
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 1, address(0));

        QueueEntry memory e = entryOf(p);
        assertEq(e.next, address(0), "next");
        assertEq(e.slots, 1, "slots");
        assertEq(e.reputation, 2 * SUCCESS, "reputation");
        assertEq(MarketId.unwrap(e.market), MarketId.unwrap(usdMarket), "market");
        assertEq(e.account, 1, "account");
        assertEq(marketplace.accountIdOf(p), 1);
        assertEq(marketplace.accountOf(1), p);
        assertEq(marketOf(usdMarket).head, p, "head");
        assertEq(marketOf(usdMarket).idleSlots, 1, "idle");
    }

    function test_joinQueue_ordersByReputationFirstComeFirstServedAmongEquals() public {
        address a = queued("a", usdMarket, 3);
        address b = queued("b", usdMarket, 1);
        address c = queued("c", usdMarket, 3);
        address d = queued("d", usdMarket, 2);
        address e = queued("e", usdMarket, 0);
        address f = queued("f", usdMarket, 4);

        address[] memory expected = new address[](6);
        (expected[0], expected[1], expected[2], expected[3], expected[4], expected[5]) = (f, a, c, d, b, e);
        assertQueue(usdMarket, expected);
        assertEq(marketOf(usdMarket).idleSlots, 6);

        // Takes follow the queue.
        for (uint256 i; i < expected.length; ++i) {
            LeaseId lease = take(alice, usdMarket, 1e6);
            assertEq(leaseOf(lease).provider, expected[i], "take order");
        }
        assertEq(marketOf(usdMarket).head, address(0));
    }

    function test_joinQueue_acceptsHintAtTail() public {
        address a = queued("a", usdMarket, 2);
        address b = queued("b", usdMarket, 1);
        address c = provider("c", rtx4090(1), 1);
        vm.prank(c);
        marketplace.joinQueue(usdMarket, 1, b);
        assertQueue(usdMarket, list(a, b, c));
        assertEq(entryOf(b).next, c);
    }

    function test_joinQueue_revertsWhenHintZeroButHeadAsReputable() public {
        queued("a", usdMarket, 1);
        address b = provider("b", rtx4090(1), 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, address(0)));
        vm.prank(b);
        marketplace.joinQueue(usdMarket, 1, address(0));
    }

    function test_joinQueue_revertsWhenHintLessReputable() public {
        address a = queued("a", usdMarket, 1);
        address b = provider("b", rtx4090(1), 2);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, a));
        vm.prank(b);
        marketplace.joinQueue(usdMarket, 1, a);
    }

    function test_joinQueue_revertsWhenHintBeforeAnEqual() public {
        address a = queued("a", usdMarket, 3);
        queued("b", usdMarket, 2);
        address c = provider("c", rtx4090(1), 2);
        // c belongs after b (same reputation, came later), not between a and b.
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, a));
        vm.prank(c);
        marketplace.joinQueue(usdMarket, 1, a);
    }

    function test_joinQueue_revertsWhenHintInAnotherMarket() public {
        address a = queued("a", heatMarket, 3);
        address b = provider("b", rtx4090(1), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, a));
        vm.prank(b);
        marketplace.joinQueue(usdMarket, 1, a);
    }

    function test_joinQueue_revertsWhenHintNotQueued() public {
        address b = provider("b", rtx4090(1), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, stranger));
        vm.prank(b);
        marketplace.joinQueue(usdMarket, 1, stranger);
    }

    function test_joinQueue_revertsWhenHintIsCaller() public {
        queued("a", usdMarket, 3);
        address b = provider("b", rtx4090(1), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, b));
        vm.prank(b);
        marketplace.joinQueue(usdMarket, 1, b);
    }

    function test_joinQueue_revertsWhenProviderNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderNotEligible.selector, stranger));
        vm.prank(stranger);
        marketplace.joinQueue(usdMarket, 1, address(0));
    }

    function test_joinQueue_revertsWhenProviderUnderstaked() public {
        address p = provider("p", rtx4090(1), 0);
        makeIneligible(p);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderNotEligible.selector, p));
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 1, address(0));
    }

    function test_joinQueue_revertsWhenGpuModelWrong() public {
        address p = provider("p", gpuBox("rtx-3090", 1, 24_576), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.ProviderHardwareUnfit.selector, p, bytes32("rtx-3090"), 24_576, 1
            )
        );
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 1, address(0));
    }

    function test_joinQueue_revertsWhenVramTooSmall() public {
        // The market asks 24 000 MiB per GPU.
        address p = provider("p", gpuBox("rtx-4090", 2, 23_999), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.ProviderHardwareUnfit.selector, p, bytes32("rtx-4090"), 23_999, 2
            )
        );
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 1, address(0));
    }

    function test_joinQueue_revertsWhenTooFewGpus() public {
        MarketId pairs = createMarket(_pairsConfig());
        address p = provider("p", rtx4090(1), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.ProviderHardwareUnfit.selector, p, bytes32("rtx-4090"), 24_564, 1
            )
        );
        vm.prank(p);
        marketplace.joinQueue(pairs, 1, address(0));
    }

    function test_joinQueue_offersGpuCountOverGpusPerLeaseSlots() public {
        MarketId pairs = createMarket(_pairsConfig());
        address p = provider("p", rtx4090(5), 0); // 5 GPUs, 2 per lease: 2 slots
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueSlotsInvalid.selector, 3, 2));
        vm.prank(p);
        marketplace.joinQueue(pairs, 3, address(0));

        vm.prank(p);
        marketplace.joinQueue(pairs, 2, address(0));
        assertEq(entryOf(p).slots, 2);
        assertEq(marketOf(pairs).idleSlots, 2);
    }

    function test_joinQueue_revertsWhenSlotsZero() public {
        address p = provider("p", rtx4090(4), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueSlotsInvalid.selector, 0, 4));
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 0, address(0));
    }

    function test_joinQueue_revertsWhenSlotsAboveGpuCount() public {
        address p = provider("p", rtx4090(1), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueSlotsInvalid.selector, 2, 1));
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 2, address(0));
    }

    function test_joinQueue_revertsWhenAlreadyQueued() public {
        address p = provider("p", rtx4090(2), 0);
        joinQueue(p, usdMarket, 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderAlreadyQueued.selector, p, usdMarket));
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 1, p);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderAlreadyQueued.selector, p, usdMarket));
        vm.prank(p);
        marketplace.joinQueue(heatMarket, 1, address(0));
    }

    function test_joinQueue_revertsWhenMarketNotFound() public {
        address p = provider("p", rtx4090(1), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(3)));
        vm.prank(p);
        marketplace.joinQueue(MarketId.wrap(3), 1, address(0));
    }

    function test_joinQueue_revertsWhenMarketPaused() public {
        address p = provider("p", rtx4090(1), 0);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(p);
        marketplace.joinQueue(usdMarket, 1, address(0));
    }

    function test_joinQueue_cpuOnlyMarketTakesAnyMachineOnce() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.gpuModel = bytes32(0);
        config.gpusPerLease = 0;
        config.minVramMiB = 0;
        MarketId cpu = createMarket(config);

        address box = provider("cpuBox", cpuBox(), 0);
        address rig = provider("rig", rtx4090(8), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueSlotsInvalid.selector, 2, 1));
        vm.prank(rig);
        marketplace.joinQueue(cpu, 2, address(0));

        joinQueue(box, cpu, 1);
        joinQueue(rig, cpu, 1);
        assertQueue(cpu, list(box, rig));
        assertEq(leaseOf(take(alice, cpu, 1e6)).provider, box);
        assertEq(leaseOf(take(alice, cpu, 1e6)).provider, rig);
    }

    function test_joinQueue_anyGpuModelWhenMarketModelZero() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.gpuModel = bytes32(0);
        MarketId anyGpu = createMarket(config);
        address p = provider("p", gpuBox("rtx-3090", 2, 24_576), 0);
        joinQueue(p, anyGpu, 2);
        assertEq(entryOf(p).slots, 2);

        // VRAM still counts.
        address small = provider("small", gpuBox("rtx-3060", 1, 12_288), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.ProviderHardwareUnfit.selector, small, bytes32("rtx-3060"), 12_288, 1
            )
        );
        vm.prank(small);
        marketplace.joinQueue(anyGpu, 1, p);
    }

    function test_joinQueue_multiSlotProviderLosesOneSlotPerTake() public {
        address big = provider("big", rtx4090(3), 1);
        joinQueue(big, usdMarket, 3);
        address small = queued("small", usdMarket, 0);
        assertEq(marketOf(usdMarket).idleSlots, 4);

        for (uint16 left = 2; left > 0; --left) {
            assertEq(leaseOf(take(alice, usdMarket, 1e6)).provider, big);
            assertEq(entryOf(big).slots, left, "slot taken");
            assertEq(marketOf(usdMarket).head, big, "still head");
            assertEq(marketOf(usdMarket).idleSlots, left + 1, "idle");
        }

        expectMarketplaceEvent();
        emit IMarketplace.ProviderDequeued(usdMarket, big);
        assertEq(leaseOf(take(alice, usdMarket, 1e6)).provider, big);
        assertEq(MarketId.unwrap(entryOf(big).market), 0, "left on its last slot");
        assertEq(entryOf(big).slots, 0);
        assertEq(marketOf(usdMarket).head, small);
        assertEq(marketOf(usdMarket).idleSlots, 1);
        assertEq(leaseOf(take(alice, usdMarket, 1e6)).provider, small);
        assertEq(marketOf(usdMarket).idleSlots, 0);

        // Having left, it may join again.
        joinQueue(big, usdMarket, 3);
        assertEq(marketOf(usdMarket).head, big);
    }

    // ================================================================== leaveQueue

    function test_leaveQueue_fromHead() public {
        (address a, address b, address c) = _threeQueued();
        expectMarketplaceEvent();
        emit IMarketplace.ProviderDequeued(usdMarket, a);
        vm.prank(a);
        marketplace.leaveQueue(address(0));
        assertQueue(usdMarket, list(b, c));
        assertEq(marketOf(usdMarket).idleSlots, 2);
        assertEq(abi.encode(entryOf(a)), abi.encode(QueueEntry(address(0), 0, 0, MarketId.wrap(0), 0)));
    }

    function test_leaveQueue_fromMiddle() public {
        (address a, address b, address c) = _threeQueued();
        expectMarketplaceEvent();
        emit IMarketplace.ProviderDequeued(usdMarket, b);
        vm.prank(b);
        marketplace.leaveQueue(a);
        assertQueue(usdMarket, list(a, c));
        assertEq(entryOf(a).next, c);
        assertEq(marketOf(usdMarket).idleSlots, 2);
    }

    function test_leaveQueue_fromTail() public {
        (address a, address b, address c) = _threeQueued();
        vm.prank(c);
        marketplace.leaveQueue(b);
        assertQueue(usdMarket, list(a, b));
        assertEq(entryOf(b).next, address(0));
    }

    function test_leaveQueue_releasesRemainingSlots() public {
        address big = provider("big", rtx4090(4), 0);
        joinQueue(big, usdMarket, 4);
        take(alice, usdMarket, 1e6);
        assertEq(marketOf(usdMarket).idleSlots, 3);
        leave(big);
        assertEq(marketOf(usdMarket).idleSlots, 0);
        assertEq(marketOf(usdMarket).head, address(0));
    }

    function test_leaveQueue_canJoinAgain() public {
        (address a, address b,) = _threeQueued();
        leave(a);
        joinQueue(a, heatMarket, 1);
        assertEq(marketOf(heatMarket).head, a);
        assertEq(marketOf(usdMarket).head, b);
    }

    function test_leaveQueue_appliesPendingEpochsBeforeRemovingSupply() public {
        // p waited idle for three whole epochs: those epochs lower the price even if it leaves now.
        address p = queued("p", heatMarket, 0);
        skip(3 * EPOCH);
        uint256 expected = down(down(down(HEAT_PRICE)));
        expectMarketplaceEvent();
        emit IMarketplace.ReferencePriceUpdated(heatMarket, HEAT_PRICE, expected, 0);
        vm.prank(p);
        marketplace.leaveQueue(address(0));

        assertEq(marketplace.quotePrice(heatMarket, Tier.Economy), expected, "quote");
        assertEq(marketplace.pokeMarket(heatMarket), expected, "price");
    }

    function test_leaveQueue_revertsWhenZeroHintButNotHead() public {
        (, address b,) = _threeQueued();
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, address(0)));
        vm.prank(b);
        marketplace.leaveQueue(address(0));
    }

    function test_leaveQueue_revertsWhenHintNotBefore() public {
        (address a,, address c) = _threeQueued();
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, a));
        vm.prank(c);
        marketplace.leaveQueue(a);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, c));
        vm.prank(c);
        marketplace.leaveQueue(c);
    }

    function test_leaveQueue_revertsWhenNotQueued() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderNotQueued.selector, stranger));
        vm.prank(stranger);
        marketplace.leaveQueue(address(0));
    }

    // ================================================================== evict

    function test_evict_removesIneligibleProvider() public {
        (address a, address b, address c) = _threeQueued();
        makeIneligible(b);
        expectMarketplaceEvent();
        emit IMarketplace.ProviderDequeued(usdMarket, b);
        vm.prank(stranger);
        marketplace.evict(b, a);
        assertQueue(usdMarket, list(a, c));
        assertEq(marketOf(usdMarket).idleSlots, 2);
        assertEq(MarketId.unwrap(entryOf(b).market), 0);
    }

    function test_evict_appliesPendingEpochsBeforeRemovingSupply() public {
        address p = queued("p", heatMarket, 0);
        skip(2 * EPOCH);
        makeIneligible(p);
        vm.prank(stranger);
        marketplace.evict(p, address(0));
        assertEq(marketplace.pokeMarket(heatMarket), down(down(HEAT_PRICE)));
    }

    function test_evict_revertsWhenProviderStillEligible() public {
        (address a, address b,) = _threeQueued();
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderStillEligible.selector, b));
        vm.prank(stranger);
        marketplace.evict(b, a);
    }

    function test_evict_removesProviderWhoseHardwareNoLongerFits() public {
        (address a, address b, address c) = _threeQueued();
        Hardware memory hw = rtx4090(1);
        hw.gpuModel = "rtx-3090";
        vm.prank(b);
        registry.updateHardware(hw);
        vm.prank(stranger);
        marketplace.evict(b, a);
        assertQueue(usdMarket, list(a, c));
    }

    function test_evict_removesProviderWhenMarketRequirementsRose() public {
        (address a, address b, address c) = _threeQueued();
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.minVramMiB = 40_000;
        vm.prank(owner);
        marketplace.updateMarket(usdMarket, config);
        vm.startPrank(stranger);
        marketplace.evict(a, address(0));
        marketplace.evict(b, address(0));
        marketplace.evict(c, address(0));
        vm.stopPrank();
        assertEq(marketOf(usdMarket).head, address(0));
        assertEq(marketOf(usdMarket).idleSlots, 0);
    }

    function test_evict_revertsWhenHintInvalid() public {
        (, address b, address c) = _threeQueued();
        makeIneligible(b);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, c));
        marketplace.evict(b, c);
    }

    function test_evict_revertsWhenNotQueued() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ProviderNotQueued.selector, stranger));
        marketplace.evict(stranger, address(0));
    }

    // ================================================================== getQueueEntry

    function test_getQueueEntry_zeroWhenNotQueued() public view {
        assertEq(abi.encode(entryOf(stranger)), abi.encode(QueueEntry(address(0), 0, 0, MarketId.wrap(0), 0)));
    }

    // ================================================================== helpers

    /// Queue a (3), b (2), c (1) in the tUSD market.
    function _threeQueued() internal returns (address a, address b, address c) {
        a = queued("a", usdMarket, 3);
        b = queued("b", usdMarket, 2);
        c = queued("c", usdMarket, 1);
        assertQueue(usdMarket, list(a, b, c));
    }

    /// An RTX 4090 market renting two GPUs per lease.
    function _pairsConfig() internal view returns (MarketConfig memory config) {
        config = marketConfig(address(usd), USD_PRICE);
        config.gpusPerLease = 2;
    }
}
