// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Provider} from "../../src/interfaces/IProviderRegistry.sol";
import {GpuVendor, Hardware} from "../../src/types/Hardware.sol";
import {HearthTest} from "./HearthTest.sol";

/// @notice Helpers for the provider registry's unit and fuzz tests, on top of the whole protocol.
abstract contract RegistryTest is HearthTest {
    /// @notice The endpoint `registerProvider` declares.
    string internal constant ENDPOINT = "https://provider.example:8443";
    /// @notice The registry's default stake of one unit.
    uint256 internal constant BASE_STAKE = 200e18;
    /// @dev Storage slot of `ProviderRegistry._providers` (see `forge inspect ProviderRegistry storageLayout`).
    uint256 private constant PROVIDERS_SLOT = 7;

    address internal provider = makeAddr("provider");
    address internal finder = makeAddr("finder");
    address internal stranger = makeAddr("stranger");

    /// @notice A CPU-only box that meets the minimum spec.
    function cpuOnly() internal pure returns (Hardware memory hw) {
        hw = rtx4090(1);
        hw.gpuVendor = GpuVendor.None;
        hw.gpuModel = "";
        hw.gpuCount = 0;
        hw.vramMiB = 0;
    }

    /// @notice A box that meets the minimum spec with `count` `vendor` GPUs of `vramMiB` each.
    function gpuBox(GpuVendor vendor, uint16 count, uint32 vramMiB)
        internal
        pure
        returns (Hardware memory hw)
    {
        hw = rtx4090(count);
        hw.gpuVendor = vendor;
        hw.gpuModel = "test-gpu";
        hw.vramMiB = vramMiB;
    }

    /// @notice Gives `who` `amount` HEAT from the genesis holder and approves the registry for it.
    function fundProvider(address who, uint256 amount) internal {
        vm.prank(owner);
        heat.transfer(who, amount);
        vm.prank(who);
        heat.approve(address(registry), amount);
    }

    /// @notice Funds `who` and registers it with `hw`, staking `stake`.
    function registerWithStake(address who, Hardware memory hw, uint256 stake) internal {
        fundProvider(who, stake);
        vm.prank(who);
        registry.register(hw, ENDPOINT, stake);
    }

    /// @notice Funds `who` and adds `amount` to its stake.
    function addStakeAs(address who, uint256 amount) internal {
        fundProvider(who, amount);
        vm.prank(who);
        registry.addStake(amount);
    }

    /// @notice Sets a registered provider's reputation directly in storage, where reaching it through
    ///         `recordSuccess` would take millions of calls. Checks the write landed on the right field.
    function setReputation(address who, uint32 reputation) internal {
        Provider memory before = registry.getProvider(who);
        bytes32 slot = keccak256(abi.encode(who, PROVIDERS_SLOT));
        uint256 word = uint256(vm.load(address(registry), slot));
        // `reputation` is the uint32 right after the one-byte `status` in the struct's first word.
        word = (word & ~(uint256(type(uint32).max) << 8)) | (uint256(reputation) << 8);
        vm.store(address(registry), slot, bytes32(word));
        Provider memory p = registry.getProvider(who);
        assertEq(p.reputation, reputation, "setReputation: storage layout changed");
        assertEq(p.stake, before.stake, "setReputation: storage layout changed");
        assertEq(uint8(p.status), uint8(before.status), "setReputation: storage layout changed");
    }

    /// @notice A provider's stake plus its unbonding stake: what a slash can take.
    function slashable(address who) internal view returns (uint256) {
        Provider memory p = registry.getProvider(who);
        return uint256(p.stake) + p.unbonding;
    }

    /// @notice Whether `who` may take work now.
    function isEligible(address who) internal view returns (bool eligible) {
        (eligible,) = registry.eligibility(who);
    }
}
