// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {PriceCurve} from "../../src/libraries/PriceCurve.sol";

/// @notice The bounded EIP-1559 step behind every market's reference price.
contract PriceCurveTest is Test {
    uint256 internal constant PRICE = 1e18;
    uint256 internal constant TARGET = 8000;
    uint256 internal constant D = 8;

    function test_next_fullUtilizationRaisesByOneDenominator() public pure {
        assertEq(PriceCurve.next(PRICE, 10_000, TARGET, D, 1, type(uint256).max), PRICE + PRICE / D);
    }

    function test_next_zeroUtilizationLowersByOneDenominator() public pure {
        assertEq(PriceCurve.next(PRICE, 0, TARGET, D, 1, type(uint256).max), PRICE - PRICE / D);
    }

    function test_next_holdsAtTarget() public pure {
        assertEq(PriceCurve.next(PRICE, TARGET, TARGET, D, 1, type(uint256).max), PRICE);
    }

    function test_next_movesInProportionToTheDistanceFromTarget() public pure {
        // Half-way from target to full: half the largest raise; half-way to zero: half the largest cut.
        assertEq(PriceCurve.next(PRICE, 9000, TARGET, D, 1, type(uint256).max), PRICE + PRICE / 16);
        assertEq(PriceCurve.next(PRICE, 4000, TARGET, D, 1, type(uint256).max), PRICE - PRICE / 16);
    }

    function test_next_clampsToBounds() public pure {
        assertEq(PriceCurve.next(PRICE, 10_000, TARGET, D, 1, PRICE + 1), PRICE + 1);
        assertEq(PriceCurve.next(PRICE, 0, TARGET, D, PRICE - 1, type(uint256).max), PRICE - 1);
        // A price already outside the bounds comes back inside even when it would hold.
        assertEq(PriceCurve.next(PRICE, TARGET, TARGET, D, PRICE + 5, PRICE + 10), PRICE + 5);
    }

    function testFuzz_next_movesAtMostOneDenominatorWithinBounds(
        uint256 price,
        uint256 utilizationBps,
        uint256 targetBps,
        uint256 denominator
    ) public pure {
        price = bound(price, 1, type(uint72).max);
        utilizationBps = bound(utilizationBps, 0, 10_000);
        targetBps = bound(targetBps, 1, 9999);
        denominator = bound(denominator, 2, 1000);
        uint256 minPrice = price / 2 + 1;
        uint256 maxPrice = price * 2;

        uint256 next = PriceCurve.next(price, utilizationBps, targetBps, denominator, minPrice, maxPrice);
        assertGe(next, minPrice);
        assertLe(next, maxPrice);
        assertLe(next, price + price / denominator, "raise too large");
        if (next < price) assertLe(price - next, price / denominator, "cut too large");
        if (utilizationBps > targetBps) assertGe(next, price, "must not fall above target");
        if (utilizationBps < targetBps) assertLe(next, price, "must not rise below target");
    }

    function testFuzz_next_isMonotoneInUtilization(uint256 price, uint256 lower, uint256 higher) public pure {
        price = bound(price, 1, type(uint72).max);
        lower = bound(lower, 0, 10_000);
        higher = bound(higher, lower, 10_000);
        assertLe(
            PriceCurve.next(price, lower, TARGET, D, 1, type(uint256).max),
            PriceCurve.next(price, higher, TARGET, D, 1, type(uint256).max)
        );
    }
}
