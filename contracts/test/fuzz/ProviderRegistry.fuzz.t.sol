// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry, Provider, StakeClass} from "../../src/interfaces/IProviderRegistry.sol";
import {GpuVendor, Hardware} from "../../src/types/Hardware.sol";
import {RegistryTest} from "../utils/RegistryTest.sol";

contract ProviderRegistryFuzzTest is RegistryTest {
    /// @dev Largest stake the fuzz tests deposit: well within the genesis holder's balance.
    uint256 internal constant MAX_TEST_STAKE = 100_000_000e18;

    // ------------------------------------------------------------------ stake sizing

    function testFuzz_requiredStake_matchesReferenceWithDefaultClasses(
        uint8 vendor,
        uint16 gpuCount,
        uint32 vramMiB,
        uint96 baseStake
    ) public {
        baseStake = uint96(bound(baseStake, 1, type(uint96).max));
        vm.prank(owner);
        registry.setBaseStake(baseStake);
        Hardware memory hw = _hardware(vendor, gpuCount, vramMiB);

        uint256 expected = _referenceStake(_defaultClasses(), hw, baseStake);
        assertEq(registry.requiredStake(hw), expected);
    }

    function testFuzz_requiredStake_matchesReferenceWithAnyClassTable(
        uint32[6] memory gaps,
        uint32[6] memory multipliers,
        uint256 length,
        uint16 gpuCount,
        uint32 vramMiB
    ) public {
        StakeClass[] memory classes = new StakeClass[](bound(length, 1, 6));
        uint256 threshold;
        for (uint256 i; i < classes.length; ++i) {
            // Strictly ascending thresholds from 0 that stay within uint32.
            if (i > 0) threshold += bound(gaps[i], 1, type(uint32).max / 8);
            classes[i] = StakeClass({
                minVramMiB: uint32(threshold),
                multiplierBps: uint32(bound(multipliers[i], 1, type(uint32).max))
            });
        }
        vm.prank(owner);
        registry.setStakeClasses(classes);
        Hardware memory hw = _hardware(1, gpuCount, vramMiB);

        assertEq(registry.requiredStake(hw), _referenceStake(classes, hw, BASE_STAKE));
    }

    function testFuzz_register_requiresReferenceStake(uint8 vendor, uint16 gpuCount, uint32 vramMiB) public {
        gpuCount = uint16(bound(gpuCount, 0, 1024));
        Hardware memory hw = gpuCount == 0
            ? cpuOnly()
            : gpuBox(GpuVendor(bound(vendor, 1, 4)), gpuCount, uint32(bound(vramMiB, 1, type(uint32).max)));
        uint256 required = _referenceStake(_defaultClasses(), hw, BASE_STAKE);
        fundProvider(provider, required);

        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.StakeBelowRequired.selector, required - 1, required)
        );
        vm.prank(provider);
        registry.register(hw, ENDPOINT, required - 1);

        vm.prank(provider);
        registry.register(hw, ENDPOINT, required);
        assertEq(registry.requiredStakeOf(provider), required);
        assertTrue(isEligible(provider));
    }

    function testFuzz_eligibility_followsStakeAgainstRequirement(uint256 stake, uint256 unbond, uint256 topUp)
        public
    {
        Hardware memory hw = rtx4090(2);
        uint256 required = registry.requiredStake(hw);
        stake = bound(stake, required, 10 * required);
        registerWithStake(provider, hw, stake);

        unbond = bound(unbond, 1, stake);
        vm.prank(provider);
        registry.requestUnbond(unbond);
        assertEq(isEligible(provider), stake - unbond >= required);

        topUp = bound(topUp, 1, 2 * required);
        addStakeAs(provider, topUp);
        assertEq(isEligible(provider), stake - unbond + topUp >= required);
    }

    // ------------------------------------------------------------------ unbonding

    function testFuzz_withdrawUnbonded_onlyFromReadyAt(
        uint256 amount,
        uint40 delay,
        uint256 wait,
        bool nearReadyAt
    ) public {
        registerWithStake(provider, cpuOnly(), 10 * BASE_STAKE);
        delay = uint40(bound(delay, 3 days + 1, 365 days));
        vm.prank(owner);
        registry.setUnbondingDelay(delay);

        amount = bound(amount, 1, 10 * BASE_STAKE);
        vm.prank(provider);
        registry.requestUnbond(amount);
        uint40 readyAt = uint40(block.timestamp) + delay;

        // Half the runs land on the last second before `readyAt` or on `readyAt` itself.
        skip(nearReadyAt ? delay - 1 + wait % 2 : bound(wait, 0, 2 * uint256(delay)));
        if (block.timestamp < readyAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IProviderRegistry.UnbondingNotReady.selector, readyAt, uint40(block.timestamp)
                )
            );
            vm.prank(provider);
            registry.withdrawUnbonded();
        } else {
            vm.prank(provider);
            assertEq(registry.withdrawUnbonded(), amount);
            assertEq(heat.balanceOf(provider), amount);
            assertEq(heat.balanceOf(address(registry)), 10 * BASE_STAKE - amount);
        }
    }

    // ------------------------------------------------------------------ slashing

    function testFuzz_slash_takesExactlyAmountAndConservesTokens(
        uint256 deposit,
        uint256 unbond,
        uint256 amount,
        uint16 shareBps,
        bool withFinder,
        uint256 wait
    ) public {
        deposit = bound(deposit, BASE_STAKE, MAX_TEST_STAKE);
        registerWithStake(provider, cpuOnly(), deposit);
        unbond = bound(unbond, 0, deposit);
        if (unbond > 0) {
            vm.prank(provider);
            registry.requestUnbond(unbond);
        }
        shareBps = uint16(bound(shareBps, 0, 10_000));
        vm.prank(owner);
        registry.setFinderShareBps(shareBps);
        // Unbonding stake stays slashable until withdrawn, even past its ready time.
        skip(bound(wait, 0, 30 days));

        amount = bound(amount, 1, deposit);
        address to = withFinder ? finder : address(0);
        Provider memory before = registry.getProvider(provider);
        uint256 registryBefore = heat.balanceOf(address(registry));
        uint256 supplyBefore = heat.totalSupply();

        vm.prank(verifier);
        uint256 reward = registry.slash(provider, amount, to);

        Provider memory afterwards = registry.getProvider(provider);
        uint256 fromStake = amount < before.stake ? amount : before.stake;
        assertEq(slashable(provider), uint256(before.stake) + before.unbonding - amount, "slashable");
        assertEq(afterwards.stake, before.stake - fromStake, "stake first");
        assertEq(afterwards.unbonding, before.unbonding - (amount - fromStake), "then unbonding");

        assertEq(reward, withFinder ? amount * shareBps / 10_000 : 0, "reward");
        assertEq(heat.balanceOf(finder), reward, "finder paid");
        uint256 burned = supplyBefore - heat.totalSupply();
        assertEq(burned, amount - reward, "rest burned");
        assertEq(registryBefore - heat.balanceOf(address(registry)), burned + reward, "conservation");
        // The registry still holds exactly what it owes.
        assertEq(heat.balanceOf(address(registry)), slashable(provider), "backed");
    }

    function testFuzz_slash_revertsAboveSlashable(uint256 deposit, uint256 unbond, uint256 excess) public {
        deposit = bound(deposit, BASE_STAKE, MAX_TEST_STAKE);
        registerWithStake(provider, cpuOnly(), deposit);
        unbond = bound(unbond, 0, deposit);
        if (unbond > 0) {
            vm.prank(provider);
            registry.requestUnbond(unbond);
        }
        uint256 amount = deposit + bound(excess, 1, type(uint256).max - deposit);

        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.SlashExceedsStake.selector, amount, deposit));
        vm.prank(verifier);
        registry.slash(provider, amount, finder);
    }

    function testFuzz_slash_repeatedNeverExceedsDeposit(uint256 deposit, uint256[8] memory amounts) public {
        deposit = bound(deposit, BASE_STAKE, MAX_TEST_STAKE);
        registerWithStake(provider, cpuOnly(), deposit);
        vm.prank(provider);
        registry.requestUnbond(deposit / 2);

        uint256 taken;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 left = deposit - taken;
            if (left == 0) break;
            uint256 amount = bound(amounts[i], 1, left);
            vm.prank(verifier);
            uint256 reward = registry.slash(provider, amount, finder);
            taken += amount;
            assertEq(reward, amount * 2000 / 10_000);
            assertEq(slashable(provider), deposit - taken);
        }
        assertEq(heat.balanceOf(address(registry)), deposit - taken);
    }

    // ------------------------------------------------------------------ reputation

    function testFuzz_reputation_matchesReferenceModel(uint32 start, uint256 ops, uint256 length) public {
        _checkReputationSequence(start, ops, bound(length, 1, 64));
    }

    function testFuzz_reputation_matchesReferenceModelNearMax(uint32 start, uint256 ops, uint256 length)
        public
    {
        start = uint32(bound(start, type(uint32).max - 5000, type(uint32).max));
        _checkReputationSequence(start, ops, bound(length, 1, 16));
    }

    // ------------------------------------------------------------------ reference model

    /// @dev Replays `length` calls (bit i of `ops`: 1 = success, 0 = failure) from reputation `start`,
    ///      checking each event and stored value against the model.
    function _checkReputationSequence(uint32 start, uint256 ops, uint256 length) internal {
        registerWithStake(provider, cpuOnly(), BASE_STAKE);
        setReputation(provider, start);
        uint256 model = start;
        for (uint256 i; i < length; ++i) {
            bool success = (ops >> i) & 1 == 1;
            uint256 next = success ? _min(model + 1000, type(uint32).max) : model * 2 / 3;

            vm.expectEmit(address(registry));
            emit IProviderRegistry.ReputationChanged(provider, uint32(model), uint32(next), success);
            vm.prank(address(marketplace));
            if (success) registry.recordSuccess(provider);
            else registry.recordFailure(provider);

            model = next;
            (, uint32 reputation) = registry.eligibility(provider);
            assertEq(reputation, model);
        }
    }

    /// @dev The stake `hw` requires: the multiplier of the highest class whose threshold the per-GPU
    ///      VRAM reaches, times the GPU count (a CPU-only machine counts as one), capped at 2³² − 1 bps.
    function _referenceStake(StakeClass[] memory classes, Hardware memory hw, uint256 baseStake)
        internal
        pure
        returns (uint256)
    {
        uint256 i = classes.length - 1;
        while (classes[i].minVramMiB > hw.vramMiB) --i; // classes[0] starts at 0: always reached
        uint256 gpus = hw.gpuCount == 0 ? 1 : hw.gpuCount;
        uint256 unitsBps = _min(gpus * classes[i].multiplierBps, type(uint32).max);
        return baseStake * unitsBps / 10_000;
    }

    /// @dev The registry's table at deployment, written out rather than read back from it.
    function _defaultClasses() internal pure returns (StakeClass[] memory classes) {
        classes = new StakeClass[](5);
        classes[0] = StakeClass({minVramMiB: 0, multiplierBps: 10_000});
        classes[1] = StakeClass({minVramMiB: 15_000, multiplierBps: 20_000});
        classes[2] = StakeClass({minVramMiB: 23_000, multiplierBps: 30_000});
        classes[3] = StakeClass({minVramMiB: 46_000, multiplierBps: 50_000});
        classes[4] = StakeClass({minVramMiB: 78_000, multiplierBps: 80_000});
    }

    function _hardware(uint8 vendor, uint16 gpuCount, uint32 vramMiB)
        internal
        pure
        returns (Hardware memory)
    {
        return gpuBox(GpuVendor(bound(vendor, 0, 4)), gpuCount, vramMiB);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
