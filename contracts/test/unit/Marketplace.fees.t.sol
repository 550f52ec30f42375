// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {LeaseId} from "../../src/types/Ids.sol";
import {MarketplaceTestBase} from "../utils/MarketplaceTestBase.sol";

/// @notice Protocol fees: what withdrawals leave owed, and sweeping it to burn and treasury.
/// @dev Each test starts with one hour of work paid out in each market, so fees are owed in HEAT and tUSD.
contract MarketplaceFeesTest is MarketplaceTestBase {
    uint256 internal heatFee;
    uint256 internal usdFee;
    LeaseId internal heatLease;
    LeaseId internal usdLease;

    function setUp() public override {
        super.setUp();
        queued("heatProvider", heatMarket, 0);
        queued("usdProvider", usdMarket, 0);
        heatLease = take(alice, heatMarket, uint256(HEAT_PRICE) * 2 hours);
        usdLease = take(alice, usdMarket, uint256(USD_PRICE) * 2 hours);
        skip(1 hours);
        marketplace.withdraw(heatLease);
        marketplace.withdraw(usdLease);
        heatFee = uint256(HEAT_PRICE) * 1 hours * 200 / 10_000;
        usdFee = uint256(USD_PRICE) * 1 hours * 200 / 10_000;
    }

    function test_withdraw_accumulatesFeesPerToken() public view {
        assertEq(marketplace.feesOwed(address(heat)), heatFee);
        assertEq(marketplace.feesOwed(address(usd)), usdFee);
        assertEq(usdFee, 5976);
    }

    function test_sweepFees_burnsHeatShareAndPaysTreasury() public {
        uint256 amount = heatFee - 1;
        uint256 burned = amount * 5000 / 10_000;
        uint256 supplyBefore = heat.totalSupply();
        uint256 escrowBefore = heat.balanceOf(address(marketplace));

        expectMarketplaceEvent();
        emit IMarketplace.FeesSwept(address(heat), burned, amount - burned);
        vm.prank(stranger); // anyone may sweep: the money only goes where governance said
        marketplace.sweepFees(address(heat));

        assertEq(heat.totalSupply(), supplyBefore - burned, "burned");
        assertEq(heat.balanceOf(treasury), amount - burned, "treasury");
        assertEq(heat.balanceOf(address(marketplace)), escrowBefore - amount, "escrow");
        assertEq(heat.balanceOf(stranger), 0);
        assertEq(marketplace.feesOwed(address(heat)), 1, "one unit stays owed");
    }

    function test_sweepFees_sendsOtherTokensWhollyToTreasury() public {
        uint256 amount = usdFee - 1;
        uint256 supplyBefore = usd.totalSupply();
        expectMarketplaceEvent();
        emit IMarketplace.FeesSwept(address(usd), 0, amount);
        marketplace.sweepFees(address(usd));
        assertEq(usd.balanceOf(treasury), amount);
        assertEq(usd.totalSupply(), supplyBefore, "nothing burned");
        assertEq(marketplace.feesOwed(address(usd)), 1);
    }

    function test_sweepFees_keepsOneUnitForTheNextSweep() public {
        marketplace.sweepFees(address(usd));
        vm.expectRevert(IMarketplace.AmountZero.selector);
        marketplace.sweepFees(address(usd));

        skip(30 minutes);
        marketplace.withdraw(usdLease);
        uint256 fee = uint256(USD_PRICE) * 30 minutes * 200 / 10_000;
        assertEq(marketplace.feesOwed(address(usd)), fee + 1);
        marketplace.sweepFees(address(usd));
        assertEq(usd.balanceOf(treasury), usdFee - 1 + fee, "the kept unit goes with this sweep");
        assertEq(marketplace.feesOwed(address(usd)), 1);
    }

    function test_sweepFees_burnsEverythingAtFullBurnShare() public {
        vm.prank(owner);
        marketplace.setBurnShareBps(10_000);
        uint256 supplyBefore = heat.totalSupply();
        expectMarketplaceEvent();
        emit IMarketplace.FeesSwept(address(heat), heatFee - 1, 0);
        marketplace.sweepFees(address(heat));
        assertEq(heat.totalSupply(), supplyBefore - (heatFee - 1));
        assertEq(heat.balanceOf(treasury), 0);
    }

    function test_sweepFees_burnsNothingAtZeroBurnShare() public {
        vm.prank(owner);
        marketplace.setBurnShareBps(0);
        uint256 supplyBefore = heat.totalSupply();
        marketplace.sweepFees(address(heat));
        assertEq(heat.totalSupply(), supplyBefore);
        assertEq(heat.balanceOf(treasury), heatFee - 1);
    }

    function test_sweepFees_paysTheCurrentTreasury() public {
        address newTreasury = makeAddr("newTreasury");
        vm.prank(owner);
        marketplace.setTreasury(newTreasury);
        marketplace.sweepFees(address(usd));
        assertEq(usd.balanceOf(newTreasury), usdFee - 1);
        assertEq(usd.balanceOf(treasury), 0);
    }

    function test_sweepFees_revertsWhenNothingOwed() public {
        vm.expectRevert(IMarketplace.AmountZero.selector);
        marketplace.sweepFees(makeAddr("otherToken"));
    }
}
