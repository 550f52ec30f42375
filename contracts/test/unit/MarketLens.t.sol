// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketLens} from "../../src/MarketLens.sol";
import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {MarketId} from "../../src/types/Ids.sol";

import {AuctionTestBase} from "../utils/AuctionTestBase.sol";

/// @notice Queue listing and queue hints. The usdMarket queue is, best first:
///         a (reputation 3000, 2 slots), b (2000), c (2000, joined after b), d (0).
contract MarketLensTest is AuctionTestBase {
    address internal a;
    address internal b;
    address internal c;
    address internal d;

    function setUp() public override {
        super.setUp();
        d = _join("d", 0, 1);
        b = _join("b", 2, 1);
        a = _join("a", 3, 2);
        c = _join("c", 2, 1);
    }

    function test_constructor_setsMarketplaceAndRegistry() public view {
        assertEq(address(lens.marketplace()), address(marketplace));
        assertEq(address(lens.registry()), address(registry));
    }

    // ================================================================== getQueue

    function test_getQueue_listsTheWholeQueueBestFirst() public view {
        (address[] memory providers, uint16[] memory slots, uint32[] memory reputations) =
            lens.getQueue(usdMarket, address(0), 10);
        assertEq(providers.length, 4);
        assertEq(providers[0], a);
        assertEq(providers[1], b);
        assertEq(providers[2], c);
        assertEq(providers[3], d);
        assertEq(slots[0], 2);
        assertEq(slots[1], 1);
        assertEq(slots[3], 1);
        assertEq(reputations[0], 3000);
        assertEq(reputations[1], 2000);
        assertEq(reputations[2], 2000);
        assertEq(reputations[3], 0);
    }

    function test_getQueue_pagesFromStart() public view {
        (address[] memory page,,) = lens.getQueue(usdMarket, address(0), 2);
        assertEq(page.length, 2);
        assertEq(page[0], a);
        assertEq(page[1], b);

        (page,,) = lens.getQueue(usdMarket, b, 2);
        assertEq(page.length, 2);
        assertEq(page[0], c);
        assertEq(page[1], d);

        (page,,) = lens.getQueue(usdMarket, d, 2);
        assertEq(page.length, 0);
    }

    function test_getQueue_returnsAShortLastPage() public view {
        (address[] memory page, uint16[] memory slots, uint32[] memory reputations) =
            lens.getQueue(usdMarket, b, 100);
        assertEq(page.length, 2);
        assertEq(slots.length, 2);
        assertEq(reputations.length, 2);
        assertEq(page[1], d);
    }

    function test_getQueue_returnsNothingForMaxZero() public view {
        (address[] memory page,,) = lens.getQueue(usdMarket, address(0), 0);
        assertEq(page.length, 0);
    }

    function test_getQueue_returnsNothingForAnEmptyMarket() public view {
        (address[] memory page,,) = lens.getQueue(heatMarket, address(0), 10);
        assertEq(page.length, 0);
    }

    function test_getQueue_followsSlotsTaken() public {
        take(alice, usdMarket, 1e6); // a's first slot
        (address[] memory page, uint16[] memory slots,) = lens.getQueue(usdMarket, address(0), 10);
        assertEq(page[0], a);
        assertEq(slots[0], 1);

        take(alice, usdMarket, 1e6); // a's last slot: a leaves
        (page,,) = lens.getQueue(usdMarket, address(0), 10);
        assertEq(page.length, 3);
        assertEq(page[0], b);
    }

    function test_getQueue_revertsWhenStartWaitsInAnotherMarket() public {
        // b waits in the tUSD market: listing the HEAT market after b must not list the tUSD queue.
        vm.expectRevert(abi.encodeWithSelector(MarketLens.ProviderNotQueued.selector, b));
        lens.getQueue(heatMarket, b, 10);
    }

    function test_getQueue_revertsWhenStartLeftTheQueue() public {
        // A page cursor that was taken or left meanwhile must not read as the end of the queue.
        vm.prank(c);
        marketplace.leaveQueue(b);
        vm.expectRevert(abi.encodeWithSelector(MarketLens.ProviderNotQueued.selector, c));
        lens.getQueue(usdMarket, c, 10);
    }

    function test_getQueue_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(9)));
        lens.getQueue(MarketId.wrap(9), address(0), 10);
    }

    // ================================================================== queuePosition

    function test_queuePosition_isZeroForTheNewHead() public {
        address top = _register("top", 4);
        assertEq(lens.queuePosition(usdMarket, top), address(0));
        _joinAt(top, address(0));
        _assertQueue(_list(top, a, b, c, d));
    }

    function test_queuePosition_isZeroInAnEmptyMarket() public {
        address e = _register("e", 0);
        assertEq(lens.queuePosition(heatMarket, e), address(0));
        vm.prank(e);
        marketplace.joinQueue(heatMarket, 1, address(0));
        assertEq(marketplace.getMarket(heatMarket).head, e);
    }

    function test_queuePosition_placesBetweenBetterAndWorse() public {
        address mid = _register("mid", 4);
        vm.prank(reputationWriter);
        registry.recordFailure(mid); // 4000 × 2/3 = 2666: below a, above b
        assertEq(lens.queuePosition(usdMarket, mid), a);
        _joinAt(mid, a);
        _assertQueue(_list(a, mid, b, c, d));
    }

    function test_queuePosition_goesAfterEveryEqual() public {
        address e = _register("e", 2);
        assertEq(lens.queuePosition(usdMarket, e), c);
        _joinAt(e, c);
        _assertQueue(_list(a, b, c, e, d));

        address f = _register("f", 3);
        assertEq(lens.queuePosition(usdMarket, f), a);
    }

    function test_queuePosition_isTheTailForTheLeastReputable() public {
        address e = _register("e", 0);
        assertEq(lens.queuePosition(usdMarket, e), d);
        _joinAt(e, d);
        _assertQueue(_list(a, b, c, d, e));
    }

    function test_queuePosition_hintIsTheOnlyOneTheMarketplaceTakes() public {
        address e = _register("e", 1); // between c (2000) and d (0)
        assertEq(lens.queuePosition(usdMarket, e), c);
        address[5] memory wrong = [address(0), a, b, d, e];
        for (uint256 i; i < wrong.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarketplace.QueueHintInvalid.selector, wrong[i]));
            vm.prank(e);
            marketplace.joinQueue(usdMarket, 1, wrong[i]);
        }
        _joinAt(e, c);
        _assertQueue(_list(a, b, c, e, d));
    }

    // ================================================================== queuePrev

    function test_queuePrev_isZeroForTheHead() public view {
        assertEq(lens.queuePrev(a), address(0));
    }

    function test_queuePrev_isTheEntryBefore() public view {
        assertEq(lens.queuePrev(b), a);
        assertEq(lens.queuePrev(c), b);
        assertEq(lens.queuePrev(d), c);
    }

    function test_queuePrev_isTheHintLeaveQueueTakes() public {
        address prev = lens.queuePrev(c);
        vm.prank(c);
        marketplace.leaveQueue(prev);
        _assertQueue(_list(a, b, d));
        assertEq(lens.queuePrev(d), b);
    }

    function test_queuePrev_revertsWhenProviderNotQueued() public {
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(MarketLens.ProviderNotQueued.selector, stranger));
        lens.queuePrev(stranger);
    }

    function test_queuePrev_revertsAfterProviderLeft() public {
        vm.prank(a);
        marketplace.leaveQueue(address(0));
        vm.expectRevert(abi.encodeWithSelector(MarketLens.ProviderNotQueued.selector, a));
        lens.queuePrev(a);
        assertEq(lens.queuePrev(b), address(0));
    }

    // ================================================================== helpers

    /// @dev Registers a provider with `gpus` RTX 4090s and `successes` jobs done.
    function _register(string memory name, uint256 successes) internal returns (address who) {
        who = _register(name, successes, 1);
    }

    function _register(string memory name, uint256 successes, uint16 gpus) internal returns (address who) {
        who = bidder(name, rtx4090(gpus));
        giveReputation(who, successes);
    }

    function _join(string memory name, uint256 successes, uint16 slots) internal returns (address who) {
        who = _register(name, successes, slots);
        joinQueue(who, usdMarket, slots);
    }

    function _joinAt(address who, address hint) internal {
        vm.prank(who);
        marketplace.joinQueue(usdMarket, 1, hint);
    }

    function _assertQueue(address[] memory expected) internal view {
        (address[] memory providers,,) = lens.getQueue(usdMarket, address(0), 100);
        assertEq(providers, expected);
    }

    function _list(address x0, address x1, address x2) internal pure returns (address[] memory l) {
        l = new address[](3);
        (l[0], l[1], l[2]) = (x0, x1, x2);
    }

    function _list(address x0, address x1, address x2, address x3, address x4)
        internal
        pure
        returns (address[] memory l)
    {
        l = new address[](5);
        (l[0], l[1], l[2], l[3], l[4]) = (x0, x1, x2, x3, x4);
    }
}
