// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {HearthTest} from "../utils/HearthTest.sol";
import {LeaseId} from "../../src/types/Ids.sol";

/// @notice Gas of the hot paths, written to snapshots/GasSnapshots.json. Run with `--isolate` so that
///         every call is its own transaction with cold storage, as on chain.
contract GasSnapshotsTest is HearthTest {
    address internal provider;

    function setUp() public override {
        super.setUp();
        provider = queuedProvider("provider", usdMarket);
        // Steady state: the provider and the escrow already hold the token (no zero-to-nonzero writes
        // that only a first payment ever pays).
        // Warm up with one whole job so the escrow, the fee accumulator and the provider's balance
        // hold the token, as on any live network.
        LeaseId first = take(alice, usdMarket, 1e6);
        skip(10 minutes);
        vm.prank(provider);
        marketplace.finishLease(first, keccak256("result"));
        marketplace.withdraw(first);
        joinQueue(provider, usdMarket, 1);
    }

    function test_wholeJob() public {
        vm.prank(alice);
        marketplace.openLease(takeParams(usdMarket, 100e6));
        uint256 open = vm.lastCallGas().gasTotalUsed;
        LeaseId lease = LeaseId.wrap(2);
        skip(1 hours);
        vm.prank(provider);
        marketplace.withdraw(lease);
        uint256 withdraw_ = vm.lastCallGas().gasTotalUsed;
        vm.prank(alice);
        marketplace.closeLease(lease);
        uint256 close = vm.lastCallGas().gasTotalUsed;
        vm.snapshotValue("openLeaseByTake", open);
        vm.snapshotValue("withdraw", withdraw_);
        vm.snapshotValue("closeLease", close);
        vm.snapshotValue("wholeJob", open + withdraw_ + close);
    }
}
