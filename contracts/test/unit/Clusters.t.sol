// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {ComplianceTags, Hardware} from "../../src/types/Hardware.sol";
import {ClusterId, LeaseId, MarketId, OrderId} from "../../src/types/Ids.sol";
import {Lease, LeaseState} from "../../src/types/Lease.sol";
import {Market, OpenClusterParams, Tier} from "../../src/types/Market.sol";

import {AuctionTestBase} from "../utils/AuctionTestBase.sol";

/// @notice `Marketplace.openCluster`: several leases at once across distinct queued providers, all or none.
contract ClustersTest is AuctionTestBase {
    /// 100 000 base units buy 1204 whole seconds at 83 per second (99 932); 68 stay with the consumer.
    uint256 internal constant PER_MEMBER = 100_000;
    uint256 internal constant SECONDS = PER_MEMBER / USD_PRICE;

    // ================================================================== opening

    function test_openCluster_opensOneLeasePerProvider() public {
        address x1 = _queued("x1", rtx4090(1), 0, 1);
        address x2 = _queued("x2", rtx4090(1), 0, 1);
        address x3 = _queued("x3", rtx4090(1), 0, 1);
        uint256 aliceBefore = usd.balanceOf(alice);
        uint256 pulled = 3 * USD_PRICE * SECONDS;
        LeaseId[] memory expected = _ids(1, 3);

        vm.expectEmit(address(marketplace));
        emit IMarketplace.ProviderDequeued(usdMarket, x1);
        vm.expectEmit(address(marketplace));
        emit IMarketplace.ProviderDequeued(usdMarket, x2);
        vm.expectEmit(address(marketplace));
        emit IMarketplace.ProviderDequeued(usdMarket, x3);
        address[3] memory members = [x1, x2, x3];
        for (uint256 i; i < 3; ++i) {
            vm.expectEmit(address(marketplace));
            emit IMarketplace.LeaseOpened(
                expected[i],
                alice,
                members[i],
                usdMarket,
                Tier.Economy,
                USD_PRICE,
                USD_PRICE * SECONDS,
                SPEC,
                OrderId.wrap(0),
                ClusterId.wrap(1)
            );
        }
        vm.expectEmit(address(marketplace));
        emit IMarketplace.ClusterOpened(ClusterId.wrap(1), alice, usdMarket, expected);
        vm.expectEmit(address(usd));
        emit IERC20.Transfer(alice, address(marketplace), pulled);
        (ClusterId cluster, LeaseId[] memory leases) = _open(_params(3));

        assertEq(ClusterId.unwrap(cluster), 1);
        assertEq(_unwrap(leases), _unwrap(expected));
        assertEq(_unwrap(marketplace.getCluster(cluster)), _unwrap(expected));
        assertEq(marketplace.leaseCount(), 3);
        for (uint256 i; i < 3; ++i) {
            Lease memory l = marketplace.getLease(leases[i]);
            assertEq(l.consumer, alice);
            assertEq(l.provider, members[i]);
            assertEq(uint256(l.state), uint256(LeaseState.Active));
            assertEq(l.pricePerSecond, USD_PRICE);
            assertEq(l.fundedUntil, block.timestamp + SECONDS);
            assertEq(marketplace.escrowed(leases[i]), USD_PRICE * SECONDS);
        }
        // Whole seconds only: the 68 base units per member that buy no full second stay with alice.
        assertEq(usd.balanceOf(alice), aliceBefore - pulled);
        assertEq(usd.balanceOf(address(marketplace)), pulled);
        Market memory m = marketplace.getMarket(usdMarket);
        assertEq(m.head, address(0));
        assertEq(m.idleSlots, 0);
        assertEq(m.takesThisEpoch, 3);
    }

    function test_openCluster_takesTheBestProvidersFirst() public {
        address low = _queued("low", rtx4090(1), 0, 1);
        address high = _queued("high", rtx4090(1), 3, 1);
        address mid = _queued("mid", rtx4090(1), 1, 1);

        (, LeaseId[] memory leases) = _open(_params(2));

        assertEq(marketplace.getLease(leases[0]).provider, high);
        assertEq(marketplace.getLease(leases[1]).provider, mid);
        assertEq(marketplace.getMarket(usdMarket).head, low);
        assertEq(marketplace.getQueueEntry(low).slots, 1);
    }

    function test_openCluster_numbersClustersFromOne() public {
        for (uint256 i; i < 4; ++i) {
            _queued(string.concat("x", vm.toString(i)), rtx4090(1), 0, 1);
        }
        (ClusterId first,) = _open(_params(2));
        (ClusterId second, LeaseId[] memory leases) = _open(_params(2));
        assertEq(ClusterId.unwrap(first), 1);
        assertEq(ClusterId.unwrap(second), 2);
        assertEq(_unwrap(leases), _unwrap(_ids(3, 4)));
        assertEq(_unwrap(marketplace.getCluster(second)), _unwrap(_ids(3, 4)));
    }

    function test_openCluster_letsEveryMemberFindTheOthers() public {
        address x1 = _queued("x1", rtx4090(1), 0, 1);
        address x2 = _queued("x2", rtx4090(1), 0, 1);
        vm.prank(x2);
        registry.updateEndpoint("https://x2.example:8443");
        (ClusterId cluster,) = _open(_params(2));

        LeaseId[] memory leases = marketplace.getCluster(cluster);
        address first = marketplace.getLease(leases[0]).provider;
        address second = marketplace.getLease(leases[1]).provider;
        assertEq(first, x1);
        assertEq(registry.getProvider(first).endpoint, "https://provider.example:8443");
        assertEq(second, x2);
        assertEq(registry.getProvider(second).endpoint, "https://x2.example:8443");
    }

    function test_openCluster_leasesRunAndCloseIndependently() public {
        _queued("x1", rtx4090(1), 0, 1);
        _queued("x2", rtx4090(1), 0, 1);
        (, LeaseId[] memory leases) = _open(_params(2));
        skip(100);
        uint256 aliceBefore = usd.balanceOf(alice);
        vm.prank(alice);
        uint256 refund = marketplace.closeLease(leases[0]);
        assertEq(refund, USD_PRICE * (SECONDS - 100));
        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        assertEq(uint256(marketplace.getLease(leases[1]).state), uint256(LeaseState.Active));
        assertEq(marketplace.escrowed(leases[1]), USD_PRICE * SECONDS);
    }

    function test_openCluster_chargesTheTierPrice() public {
        _queued("novice", rtx4090(1), 0, 1);
        address v1 = _queued("v1", rtx4090(1), 5, 1);
        address v2 = _queued("v2", rtx4090(1), 6, 1);
        OpenClusterParams memory params = _params(2);
        params.tier = Tier.Priority; // 1.5 × the reference price, reputation ≥ 5000
        uint256 price = uint256(USD_PRICE) * 15_000 / 10_000;
        uint256 aliceBefore = usd.balanceOf(alice);

        (, LeaseId[] memory leases) = _open(params);

        assertEq(marketplace.getLease(leases[0]).provider, v2);
        assertEq(marketplace.getLease(leases[1]).provider, v1);
        assertEq(marketplace.getLease(leases[0]).pricePerSecond, price);
        assertEq(uint256(marketplace.getLease(leases[0]).tier), uint256(Tier.Priority));
        assertEq(usd.balanceOf(alice), aliceBefore - 2 * price * (PER_MEMBER / price));
    }

    // ================================================================== placement

    function test_openCluster_takesOnlyProvidersInTheRegion() public {
        address eu = _queued("eu", rtx4090(1), 0, 1);
        address us1 = _queued("us1", _inRegion("us-east"), 0, 1);
        address us2 = _queued("us2", _inRegion("us-east"), 0, 1);
        OpenClusterParams memory params = _params(2);
        params.placement = inRegion("us-east");

        (, LeaseId[] memory leases) = _open(params);

        assertEq(marketplace.getLease(leases[0]).provider, us1);
        assertEq(marketplace.getLease(leases[1]).provider, us2);
        assertEq(marketplace.getMarket(usdMarket).head, eu);
    }

    function test_openCluster_takesOnlyProvidersWithEveryComplianceTag() public {
        _queued("gdpr", rtx4090(1), 0, 1);
        Hardware memory certified = rtx4090(1);
        certified.complianceTags = ComplianceTags.GDPR | ComplianceTags.HIPAA | ComplianceTags.SOC2;
        address c1 = _queued("c1", certified, 0, 1);
        address c2 = _queued("c2", certified, 0, 1);
        OpenClusterParams memory params = _params(2);
        params.placement.complianceTags = ComplianceTags.GDPR | ComplianceTags.HIPAA;

        (, LeaseId[] memory leases) = _open(params);

        assertEq(marketplace.getLease(leases[0]).provider, c1);
        assertEq(marketplace.getLease(leases[1]).provider, c2);
    }

    function test_openCluster_takesOnlyProvidersWithTheBandwidth() public {
        Hardware memory fast = rtx4090(1);
        fast.bandwidthMbps = 10_000;
        address f1 = _queued("f1", fast, 0, 1);
        _queued("slow", rtx4090(1), 0, 1); // 1000 Mbps
        address f2 = _queued("f2", fast, 0, 1);
        OpenClusterParams memory params = _params(2);
        params.placement.minBandwidthMbps = 10_000;

        (, LeaseId[] memory leases) = _open(params);

        assertEq(marketplace.getLease(leases[0]).provider, f1);
        assertEq(marketplace.getLease(leases[1]).provider, f2);
    }

    function test_openCluster_takesOnlyProvidersWithTheReputation() public {
        _queued("novice", rtx4090(1), 0, 1);
        address r1 = _queued("r1", rtx4090(1), 2, 1);
        address r2 = _queued("r2", rtx4090(1), 3, 1);
        OpenClusterParams memory params = _params(2);
        params.placement.minReputation = 2000;

        (, LeaseId[] memory leases) = _open(params);

        assertEq(marketplace.getLease(leases[0]).provider, r2);
        assertEq(marketplace.getLease(leases[1]).provider, r1);
    }

    function test_openCluster_skipsIneligibleProvidersAndLeavesThemQueued() public {
        address gone = _queued("gone", rtx4090(1), 0, 1);
        address x1 = _queued("x1", rtx4090(1), 0, 1);
        address x2 = _queued("x2", rtx4090(1), 0, 1);
        unstake(gone);

        (, LeaseId[] memory leases) = _open(_params(2));

        assertEq(marketplace.getLease(leases[0]).provider, x1);
        assertEq(marketplace.getLease(leases[1]).provider, x2);
        assertEq(marketplace.getMarket(usdMarket).head, gone);
    }

    function test_openCluster_looksAtMostMaxScanUnfitEntries() public {
        _queued("eu1", rtx4090(1), 0, 1);
        _queued("eu2", rtx4090(1), 0, 1);
        _queued("us1", _inRegion("us-east"), 0, 1);
        _queued("us2", _inRegion("us-east"), 0, 1);
        OpenClusterParams memory params = _params(2);
        params.placement = inRegion("us-east");

        vm.prank(owner);
        marketplace.setMaxScan(1);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterUnfilled.selector, usdMarket, 0, 2));
        vm.prank(alice);
        marketplace.openCluster(params);

        vm.prank(owner);
        marketplace.setMaxScan(2);
        (, LeaseId[] memory leases) = _open(params);
        assertEq(leases.length, 2);
    }

    // ================================================================== all or none

    function test_openCluster_revertsWhenUnfilledAndChangesNothing() public {
        _queued("eu", rtx4090(1), 0, 1);
        _queued("us1", _inRegion("us-east"), 0, 1);
        _queued("us2", _inRegion("us-east"), 0, 1);
        OpenClusterParams memory params = _params(3);
        params.placement = inRegion("us-east");
        (address[] memory queueBefore, uint16[] memory slotsBefore,) =
            lens.getQueue(usdMarket, address(0), 10);
        Market memory before = marketplace.getMarket(usdMarket);
        uint256 aliceBefore = usd.balanceOf(alice);

        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterUnfilled.selector, usdMarket, 2, 3));
        vm.prank(alice);
        marketplace.openCluster(params);

        (address[] memory queueAfter, uint16[] memory slotsAfter,) = lens.getQueue(usdMarket, address(0), 10);
        assertEq(queueAfter, queueBefore);
        assertEq(queueAfter.length, 3);
        for (uint256 i; i < slotsAfter.length; ++i) {
            assertEq(slotsAfter[i], slotsBefore[i]);
        }
        Market memory afterwards = marketplace.getMarket(usdMarket);
        assertEq(afterwards.idleSlots, before.idleSlots);
        assertEq(afterwards.takesThisEpoch, before.takesThisEpoch);
        assertEq(usd.balanceOf(alice), aliceBefore);
        assertEq(usd.balanceOf(address(marketplace)), 0);
        assertEq(marketplace.leaseCount(), 0);
        assertEq(marketplace.getCluster(ClusterId.wrap(1)).length, 0);
    }

    function test_openCluster_revertsWhenQueueIsEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterUnfilled.selector, usdMarket, 0, 2));
        vm.prank(alice);
        marketplace.openCluster(_params(2));
    }

    // ================================================================== multi-slot providers

    function test_openCluster_takesOneSlotOfAMultiSlotProvider() public {
        address multi = _queued("multi", rtx4090(2), 1, 2); // at the head with two slots
        address single = _queued("single", rtx4090(1), 0, 1);

        (, LeaseId[] memory leases) = _open(_params(2));

        assertEq(marketplace.getLease(leases[0]).provider, multi);
        assertEq(marketplace.getLease(leases[1]).provider, single);
        assertEq(marketplace.getMarket(usdMarket).head, multi);
        assertEq(marketplace.getQueueEntry(multi).slots, 1);
        assertEq(marketplace.getMarket(usdMarket).idleSlots, 1);
    }

    function test_openCluster_countsAMultiSlotProviderOnce() public {
        address multi = _queued("multi", rtx4090(4), 0, 4);

        // Four free slots on one machine are not a cluster of two: members are distinct providers.
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterUnfilled.selector, usdMarket, 1, 2));
        vm.prank(alice);
        marketplace.openCluster(_params(2));

        // The same slots still serve single takes.
        take(alice, usdMarket, 1e6);
        take(alice, usdMarket, 1e6);
        assertEq(marketplace.getQueueEntry(multi).slots, 2);
    }

    // ================================================================== reverts

    function test_openCluster_revertsWhenSizeOne() public {
        _queued("x1", rtx4090(1), 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterSizeInvalid.selector, 1, 32));
        vm.prank(alice);
        marketplace.openCluster(_params(1));
    }

    function test_openCluster_revertsWhenSizeZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterSizeInvalid.selector, 0, 32));
        vm.prank(alice);
        marketplace.openCluster(_params(0));
    }

    function test_openCluster_revertsWhenAboveMaxMembers() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterSizeInvalid.selector, 33, 32));
        vm.prank(alice);
        marketplace.openCluster(_params(33));
    }

    function test_openCluster_followsMaxClusterMembers() public {
        for (uint256 i; i < 4; ++i) {
            _queued(string.concat("x", vm.toString(i)), rtx4090(1), 0, 1);
        }
        vm.prank(owner);
        marketplace.setMaxClusterMembers(3);

        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ClusterSizeInvalid.selector, 4, 3));
        vm.prank(alice);
        marketplace.openCluster(_params(4));
        (, LeaseId[] memory leases) = _open(_params(3));
        assertEq(leases.length, 3);
    }

    function test_openCluster_revertsWhenPriceAboveMax() public {
        _queued("x1", rtx4090(1), 0, 1);
        _queued("x2", rtx4090(1), 0, 1);
        OpenClusterParams memory params = _params(2);
        params.maxPricePerSecond = USD_PRICE - 1;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceAboveMax.selector, USD_PRICE, USD_PRICE - 1));
        vm.prank(alice);
        marketplace.openCluster(params);
    }

    function test_openCluster_revertsWhenDepositBelowMinimumLease() public {
        _queued("x1", rtx4090(1), 0, 1);
        _queued("x2", rtx4090(1), 0, 1);
        OpenClusterParams memory params = _params(2);
        params.depositPerMember = USD_PRICE * 60 - 1; // 59 whole seconds
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.DepositTooSmall.selector, USD_PRICE * 60 - 1, USD_PRICE * 60)
        );
        vm.prank(alice);
        marketplace.openCluster(params);
    }

    function test_openCluster_revertsWhenMarketPaused() public {
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        marketplace.openCluster(_params(2));
    }

    function test_openCluster_revertsWhenMarketNotFound() public {
        OpenClusterParams memory params = _params(2);
        params.market = MarketId.wrap(42);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(42)));
        vm.prank(alice);
        marketplace.openCluster(params);
    }

    // ================================================================== getCluster

    function test_getCluster_isEmptyForAnUnknownCluster() public view {
        assertEq(marketplace.getCluster(ClusterId.wrap(1)).length, 0);
        assertEq(marketplace.getCluster(ClusterId.wrap(0)).length, 0);
    }

    function test_getCluster_doesNotListSingleLeases() public {
        _queued("x1", rtx4090(1), 0, 1);
        take(alice, usdMarket, 1e6);
        assertEq(marketplace.getCluster(ClusterId.wrap(0)).length, 0);
        assertEq(marketplace.getCluster(ClusterId.wrap(1)).length, 0);
    }

    // ================================================================== helpers

    /// @dev Registers and queues a provider with `hw`, `successes` jobs done and `slots` slots.
    function _queued(string memory name, Hardware memory hw, uint256 successes, uint16 slots)
        internal
        returns (address who)
    {
        who = bidder(name, hw);
        giveReputation(who, successes);
        joinQueue(who, usdMarket, slots);
    }

    function _inRegion(bytes32 region) internal pure returns (Hardware memory hw) {
        hw = rtx4090(1);
        hw.region = region;
    }

    function _params(uint16 members) internal view returns (OpenClusterParams memory) {
        return OpenClusterParams({
            market: usdMarket,
            tier: Tier.Economy,
            members: members,
            maxPricePerSecond: type(uint72).max,
            depositPerMember: PER_MEMBER,
            specHash: SPEC,
            placement: noPlacement()
        });
    }

    function _open(OpenClusterParams memory params)
        internal
        returns (ClusterId cluster, LeaseId[] memory leases)
    {
        vm.prank(alice);
        (cluster, leases) = marketplace.openCluster(params);
    }

    /// @dev Lease ids `from` … `to`.
    function _ids(uint256 from, uint256 to) internal pure returns (LeaseId[] memory ids) {
        ids = new LeaseId[](to - from + 1);
        for (uint256 i; i < ids.length; ++i) {
            ids[i] = LeaseId.wrap(from + i);
        }
    }

    function _unwrap(LeaseId[] memory ids) internal pure returns (uint256[] memory raw) {
        raw = new uint256[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            raw[i] = LeaseId.unwrap(ids[i]);
        }
    }
}
