// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Events and errors shared by every contract whose parameters one owner sets
///         (the governance timelock once the deployer hands it over).
interface IOwnedParameters {
    /// @notice A numeric parameter changed. `name` is the parameter's name as bytes32 ("feeBps").
    event ParameterChanged(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    /// @notice An address parameter changed (treasury, marketplace, a role holder).
    event AddressParameterChanged(bytes32 indexed name, address oldValue, address newValue);

    /// @notice A parameter was set outside its allowed range.
    error ParameterOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max);

    /// @notice An address parameter was set to the zero address.
    error ZeroAddress(bytes32 name);
}
