// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {console} from "forge-std/console.sol";

import {Provider} from "../../src/interfaces/IProviderRegistry.sol";
import {Hardware} from "../../src/types/Hardware.sol";
import {LeaseId, MarketId, OrderId} from "../../src/types/Ids.sol";
import {CloseReason, Lease, LeaseState} from "../../src/types/Lease.sol";
import {QueueEntry} from "../../src/types/Market.sol";
import {Order, OrderState} from "../../src/types/Order.sol";

import {HearthTest} from "../utils/HearthTest.sol";
import {AnyoneHandler} from "./handlers/AnyoneHandler.sol";
import {ConsumerHandler} from "./handlers/ConsumerHandler.sol";
import {Ledger} from "./handlers/Ledger.sol";
import {OwnerHandler} from "./handlers/OwnerHandler.sol";
import {ProviderHandler} from "./handlers/ProviderHandler.sol";
import {TimeHandler} from "./handlers/TimeHandler.sol";
import {VerifierHandler} from "./handlers/VerifierHandler.sol";

/// @notice The protocol's money and lifecycle invariants, under random sequences of everything its users
///         do: consumers, providers, a verifier, bystanders, governance and the passage of time, on a
///         tUSD and a HEAT market at once. Only the handlers are fuzz targets.
/// @dev Half the runs of the default profile, twice as deep: the same number of calls, but sequences long
///      enough for leases to run out of funds and unbonding stake to mature (7 days) within a run.
/// forge-config: default.invariant.runs = 32
/// forge-config: default.invariant.depth = 128
contract ProtocolInvariantTest is HearthTest {
    uint256 internal constant CONSUMERS = 4;
    uint256 internal constant PROVIDERS = 8;
    /// @dev Providers registered and queued before the run; the rest register during it.
    uint256 internal constant PREREGISTERED = 5;

    Ledger internal ledger;
    ConsumerHandler internal consumerHandler;
    ProviderHandler internal providerHandler;
    VerifierHandler internal verifierHandler;
    AnyoneHandler internal anyoneHandler;
    OwnerHandler internal ownerHandler;
    TimeHandler internal timeHandler;

    function setUp() public override {
        super.setUp();
        ledger = new Ledger(marketplace, auctions);
        ledger.addMarket(usdMarket, address(usd));
        ledger.addMarket(heatMarket, address(heat));

        for (uint256 i; i < CONSUMERS; ++i) {
            address consumer =
                i == 0 ? alice : i == 1 ? bob : makeAddr(string.concat("consumer", vm.toString(i)));
            if (i > 1) fundConsumer(consumer);
            // 100 000 tUSD each: a 3-day 4-member cluster at the top price costs under 900.
            for (uint256 j; j < 9; ++j) {
                usd.faucet(consumer, 10_000e6);
            }
            ledger.addConsumer(consumer);
        }
        for (uint256 i; i < PROVIDERS; ++i) {
            (address provider, uint256 key) = makeAddrAndKey(string.concat("provider", vm.toString(i)));
            Hardware memory hw = rtx4090(uint16(1 + i % 4));
            hw.region = i % 2 == 0 ? bytes32("eu-west") : bytes32("us-east");
            ledger.addProvider(provider, key, hw);
            vm.prank(owner);
            heat.transfer(provider, 100_000e18);
            if (i < PREREGISTERED) {
                uint256 stake = registry.requiredStake(hw);
                vm.startPrank(provider);
                heat.approve(address(registry), stake);
                registry.register(hw, "https://provider.example:8443", stake);
                vm.stopPrank();
                ledger.stake(provider, stake);
                // Waiting with every slot, so that takes can match from the first call.
                joinQueue(provider, i % 2 == 0 ? usdMarket : heatMarket, hw.gpuCount);
            }
        }
        ledger.setInitialHeatSupply(heat.totalSupply());

        consumerHandler = new ConsumerHandler(ledger, auctions, registry, heat);
        providerHandler = new ProviderHandler(ledger, auctions, registry, heat);
        verifierHandler = new VerifierHandler(ledger, auctions, registry, heat, verifier);
        anyoneHandler = new AnyoneHandler(ledger, auctions, registry, heat, treasury);
        ownerHandler = new OwnerHandler(ledger, auctions, registry, heat, owner);
        timeHandler = new TimeHandler(ledger, auctions, registry, heat);
        _target(address(consumerHandler), _consumerActions());
        _target(address(providerHandler), _providerActions());
        _target(address(verifierHandler), _verifierActions());
        _target(address(anyoneHandler), _anyoneActions());
        _target(address(ownerHandler), _ownerActions());
        _target(address(timeHandler), _timeActions());
    }

    // ------------------------------------------------------------------ targets

    /// @dev An action and how often it is picked relative to the others (forge picks uniformly among
    ///      all targeted selectors, so a selector listed twice is picked twice as often).
    struct Weighted {
        bytes4 selector;
        uint256 weight;
    }

    function _target(address handler, Weighted[] memory actions) internal {
        uint256 n;
        for (uint256 i; i < actions.length; ++i) {
            n += actions[i].weight;
        }
        bytes4[] memory selectors = new bytes4[](n);
        n = 0;
        for (uint256 i; i < actions.length; ++i) {
            for (uint256 j; j < actions[i].weight; ++j) {
                selectors[n++] = actions[i].selector;
            }
        }
        targetContract(handler);
        targetSelector(FuzzSelector({addr: handler, selectors: selectors}));
    }

    /// @dev Takes are what everything else needs, so they come most often.
    function _consumerActions() internal pure returns (Weighted[] memory a) {
        a = new Weighted[](8);
        a[0] = Weighted(ConsumerHandler.openLease.selector, 4);
        a[1] = Weighted(ConsumerHandler.openCluster.selector, 1);
        a[2] = Weighted(ConsumerHandler.topUp.selector, 1);
        a[3] = Weighted(ConsumerHandler.closeLease.selector, 2);
        a[4] = Weighted(ConsumerHandler.createOrder.selector, 2);
        a[5] = Weighted(ConsumerHandler.cancelOrder.selector, 1);
        a[6] = Weighted(ConsumerHandler.acceptBid.selector, 1);
        a[7] = Weighted(ConsumerHandler.acceptSignedBid.selector, 1);
    }

    /// @dev Joining a queue often keeps providers available to take.
    function _providerActions() internal pure returns (Weighted[] memory a) {
        a = new Weighted[](10);
        a[0] = Weighted(ProviderHandler.register.selector, 1);
        a[1] = Weighted(ProviderHandler.addStake.selector, 1);
        a[2] = Weighted(ProviderHandler.requestUnbond.selector, 1);
        a[3] = Weighted(ProviderHandler.withdrawUnbonded.selector, 1);
        a[4] = Weighted(ProviderHandler.joinQueue.selector, 4);
        a[5] = Weighted(ProviderHandler.leaveQueue.selector, 1);
        a[6] = Weighted(ProviderHandler.placeBid.selector, 3);
        a[7] = Weighted(ProviderHandler.withdraw.selector, 2);
        a[8] = Weighted(ProviderHandler.withdrawMany.selector, 1);
        a[9] = Weighted(ProviderHandler.finishLease.selector, 2);
    }

    function _verifierActions() internal pure returns (Weighted[] memory a) {
        a = new Weighted[](2);
        a[0] = Weighted(VerifierHandler.closeLeaseByVerifier.selector, 1);
        a[1] = Weighted(VerifierHandler.slash.selector, 1);
    }

    function _anyoneActions() internal pure returns (Weighted[] memory a) {
        a = new Weighted[](5);
        a[0] = Weighted(AnyoneHandler.settle.selector, 2);
        a[1] = Weighted(AnyoneHandler.sweepFees.selector, 1);
        a[2] = Weighted(AnyoneHandler.evict.selector, 1);
        a[3] = Weighted(AnyoneHandler.pokeMarket.selector, 1);
        a[4] = Weighted(AnyoneHandler.closeOutOfFunds.selector, 1);
    }

    function _ownerActions() internal pure returns (Weighted[] memory a) {
        a = new Weighted[](3);
        a[0] = Weighted(OwnerHandler.setMarketPaused.selector, 1);
        a[1] = Weighted(OwnerHandler.setFeeBps.selector, 1);
        a[2] = Weighted(OwnerHandler.setBurnShareBps.selector, 1);
    }

    function _timeActions() internal pure returns (Weighted[] memory a) {
        a = new Weighted[](1);
        a[0] = Weighted(TimeHandler.warp.selector, 4);
    }

    // ------------------------------------------------------------------ money

    /// @notice The marketplace holds, in each payment token, exactly what it owes: every lease's escrow
    ///         (price × (fundedUntil − paidUntil)) plus the fees not yet swept. Not a unit more or less.
    function invariant_escrowHoldsExactlyWhatItOwes() public view {
        _assertBooksAgree();
        assertEq(marketplace.leaseCount(), ledger.leaseCount(), "a lease escaped the books");
        address[] memory tokens = ledger.tokens();
        uint256[] memory owed = new uint256[](tokens.length);
        for (uint256 id = 1; id <= ledger.leaseCount(); ++id) {
            Lease memory l = marketplace.getLease(LeaseId.wrap(id));
            owed[_indexOf(tokens, ledger.tokenOf(l.market))] += l.pricePerSecond
            * (uint256(l.fundedUntil) - l.paidUntil);
        }
        for (uint256 t; t < tokens.length; ++t) {
            assertEq(
                IERC20(tokens[t]).balanceOf(address(marketplace)),
                owed[t] + marketplace.feesOwed(tokens[t]),
                "escrow balance != owed"
            );
        }
    }

    /// @notice The auction contract holds, in each token, exactly the deposits of its open orders.
    function invariant_auctionsHoldOpenOrderDeposits() public view {
        _assertBooksAgree();
        assertEq(auctions.orderCount(), ledger.orderCount(), "an order escaped the books");
        address[] memory tokens = ledger.tokens();
        uint256[] memory held = new uint256[](tokens.length);
        for (uint256 id = 1; id <= ledger.orderCount(); ++id) {
            Ledger.OrderGhost memory g = ledger.getOrder(id);
            Order memory o = auctions.getOrder(OrderId.wrap(id));
            assertEq(o.deposit, o.state == OrderState.Open ? g.deposit : 0, "order deposit");
            if (o.state == OrderState.Open) held[_indexOf(tokens, g.token)] += g.deposit;
        }
        for (uint256 t; t < tokens.length; ++t) {
            assertEq(
                IERC20(tokens[t]).balanceOf(address(auctions)), held[t], "auction balance != open deposits"
            );
        }
    }

    /// @notice No lease pays out more than was put in: provider payments + fees + refunds never exceed the
    ///         deposits (top-ups included), and with what is still in escrow they add up to them exactly.
    function invariant_leasesNeverPayOutMoreThanTheirDeposits() public view {
        _assertBooksAgree();
        for (uint256 id = 1; id <= ledger.leaseCount(); ++id) {
            Ledger.LeaseGhost memory g = ledger.getLease(id);
            uint256 out = g.paid + g.fees + g.refunded;
            assertLe(out, g.deposited, "paid + refunded beyond the deposit");
            assertEq(out + marketplace.escrowed(LeaseId.wrap(id)), g.deposited, "deposit not accounted for");
        }
    }

    /// @notice A slash never takes more than the provider has at stake; the registry holds exactly every
    ///         provider's stake and unbonding stake, each of which is what it put in less what it took
    ///         out and what was slashed.
    function invariant_slashesNeverExceedStake() public view {
        _assertBooksAgree();
        assertEq(ledger.overSlashesAccepted(), 0, "a slash beyond the stake went through");
        assertLe(ledger.totalSlashed(), ledger.totalStaked(), "slashed more than was ever staked");
        address[] memory providers = ledger.providers();
        uint256 held;
        for (uint256 i; i < providers.length; ++i) {
            Provider memory p = registry.getProvider(providers[i]);
            uint256 bonded = uint256(p.stake) + p.unbonding;
            held += bonded;
            assertEq(
                bonded,
                ledger.staked(providers[i]) - ledger.unbondWithdrawn(providers[i])
                    - ledger.slashed(providers[i]),
                "stake books"
            );
        }
        assertEq(heat.balanceOf(address(registry)), held, "registry balance != stake + unbonding");
    }

    /// @notice HEAT is never minted here, only burned (fee burns and slashes): its supply is the genesis
    ///         supply less what was burned.
    function invariant_heatSupplyFallsOnlyByBurns() public view {
        _assertBooksAgree();
        assertEq(heat.totalSupply(), ledger.initialHeatSupply() - ledger.heatBurned());
    }

    // ------------------------------------------------------------------ lifecycle

    /// @notice Leases go None → Active → Closed and orders None → Open → Accepted | Cancelled, never back:
    ///         every handler records the state of what it touched, and nothing may since have moved
    ///         anywhere but forward. A lease is closed exactly when it has a close reason.
    function invariant_statesOnlyMoveForward() public view {
        assertEq(ledger.regressions(), 0, "a state moved backwards");
        for (uint256 id = 1; id <= ledger.leaseCount(); ++id) {
            Lease memory l = marketplace.getLease(LeaseId.wrap(id));
            assertTrue(
                ledger.leaseMovedForward(ledger.getLease(id).lastSeen, l.state), "lease state regressed"
            );
            assertEq(l.state == LeaseState.Closed, l.closeReason != CloseReason.None, "close reason");
            assertLe(l.paidUntil, l.fundedUntil, "paid beyond funding");
        }
        for (uint256 id = 1; id <= ledger.orderCount(); ++id) {
            OrderState state = auctions.getOrder(OrderId.wrap(id)).state;
            assertTrue(ledger.orderMovedForward(ledger.getOrder(id).lastSeen, state), "order state regressed");
        }
    }

    /// @notice A paused market opens no lease: not by a take, not by a cluster, not by an auction accepted
    ///         or settled while it is paused (the accept handlers try, and must be refused).
    function invariant_pausedMarketsOpenNoLeases() public view {
        assertEq(ledger.leasesOpenedWhilePaused(), 0, "a lease opened in a paused market");
    }

    /// @notice Each market's queue, walked from its head, is a list of providers queued in that market in
    ///         non-increasing cached reputation, holding every provider queued there, whose slots add up
    ///         to the market's idle slots.
    function invariant_queuesAreSortedAndCountIdleSlots() public view {
        address[] memory providers = ledger.providers();
        MarketId[] memory markets = ledger.markets();
        for (uint256 m; m < markets.length; ++m) {
            uint256 slots;
            uint256 walked;
            uint256 previous = type(uint256).max;
            for (address cur = marketplace.getMarket(markets[m]).head; cur != address(0); ++walked) {
                assertLt(walked, providers.length, "queue longer than the providers: a cycle");
                QueueEntry memory e = marketplace.getQueueEntry(cur);
                assertEq(MarketId.unwrap(e.market), MarketId.unwrap(markets[m]), "entry of another market");
                assertLe(e.reputation, previous, "queue out of order");
                assertGt(e.slots, 0, "entry without slots");
                previous = e.reputation;
                slots += e.slots;
                cur = e.next;
            }
            assertEq(slots, marketplace.getMarket(markets[m]).idleSlots, "idle slots != sum of slots");
            uint256 queuedHere;
            for (uint256 i; i < providers.length; ++i) {
                if (
                    MarketId.unwrap(marketplace.getQueueEntry(providers[i]).market)
                        == MarketId.unwrap(markets[m])
                ) {
                    ++queuedHere;
                }
            }
            assertEq(walked, queuedHere, "a queued provider is not reachable from the head");
        }
    }

    /// @notice Prints what the run did (with `-vv`), to check that the handlers reach the states that matter.
    function afterInvariant() public view {
        bytes32[] memory actions = ledger.actions();
        string memory line = "calls:";
        for (uint256 i; i < actions.length; ++i) {
            line = string.concat(
                line,
                " ",
                _name(actions[i]),
                "=",
                vm.toString(ledger.calls(actions[i])),
                "/",
                vm.toString(ledger.calls(actions[i]) + ledger.skips(actions[i]))
            );
        }
        console.log(line);
    }

    /// @dev Every amount a contract reported (events, return values) matched the balances it moved.
    function _assertBooksAgree() internal view {
        assertEq(ledger.mismatches(), 0, string.concat("books disagree: ", _name(ledger.lastMismatch())));
    }

    function _indexOf(address[] memory tokens, address token) internal pure returns (uint256 i) {
        while (tokens[i] != token) ++i;
    }

    function _name(bytes32 action) internal pure returns (string memory name) {
        uint256 n;
        while (n < 32 && action[n] != 0) ++n;
        name = new string(n);
        for (uint256 i; i < n; ++i) {
            bytes(name)[i] = action[i];
        }
    }
}
