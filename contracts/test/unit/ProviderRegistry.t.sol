// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {ProviderRegistry} from "../../src/ProviderRegistry.sol";
import {IOwnedParameters} from "../../src/interfaces/IOwnedParameters.sol";
import {
    IProviderRegistry,
    Provider,
    ProviderStatus,
    StakeClass
} from "../../src/interfaces/IProviderRegistry.sol";
import {GpuVendor, Hardware} from "../../src/types/Hardware.sol";
import {RegistryTest} from "../utils/RegistryTest.sol";

contract ProviderRegistryTest is RegistryTest {
    bytes32 internal constant SLASHER = "slasher";
    bytes32 internal constant REPUTATION_WRITER = "reputationWriter";

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsDefaults() public view {
        assertEq(registry.token(), address(heat));
        assertEq(registry.owner(), owner);
        assertEq(registry.pendingOwner(), address(0));
        assertEq(registry.minRamMiB(), 12 * 1024);
        assertEq(registry.minDiskGiB(), 256);
        assertTrue(registry.permissionless());
        assertEq(registry.baseStake(), BASE_STAKE);
        assertEq(registry.unbondingDelay(), 7 days);
        assertEq(registry.disputeWindow(), 3 days);
        assertEq(registry.finderShareBps(), 2000);
        assertEq(registry.REPUTATION_UNIT(), 1000);
        assertEq(registry.MAX_ENDPOINT_LENGTH(), 256);
        assertEq(registry.SLASHER_ROLE(), SLASHER);
        assertEq(registry.REPUTATION_WRITER_ROLE(), REPUTATION_WRITER);
    }

    function test_constructor_setsDefaultStakeClasses() public view {
        StakeClass[] memory classes = registry.stakeClasses();
        assertEq(classes.length, 5);
        uint32[5] memory minVram = [uint32(0), 15_000, 23_000, 46_000, 78_000];
        uint32[5] memory multiplier = [uint32(10_000), 20_000, 30_000, 50_000, 80_000];
        for (uint256 i; i < 5; ++i) {
            assertEq(classes[i].minVramMiB, minVram[i]);
            assertEq(classes[i].multiplierBps, multiplier[i]);
        }
    }

    function test_constructor_revertsWhenTokenZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("token")));
        new ProviderRegistry(address(0), owner);
    }

    function test_constructor_revertsWhenOwnerZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new ProviderRegistry(address(heat), address(0));
    }

    // ------------------------------------------------------------------ register

    function test_register_storesProviderAndPullsStake() public {
        Hardware memory hw = rtx4090(2);
        uint256 stake = registry.requiredStake(hw) + 50e18;
        fundProvider(provider, stake);
        uint256 supply = heat.totalSupply();

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ProviderRegistered(provider, hw, ENDPOINT, stake);
        vm.prank(provider);
        registry.register(hw, ENDPOINT, stake);

        Provider memory p = registry.getProvider(provider);
        assertEq(uint8(p.status), uint8(ProviderStatus.Registered));
        assertEq(p.stake, stake);
        assertEq(p.unbonding, 0);
        assertEq(p.reputation, 0);
        assertEq(p.stakeUnitsBps, 2 * 30_000); // two 24 GB cards: the 24 GB class
        assertEq(p.registeredAt, block.timestamp);
        assertEq(p.endpoint, ENDPOINT);
        assertEq(keccak256(abi.encode(p.hardware)), keccak256(abi.encode(hw)));
        assertEq(heat.balanceOf(provider), 0);
        assertEq(heat.balanceOf(address(registry)), stake);
        assertEq(heat.totalSupply(), supply);
        assertTrue(isEligible(provider));
    }

    function test_register_acceptsExactlyRequiredStake() public {
        uint256 required = registry.requiredStake(rtx4090(1));
        registerWithStake(provider, rtx4090(1), required);
        assertEq(registry.getProvider(provider).stake, required);
        assertTrue(isEligible(provider));
    }

    function test_register_acceptsCpuOnlyMachine() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        assertEq(registry.getProvider(provider).stakeUnitsBps, 10_000);
        assertTrue(isEligible(provider));
    }

    function test_register_acceptsExactMinimumSpec() public {
        Hardware memory hw = cpuOnly();
        hw.ramMiB = registry.minRamMiB();
        hw.diskGiB = registry.minDiskGiB();
        registerWithStake(provider, hw, BASE_STAKE);
        assertTrue(isEligible(provider));
    }

    function test_register_acceptsEndpointOfMaxLength() public {
        string memory endpoint = string(new bytes(256));
        fundProvider(provider, BASE_STAKE);
        vm.prank(provider);
        registry.register(cpuOnly(), endpoint, BASE_STAKE);
        assertEq(bytes(registry.getProvider(provider).endpoint).length, 256);
    }

    function test_register_revertsWhenRamBelowMinimum() public {
        Hardware memory hw = cpuOnly();
        hw.ramMiB = 12 * 1024 - 1;
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.HardwareBelowMinimum.selector, 12 * 1024 - 1, 12 * 1024, hw.diskGiB, 256
            )
        );
        vm.prank(provider);
        registry.register(hw, ENDPOINT, BASE_STAKE);
    }

    function test_register_revertsWhenDiskBelowMinimum() public {
        Hardware memory hw = cpuOnly();
        hw.diskGiB = 255;
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.HardwareBelowMinimum.selector, hw.ramMiB, 12 * 1024, 255, 256
            )
        );
        vm.prank(provider);
        registry.register(hw, ENDPOINT, BASE_STAKE);
    }

    function test_register_revertsWhenVendorHasNoGpus() public {
        Hardware memory hw = gpuBox(GpuVendor.Nvidia, 0, 24 * 1024);
        _expectGpuInconsistent(hw);
    }

    function test_register_revertsWhenVendorHasNoVram() public {
        Hardware memory hw = gpuBox(GpuVendor.Amd, 1, 0);
        _expectGpuInconsistent(hw);
    }

    function test_register_revertsWhenGpusHaveNoVendor() public {
        Hardware memory hw = gpuBox(GpuVendor.None, 2, 24 * 1024);
        _expectGpuInconsistent(hw);
    }

    function test_register_revertsWhenGpusHaveNoVendorNorVram() public {
        Hardware memory hw = gpuBox(GpuVendor.None, 1, 0);
        _expectGpuInconsistent(hw);
    }

    function test_register_revertsWhenVramHasNoVendorNorGpus() public {
        Hardware memory hw = gpuBox(GpuVendor.None, 0, 8 * 1024);
        _expectGpuInconsistent(hw);
    }

    function test_register_revertsWhenVendorHasNoGpusNorVram() public {
        Hardware memory hw = gpuBox(GpuVendor.Intel, 0, 0);
        _expectGpuInconsistent(hw);
    }

    function test_register_revertsWhenEndpointEmpty() public {
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.EndpointInvalid.selector, 0));
        vm.prank(provider);
        registry.register(cpuOnly(), "", BASE_STAKE);
    }

    function test_register_revertsWhenEndpointTooLong() public {
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.EndpointInvalid.selector, 257));
        vm.prank(provider);
        registry.register(cpuOnly(), string(new bytes(257)), BASE_STAKE);
    }

    function test_register_revertsWhenNotAllowListed() public {
        vm.prank(owner);
        registry.setPermissionless(false);
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotAllowed.selector, provider));
        vm.prank(provider);
        registry.register(cpuOnly(), ENDPOINT, BASE_STAKE);
    }

    function test_register_acceptsAllowListedProvider() public {
        vm.startPrank(owner);
        registry.setPermissionless(false);
        registry.setAllowed(provider, true);
        vm.stopPrank();
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        assertTrue(isEligible(provider));
    }

    function test_register_revertsWhenRemovedFromAllowList() public {
        vm.startPrank(owner);
        registry.setPermissionless(false);
        registry.setAllowed(provider, true);
        registry.setAllowed(provider, false);
        vm.stopPrank();
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotAllowed.selector, provider));
        vm.prank(provider);
        registry.register(cpuOnly(), ENDPOINT, BASE_STAKE);
    }

    function test_register_acceptsAnyoneOnceOnboardingReopens() public {
        vm.startPrank(owner);
        registry.setPermissionless(false);
        registry.setPermissionless(true);
        vm.stopPrank();
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        assertTrue(isEligible(provider));
    }

    function test_register_revertsWhenAlreadyRegistered() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.ProviderAlreadyRegistered.selector, provider)
        );
        vm.prank(provider);
        registry.register(cpuOnly(), ENDPOINT, BASE_STAKE);
    }

    function test_register_revertsWhenStakeBelowRequired() public {
        Hardware memory hw = gpuBox(GpuVendor.Nvidia, 4, 80 * 1024);
        uint256 required = 4 * 8 * BASE_STAKE;
        fundProvider(provider, required);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.StakeBelowRequired.selector, required - 1, required)
        );
        vm.prank(provider);
        registry.register(hw, ENDPOINT, required - 1);
    }

    function test_register_revertsWhenStakeExceedsUint96() public {
        uint256 stake = uint256(type(uint96).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("stake"), stake, 0, type(uint96).max
            )
        );
        vm.prank(provider);
        registry.register(cpuOnly(), ENDPOINT, stake);
    }

    function test_register_revertsWhenStakeNotApproved() public {
        vm.prank(owner);
        heat.transfer(provider, BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(registry), 0, BASE_STAKE
            )
        );
        vm.prank(provider);
        registry.register(cpuOnly(), ENDPOINT, BASE_STAKE);
    }

    function test_register_minimumSpecChangeAppliesToNewRegistrations() public {
        Hardware memory hw = cpuOnly(); // 64 GiB RAM, 1000 GiB disk
        registerWithStake(provider, hw, BASE_STAKE);

        vm.prank(owner);
        registry.setMinimumSpec(128 * 1024, 2000);

        address late = makeAddr("late");
        fundProvider(late, BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.HardwareBelowMinimum.selector, 64 * 1024, 128 * 1024, 1000, 2000
            )
        );
        vm.prank(late);
        registry.register(hw, ENDPOINT, BASE_STAKE);

        // Providers already registered keep their place.
        assertTrue(isEligible(provider));
    }

    function test_register_acceptsHardwareOnceMinimumSpecLowered() public {
        vm.prank(owner);
        registry.setMinimumSpec(4 * 1024, 64);
        Hardware memory hw = cpuOnly();
        hw.ramMiB = 4 * 1024;
        hw.diskGiB = 64;
        registerWithStake(provider, hw, BASE_STAKE);
        assertTrue(isEligible(provider));
    }

    // ------------------------------------------------------------------ updateHardware

    function test_updateHardware_replacesHardwareAndClass() public {
        registerWithStake(provider, rtx4090(1), 10 * BASE_STAKE);
        Hardware memory hw = gpuBox(GpuVendor.Nvidia, 2, 48 * 1024);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.HardwareUpdated(provider, hw, 10 * BASE_STAKE);
        vm.prank(provider);
        registry.updateHardware(hw);

        assertEq(keccak256(abi.encode(registry.getHardware(provider))), keccak256(abi.encode(hw)));
        assertEq(registry.getProvider(provider).stakeUnitsBps, 2 * 50_000);
        assertEq(registry.requiredStakeOf(provider), 10 * BASE_STAKE);
        assertTrue(isEligible(provider));
    }

    function test_updateHardware_toSmallerClassKeepsStake() public {
        registerWithStake(provider, gpuBox(GpuVendor.Nvidia, 1, 80 * 1024), 8 * BASE_STAKE);
        vm.prank(provider);
        registry.updateHardware(cpuOnly());
        assertEq(registry.getProvider(provider).stake, 8 * BASE_STAKE);
        assertEq(registry.requiredStakeOf(provider), BASE_STAKE);
    }

    function test_updateHardware_revertsWhenStakeBelowRequired() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.StakeBelowRequired.selector, BASE_STAKE, 8 * BASE_STAKE)
        );
        vm.prank(provider);
        registry.updateHardware(gpuBox(GpuVendor.Nvidia, 1, 80 * 1024));
    }

    function test_updateHardware_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(provider);
        registry.updateHardware(cpuOnly());
    }

    function test_updateHardware_revertsWhenBelowMinimum() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        Hardware memory hw = cpuOnly();
        hw.ramMiB = 1024;
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.HardwareBelowMinimum.selector, 1024, 12 * 1024, 1000, 256
            )
        );
        vm.prank(provider);
        registry.updateHardware(hw);
    }

    function test_updateHardware_revertsWhenGpuInconsistent() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        Hardware memory hw = gpuBox(GpuVendor.Apple, 0, 16 * 1024);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.HardwareGpuInconsistent.selector, uint8(GpuVendor.Apple), 0, 16 * 1024
            )
        );
        vm.prank(provider);
        registry.updateHardware(hw);
    }

    function test_updateHardware_refreshesCachedClass() public {
        registerWithStake(provider, gpuBox(GpuVendor.Nvidia, 1, 80 * 1024), 8 * BASE_STAKE);
        StakeClass[] memory classes = new StakeClass[](1);
        classes[0] = StakeClass({minVramMiB: 0, multiplierBps: 100_000});
        vm.prank(owner);
        registry.setStakeClasses(classes);

        // The cached class still applies: the provider stays eligible until it redeclares.
        assertEq(registry.requiredStakeOf(provider), 8 * BASE_STAKE);
        assertTrue(isEligible(provider));

        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.StakeBelowRequired.selector, 8 * BASE_STAKE, 10 * BASE_STAKE
            )
        );
        vm.prank(provider);
        registry.updateHardware(gpuBox(GpuVendor.Nvidia, 1, 80 * 1024));

        addStakeAs(provider, 2 * BASE_STAKE);
        vm.prank(provider);
        registry.updateHardware(gpuBox(GpuVendor.Nvidia, 1, 80 * 1024));
        assertEq(registry.requiredStakeOf(provider), 10 * BASE_STAKE);
    }

    // ------------------------------------------------------------------ updateEndpoint

    function test_updateEndpoint_replacesEndpoint() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.EndpointUpdated(provider, "https://new.example");
        vm.prank(provider);
        registry.updateEndpoint("https://new.example");
        assertEq(registry.getProvider(provider).endpoint, "https://new.example");
    }

    function test_updateEndpoint_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(provider);
        registry.updateEndpoint("https://new.example");
    }

    function test_updateEndpoint_revertsWhenEmpty() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.EndpointInvalid.selector, 0));
        vm.prank(provider);
        registry.updateEndpoint("");
    }

    function test_updateEndpoint_revertsWhenTooLong() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.EndpointInvalid.selector, 300));
        vm.prank(provider);
        registry.updateEndpoint(string(new bytes(300)));
    }

    // ------------------------------------------------------------------ addStake

    function test_addStake_increasesStakeAndPullsTokens() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        fundProvider(provider, 30e18);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.StakeAdded(provider, 30e18, BASE_STAKE + 30e18);
        vm.prank(provider);
        registry.addStake(30e18);

        assertEq(registry.getProvider(provider).stake, BASE_STAKE + 30e18);
        assertEq(heat.balanceOf(address(registry)), BASE_STAKE + 30e18);
        assertEq(heat.balanceOf(provider), 0);
    }

    function test_addStake_restoresEligibility() public {
        registerWithStake(provider, rtx4090(1), registry.requiredStake(rtx4090(1)));
        vm.prank(provider);
        registry.requestUnbond(1);
        assertFalse(isEligible(provider));

        addStakeAs(provider, 1);
        assertTrue(isEligible(provider));
    }

    function test_addStake_revertsWhenAmountZero() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(IProviderRegistry.AmountZero.selector);
        vm.prank(provider);
        registry.addStake(0);
    }

    function test_addStake_revertsWhenNotRegistered() public {
        fundProvider(provider, BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(provider);
        registry.addStake(BASE_STAKE);
    }

    function test_addStake_revertsWhenStakeExceedsUint96() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        uint256 amount = uint256(type(uint96).max) - BASE_STAKE + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("stake"),
                uint256(type(uint96).max) + 1,
                0,
                type(uint96).max
            )
        );
        vm.prank(provider);
        registry.addStake(amount);
    }

    // ------------------------------------------------------------------ requestUnbond

    function test_requestUnbond_movesStakeToUnbonding() public {
        registerWithStake(provider, cpuOnly(), 3 * BASE_STAKE);
        uint40 readyAt = uint40(block.timestamp + 7 days);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.UnbondRequested(provider, BASE_STAKE, 2 * BASE_STAKE, BASE_STAKE, readyAt);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);

        Provider memory p = registry.getProvider(provider);
        assertEq(p.stake, 2 * BASE_STAKE);
        assertEq(p.unbonding, BASE_STAKE);
        assertEq(p.unbondingReadyAt, readyAt);
        // Nothing leaves the registry until the delay has passed.
        assertEq(heat.balanceOf(address(registry)), 3 * BASE_STAKE);
        assertTrue(isEligible(provider));
    }

    function test_requestUnbond_belowRequiredMakesIneligible() public {
        registerWithStake(provider, cpuOnly(), 2 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        assertTrue(isEligible(provider));

        vm.prank(provider);
        registry.requestUnbond(1);
        assertFalse(isEligible(provider));
    }

    function test_requestUnbond_wholeStake() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        assertEq(registry.getProvider(provider).stake, 0);
        assertFalse(isEligible(provider));
    }

    function test_requestUnbond_newRequestRestartsDelay() public {
        registerWithStake(provider, cpuOnly(), 3 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        skip(6 days);

        uint40 readyAt = uint40(block.timestamp + 7 days);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.UnbondRequested(provider, BASE_STAKE, BASE_STAKE, 2 * BASE_STAKE, readyAt);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        assertEq(registry.getProvider(provider).unbondingReadyAt, readyAt);

        // The first request's delay has passed, but the whole amount now waits for the new one.
        skip(1 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.UnbondingNotReady.selector, readyAt, uint40(block.timestamp)
            )
        );
        vm.prank(provider);
        registry.withdrawUnbonded();

        vm.warp(readyAt);
        vm.prank(provider);
        assertEq(registry.withdrawUnbonded(), 2 * BASE_STAKE);
    }

    function test_requestUnbond_usesDelayInForceAtRequest() public {
        registerWithStake(provider, cpuOnly(), 2 * BASE_STAKE);
        vm.prank(owner);
        registry.setUnbondingDelay(14 days);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        assertEq(registry.getProvider(provider).unbondingReadyAt, block.timestamp + 14 days);
    }

    function test_requestUnbond_revertsWhenAmountZero() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(IProviderRegistry.AmountZero.selector);
        vm.prank(provider);
        registry.requestUnbond(0);
    }

    function test_requestUnbond_revertsWhenExceedsStake() public {
        registerWithStake(provider, cpuOnly(), 2 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        // Unbonding stake does not count: only what is still staked can start unbonding.
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.UnbondExceedsStake.selector, BASE_STAKE + 1, BASE_STAKE)
        );
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE + 1);
    }

    function test_requestUnbond_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(provider);
        registry.requestUnbond(1);
    }

    // ------------------------------------------------------------------ withdrawUnbonded

    function test_withdrawUnbonded_paysAtExactlyReadyAt() public {
        registerWithStake(provider, cpuOnly(), 3 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        vm.warp(registry.getProvider(provider).unbondingReadyAt);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.UnbondWithdrawn(provider, BASE_STAKE);
        vm.prank(provider);
        uint256 amount = registry.withdrawUnbonded();

        assertEq(amount, BASE_STAKE);
        assertEq(heat.balanceOf(provider), BASE_STAKE);
        assertEq(heat.balanceOf(address(registry)), 2 * BASE_STAKE);
        Provider memory p = registry.getProvider(provider);
        assertEq(p.unbonding, 0);
        assertEq(p.stake, 2 * BASE_STAKE);
        assertEq(uint8(p.status), uint8(ProviderStatus.Registered));
    }

    function test_withdrawUnbonded_revertsOneSecondBeforeReadyAt() public {
        registerWithStake(provider, cpuOnly(), 2 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        uint40 readyAt = registry.getProvider(provider).unbondingReadyAt;
        vm.warp(readyAt - 1);

        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.UnbondingNotReady.selector, readyAt, readyAt - 1)
        );
        vm.prank(provider);
        registry.withdrawUnbonded();
    }

    function test_withdrawUnbonded_revertsWhenNothingUnbonding() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.NothingUnbonding.selector, provider));
        vm.prank(provider);
        registry.withdrawUnbonded();
    }

    function test_withdrawUnbonded_revertsWhenAlreadyWithdrawn() public {
        registerWithStake(provider, cpuOnly(), 2 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        skip(7 days);
        vm.prank(provider);
        registry.withdrawUnbonded();

        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.NothingUnbonding.selector, provider));
        vm.prank(provider);
        registry.withdrawUnbonded();
        assertEq(heat.balanceOf(provider), BASE_STAKE);
    }

    function test_withdrawUnbonded_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(provider);
        registry.withdrawUnbonded();
    }

    function test_withdrawUnbonded_paysWhatSurvivedSlash() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        vm.prank(verifier);
        registry.slash(provider, 60e18, address(0));
        skip(7 days);
        vm.prank(provider);
        assertEq(registry.withdrawUnbonded(), BASE_STAKE - 60e18);
        assertEq(heat.balanceOf(provider), BASE_STAKE - 60e18);
        assertEq(heat.balanceOf(address(registry)), 0);
    }

    // ------------------------------------------------------------------ slash

    function test_slash_takesStakeFirst() public {
        registerWithStake(provider, cpuOnly(), 5 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(2 * BASE_STAKE);

        // Either bucket could cover this slash: the stake pays.
        vm.prank(verifier);
        registry.slash(provider, BASE_STAKE, finder);
        Provider memory p = registry.getProvider(provider);
        assertEq(p.stake, 2 * BASE_STAKE);
        assertEq(p.unbonding, 2 * BASE_STAKE);

        vm.prank(verifier);
        registry.slash(provider, 2 * BASE_STAKE, finder);
        p = registry.getProvider(provider);
        assertEq(p.stake, 0);
        assertEq(p.unbonding, 2 * BASE_STAKE);
    }

    function test_slash_takesUnbondingAfterStake() public {
        registerWithStake(provider, cpuOnly(), 5 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(2 * BASE_STAKE);

        vm.prank(verifier);
        registry.slash(provider, 4 * BASE_STAKE, finder);

        Provider memory p = registry.getProvider(provider);
        assertEq(p.stake, 0);
        assertEq(p.unbonding, BASE_STAKE);
    }

    function test_slash_paysFinderShareAndBurnsRest() public {
        registerWithStake(provider, cpuOnly(), 5 * BASE_STAKE);
        uint256 supply = heat.totalSupply();
        uint256 amount = 150e18;
        uint256 reward = 30e18; // 20%

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ProviderSlashed(provider, finder, amount, reward, 5 * BASE_STAKE - amount);
        vm.prank(verifier);
        uint256 paid = registry.slash(provider, amount, finder);

        assertEq(paid, reward);
        assertEq(heat.balanceOf(finder), reward);
        assertEq(heat.totalSupply(), supply - (amount - reward));
        assertEq(heat.balanceOf(address(registry)), 5 * BASE_STAKE - amount);
        assertEq(registry.getProvider(provider).stake, 5 * BASE_STAKE - amount);
    }

    function test_slash_burnsEverythingWithoutFinder() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        uint256 supply = heat.totalSupply();

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ProviderSlashed(provider, address(0), 50e18, 0, BASE_STAKE - 50e18);
        vm.prank(verifier);
        assertEq(registry.slash(provider, 50e18, address(0)), 0);

        assertEq(heat.totalSupply(), supply - 50e18);
        assertEq(heat.balanceOf(address(registry)), BASE_STAKE - 50e18);
    }

    function test_slash_paysFinderShareInForce() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(owner);
        registry.setFinderShareBps(10_000);
        uint256 supply = heat.totalSupply();

        vm.prank(verifier);
        assertEq(registry.slash(provider, BASE_STAKE, finder), BASE_STAKE);
        assertEq(heat.balanceOf(finder), BASE_STAKE);
        assertEq(heat.totalSupply(), supply);
    }

    function test_slash_roundsFinderRewardDown() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        uint256 supply = heat.totalSupply();
        vm.prank(verifier);
        assertEq(registry.slash(provider, 9, finder), 1); // 9 × 20% = 1.8
        assertEq(heat.totalSupply(), supply - 8);
    }

    function test_slash_takesEverythingSlashable() public {
        registerWithStake(provider, cpuOnly(), 3 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        uint256 supply = heat.totalSupply();

        vm.prank(verifier);
        registry.slash(provider, 3 * BASE_STAKE, finder);

        Provider memory p = registry.getProvider(provider);
        assertEq(p.stake, 0);
        assertEq(p.unbonding, 0);
        assertEq(heat.balanceOf(address(registry)), 0);
        assertEq(heat.balanceOf(finder) + (supply - heat.totalSupply()), 3 * BASE_STAKE);
        assertFalse(isEligible(provider));
        // Still registered: it may stake again.
        assertEq(uint8(p.status), uint8(ProviderStatus.Registered));
    }

    function test_slash_makesProviderIneligible() public {
        registerWithStake(provider, rtx4090(1), registry.requiredStake(rtx4090(1)));
        vm.prank(verifier);
        registry.slash(provider, 1, finder);
        assertFalse(isEligible(provider));
    }

    function test_slash_revertsWhenExceedsStake() public {
        registerWithStake(provider, cpuOnly(), 3 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.SlashExceedsStake.selector, 3 * BASE_STAKE + 1, 3 * BASE_STAKE
            )
        );
        vm.prank(verifier);
        registry.slash(provider, 3 * BASE_STAKE + 1, finder);
    }

    function test_slash_revertsWhenExceedsStakeLeftAfterWithdrawal() public {
        registerWithStake(provider, cpuOnly(), 3 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(BASE_STAKE);
        skip(7 days);
        vm.prank(provider);
        registry.withdrawUnbonded();
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.SlashExceedsStake.selector, 3 * BASE_STAKE, 2 * BASE_STAKE
            )
        );
        vm.prank(verifier);
        registry.slash(provider, 3 * BASE_STAKE, finder);
    }

    function test_slash_revertsWhenCallerNotSlasher() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.CallerNotAuthorized.selector, stranger, SLASHER)
        );
        vm.prank(stranger);
        registry.slash(provider, 1, stranger);
    }

    function test_slash_revertsWhenSlasherRevoked() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(owner);
        registry.setSlasher(verifier, false);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.CallerNotAuthorized.selector, verifier, SLASHER)
        );
        vm.prank(verifier);
        registry.slash(provider, 1, finder);
    }

    function test_slash_revertsWhenAmountZero() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(IProviderRegistry.AmountZero.selector);
        vm.prank(verifier);
        registry.slash(provider, 0, finder);
    }

    function test_slash_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(verifier);
        registry.slash(provider, 1, finder);
    }

    // ------------------------------------------------------------------ reputation

    function test_recordSuccess_addsOneUnit() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, 0, 1000, true);
        vm.prank(address(marketplace));
        registry.recordSuccess(provider);

        vm.prank(address(marketplace));
        registry.recordSuccess(provider);
        (, uint32 reputation) = registry.eligibility(provider);
        assertEq(reputation, 2000);
    }

    function test_recordSuccess_reachesExactlyMax() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        setReputation(provider, type(uint32).max - 1000);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, type(uint32).max - 1000, type(uint32).max, true);
        vm.prank(address(marketplace));
        registry.recordSuccess(provider);
    }

    function test_recordSuccess_saturatesNearMax() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        setReputation(provider, type(uint32).max - 999);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, type(uint32).max - 999, type(uint32).max, true);
        vm.prank(address(marketplace));
        registry.recordSuccess(provider);

        vm.prank(address(marketplace));
        registry.recordSuccess(provider);
        assertEq(registry.getProvider(provider).reputation, type(uint32).max);
    }

    function test_recordSuccess_revertsWhenCallerNotWriter() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.CallerNotAuthorized.selector, verifier, REPUTATION_WRITER
            )
        );
        vm.prank(verifier);
        registry.recordSuccess(provider);
    }

    function test_recordSuccess_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(address(marketplace));
        registry.recordSuccess(provider);
    }

    function test_recordFailure_takesAThirdOff() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        setReputation(provider, 3000);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, 3000, 2000, false);
        vm.prank(address(marketplace));
        registry.recordFailure(provider);
    }

    function test_recordFailure_roundsDown() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(address(marketplace));
        registry.recordSuccess(provider);
        vm.prank(address(marketplace));
        registry.recordFailure(provider);
        assertEq(registry.getProvider(provider).reputation, 666);
        vm.prank(address(marketplace));
        registry.recordFailure(provider);
        assertEq(registry.getProvider(provider).reputation, 444);
    }

    function test_recordFailure_fromMax() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        setReputation(provider, type(uint32).max);
        vm.prank(address(marketplace));
        registry.recordFailure(provider);
        assertEq(registry.getProvider(provider).reputation, 2_863_311_530); // ⌊(2³² − 1) × 2/3⌋
    }

    function test_recordFailure_keepsZeroAtZero() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, 0, 0, false);
        vm.prank(address(marketplace));
        registry.recordFailure(provider);
    }

    function test_recordFailure_revertsWhenCallerNotWriter() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.CallerNotAuthorized.selector, provider, REPUTATION_WRITER
            )
        );
        vm.prank(provider);
        registry.recordFailure(provider);
    }

    function test_recordFailure_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, provider));
        vm.prank(address(marketplace));
        registry.recordFailure(provider);
    }

    // ------------------------------------------------------------------ views

    function test_getProvider_isEmptyForUnknownAddress() public view {
        Provider memory p = registry.getProvider(stranger);
        assertEq(uint8(p.status), uint8(ProviderStatus.None));
        assertEq(p.stake, 0);
        assertEq(p.registeredAt, 0);
        assertEq(bytes(p.endpoint).length, 0);
    }

    function test_getHardware_returnsDeclaredHardware() public {
        Hardware memory hw = gpuBox(GpuVendor.Amd, 8, 192 * 1024);
        hw.region = "us-east";
        hw.benchmarkGflops = 1_300_000;
        registerWithStake(provider, hw, registry.requiredStake(hw));
        Hardware memory stored = registry.getHardware(provider);
        assertEq(keccak256(abi.encode(stored)), keccak256(abi.encode(hw)));
        assertEq(stored.region, bytes32("us-east"));
        assertEq(stored.gpuCount, 8);
    }

    function test_eligibility_isFalseForUnknownAddress() public view {
        (bool eligible, uint32 reputation) = registry.eligibility(stranger);
        assertFalse(eligible);
        assertEq(reputation, 0);
    }

    function test_eligibility_reportsReputation() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(address(marketplace));
        registry.recordSuccess(provider);
        (bool eligible, uint32 reputation) = registry.eligibility(provider);
        assertTrue(eligible);
        assertEq(reputation, 1000);
    }

    function test_eligibility_followsBaseStake() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.prank(owner);
        registry.setBaseStake(uint96(BASE_STAKE + 1));
        assertFalse(isEligible(provider));

        addStakeAs(provider, 1);
        assertTrue(isEligible(provider));
    }

    function test_requiredStake_cpuOnlyIsOneUnit() public view {
        assertEq(registry.requiredStake(cpuOnly()), BASE_STAKE);
    }

    function test_requiredStake_eachClass() public view {
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 8 * 1024)), BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 15_000 - 1)), BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 15_000)), 2 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 23_000 - 1)), 2 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 23_000)), 3 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 46_000 - 1)), 3 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 46_000)), 5 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 78_000 - 1)), 5 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 78_000)), 8 * BASE_STAKE);
        // Real cards, as they report themselves: RTX 4090, A6000, H100 80GB.
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 24_564)), 3 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 49_140)), 5 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 81_559)), 8 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, type(uint32).max)), 8 * BASE_STAKE);
    }

    function test_requiredStake_scalesWithGpuCount() public view {
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 8, 80 * 1024)), 64 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Amd, 4, 24 * 1024)), 12 * BASE_STAKE);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Intel, 3, 8 * 1024)), 3 * BASE_STAKE);
    }

    function test_requiredStake_capsStakeUnits() public view {
        // 65 535 × 8× would overflow the uint32 unit count: it is capped at 2³² − 1 bps.
        uint256 capped = BASE_STAKE * type(uint32).max / 10_000;
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, type(uint16).max, 80 * 1024)), capped);
    }

    function test_requiredStake_followsBaseStake() public {
        vm.prank(owner);
        registry.setBaseStake(1e18);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 2, 48 * 1024)), 10e18);
    }

    function test_requiredStake_ignoresVendor() public view {
        uint256 nvidia = registry.requiredStake(gpuBox(GpuVendor.Nvidia, 2, 24 * 1024));
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Apple, 2, 24 * 1024)), nvidia);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Amd, 2, 24 * 1024)), nvidia);
    }

    function test_requiredStakeOf_returnsCachedClassRequirement() public {
        registerWithStake(provider, gpuBox(GpuVendor.Nvidia, 2, 24 * 1024), 6 * BASE_STAKE);
        assertEq(registry.requiredStakeOf(provider), 6 * BASE_STAKE);
        vm.prank(owner);
        registry.setBaseStake(100e18);
        assertEq(registry.requiredStakeOf(provider), 600e18);
    }

    function test_requiredStakeOf_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderNotRegistered.selector, stranger));
        registry.requiredStakeOf(stranger);
    }

    function test_stakeClasses_returnsTableInForce() public {
        StakeClass[] memory classes = _twoClasses();
        vm.prank(owner);
        registry.setStakeClasses(classes);
        assertEq(keccak256(abi.encode(registry.stakeClasses())), keccak256(abi.encode(classes)));
    }

    function test_token_returnsHeat() public view {
        assertEq(registry.token(), address(heat));
    }

    // ------------------------------------------------------------------ setMinimumSpec

    function test_setMinimumSpec_setsBothMinimums() public {
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("minRamMiB", 12 * 1024, 32 * 1024);
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("minDiskGiB", 256, 512);
        vm.prank(owner);
        registry.setMinimumSpec(32 * 1024, 512);
        assertEq(registry.minRamMiB(), 32 * 1024);
        assertEq(registry.minDiskGiB(), 512);
    }

    function test_setMinimumSpec_revertsWhenZero() public {
        vm.startPrank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("minRamMiB"), 0, 1, type(uint32).max
            )
        );
        registry.setMinimumSpec(0, 256);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("minDiskGiB"), 0, 1, type(uint32).max
            )
        );
        registry.setMinimumSpec(12 * 1024, 0);
        vm.stopPrank();
    }

    function test_setMinimumSpec_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setMinimumSpec(0, 0);
    }

    // ------------------------------------------------------------------ setPermissionless

    function test_setPermissionless_closesAndOpensOnboarding() public {
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("permissionless", 1, 0);
        vm.prank(owner);
        registry.setPermissionless(false);
        assertFalse(registry.permissionless());

        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("permissionless", 0, 1);
        vm.prank(owner);
        registry.setPermissionless(true);
        assertTrue(registry.permissionless());
    }

    function test_setPermissionless_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setPermissionless(false);
    }

    // ------------------------------------------------------------------ setAllowed

    function test_setAllowed_addsAndRemoves() public {
        vm.expectEmit(address(registry));
        emit IProviderRegistry.AllowListChanged(provider, true);
        vm.prank(owner);
        registry.setAllowed(provider, true);
        assertTrue(registry.isAllowed(provider));

        vm.expectEmit(address(registry));
        emit IProviderRegistry.AllowListChanged(provider, false);
        vm.prank(owner);
        registry.setAllowed(provider, false);
        assertFalse(registry.isAllowed(provider));
    }

    function test_setAllowed_revertsWhenAccountZero() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("account")));
        registry.setAllowed(address(0), true);
    }

    function test_setAllowed_revertsWhenCallerNotOwner() public {
        _expectNotOwner(provider);
        registry.setAllowed(provider, true);
    }

    // ------------------------------------------------------------------ setBaseStake

    function test_setBaseStake_setsValue() public {
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("baseStake", BASE_STAKE, 500e18);
        vm.prank(owner);
        registry.setBaseStake(500e18);
        assertEq(registry.baseStake(), 500e18);
    }

    function test_setBaseStake_acceptsBounds() public {
        vm.startPrank(owner);
        registry.setBaseStake(1);
        assertEq(registry.baseStake(), 1);
        registry.setBaseStake(type(uint96).max);
        assertEq(registry.baseStake(), type(uint96).max);
        vm.stopPrank();
    }

    function test_setBaseStake_revertsWhenZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("baseStake"), 0, 1, type(uint96).max
            )
        );
        vm.prank(owner);
        registry.setBaseStake(0);
    }

    function test_setBaseStake_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setBaseStake(1e18);
    }

    // ------------------------------------------------------------------ setStakeClasses

    function test_setStakeClasses_replacesTable() public {
        StakeClass[] memory classes = _twoClasses();
        vm.expectEmit(address(registry));
        emit IProviderRegistry.StakeClassesChanged(classes);
        vm.prank(owner);
        registry.setStakeClasses(classes);

        StakeClass[] memory stored = registry.stakeClasses();
        assertEq(stored.length, 2);
        assertEq(stored[1].minVramMiB, 40_000);
        assertEq(stored[1].multiplierBps, 25_000);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 39_999)), BASE_STAKE / 2);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 2, 40_000)), 5 * BASE_STAKE);
        assertEq(registry.requiredStake(cpuOnly()), BASE_STAKE / 2);
    }

    function test_setStakeClasses_acceptsSingleClass() public {
        StakeClass[] memory classes = new StakeClass[](1);
        classes[0] = StakeClass({minVramMiB: 0, multiplierBps: 1});
        vm.prank(owner);
        registry.setStakeClasses(classes);
        assertEq(registry.stakeClasses().length, 1);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 80 * 1024)), BASE_STAKE / 10_000);
    }

    function test_setStakeClasses_revertsWhenEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.StakeClassesInvalid.selector, 0));
        vm.prank(owner);
        registry.setStakeClasses(new StakeClass[](0));
    }

    function test_setStakeClasses_revertsWhenFirstClassNotAtZero() public {
        StakeClass[] memory classes = _twoClasses();
        classes[0].minVramMiB = 1;
        _expectStakeClassesInvalid(classes, 0);
    }

    function test_setStakeClasses_revertsWhenUnsorted() public {
        StakeClass[] memory classes = new StakeClass[](3);
        classes[0] = StakeClass({minVramMiB: 0, multiplierBps: 10_000});
        classes[1] = StakeClass({minVramMiB: 48 * 1024, multiplierBps: 50_000});
        classes[2] = StakeClass({minVramMiB: 24 * 1024, multiplierBps: 30_000});
        _expectStakeClassesInvalid(classes, 2);
    }

    function test_setStakeClasses_revertsWhenThresholdRepeated() public {
        StakeClass[] memory classes = new StakeClass[](3);
        classes[0] = StakeClass({minVramMiB: 0, multiplierBps: 10_000});
        classes[1] = StakeClass({minVramMiB: 24 * 1024, multiplierBps: 20_000});
        classes[2] = StakeClass({minVramMiB: 24 * 1024, multiplierBps: 30_000});
        _expectStakeClassesInvalid(classes, 2);
    }

    function test_setStakeClasses_revertsWhenSecondClassAtZero() public {
        StakeClass[] memory classes = _twoClasses();
        classes[1].minVramMiB = 0;
        _expectStakeClassesInvalid(classes, 1);
    }

    function test_setStakeClasses_revertsWhenFirstMultiplierZero() public {
        StakeClass[] memory classes = _twoClasses();
        classes[0].multiplierBps = 0;
        _expectStakeClassesInvalid(classes, 0);
    }

    function test_setStakeClasses_revertsWhenLaterMultiplierZero() public {
        StakeClass[] memory classes = _twoClasses();
        classes[1].multiplierBps = 0;
        _expectStakeClassesInvalid(classes, 1);
    }

    function test_setStakeClasses_revertKeepsTable() public {
        StakeClass[] memory classes = _twoClasses();
        classes[1].multiplierBps = 0;
        _expectStakeClassesInvalid(classes, 1);
        assertEq(registry.stakeClasses().length, 5);
        assertEq(registry.requiredStake(gpuBox(GpuVendor.Nvidia, 1, 80 * 1024)), 8 * BASE_STAKE);
    }

    function test_setStakeClasses_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setStakeClasses(_twoClasses());
    }

    // ------------------------------------------------------------------ setUnbondingDelay

    function test_setUnbondingDelay_setsValue() public {
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("unbondingDelay", 7 days, 10 days);
        vm.prank(owner);
        registry.setUnbondingDelay(10 days);
        assertEq(registry.unbondingDelay(), 10 days);
    }

    function test_setUnbondingDelay_acceptsBounds() public {
        vm.startPrank(owner);
        registry.setUnbondingDelay(3 days + 1);
        assertEq(registry.unbondingDelay(), 3 days + 1);
        registry.setUnbondingDelay(365 days);
        assertEq(registry.unbondingDelay(), 365 days);
        vm.stopPrank();
    }

    function test_setUnbondingDelay_revertsWhenNotAboveDisputeWindow() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("unbondingDelay"),
                3 days,
                3 days + 1,
                365 days
            )
        );
        vm.prank(owner);
        registry.setUnbondingDelay(3 days);
    }

    function test_setUnbondingDelay_revertsWhenAboveOneYear() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("unbondingDelay"),
                365 days + 1,
                3 days + 1,
                365 days
            )
        );
        vm.prank(owner);
        registry.setUnbondingDelay(365 days + 1);
    }

    function test_setUnbondingDelay_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setUnbondingDelay(10 days);
    }

    // ------------------------------------------------------------------ setDisputeWindow

    function test_setDisputeWindow_setsValue() public {
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("disputeWindow", 3 days, 1 days);
        vm.prank(owner);
        registry.setDisputeWindow(1 days);
        assertEq(registry.disputeWindow(), 1 days);
    }

    function test_setDisputeWindow_acceptsBounds() public {
        vm.startPrank(owner);
        registry.setDisputeWindow(1);
        assertEq(registry.disputeWindow(), 1);
        registry.setDisputeWindow(7 days - 1);
        assertEq(registry.disputeWindow(), 7 days - 1);
        vm.stopPrank();
    }

    function test_setDisputeWindow_revertsWhenZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("disputeWindow"), 0, 1, 7 days - 1
            )
        );
        vm.prank(owner);
        registry.setDisputeWindow(0);
    }

    function test_setDisputeWindow_revertsWhenNotBelowUnbondingDelay() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("disputeWindow"), 7 days, 1, 7 days - 1
            )
        );
        vm.prank(owner);
        registry.setDisputeWindow(7 days);
    }

    function test_setDisputeWindow_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setDisputeWindow(1 days);
    }

    // ------------------------------------------------------------------ setFinderShareBps

    function test_setFinderShareBps_setsValue() public {
        vm.expectEmit(address(registry));
        emit IOwnedParameters.ParameterChanged("finderShareBps", 2000, 5000);
        vm.prank(owner);
        registry.setFinderShareBps(5000);
        assertEq(registry.finderShareBps(), 5000);
    }

    function test_setFinderShareBps_acceptsBounds() public {
        vm.startPrank(owner);
        registry.setFinderShareBps(0);
        assertEq(registry.finderShareBps(), 0);
        registry.setFinderShareBps(10_000);
        assertEq(registry.finderShareBps(), 10_000);
        vm.stopPrank();
    }

    function test_setFinderShareBps_revertsWhenAboveOne() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("finderShareBps"), 10_001, 0, 10_000
            )
        );
        vm.prank(owner);
        registry.setFinderShareBps(10_001);
    }

    function test_setFinderShareBps_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setFinderShareBps(5000);
    }

    // ------------------------------------------------------------------ roles

    function test_setSlasher_grantsAndRevokes() public {
        vm.expectEmit(address(registry));
        emit IProviderRegistry.RoleChanged(SLASHER, stranger, true);
        vm.prank(owner);
        registry.setSlasher(stranger, true);
        assertTrue(registry.isSlasher(stranger));

        vm.expectEmit(address(registry));
        emit IProviderRegistry.RoleChanged(SLASHER, stranger, false);
        vm.prank(owner);
        registry.setSlasher(stranger, false);
        assertFalse(registry.isSlasher(stranger));
    }

    function test_setSlasher_revertsWhenAccountZero() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("account")));
        registry.setSlasher(address(0), true);
    }

    function test_setSlasher_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setSlasher(stranger, true);
    }

    function test_setReputationWriter_grantsAndRevokes() public {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.RoleChanged(REPUTATION_WRITER, verifier, true);
        vm.prank(owner);
        registry.setReputationWriter(verifier, true);
        assertTrue(registry.isReputationWriter(verifier));
        vm.prank(verifier);
        registry.recordSuccess(provider);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.RoleChanged(REPUTATION_WRITER, verifier, false);
        vm.prank(owner);
        registry.setReputationWriter(verifier, false);
        assertFalse(registry.isReputationWriter(verifier));
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.CallerNotAuthorized.selector, verifier, REPUTATION_WRITER
            )
        );
        vm.prank(verifier);
        registry.recordSuccess(provider);
    }

    function test_setReputationWriter_revertsWhenAccountZero() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("account")));
        registry.setReputationWriter(address(0), true);
    }

    function test_setReputationWriter_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.setReputationWriter(stranger, true);
    }

    // ------------------------------------------------------------------ ownership (Ownable2Step)

    function test_transferOwnership_takesEffectOnAccept() public {
        address timelock = makeAddr("timelock");
        vm.prank(owner);
        registry.transferOwnership(timelock);
        assertEq(registry.pendingOwner(), timelock);
        assertEq(registry.owner(), owner);

        vm.prank(timelock);
        registry.acceptOwnership();
        assertEq(registry.owner(), timelock);
        assertEq(registry.pendingOwner(), address(0));

        _expectNotOwner(owner);
        registry.setBaseStake(1e18);
        vm.prank(timelock);
        registry.setBaseStake(1e18);
        assertEq(registry.baseStake(), 1e18);
    }

    function test_transferOwnership_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.transferOwnership(stranger);
    }

    function test_acceptOwnership_revertsWhenCallerNotPending() public {
        vm.prank(owner);
        registry.transferOwnership(makeAddr("timelock"));
        _expectNotOwner(stranger);
        registry.acceptOwnership();
    }

    function test_renounceOwnership_freezesParameters() public {
        vm.prank(owner);
        registry.renounceOwnership();
        assertEq(registry.owner(), address(0));
        _expectNotOwner(owner);
        registry.setFinderShareBps(0);
    }

    function test_renounceOwnership_revertsWhenCallerNotOwner() public {
        _expectNotOwner(stranger);
        registry.renounceOwnership();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Expects the next call, made as `caller`, to revert as not from the owner.
    function _expectNotOwner(address caller) internal {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
    }

    function _expectGpuInconsistent(Hardware memory hw) internal {
        fundProvider(provider, 100 * BASE_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProviderRegistry.HardwareGpuInconsistent.selector,
                uint8(hw.gpuVendor),
                hw.gpuCount,
                hw.vramMiB
            )
        );
        vm.prank(provider);
        registry.register(hw, ENDPOINT, 100 * BASE_STAKE);
    }

    function _expectStakeClassesInvalid(StakeClass[] memory classes, uint256 index) internal {
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.StakeClassesInvalid.selector, index));
        vm.prank(owner);
        registry.setStakeClasses(classes);
    }

    /// @dev Half a unit below 40 000 MiB, 2.5 units per GPU from there.
    function _twoClasses() internal pure returns (StakeClass[] memory classes) {
        classes = new StakeClass[](2);
        classes[0] = StakeClass({minVramMiB: 0, multiplierBps: 5000});
        classes[1] = StakeClass({minVramMiB: 40_000, multiplierBps: 25_000});
    }
}
