// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {PriceCurve} from "../../src/libraries/PriceCurve.sol";

/// @notice Properties of the EIP-1559-style reference price update over every valid input: the ranges
///         the marketplace can pass (uint72 prices, a target in 1..9 999 bps, a denominator in 2..1 000).
contract PriceCurveFuzzTest is Test {
    uint256 internal constant BPS = 10_000;

    /// @dev Valid inputs, bounded as the marketplace bounds them.
    struct Inputs {
        uint256 price;
        uint256 utilizationBps;
        uint256 targetBps;
        uint256 denominator;
        uint256 minPrice;
        uint256 maxPrice;
    }

    function _valid(Inputs memory x) internal pure returns (Inputs memory) {
        x.minPrice = bound(x.minPrice, 1, type(uint72).max);
        x.maxPrice = bound(x.maxPrice, x.minPrice, type(uint72).max);
        // The marketplace keeps its price inside the bounds at every write.
        x.price = bound(x.price, x.minPrice, x.maxPrice);
        x.utilizationBps = bound(x.utilizationBps, 0, BPS);
        x.targetBps = bound(x.targetBps, 1, BPS - 1);
        x.denominator = bound(x.denominator, 2, 1000);
        return x;
    }

    function _next(Inputs memory x, uint256 utilizationBps) internal pure returns (uint256) {
        return PriceCurve.next(x.price, utilizationBps, x.targetBps, x.denominator, x.minPrice, x.maxPrice);
    }

    /// @dev The update written another way: a signed move of price × distance / (room × denominator),
    ///      where room is the span of utilization on the side of the target the epoch landed on.
    function _reference(Inputs memory x) internal pure returns (uint256) {
        bool up = x.utilizationBps > x.targetBps;
        uint256 distance = up ? x.utilizationBps - x.targetBps : x.targetBps - x.utilizationBps;
        uint256 room = up ? BPS - x.targetBps : x.targetBps;
        uint256 move = x.price * distance / (room * x.denominator);
        // The move never exceeds price / denominator, so going down never crosses zero.
        uint256 raw = up ? x.price + move : x.price - move;
        return _clamp(raw, x.minPrice, x.maxPrice);
    }

    function _clamp(uint256 value, uint256 min, uint256 max) internal pure returns (uint256) {
        return value < min ? min : value > max ? max : value;
    }

    /// @notice External entry for the no-revert check.
    function nextPrice(Inputs calldata x) external pure returns (uint256) {
        return PriceCurve.next(x.price, x.utilizationBps, x.targetBps, x.denominator, x.minPrice, x.maxPrice);
    }

    function testFuzz_next_neverRevertsForValidInputs(Inputs memory x, uint256 price) public view {
        x = _valid(x);
        // Any starting price a uint72 can hold, including zero and prices outside the bounds.
        x.price = bound(price, 0, type(uint72).max);
        try this.nextPrice(x) returns (uint256) {}
        catch {
            assertTrue(false, "reverted for valid inputs");
        }
    }

    function testFuzz_next_staysWithinBounds(Inputs memory x) public pure {
        x = _valid(x);
        uint256 price = _next(x, x.utilizationBps);
        assertGe(price, x.minPrice, "below min");
        assertLe(price, x.maxPrice, "above max");
    }

    /// @dev Even a stored price outside new bounds (a market whose bounds were just updated) comes back in.
    function testFuzz_next_clampsAnyStartingPrice(Inputs memory x, uint256 price) public pure {
        x = _valid(x);
        x.price = bound(price, 0, type(uint72).max);
        uint256 next = _next(x, x.utilizationBps);
        assertGe(next, x.minPrice, "below min");
        assertLe(next, x.maxPrice, "above max");
    }

    function testFuzz_next_isMonotoneInUtilization(Inputs memory x, uint256 otherUtilizationBps) public pure {
        x = _valid(x);
        uint256 lo = x.utilizationBps;
        uint256 hi = bound(otherUtilizationBps, lo, BPS);
        assertLe(_next(x, lo), _next(x, hi), "higher utilization gave a lower price");
    }

    function testFuzz_next_fullUtilizationRaisesByOneDenominator(Inputs memory x) public pure {
        x = _valid(x);
        assertEq(_next(x, BPS), _clamp(x.price + x.price / x.denominator, x.minPrice, x.maxPrice));
    }

    function testFuzz_next_zeroUtilizationLowersByOneDenominator(Inputs memory x) public pure {
        x = _valid(x);
        assertEq(_next(x, 0), _clamp(x.price - x.price / x.denominator, x.minPrice, x.maxPrice));
    }

    /// @dev With room on both sides the step is exact, not just clamped to it.
    function testFuzz_next_movesExactlyOneDenominatorAtTheExtremes(
        uint256 price,
        uint256 targetBps,
        uint256 denominator
    ) public pure {
        Inputs memory x = Inputs({
            price: bound(price, 1, type(uint72).max),
            utilizationBps: 0,
            targetBps: bound(targetBps, 1, BPS - 1),
            denominator: bound(denominator, 2, 1000),
            minPrice: 0,
            maxPrice: type(uint256).max
        });
        assertEq(_next(x, BPS) - x.price, x.price / x.denominator, "full utilization");
        assertEq(x.price - _next(x, 0), x.price / x.denominator, "zero utilization");
    }

    function testFuzz_next_holdsAtTarget(Inputs memory x) public pure {
        x = _valid(x);
        assertEq(_next(x, x.targetBps), x.price);
    }

    function testFuzz_next_movesAtMostOneDenominator(Inputs memory x) public pure {
        x = _valid(x);
        uint256 next = _next(x, x.utilizationBps);
        uint256 step = x.price / x.denominator;
        // Clamping only ever pulls toward the bounds, which contain the price.
        assertLe(next, x.price + step, "rose too far");
        assertGe(next, x.price - step, "fell too far");
    }

    function testFuzz_next_matchesReferenceModel(Inputs memory x) public pure {
        x = _valid(x);
        assertEq(_next(x, x.utilizationBps), _reference(x));
    }
}
