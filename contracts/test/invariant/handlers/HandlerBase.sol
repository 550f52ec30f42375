// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {Marketplace} from "../../../src/Marketplace.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {IMarketplace} from "../../../src/interfaces/IMarketplace.sol";
import {Hardware} from "../../../src/types/Hardware.sol";
import {LeaseId, MarketId, OrderId} from "../../../src/types/Ids.sol";
import {Lease, LeaseState} from "../../../src/types/Lease.sol";
import {Market, Placement, QueueEntry, Tier} from "../../../src/types/Market.sol";
import {Order, OrderState} from "../../../src/types/Order.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Ledger} from "./Ledger.sol";

/// @notice What every handler needs: the deployed protocol, the shared ledger, the clock, and ways to
///         find a lease, order or provider in the state an action needs, so that calls are not wasted on
///         inputs that can only revert.
abstract contract HandlerBase is CommonBase, StdCheats, StdUtils {
    Ledger internal immutable ledger;
    Marketplace internal immutable marketplace;
    Auctions internal immutable auctions;
    ProviderRegistry internal immutable registry;
    HearthToken internal immutable heat;

    constructor(Ledger ledger_, Auctions auctions_, ProviderRegistry registry_, HearthToken heat_) {
        ledger = ledger_;
        marketplace = Marketplace(address(ledger_.marketplace()));
        auctions = auctions_;
        registry = registry_;
        heat = heat_;
    }

    /// @dev Runs an action at the ledger's clock.
    modifier step() {
        vm.warp(ledger.time());
        _;
    }

    // ------------------------------------------------------------------ finding leases and orders

    /// @dev The `i`-th index of `n` counting from a seeded start, wrapping around.
    function _nth(uint256 seed, uint256 i, uint256 n) internal pure returns (uint256) {
        return (seed % n + i) % n;
    }

    /// @dev The first lease from a seeded start that `ok` accepts, among active ones only when
    ///      `activeOnly`; 0 when none does.
    function _findLease(
        uint256 seed,
        bool activeOnly,
        function(LeaseId, Lease memory) internal view returns (bool) ok
    ) internal view returns (LeaseId, Lease memory l) {
        uint256 n = ledger.leaseCount();
        for (uint256 i; i < n; ++i) {
            LeaseId id = LeaseId.wrap(_nth(seed, i, n) + 1);
            // The ledger's view is current: every state change happens in a handler, which records it.
            if (activeOnly && ledger.lastSeenLease(LeaseId.unwrap(id)) != LeaseState.Active) continue;
            l = marketplace.getLease(id);
            if (ok(id, l)) return (id, l);
        }
        return (LeaseId.wrap(0), l);
    }

    function _isActive(LeaseId, Lease memory l) internal pure returns (bool) {
        return l.state == LeaseState.Active;
    }

    function _isFunded(LeaseId, Lease memory l) internal view returns (bool) {
        return l.state == LeaseState.Active && block.timestamp < l.fundedUntil;
    }

    function _isOutOfFunds(LeaseId, Lease memory l) internal view returns (bool) {
        return l.state == LeaseState.Active && block.timestamp >= l.fundedUntil;
    }

    function _hasAccrued(LeaseId id, Lease memory) internal view returns (bool) {
        return marketplace.withdrawable(id) > 0;
    }

    /// @dev The first open order from a seeded start that `ok` accepts; 0 when none does.
    function _findOrder(uint256 seed, function(OrderId, Order memory) internal view returns (bool) ok)
        internal
        view
        returns (OrderId, Order memory o)
    {
        uint256 n = ledger.orderCount();
        for (uint256 i; i < n; ++i) {
            OrderId id = OrderId.wrap(_nth(seed, i, n) + 1);
            if (ledger.lastSeenOrder(OrderId.unwrap(id)) != OrderState.Open) continue;
            o = auctions.getOrder(id);
            if (ok(id, o)) return (id, o);
        }
        return (OrderId.wrap(0), o);
    }

    function _isBidding(OrderId, Order memory o) internal view returns (bool) {
        return block.timestamp < o.biddingEndsAt;
    }

    // ------------------------------------------------------------------ providers and queues

    /// @dev The first provider from a seeded start that `ok` accepts; zero when none does.
    function _findProvider(uint256 seed, function(address) internal view returns (bool) ok)
        internal
        view
        returns (address)
    {
        address[] memory providers = ledger.providers();
        for (uint256 i; i < providers.length; ++i) {
            address p = providers[_nth(seed, i, providers.length)];
            if (ok(p)) return p;
        }
        return address(0);
    }

    function _eligible(address provider) internal view returns (bool eligible) {
        (eligible,) = registry.eligibility(provider);
    }

    function _queued(address provider) internal view returns (bool) {
        return MarketId.unwrap(marketplace.getQueueEntry(provider).market) != 0;
    }

    /// @dev Whether `provider`'s declared hardware meets `p` (zero fields accept anything).
    function _placed(address provider, Placement memory p) internal view returns (bool) {
        Hardware memory hw = registry.getHardware(provider);
        return (p.region == bytes32(0) || hw.region == p.region)
            && (hw.complianceTags & p.complianceTags) == p.complianceTags
            && hw.bandwidthMbps >= p.minBandwidthMbps;
    }

    /// @dev How many distinct queued providers in `market` a take at `tier` with `placement` can match.
    function _matchable(MarketId market, Tier tier, Placement memory placement)
        internal
        view
        returns (uint256 n)
    {
        uint256 minReputation = marketplace.tierParams(tier).minReputation;
        if (placement.minReputation > minReputation) minReputation = placement.minReputation;
        for (address cur = marketplace.getMarket(market).head; cur != address(0);) {
            (bool eligible, uint32 reputation) = registry.eligibility(cur);
            if (eligible && reputation >= minReputation && _placed(cur, placement)) ++n;
            cur = marketplace.getQueueEntry(cur).next;
        }
    }

    /// @dev The queue entry after which `provider` belongs in `market` (zero: at the head), found by
    ///      walking the queue: after every entry whose cached reputation is at least its own.
    function _insertionHint(MarketId market, address provider) internal view returns (address prev) {
        (, uint32 reputation) = registry.eligibility(provider);
        for (address cur = marketplace.getMarket(market).head; cur != address(0);) {
            QueueEntry memory e = marketplace.getQueueEntry(cur);
            if (e.reputation < reputation) break;
            prev = cur;
            cur = e.next;
        }
    }

    /// @dev The entry before `provider` in its queue (zero when it is the head).
    function _prevInQueue(address provider) internal view returns (address prev) {
        MarketId market = marketplace.getQueueEntry(provider).market;
        for (address cur = marketplace.getMarket(market).head; cur != provider;) {
            prev = cur;
            cur = marketplace.getQueueEntry(cur).next;
        }
    }

    /// @dev Whether `provider` can serve `o` as the auction checks it: eligible, reputable enough,
    ///      hardware fit for the market, placed as asked.
    function _fitsOrder(address provider, Order memory o) internal view returns (bool) {
        (bool eligible, uint32 reputation) = registry.eligibility(provider);
        if (!eligible || reputation < o.placement.minReputation) return false;
        Market memory m = marketplace.getMarket(o.market);
        Hardware memory hw = registry.getHardware(provider);
        bool unfit = m.config.gpusPerLease > 0
            && (hw.gpuModel != m.config.gpuModel
                || hw.vramMiB < m.config.minVramMiB
                || hw.gpuCount < m.config.gpusPerLease);
        return !unfit && _placed(provider, o.placement);
    }

    // ------------------------------------------------------------------ money

    /// @dev The first market from a seeded start that is not paused; zero when all are.
    function _liveMarket(uint256 seed) internal view returns (MarketId) {
        MarketId[] memory markets = ledger.markets();
        for (uint256 i; i < markets.length; ++i) {
            MarketId market = markets[_nth(seed, i, markets.length)];
            if (!_paused(market)) return market;
        }
        return MarketId.wrap(0);
    }

    function _paused(MarketId market) internal view returns (bool) {
        return marketplace.getMarket(market).paused;
    }

    /// @dev Handles an accept that reverted: in a paused market that is the rule, anywhere else a failure
    ///      of the handler's own, passed on as is.
    function _refused(MarketId market, bytes memory reason) internal {
        if (!_paused(market)) {
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
        ledger.count("acceptRefusedWhilePaused");
    }

    function _tokenOf(MarketId market) internal view returns (IERC20) {
        return IERC20(ledger.tokenOf(market));
    }

    /// @dev Moves what `leases` have accrued, as `caller` (`withdrawMany` when `many`, else `withdraw` of the
    ///      first), and books each lease's share from the `LeaseWithdrawn` events after checking their sums
    ///      against what the provider and the fee pot actually received.
    function _withdraw(address caller, address provider, IERC20 token, LeaseId[] memory leases, bool many)
        internal
    {
        uint256 balance = token.balanceOf(provider);
        uint256 fees = marketplace.feesOwed(address(token));
        vm.recordLogs();
        vm.prank(caller);
        if (many) marketplace.withdrawMany(leases);
        else marketplace.withdraw(leases[0]);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        uint256 paidTotal;
        uint256 feeTotal;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(marketplace)) continue;
            if (logs[i].topics[0] != IMarketplace.LeaseWithdrawn.selector) continue;
            LeaseId lease = LeaseId.wrap(uint256(logs[i].topics[1]));
            (uint256 amount, uint256 fee) = abi.decode(logs[i].data, (uint256, uint256));
            ledger.pay(lease, amount, fee);
            paidTotal += amount;
            feeTotal += fee;
        }
        if (token.balanceOf(provider) - balance != paidTotal) ledger.mismatch("withdrawn != paid events");
        if (marketplace.feesOwed(address(token)) - fees != feeTotal) ledger.mismatch("fees != fee events");
    }

    /// @dev Books the refund `lease`'s consumer actually received, checked against what the call returned.
    function _bookRefund(
        LeaseId lease,
        IERC20 token,
        address consumer,
        uint256 balanceBefore,
        uint256 returned
    ) internal {
        uint256 received = token.balanceOf(consumer) - balanceBefore;
        if (received != returned) ledger.mismatch("refund != returned");
        ledger.refund(lease, received);
    }

    /// @dev Balances an accepted order moves between.
    struct AcceptBalances {
        uint256 consumer;
        uint256 auctions;
        uint256 marketplace;
    }

    function _acceptBalances(Order memory o) internal view returns (AcceptBalances memory b) {
        IERC20 token = _tokenOf(o.market);
        b = AcceptBalances({
            consumer: token.balanceOf(o.consumer),
            auctions: token.balanceOf(address(auctions)),
            marketplace: token.balanceOf(address(marketplace))
        });
    }

    /// @dev Books an accepted order from the balances before it (`_acceptBalances`): its whole deposit left
    ///      the auction, the consumer received the refund and the marketplace the new lease's deposit.
    function _bookAccepted(OrderId order, Order memory o, LeaseId lease, AcceptBalances memory before)
        internal
    {
        AcceptBalances memory b = _acceptBalances(o);
        uint256 refund = b.consumer - before.consumer;
        uint256 leaseDeposit = b.marketplace - before.marketplace;
        if (before.auctions - b.auctions != ledger.getOrder(OrderId.unwrap(order)).deposit) {
            ledger.mismatch("accept moved != order deposit");
        }
        if (refund + leaseDeposit != before.auctions - b.auctions) ledger.mismatch("accept split");
        if (_paused(o.market)) ledger.leaseOpenedWhilePaused();
        ledger.closeOrder(order);
        address provider = marketplace.getLease(lease).provider;
        ledger.openLease(lease, ledger.tokenOf(o.market), o.consumer, provider, leaseDeposit);
    }
}
