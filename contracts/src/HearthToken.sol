// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IHearthToken} from "./interfaces/IHearthToken.sol";

/// @title HEAT
/// @notice Hearth's token: ERC-20 + permit + votes (timestamp clock, as L2 block numbers are not a
///         clock), burnable, minted only by `MINTER_ROLE` holders.
contract HearthToken is IHearthToken, ERC20, ERC20Burnable, ERC20Permit, ERC20Votes, AccessControl {
    /// @inheritdoc IHearthToken
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param admin Holds `DEFAULT_ADMIN_ROLE` (grants and revokes the minter role); the timelock later.
    /// @param initialHolder Receives `initialSupply` (the genesis allocation).
    constructor(address admin, address initialHolder, uint256 initialSupply)
        ERC20("Hearth", "HEAT")
        ERC20Permit("Hearth")
    {
        if (admin == address(0)) revert TokenAdminZero();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (initialSupply > 0) _mint(initialHolder, initialSupply);
    }

    /// @inheritdoc IHearthToken
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IHearthToken
    function burn(uint256 amount) public override(IHearthToken, ERC20Burnable) {
        super.burn(amount);
    }

    /// @inheritdoc IHearthToken
    function burnFrom(address account, uint256 amount) public override(IHearthToken, ERC20Burnable) {
        super.burnFrom(account, amount);
    }

    /// @notice Votes are checkpointed by timestamp (ERC-6372).
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @notice ERC-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
