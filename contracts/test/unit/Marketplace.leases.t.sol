// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {IProviderRegistry} from "../../src/interfaces/IProviderRegistry.sol";
import {ClusterId, LeaseId} from "../../src/types/Ids.sol";
import {CloseReason, Lease, LeaseState} from "../../src/types/Lease.sol";
import {OpenClusterParams, Tier} from "../../src/types/Market.sol";
import {MarketplaceTestBase} from "../utils/MarketplaceTestBase.sol";

/// @notice Running leases: accrual, withdrawals, top-ups, every way to close, and the lease views.
/// @dev Each test starts with one lease: alice rents provider `p` (3 successes) in the tUSD market for
///      one hour at 83 base units per second.
contract MarketplaceLeasesTest is MarketplaceTestBase {
    uint256 internal constant PRICE = USD_PRICE;
    uint256 internal constant DEPOSIT = PRICE * 1 hours;
    /// Ten minutes of accrual at PRICE, and the 2% fee on it.
    uint256 internal constant GROSS_10M = PRICE * 10 minutes;
    uint256 internal constant FEE_10M = GROSS_10M * 200 / 10_000;
    bytes32 internal constant RESULT = keccak256("result");

    address internal p;
    LeaseId internal lease;
    uint256 internal openedAt;

    function setUp() public override {
        super.setUp();
        p = queued("p", usdMarket, 3);
        lease = take(alice, usdMarket, DEPOSIT);
        openedAt = block.timestamp;
    }

    // ================================================================== withdrawable

    function test_withdrawable_accruesPerSecondUntilFundedUntil() public {
        assertEq(marketplace.withdrawable(lease), 0);
        skip(1);
        assertEq(marketplace.withdrawable(lease), PRICE);
        skip(99);
        assertEq(marketplace.withdrawable(lease), PRICE * 100);
        skip(2 hours);
        assertEq(marketplace.withdrawable(lease), DEPOSIT, "stops at the deposit");
        assertEq(marketplace.withdrawable(LeaseId.wrap(99)), 0, "unknown lease");
    }

    // ================================================================== withdraw

    function test_withdraw_paysProviderGrossLessFee() public {
        skip(10 minutes);
        uint256 amount = GROSS_10M - FEE_10M;
        expectMarketplaceEvent();
        emit IMarketplace.LeaseWithdrawn(lease, p, amount, FEE_10M);
        vm.prank(stranger); // anyone may trigger it: the money goes to the provider
        uint256 paid = marketplace.withdraw(lease);

        assertEq(paid, amount, "returned");
        assertEq(usd.balanceOf(p), amount, "provider paid");
        assertEq(usd.balanceOf(stranger), 0);
        assertEq(usd.balanceOf(address(marketplace)), DEPOSIT - amount, "fee stays in escrow");
        assertEq(marketplace.feesOwed(address(usd)), FEE_10M, "fee owed");
        assertEq(leaseOf(lease).paidUntil, block.timestamp, "paidUntil");
        assertEq(marketplace.escrowed(lease), DEPOSIT - GROSS_10M, "escrowed");
        assertEq(marketplace.withdrawable(lease), 0);
    }

    function test_withdraw_paysOnlyNewAccrual() public {
        skip(10 minutes);
        marketplace.withdraw(lease);
        skip(5 minutes);
        uint256 gross = PRICE * 5 minutes;
        uint256 fee = gross * 200 / 10_000;
        assertEq(marketplace.withdraw(lease), gross - fee);
        assertEq(usd.balanceOf(p), GROSS_10M - FEE_10M + gross - fee);
        assertEq(marketplace.feesOwed(address(usd)), FEE_10M + fee);
    }

    function test_withdraw_stopsAtFundedUntil() public {
        skip(3 hours);
        uint256 fee = DEPOSIT * 200 / 10_000;
        assertEq(marketplace.withdraw(lease), DEPOSIT - fee);
        assertEq(leaseOf(lease).paidUntil, openedAt + 1 hours);
        assertEq(marketplace.escrowed(lease), 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NothingToWithdraw.selector, lease));
        marketplace.withdraw(lease);
    }

    function test_withdraw_revertsWhenNothingAccrued() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NothingToWithdraw.selector, lease));
        marketplace.withdraw(lease);
        skip(1);
        marketplace.withdraw(lease);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NothingToWithdraw.selector, lease));
        marketplace.withdraw(lease);
    }

    function test_withdraw_revertsWhenLeaseNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseNotFound.selector, LeaseId.wrap(2)));
        marketplace.withdraw(LeaseId.wrap(2));
    }

    function test_withdraw_keepsTheFeeRateOfTheOpen() public {
        vm.prank(owner);
        marketplace.setFeeBps(1000);
        skip(10 minutes);
        assertEq(leaseOf(lease).feeBps, 200);
        assertEq(marketplace.withdraw(lease), GROSS_10M - FEE_10M, "2%, not 10%");

        // A lease opened after the change pays the new rate.
        queued("q", usdMarket, 0);
        LeaseId later = take(bob, usdMarket, DEPOSIT);
        assertEq(leaseOf(later).feeBps, 1000);
        skip(10 minutes);
        assertEq(marketplace.withdraw(later), GROSS_10M - GROSS_10M / 10);
    }

    function test_withdraw_afterClosePaysWhatAccruedBeforeTheClose() public {
        skip(10 minutes);
        vm.prank(alice);
        marketplace.closeLease(lease);
        skip(1 hours);
        assertEq(marketplace.withdrawable(lease), GROSS_10M);
        assertEq(marketplace.withdraw(lease), GROSS_10M - FEE_10M);
        assertEq(usd.balanceOf(p), GROSS_10M - FEE_10M);
        assertEq(marketplace.escrowed(lease), 0);
        assertEq(usd.balanceOf(address(marketplace)), FEE_10M, "only the fee is left");
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NothingToWithdraw.selector, lease));
        marketplace.withdraw(lease);
    }

    // ================================================================== withdrawMany

    function test_withdrawMany_paysEveryLeaseInOneTransfer() public {
        (address q, LeaseId a, LeaseId b) = _twoLeasesOf2Slots();
        skip(10 minutes);
        uint256 each = GROSS_10M - FEE_10M;

        expectMarketplaceEvent();
        emit IMarketplace.LeaseWithdrawn(a, q, each, FEE_10M);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseWithdrawn(b, q, each, FEE_10M);
        vm.recordLogs();
        vm.prank(q);
        uint256 total = marketplace.withdrawMany(_ids(a, b));

        assertEq(total, 2 * each, "returned");
        assertEq(usd.balanceOf(q), 2 * each, "paid");
        assertEq(marketplace.feesOwed(address(usd)), 2 * FEE_10M, "fees");
        assertEq(_transfersOf(address(usd), vm.getRecordedLogs()), 1, "one transfer");
        assertEq(leaseOf(a).paidUntil, block.timestamp);
        assertEq(leaseOf(b).paidUntil, block.timestamp);
    }

    function test_withdrawMany_skipsLeasesWithNothingAccrued() public {
        (address q, LeaseId a, LeaseId b) = _twoLeasesOf2Slots();
        skip(10 minutes);
        marketplace.withdraw(a);
        uint256 before = usd.balanceOf(q);

        vm.recordLogs();
        vm.prank(q);
        uint256 total = marketplace.withdrawMany(_ids(a, b));
        assertEq(total, GROSS_10M - FEE_10M, "only b");
        assertEq(usd.balanceOf(q), before + total);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 withdrawals;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IMarketplace.LeaseWithdrawn.selector) {
                ++withdrawals;
                assertEq(logs[i].topics[1], bytes32(LeaseId.unwrap(b)), "b only");
            }
        }
        assertEq(withdrawals, 1);
    }

    function test_withdrawMany_paysNothingWhenNothingAccrued() public {
        (address q, LeaseId a, LeaseId b) = _twoLeasesOf2Slots();
        vm.recordLogs();
        vm.prank(q);
        assertEq(marketplace.withdrawMany(_ids(a, b)), 0);
        assertEq(vm.getRecordedLogs().length, 0, "no event, no transfer");
        assertEq(usd.balanceOf(q), 0);
    }

    function test_withdrawMany_includesClosedLeases() public {
        (address q, LeaseId a, LeaseId b) = _twoLeasesOf2Slots();
        skip(10 minutes);
        vm.prank(alice);
        marketplace.closeLease(a);
        skip(10 minutes);
        vm.prank(q);
        uint256 total = marketplace.withdrawMany(_ids(a, b));
        uint256 gross = GROSS_10M * 3; // a: 10 minutes, b: 20 minutes
        assertEq(total, gross - 3 * FEE_10M);
    }

    function test_withdrawMany_revertsWhenCallerNotProvider() public {
        (, LeaseId a, LeaseId b) = _twoLeasesOf2Slots();
        skip(10 minutes);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.CallerNotProvider.selector, a, alice));
        vm.prank(alice);
        marketplace.withdrawMany(_ids(a, b));

        // One lease of someone else's spoils the batch.
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.CallerNotProvider.selector, a, p));
        vm.prank(p);
        marketplace.withdrawMany(_ids(lease, a));
    }

    function test_withdrawMany_revertsWhenCallerHasNoAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.CallerNotProvider.selector, lease, stranger));
        vm.prank(stranger);
        marketplace.withdrawMany(_ids(lease, lease));
    }

    function test_withdrawMany_revertsWhenPaymentTokensDiffer() public {
        // p's tUSD lease runs; p queues again in the HEAT market and gets a HEAT lease.
        joinQueue(p, heatMarket, 1);
        LeaseId heatLease = take(bob, heatMarket, 1e18);
        skip(10 minutes);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.PaymentTokenMismatch.selector, address(heat), address(usd))
        );
        vm.prank(p);
        marketplace.withdrawMany(_ids(lease, heatLease));

        // Each token on its own is fine.
        vm.prank(p);
        marketplace.withdrawMany(_ids(heatLease, heatLease));
        assertGt(heat.balanceOf(p), 0);
    }

    function test_withdrawMany_revertsWhenLeaseNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseNotFound.selector, LeaseId.wrap(7)));
        vm.prank(p);
        marketplace.withdrawMany(_ids(lease, LeaseId.wrap(7)));
    }

    // ================================================================== topUp

    function test_topUp_anyoneExtendsByWholeSeconds() public {
        uint256 amount = PRICE * 100 + PRICE - 1;
        uint256 paid = PRICE * 100;
        uint256 bobBefore = usd.balanceOf(bob);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseToppedUp(lease, bob, paid, DEPOSIT + paid);
        vm.prank(bob);
        marketplace.topUp(lease, amount);

        assertEq(usd.balanceOf(bob), bobBefore - paid, "only whole seconds pulled");
        assertEq(usd.balanceOf(address(marketplace)), DEPOSIT + paid);
        assertEq(leaseOf(lease).fundedUntil, openedAt + 1 hours + 100);
        assertEq(marketplace.escrowed(lease), DEPOSIT + paid);

        // The refund of what bob paid goes to the consumer.
        uint256 aliceBefore = usd.balanceOf(alice);
        vm.prank(alice);
        assertEq(marketplace.closeLease(lease), DEPOSIT + paid);
        assertEq(usd.balanceOf(alice), aliceBefore + DEPOSIT + paid);
    }

    function test_topUp_reportsEscrowLeftAfterWithdrawals() public {
        skip(10 minutes);
        marketplace.withdraw(lease);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseToppedUp(lease, alice, PRICE * 60, DEPOSIT - GROSS_10M + PRICE * 60);
        vm.prank(alice);
        marketplace.topUp(lease, PRICE * 60);
    }

    function test_topUp_acceptsFiveYearsAheadOfNow() public {
        address hp = queued("hp", heatMarket, 0);
        LeaseId heatLease = take(alice, heatMarket, uint256(HEAT_PRICE) * 1 hours);
        skip(30 minutes);
        // 30 minutes are still funded: five years from now is MAX − 30 minutes beyond fundedUntil.
        uint256 max = uint256(HEAT_PRICE) * (MAX_FUNDED - 30 minutes);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.AmountTooLarge.selector, max + HEAT_PRICE, max));
        vm.prank(alice);
        marketplace.topUp(heatLease, max + HEAT_PRICE);

        vm.prank(alice);
        marketplace.topUp(heatLease, max);
        assertEq(leaseOf(heatLease).fundedUntil, block.timestamp + MAX_FUNDED);
        assertEq(leaseOf(heatLease).provider, hp);
    }

    function test_topUp_revertsWhenBeyondFiveYears() public {
        uint256 amount = PRICE * MAX_FUNDED;
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.AmountTooLarge.selector, amount, PRICE * (MAX_FUNDED - 1 hours)
            )
        );
        vm.prank(alice);
        marketplace.topUp(lease, amount);
    }

    function test_topUp_revertsWhenLessThanOneSecond() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.DepositTooSmall.selector, PRICE - 1, PRICE));
        vm.prank(alice);
        marketplace.topUp(lease, PRICE - 1);
    }

    function test_topUp_revertsWhenOutOfFunds() public {
        skip(1 hours); // exactly at fundedUntil
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseOutOfFunds.selector, lease, DEPOSIT));
        vm.prank(alice);
        marketplace.topUp(lease, DEPOSIT);
    }

    function test_topUp_revertsWhenClosed() public {
        vm.prank(alice);
        marketplace.closeLease(lease);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.LeaseNotActive.selector, lease, LeaseState.Closed)
        );
        vm.prank(alice);
        marketplace.topUp(lease, DEPOSIT);
    }

    function test_topUp_revertsWhenLeaseNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseNotFound.selector, LeaseId.wrap(2)));
        vm.prank(alice);
        marketplace.topUp(LeaseId.wrap(2), DEPOSIT);
    }

    // ================================================================== closeLease

    function test_closeLease_byConsumerRefundsTheUnusedDeposit() public {
        skip(10 minutes);
        uint256 refund = DEPOSIT - GROSS_10M;
        uint256 aliceBefore = usd.balanceOf(alice);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(
            lease, alice, CloseReason.ByConsumer, block.timestamp, refund, bytes32(0)
        );
        vm.prank(alice);
        assertEq(marketplace.closeLease(lease), refund);

        assertEq(usd.balanceOf(alice), aliceBefore + refund, "refunded");
        assertEq(usd.balanceOf(address(marketplace)), GROSS_10M, "accrual stays for the provider");
        Lease memory l = leaseOf(lease);
        assertEq(uint8(l.state), uint8(LeaseState.Closed));
        assertEq(uint8(l.closeReason), uint8(CloseReason.ByConsumer));
        assertEq(l.fundedUntil, block.timestamp, "payment stopped");
        assertEq(marketplace.escrowed(lease), GROSS_10M);
        assertFalse(marketplace.isOutOfFunds(lease));
        assertEq(reputationOf(p), 3 * SUCCESS, "no mark on the provider");
    }

    function test_closeLease_byProviderCostsReputation() public {
        skip(10 minutes);
        uint256 refund = DEPOSIT - GROSS_10M;
        uint256 aliceBefore = usd.balanceOf(alice);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(lease, p, CloseReason.ByProvider, block.timestamp, refund, bytes32(0));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IProviderRegistry.ReputationChanged(p, 3000, 2000, false);
        vm.prank(p);
        assertEq(marketplace.closeLease(lease), refund);

        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        assertEq(uint8(leaseOf(lease).closeReason), uint8(CloseReason.ByProvider));
        assertEq(reputationOf(p), 2000, "x 2/3");
    }

    function test_closeLease_revertsWhenStrangerAndFunded() public {
        skip(1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.CallerNotLeaseParty.selector, lease, stranger));
        vm.prank(stranger);
        marketplace.closeLease(lease);
    }

    function test_closeLease_byAnyoneOnceOutOfFunds() public {
        skip(1 hours);
        assertTrue(marketplace.isOutOfFunds(lease));
        uint256 aliceBefore = usd.balanceOf(alice);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(
            lease, stranger, CloseReason.OutOfFunds, openedAt + 1 hours, 0, bytes32(0)
        );
        vm.prank(stranger);
        assertEq(marketplace.closeLease(lease), 0);

        assertEq(usd.balanceOf(alice), aliceBefore, "nothing to refund");
        assertEq(uint8(leaseOf(lease).closeReason), uint8(CloseReason.OutOfFunds));
        assertFalse(marketplace.isOutOfFunds(lease), "closed, not out of funds");
        assertEq(marketplace.escrowed(lease), DEPOSIT, "all of it owed to the provider");
        assertEq(reputationOf(p), 3 * SUCCESS);
        assertEq(marketplace.withdraw(lease), DEPOSIT - DEPOSIT * 200 / 10_000);
    }

    function test_closeLease_byProviderOnceOutOfFundsIsNoFailure() public {
        skip(2 hours);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(lease, p, CloseReason.OutOfFunds, openedAt + 1 hours, 0, bytes32(0));
        vm.prank(p);
        marketplace.closeLease(lease);
        assertEq(reputationOf(p), 3 * SUCCESS);
    }

    function test_closeLease_byConsumerOnceOutOfFunds() public {
        skip(1 hours);
        vm.prank(alice);
        marketplace.closeLease(lease);
        assertEq(uint8(leaseOf(lease).closeReason), uint8(CloseReason.OutOfFunds));
    }

    function testFuzz_closeLease_paysAndRefundsExactlyTheDeposit(uint256 withdrawAfter, uint256 closeAfter)
        public
    {
        withdrawAfter = bound(withdrawAfter, 1, 2 hours);
        closeAfter = bound(closeAfter, 0, 2 hours);
        uint256 aliceBefore = usd.balanceOf(alice);
        skip(withdrawAfter);
        marketplace.withdraw(lease);
        skip(closeAfter);
        vm.prank(alice);
        uint256 refund = marketplace.closeLease(lease);
        if (marketplace.withdrawable(lease) > 0) marketplace.withdraw(lease);

        uint256 used = PRICE * _min(withdrawAfter + closeAfter, 1 hours);
        assertEq(refund, DEPOSIT - used, "refund");
        assertEq(usd.balanceOf(alice), aliceBefore + refund, "consumer");
        uint256 fees = marketplace.feesOwed(address(usd));
        assertEq(usd.balanceOf(p) + fees, used, "provider and protocol share what was used");
        assertApproxEqAbs(fees, used * 200 / 10_000, 1, "2% fee, rounded down per withdrawal");
        assertEq(usd.balanceOf(address(marketplace)), fees, "escrow keeps only fees");
        assertEq(marketplace.escrowed(lease), 0);
    }

    function test_closeLease_revertsWhenClosedTwice() public {
        vm.prank(alice);
        marketplace.closeLease(lease);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.LeaseNotActive.selector, lease, LeaseState.Closed)
        );
        vm.prank(alice);
        marketplace.closeLease(lease);
    }

    function test_closeLease_revertsWhenLeaseNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseNotFound.selector, LeaseId.wrap(2)));
        vm.prank(alice);
        marketplace.closeLease(LeaseId.wrap(2));
    }

    // ================================================================== finishLease

    function test_finishLease_closesWithResultAndRewardsProvider() public {
        skip(10 minutes);
        uint256 refund = DEPOSIT - GROSS_10M;
        uint256 aliceBefore = usd.balanceOf(alice);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(lease, p, CloseReason.JobFinished, block.timestamp, refund, RESULT);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IProviderRegistry.ReputationChanged(p, 3000, 4000, true);
        vm.prank(p);
        assertEq(marketplace.finishLease(lease, RESULT, true), refund);

        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        Lease memory l = leaseOf(lease);
        assertEq(uint8(l.state), uint8(LeaseState.Closed));
        assertEq(uint8(l.closeReason), uint8(CloseReason.JobFinished));
        assertEq(reputationOf(p), 4000, "+1 success");
        assertEq(marketplace.withdraw(lease), GROSS_10M - FEE_10M);
    }

    function test_finishLease_failedJobClosesWithoutTouchingReputation() public {
        skip(10 minutes);
        uint256 refund = DEPOSIT - GROSS_10M;
        uint256 aliceBefore = usd.balanceOf(alice);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(lease, p, CloseReason.JobFailed, block.timestamp, refund, RESULT);
        vm.prank(p);
        assertEq(marketplace.finishLease(lease, RESULT, false), refund);

        assertEq(usd.balanceOf(alice), aliceBefore + refund, "the consumer pays for the time used");
        assertEq(uint8(leaseOf(lease).closeReason), uint8(CloseReason.JobFailed));
        assertEq(reputationOf(p), 3 * SUCCESS, "neither a success nor a failure");
        assertEq(marketplace.withdraw(lease), GROSS_10M - FEE_10M);
    }

    function test_finishLease_afterFundsRanOut() public {
        skip(2 hours);
        vm.prank(p);
        assertEq(marketplace.finishLease(lease, RESULT, true), 0);
        assertEq(uint8(leaseOf(lease).closeReason), uint8(CloseReason.JobFinished));
        assertEq(leaseOf(lease).fundedUntil, openedAt + 1 hours);
    }

    function test_finishLease_revertsWhenCallerNotProvider() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.CallerNotProvider.selector, lease, alice));
        vm.prank(alice);
        marketplace.finishLease(lease, RESULT, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.CallerNotProvider.selector, lease, stranger));
        vm.prank(stranger);
        marketplace.finishLease(lease, RESULT, true);
    }

    function test_finishLease_revertsWhenClosed() public {
        vm.prank(alice);
        marketplace.closeLease(lease);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.LeaseNotActive.selector, lease, LeaseState.Closed)
        );
        vm.prank(p);
        marketplace.finishLease(lease, RESULT, true);
        assertEq(reputationOf(p), 3 * SUCCESS, "no reward for a closed lease");
    }

    function test_finishLease_revertsWhenLeaseNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseNotFound.selector, LeaseId.wrap(2)));
        vm.prank(p);
        marketplace.finishLease(LeaseId.wrap(2), RESULT, true);
    }

    // ================================================================== closeLeaseByVerifier

    function test_closeLeaseByVerifier_failedVerification() public {
        _verifierCloses(CloseReason.FailedVerification);
    }

    function test_closeLeaseByVerifier_providerGone() public {
        _verifierCloses(CloseReason.ProviderGone);
    }

    function test_closeLeaseByVerifier_revertsWhenReasonNotTheVerifiers() public {
        CloseReason[5] memory reasons = [
            CloseReason.None,
            CloseReason.ByConsumer,
            CloseReason.ByProvider,
            CloseReason.JobFinished,
            CloseReason.OutOfFunds
        ];
        for (uint256 i; i < reasons.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarketplace.CloseReasonInvalid.selector, reasons[i]));
            vm.prank(verifier);
            marketplace.closeLeaseByVerifier(lease, reasons[i]);
        }
        assertEq(uint8(leaseOf(lease).state), uint8(LeaseState.Active));
    }

    function test_closeLeaseByVerifier_revertsWhenCallerNotVerifier() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.CallerNotAuthorized.selector, alice, bytes32("verifier"))
        );
        vm.prank(alice);
        marketplace.closeLeaseByVerifier(lease, CloseReason.FailedVerification);

        vm.prank(owner);
        marketplace.setVerifier(verifier, false);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.CallerNotAuthorized.selector, verifier, bytes32("verifier"))
        );
        vm.prank(verifier);
        marketplace.closeLeaseByVerifier(lease, CloseReason.FailedVerification);
    }

    function test_closeLeaseByVerifier_revertsWhenClosed() public {
        vm.prank(p);
        marketplace.finishLease(lease, RESULT, true);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.LeaseNotActive.selector, lease, LeaseState.Closed)
        );
        vm.prank(verifier);
        marketplace.closeLeaseByVerifier(lease, CloseReason.ProviderGone);
        assertEq(uint8(leaseOf(lease).closeReason), uint8(CloseReason.JobFinished), "first reason stands");
    }

    function test_closeLeaseByVerifier_revertsWhenLeaseNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.LeaseNotFound.selector, LeaseId.wrap(2)));
        vm.prank(verifier);
        marketplace.closeLeaseByVerifier(LeaseId.wrap(2), CloseReason.ProviderGone);
    }

    // ================================================================== views

    function test_getLease_zeroForUnknownLease() public view {
        Lease memory l = leaseOf(LeaseId.wrap(2));
        assertEq(l.consumer, address(0));
        assertEq(l.provider, address(0));
        assertEq(uint8(l.state), uint8(LeaseState.None));
        assertEq(l.pricePerSecond, 0);
        assertEq(l.fundedUntil, 0);
    }

    function test_leaseCount_countsOpenedLeases() public {
        assertEq(marketplace.leaseCount(), 1);
        queued("q", usdMarket, 0);
        assertEq(LeaseId.unwrap(take(bob, usdMarket, DEPOSIT)), 2);
        assertEq(marketplace.leaseCount(), 2);
    }

    function test_escrowed_followsTheLeaseToZero() public {
        assertEq(marketplace.escrowed(lease), DEPOSIT, "open");
        skip(10 minutes);
        assertEq(marketplace.escrowed(lease), DEPOSIT, "accrued is still escrowed");
        marketplace.withdraw(lease);
        assertEq(marketplace.escrowed(lease), DEPOSIT - GROSS_10M, "withdrawn");
        skip(10 minutes);
        vm.prank(alice);
        marketplace.closeLease(lease);
        assertEq(marketplace.escrowed(lease), GROSS_10M, "closed: the unpaid accrual");
        marketplace.withdraw(lease);
        assertEq(marketplace.escrowed(lease), 0, "settled");
        assertEq(usd.balanceOf(address(marketplace)), marketplace.feesOwed(address(usd)), "only fees remain");
        assertEq(marketplace.escrowed(LeaseId.wrap(2)), 0, "unknown lease");
    }

    function test_isOutOfFunds_fromFundedUntilWhileActive() public {
        skip(1 hours - 1);
        assertFalse(marketplace.isOutOfFunds(lease));
        skip(1);
        assertTrue(marketplace.isOutOfFunds(lease));
        assertFalse(marketplace.isOutOfFunds(LeaseId.wrap(2)), "unknown lease");
        vm.prank(stranger);
        marketplace.closeLease(lease);
        assertFalse(marketplace.isOutOfFunds(lease), "closed");
    }

    function test_getCluster_listsTheLeasesOpenedTogether() public {
        assertEq(marketplace.getCluster(ClusterId.wrap(1)).length, 0, "unknown cluster");
        queued("m1", usdMarket, 0);
        queued("m2", usdMarket, 0);
        vm.prank(bob);
        (ClusterId cluster, LeaseId[] memory leases) = marketplace.openCluster(
            OpenClusterParams({
                market: usdMarket,
                tier: Tier.Economy,
                members: 2,
                maxPricePerSecond: PRICE,
                depositPerMember: DEPOSIT,
                specHash: SPEC,
                placement: noPlacement()
            })
        );
        LeaseId[] memory stored = marketplace.getCluster(cluster);
        assertEq(stored.length, 2);
        assertEq(LeaseId.unwrap(stored[0]), LeaseId.unwrap(leases[0]));
        assertEq(LeaseId.unwrap(stored[1]), LeaseId.unwrap(leases[1]));
        assertEq(LeaseId.unwrap(stored[0]), 2);
        assertEq(LeaseId.unwrap(stored[1]), 3);
    }

    // ================================================================== helpers

    function _verifierCloses(CloseReason reason) internal {
        skip(10 minutes);
        uint256 refund = DEPOSIT - GROSS_10M;
        uint256 aliceBefore = usd.balanceOf(alice);
        expectMarketplaceEvent();
        emit IMarketplace.LeaseClosed(lease, verifier, reason, block.timestamp, refund, bytes32(0));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IProviderRegistry.ReputationChanged(p, 3000, 2000, false);
        vm.prank(verifier);
        assertEq(marketplace.closeLeaseByVerifier(lease, reason), refund);

        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        assertEq(uint8(leaseOf(lease).state), uint8(LeaseState.Closed));
        assertEq(uint8(leaseOf(lease).closeReason), uint8(reason));
        assertEq(reputationOf(p), 2000);
        assertEq(marketplace.withdraw(lease), GROSS_10M - FEE_10M, "provider keeps what accrued");
    }

    /// A 2×4090 provider `q` queued with two slots, rented by alice (lease a) and bob (lease b).
    function _twoLeasesOf2Slots() internal returns (address q, LeaseId a, LeaseId b) {
        q = provider("q", rtx4090(2), 5);
        joinQueue(q, usdMarket, 2);
        a = take(alice, usdMarket, DEPOSIT);
        b = take(bob, usdMarket, DEPOSIT);
        assertEq(leaseOf(a).provider, q);
        assertEq(leaseOf(b).provider, q);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function _ids(LeaseId a, LeaseId b) internal pure returns (LeaseId[] memory ids) {
        ids = new LeaseId[](2);
        (ids[0], ids[1]) = (a, b);
    }

    function _transfersOf(address token, Vm.Log[] memory logs) internal pure returns (uint256 n) {
        bytes32 transfer = keccak256("Transfer(address,address,uint256)");
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == token && logs[i].topics[0] == transfer) ++n;
        }
    }
}
