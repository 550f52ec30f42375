// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Basis-point arithmetic.
library Bps {
    /// @notice 100% in basis points.
    uint256 internal constant ONE = 10_000;

    /// @notice `amount × bps / 10 000`, rounded down.
    function mul(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return amount * bps / ONE;
    }
}
