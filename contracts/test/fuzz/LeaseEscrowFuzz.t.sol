// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LeaseId, MarketId} from "../../src/types/Ids.sol";
import {CloseReason, Lease, LeaseState} from "../../src/types/Lease.sol";
import {MarketConfig} from "../../src/types/Market.sol";

import {HearthTest} from "../utils/HearthTest.sol";

/// @notice The escrow's money math on the real marketplace, for any price, deposit, fee rate and timing:
///         what a deposit buys, what accrues, how a withdrawal splits into payment and fee, and that a
///         lease's deposits always end up exactly as payment + fees + refund.
contract LeaseEscrowFuzzTest is HearthTest {
    uint256 internal constant MAX_PRICE = 1e18;

    MarketId internal market;
    address internal provider;

    /// @dev A lease under test with what went into it.
    struct Opened {
        LeaseId lease;
        uint256 price;
        uint256 fundedSeconds;
        uint256 pulled;
    }

    function setUp() public override {
        super.setUp();
        // Wide bounds so that a fuzzed reference price is the price every take pays.
        MarketConfig memory config = marketConfig(address(usd), 1);
        config.minPricePerSecond = 1;
        config.maxPricePerSecond = type(uint72).max;
        vm.prank(owner);
        market = marketplace.createMarket(config);
        provider = makeAddr("provider");
        registerProvider(provider, rtx4090(1));
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Sets the market price to `price`, queues the provider and opens a lease with `deposit`.
    function _open(uint256 price, uint256 deposit) internal returns (Opened memory o) {
        MarketConfig memory config = marketConfig(address(usd), uint72(price));
        config.minPricePerSecond = uint72(price);
        config.maxPricePerSecond = uint72(price);
        vm.prank(owner);
        marketplace.updateMarket(market, config);
        joinQueue(provider, market, 1);

        deal(address(usd), alice, deposit);
        o.pulled = usd.balanceOf(alice);
        o.lease = take(alice, market, deposit);
        o.pulled -= usd.balanceOf(alice);
        o.price = price;
        o.fundedSeconds = deposit / price;
    }

    function _boundDeposit(uint256 price, uint256 deposit) internal view returns (uint256) {
        // From the minimum lease to the longest funding, plus up to one second's worth of dust.
        return bound(deposit, price * 60, price * marketplace.MAX_FUNDED_SECONDS() + price - 1);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @dev Withdraws for `lease` if anything accrued; returns the provider's and the protocol's shares.
    function _withdraw(LeaseId lease) internal returns (uint256 paid, uint256 fee) {
        if (marketplace.withdrawable(lease) == 0) return (0, 0);
        uint256 balance = usd.balanceOf(provider);
        uint256 fees = marketplace.feesOwed(address(usd));
        marketplace.withdraw(lease);
        paid = usd.balanceOf(provider) - balance;
        fee = marketplace.feesOwed(address(usd)) - fees;
    }

    // ------------------------------------------------------------------ opening

    function testFuzz_openLease_pullsWholeSecondsOfTheDeposit(uint256 price, uint256 deposit) public {
        price = bound(price, 1, MAX_PRICE);
        deposit = _boundDeposit(price, deposit);
        Opened memory o = _open(price, deposit);

        assertEq(o.pulled, price * (deposit / price), "pulled");
        assertLe(o.pulled, deposit, "pulled more than given");
        assertGt(o.pulled + price, deposit, "left a whole second behind");
        assertEq(marketplace.escrowed(o.lease), o.pulled, "escrowed");
        Lease memory l = marketplace.getLease(o.lease);
        assertEq(l.fundedUntil - l.paidUntil, deposit / price, "funded seconds");
        assertEq(
            usd.balanceOf(address(marketplace)), o.pulled + marketplace.feesOwed(address(usd)), "balance"
        );
    }

    // ------------------------------------------------------------------ accrual

    function testFuzz_withdrawable_isPriceTimesFundedElapsed(
        uint256 price,
        uint256 deposit,
        uint256 elapsed,
        uint256 laterElapsed
    ) public {
        price = bound(price, 1, MAX_PRICE);
        deposit = _boundDeposit(price, deposit);
        Opened memory o = _open(price, deposit);
        elapsed = bound(elapsed, 0, 2 * o.fundedSeconds);
        laterElapsed = bound(laterElapsed, 0, 2 * o.fundedSeconds);

        skip(elapsed);
        uint256 paidSeconds = _min(elapsed, o.fundedSeconds);
        assertEq(marketplace.withdrawable(o.lease), price * paidSeconds, "first");
        _withdraw(o.lease);
        assertEq(marketplace.withdrawable(o.lease), 0, "after withdraw");

        skip(laterElapsed);
        uint256 end = _min(elapsed + laterElapsed, o.fundedSeconds);
        assertEq(marketplace.withdrawable(o.lease), price * (end - paidSeconds), "second");
        assertEq(marketplace.escrowed(o.lease), price * (o.fundedSeconds - paidSeconds), "escrowed");
    }

    function testFuzz_withdraw_splitsGrossIntoPaymentAndLockedFee(
        uint256 price,
        uint256 deposit,
        uint256 feeBps,
        uint256 laterFeeBps,
        uint256 elapsed
    ) public {
        price = bound(price, 1, MAX_PRICE);
        deposit = _boundDeposit(price, deposit);
        feeBps = bound(feeBps, 0, 2000);
        vm.prank(owner);
        marketplace.setFeeBps(uint16(feeBps));
        Opened memory o = _open(price, deposit);
        // The rate in force at open holds for the lease's whole life.
        vm.prank(owner);
        marketplace.setFeeBps(uint16(bound(laterFeeBps, 0, 2000)));
        elapsed = bound(elapsed, 1, 2 * o.fundedSeconds);

        skip(elapsed);
        uint256 gross = price * _min(elapsed, o.fundedSeconds);
        (uint256 paid, uint256 fee) = _withdraw(o.lease);

        assertEq(fee, gross * feeBps / 10_000, "fee");
        assertEq(paid, gross - fee, "paid");
        assertEq(marketplace.getLease(o.lease).feeBps, feeBps, "stored rate");
    }

    // ------------------------------------------------------------------ refunds

    /// @dev Where a lease's money went, measured from balances.
    struct Flow {
        uint256 deposited;
        uint256 funded;
        uint256 openedAt;
        uint256 paid;
        uint256 fees;
        uint256 refund;
    }

    /// @dev Whoever closes (consumer, provider finishing or walking away, verifier), whenever, with or
    ///      without a top-up and a withdrawal before: payment + fees + refund = everything deposited.
    function testFuzz_close_conservesEveryDeposit(
        uint256 price,
        uint256 deposit,
        uint256 topUp,
        uint256 withdrawAt,
        uint256 closeAt,
        uint8 closer
    ) public {
        price = bound(price, 1, MAX_PRICE);
        Opened memory o = _open(price, bound(deposit, price * 60, price * 30 days));
        Flow memory f;
        // A top-up of up to 30 days' worth (dust included) within the first minute, by someone else.
        f.deposited = o.pulled + _topUp(o, bound(topUp, 0, price * 30 days), withdrawAt);
        f.funded = f.deposited / price;
        f.openedAt = marketplace.getLease(o.lease).fundedUntil - f.funded;

        vm.warp(bound(withdrawAt, block.timestamp, f.openedAt + 2 * f.funded));
        (f.paid, f.fees) = _withdraw(o.lease);

        closeAt = bound(closeAt, block.timestamp, f.openedAt + 2 * f.funded);
        vm.warp(closeAt);
        f.refund = usd.balanceOf(alice);
        _closeAs(o.lease, closer % 4);
        f.refund = usd.balanceOf(alice) - f.refund;

        (uint256 paid, uint256 fees) = _withdraw(o.lease);
        f.paid += paid;
        f.fees += fees;

        assertEq(f.paid + f.fees + f.refund, f.deposited, "created or lost");
        assertEq(f.refund, price * (f.funded - _min(closeAt - f.openedAt, f.funded)), "refund");
        assertEq(marketplace.escrowed(o.lease), 0, "left in escrow");
        assertEq(usd.balanceOf(address(marketplace)), marketplace.feesOwed(address(usd)), "balance");
        assertEq(uint8(marketplace.getLease(o.lease).state), uint8(LeaseState.Closed), "state");
    }

    /// @dev Bob tops `o` up with `amount` (nothing below one second's price) within its first minute;
    ///      returns what was pulled.
    function _topUp(Opened memory o, uint256 amount, uint256 delay) internal returns (uint256 pulled) {
        if (amount < o.price) return 0;
        skip(bound(delay, 0, 59));
        deal(address(usd), bob, amount);
        vm.prank(bob);
        marketplace.topUp(o.lease, amount);
        pulled = amount - usd.balanceOf(bob);
        assertEq(pulled, o.price * (amount / o.price), "top-up pulled");
    }

    function testFuzz_closeLease_afterFundingRanOutRefundsNothing(
        uint256 price,
        uint256 deposit,
        uint256 late
    ) public {
        price = bound(price, 1, MAX_PRICE);
        deposit = _boundDeposit(price, deposit);
        Opened memory o = _open(price, deposit);
        skip(o.fundedSeconds + bound(late, 0, 365 days));

        // Anyone may close a lease whose funding ran out.
        vm.prank(bob);
        uint256 refund = marketplace.closeLease(o.lease);
        (uint256 paid, uint256 fee) = _withdraw(o.lease);

        assertEq(refund, 0, "refund");
        assertEq(paid + fee, o.pulled, "provider and fee");
        assertEq(uint8(marketplace.getLease(o.lease).closeReason), uint8(CloseReason.OutOfFunds), "reason");
    }

    function _closeAs(LeaseId lease, uint256 who) internal {
        if (who == 0) {
            vm.prank(alice);
            marketplace.closeLease(lease);
        } else if (who == 1) {
            vm.prank(provider);
            marketplace.finishLease(lease, keccak256("result"), true);
        } else if (who == 2) {
            vm.prank(provider);
            marketplace.closeLease(lease);
        } else {
            vm.prank(verifier);
            marketplace.closeLeaseByVerifier(lease, CloseReason.FailedVerification);
        }
    }
}
