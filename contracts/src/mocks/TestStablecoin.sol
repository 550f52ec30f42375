// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title tUSD, the local network's stablecoin
/// @notice A 6-decimal ERC-20 with permit and an open faucet, deployed only on local and test networks
///         so renters can pay in a stable unit as they would with USDC in production.
contract TestStablecoin is ERC20, ERC20Permit {
    /// @notice The most one faucet call mints (10 000 tUSD).
    uint256 public constant FAUCET_LIMIT = 10_000e6;

    /// @notice The faucet was asked for more than `FAUCET_LIMIT`.
    error FaucetLimitExceeded(uint256 amount, uint256 limit);

    constructor() ERC20("Test USD", "tUSD") ERC20Permit("Test USD") {}

    /// @notice 6 decimals, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints up to `FAUCET_LIMIT` to `to`. Test networks only.
    function faucet(address to, uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert FaucetLimitExceeded(amount, FAUCET_LIMIT);
        _mint(to, amount);
    }
}
