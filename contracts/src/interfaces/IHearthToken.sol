// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title HEAT, Hearth's token
/// @notice ERC-20 with EIP-2612 permit and ERC-5805 votes (timestamp clock), burnable by holders.
///         Only accounts holding `MINTER_ROLE` (the emissions contract) can mint.
interface IHearthToken is IERC20 {
    /// @notice The constructor was given the zero address as admin: nobody could ever grant minting.
    error TokenAdminZero();

    /// @notice Role allowed to mint.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Mints `amount` to `to`.
    /// @dev Reverts with `AccessControlUnauthorizedAccount` unless the caller holds `MINTER_ROLE`.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` of the caller's tokens.
    function burn(uint256 amount) external;

    /// @notice Burns `amount` of `account`'s tokens, spending the caller's allowance.
    function burnFrom(address account, uint256 amount) external;
}
