// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice EIP-1559-style reference price update, bounded.
/// @dev Utilization above the target raises the price, below lowers it, proportionally to the distance
///      to the target normalised by the room on that side, so that full utilization raises and zero
///      utilization lowers the price by exactly 1/denominator per epoch (12.5% for 8, as EIP-1559).
library PriceCurve {
    uint256 internal constant BPS = 10_000;

    /// @notice The next price.
    /// @param price Current price (any unit).
    /// @param utilizationBps Utilization in the epoch, 0..10 000.
    /// @param targetBps Target utilization, 1..9 999.
    /// @param denominator Largest move is price / denominator.
    /// @param minPrice Lower bound of the result.
    /// @param maxPrice Upper bound of the result.
    function next(
        uint256 price,
        uint256 utilizationBps,
        uint256 targetBps,
        uint256 denominator,
        uint256 minPrice,
        uint256 maxPrice
    ) internal pure returns (uint256) {
        if (utilizationBps > targetBps) {
            price += price * (utilizationBps - targetBps) / ((BPS - targetBps) * denominator);
        } else {
            price -= price * (targetBps - utilizationBps) / (targetBps * denominator);
        }
        if (price < minPrice) return minPrice;
        if (price > maxPrice) return maxPrice;
        return price;
    }
}
