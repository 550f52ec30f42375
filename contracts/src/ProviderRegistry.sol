// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IHearthToken} from "./interfaces/IHearthToken.sol";
import {IProviderRegistry, Provider, ProviderStatus, StakeClass} from "./interfaces/IProviderRegistry.sol";
import {Bps} from "./libraries/Bps.sol";
import {GpuVendor, Hardware} from "./types/Hardware.sol";

/// @title ProviderRegistry
/// @notice See {IProviderRegistry}.
contract ProviderRegistry is IProviderRegistry, Ownable2Step, ReentrancyGuard {
    using SafeERC20 for IHearthToken;

    /// @notice One success, in reputation units.
    uint32 public constant REPUTATION_UNIT = 1000;
    /// @notice Longest accepted endpoint URI, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    /// @notice Role name of verifiers that may slash.
    bytes32 public constant SLASHER_ROLE = "slasher";
    /// @notice Role name of contracts that write reputation (marketplace, verifier).
    bytes32 public constant REPUTATION_WRITER_ROLE = "reputationWriter";

    IHearthToken internal immutable _token;

    /// @notice Minimum RAM a provider must declare.
    uint32 public minRamMiB = 12 * 1024;
    /// @notice Minimum disk a provider must declare.
    uint32 public minDiskGiB = 256;
    /// @notice Whether anyone may register (true) or only allow-listed addresses (false).
    bool public permissionless = true;
    /// @notice Stake per stake unit (one GPU of the lowest class), in HEAT base units.
    uint96 public baseStake = 200e18;
    /// @notice How long unbonding stake stays slashable. Always longer than `disputeWindow`.
    uint40 public unbondingDelay = 7 days;
    /// @notice How long after a job a fault can still be disputed.
    uint40 public disputeWindow = 3 days;
    /// @notice Share of a slash paid to whoever proved the fault.
    uint16 public finderShareBps = 2000;

    /// @notice Addresses allowed to register while onboarding is allow-listed.
    mapping(address account => bool) public isAllowed;
    /// @notice Verifiers allowed to slash.
    mapping(address account => bool) public isSlasher;
    /// @notice Contracts allowed to write reputation.
    mapping(address account => bool) public isReputationWriter;

    StakeClass[] internal _stakeClasses;
    mapping(address provider => Provider) internal _providers;

    /// @param token_ HEAT, the staking token.
    /// @param owner_ Owner of every parameter (the governance timelock once handed over).
    constructor(address token_, address owner_) Ownable(owner_) {
        if (token_ == address(0)) revert ZeroAddress("token");
        _token = IHearthToken(token_);
        // Thresholds sit a little below the nominal 16/24/48/80 GB, because cards report less than
        // their label (an RTX 4090 reports 24 564 MiB, an H100 80GB 81 559 MiB, an A6000 49 140 MiB).
        _stakeClasses.push(StakeClass({minVramMiB: 0, multiplierBps: 10_000}));
        _stakeClasses.push(StakeClass({minVramMiB: 15_000, multiplierBps: 20_000}));
        _stakeClasses.push(StakeClass({minVramMiB: 23_000, multiplierBps: 30_000}));
        _stakeClasses.push(StakeClass({minVramMiB: 46_000, multiplierBps: 50_000}));
        _stakeClasses.push(StakeClass({minVramMiB: 78_000, multiplierBps: 80_000}));
    }

    // ------------------------------------------------------------------ providers

    /// @inheritdoc IProviderRegistry
    function register(Hardware calldata hardware, string calldata endpoint, uint256 stake)
        external
        nonReentrant
    {
        if (!permissionless && !isAllowed[msg.sender]) revert ProviderNotAllowed(msg.sender);
        Provider storage p = _providers[msg.sender];
        if (p.status != ProviderStatus.None) revert ProviderAlreadyRegistered(msg.sender);
        _checkHardware(hardware);
        _checkEndpoint(endpoint);
        uint32 units = _stakeUnitsBps(hardware);
        uint256 required = Bps.mul(baseStake, units);
        if (stake < required) revert StakeBelowRequired(stake, required);
        _checkAmount(stake);

        p.status = ProviderStatus.Registered;
        p.stake = uint96(stake);
        p.stakeUnitsBps = units;
        p.registeredAt = uint40(block.timestamp);
        p.hardware = hardware;
        p.endpoint = endpoint;
        emit ProviderRegistered(msg.sender, hardware, endpoint, stake);

        _token.safeTransferFrom(msg.sender, address(this), stake);
    }

    /// @inheritdoc IProviderRegistry
    function updateHardware(Hardware calldata hardware) external {
        Provider storage p = _registered(msg.sender);
        _checkHardware(hardware);
        uint32 units = _stakeUnitsBps(hardware);
        uint256 required = Bps.mul(baseStake, units);
        if (p.stake < required) revert StakeBelowRequired(p.stake, required);
        p.stakeUnitsBps = units;
        p.hardware = hardware;
        emit HardwareUpdated(msg.sender, hardware, required);
    }

    /// @inheritdoc IProviderRegistry
    function updateEndpoint(string calldata endpoint) external {
        Provider storage p = _registered(msg.sender);
        _checkEndpoint(endpoint);
        p.endpoint = endpoint;
        emit EndpointUpdated(msg.sender, endpoint);
    }

    /// @inheritdoc IProviderRegistry
    function addStake(uint256 amount) external nonReentrant {
        Provider storage p = _registered(msg.sender);
        if (amount == 0) revert AmountZero();
        uint256 stake = p.stake + amount;
        _checkAmount(stake);
        p.stake = uint96(stake);
        emit StakeAdded(msg.sender, amount, stake);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IProviderRegistry
    function requestUnbond(uint256 amount) external {
        Provider storage p = _registered(msg.sender);
        if (amount == 0) revert AmountZero();
        if (amount > p.stake) revert UnbondExceedsStake(amount, p.stake);
        // Both fit: amount ≤ stake < 2^96, and stake + unbonding never exceeds what was deposited.
        p.stake -= uint96(amount);
        p.unbonding += uint96(amount);
        uint40 readyAt = uint40(block.timestamp) + unbondingDelay;
        p.unbondingReadyAt = readyAt;
        emit UnbondRequested(msg.sender, amount, p.stake, p.unbonding, readyAt);
    }

    /// @inheritdoc IProviderRegistry
    function withdrawUnbonded() external nonReentrant returns (uint256 amount) {
        Provider storage p = _registered(msg.sender);
        amount = p.unbonding;
        if (amount == 0) revert NothingUnbonding(msg.sender);
        if (block.timestamp < p.unbondingReadyAt) {
            revert UnbondingNotReady(p.unbondingReadyAt, uint40(block.timestamp));
        }
        p.unbonding = 0;
        emit UnbondWithdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IProviderRegistry
    function slash(address provider, uint256 amount, address finder)
        external
        nonReentrant
        returns (uint256 finderReward)
    {
        if (!isSlasher[msg.sender]) revert CallerNotAuthorized(msg.sender, SLASHER_ROLE);
        Provider storage p = _registered(provider);
        if (amount == 0) revert AmountZero();
        uint256 slashable = uint256(p.stake) + p.unbonding;
        if (amount > slashable) revert SlashExceedsStake(amount, slashable);

        // Stake first, then unbonding stake: both casts are safe since amount ≤ stake + unbonding.
        uint256 fromStake = amount <= p.stake ? amount : p.stake;
        p.stake -= uint96(fromStake);
        p.unbonding -= uint96(amount - fromStake);

        finderReward = finder == address(0) ? 0 : Bps.mul(amount, finderShareBps);
        emit ProviderSlashed(provider, finder, amount, finderReward, p.stake);

        if (finderReward > 0) _token.safeTransfer(finder, finderReward);
        _token.burn(amount - finderReward);
    }

    /// @inheritdoc IProviderRegistry
    function recordSuccess(address provider) external {
        if (!isReputationWriter[msg.sender]) revert CallerNotAuthorized(msg.sender, REPUTATION_WRITER_ROLE);
        Provider storage p = _registered(provider);
        uint32 old = p.reputation;
        // Saturates instead of overflowing: four million successes is enough.
        uint32 next = old > type(uint32).max - REPUTATION_UNIT ? type(uint32).max : old + REPUTATION_UNIT;
        p.reputation = next;
        emit ReputationChanged(provider, old, next, true);
    }

    /// @inheritdoc IProviderRegistry
    function recordFailure(address provider) external {
        if (!isReputationWriter[msg.sender]) revert CallerNotAuthorized(msg.sender, REPUTATION_WRITER_ROLE);
        Provider storage p = _registered(provider);
        uint32 old = p.reputation;
        uint32 next = uint32(uint256(old) * 2 / 3);
        p.reputation = next;
        emit ReputationChanged(provider, old, next, false);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProviderRegistry
    function getProvider(address provider) external view returns (Provider memory) {
        return _providers[provider];
    }

    /// @inheritdoc IProviderRegistry
    function getHardware(address provider) external view returns (Hardware memory) {
        return _providers[provider].hardware;
    }

    /// @inheritdoc IProviderRegistry
    function eligibility(address provider) external view returns (bool eligible, uint32 reputation) {
        Provider storage p = _providers[provider];
        eligible = p.status == ProviderStatus.Registered && p.stake >= Bps.mul(baseStake, p.stakeUnitsBps);
        reputation = p.reputation;
    }

    /// @inheritdoc IProviderRegistry
    function requiredStake(Hardware calldata hardware) external view returns (uint256) {
        return Bps.mul(baseStake, _stakeUnitsBps(hardware));
    }

    /// @inheritdoc IProviderRegistry
    function requiredStakeOf(address provider) external view returns (uint256) {
        return Bps.mul(baseStake, _registered(provider).stakeUnitsBps);
    }

    /// @inheritdoc IProviderRegistry
    function stakeClasses() external view returns (StakeClass[] memory) {
        return _stakeClasses;
    }

    /// @inheritdoc IProviderRegistry
    function token() external view returns (address) {
        return address(_token);
    }

    // ------------------------------------------------------------------ parameters (owner)

    /// @notice Sets the minimum spec every provider must declare.
    function setMinimumSpec(uint32 ramMiB, uint32 diskGiB) external onlyOwner {
        if (ramMiB == 0) revert ParameterOutOfRange("minRamMiB", ramMiB, 1, type(uint32).max);
        if (diskGiB == 0) revert ParameterOutOfRange("minDiskGiB", diskGiB, 1, type(uint32).max);
        (uint32 oldRam, uint32 oldDisk) = (minRamMiB, minDiskGiB);
        minRamMiB = ramMiB;
        minDiskGiB = diskGiB;
        emit ParameterChanged("minRamMiB", oldRam, ramMiB);
        emit ParameterChanged("minDiskGiB", oldDisk, diskGiB);
    }

    /// @notice Opens onboarding to anyone (true) or to the allow-list only (false).
    function setPermissionless(bool value) external onlyOwner {
        emit ParameterChanged("permissionless", permissionless ? 1 : 0, value ? 1 : 0);
        permissionless = value;
    }

    /// @notice Adds `account` to or removes it from the onboarding allow-list.
    function setAllowed(address account, bool allowed) external onlyOwner {
        if (account == address(0)) revert ZeroAddress("account");
        isAllowed[account] = allowed;
        emit AllowListChanged(account, allowed);
    }

    /// @notice Sets the stake of one unit. Applies at once to every provider's eligibility.
    function setBaseStake(uint96 value) external onlyOwner {
        if (value == 0) revert ParameterOutOfRange("baseStake", value, 1, type(uint96).max);
        emit ParameterChanged("baseStake", baseStake, value);
        baseStake = value;
    }

    /// @notice Replaces the stake class table (ascending `minVramMiB`, first class at 0 VRAM).
    /// @dev Providers keep their cached class until they next update their hardware.
    function setStakeClasses(StakeClass[] calldata classes) external onlyOwner {
        if (classes.length == 0) revert StakeClassesInvalid(0);
        delete _stakeClasses;
        for (uint256 i; i < classes.length; ++i) {
            StakeClass calldata c = classes[i];
            bool unsorted = i == 0 ? c.minVramMiB != 0 : c.minVramMiB <= classes[i - 1].minVramMiB;
            if (unsorted || c.multiplierBps == 0) revert StakeClassesInvalid(i);
            _stakeClasses.push(c);
        }
        emit StakeClassesChanged(classes);
    }

    /// @notice Sets how long unbonding stake stays slashable (must exceed the dispute window).
    function setUnbondingDelay(uint40 value) external onlyOwner {
        if (value <= disputeWindow || value > 365 days) {
            revert ParameterOutOfRange("unbondingDelay", value, uint256(disputeWindow) + 1, 365 days);
        }
        emit ParameterChanged("unbondingDelay", unbondingDelay, value);
        unbondingDelay = value;
    }

    /// @notice Sets the dispute window (must stay shorter than the unbonding delay).
    function setDisputeWindow(uint40 value) external onlyOwner {
        if (value == 0 || value >= unbondingDelay) {
            revert ParameterOutOfRange("disputeWindow", value, 1, uint256(unbondingDelay) - 1);
        }
        emit ParameterChanged("disputeWindow", disputeWindow, value);
        disputeWindow = value;
    }

    /// @notice Sets the finder's share of a slash.
    function setFinderShareBps(uint16 value) external onlyOwner {
        if (value > Bps.ONE) revert ParameterOutOfRange("finderShareBps", value, 0, Bps.ONE);
        emit ParameterChanged("finderShareBps", finderShareBps, value);
        finderShareBps = value;
    }

    /// @notice Grants or revokes the slasher role.
    function setSlasher(address account, bool enabled) external onlyOwner {
        if (account == address(0)) revert ZeroAddress("account");
        isSlasher[account] = enabled;
        emit RoleChanged(SLASHER_ROLE, account, enabled);
    }

    /// @notice Grants or revokes the reputation-writer role.
    function setReputationWriter(address account, bool enabled) external onlyOwner {
        if (account == address(0)) revert ZeroAddress("account");
        isReputationWriter[account] = enabled;
        emit RoleChanged(REPUTATION_WRITER_ROLE, account, enabled);
    }

    // ------------------------------------------------------------------ internal

    function _registered(address provider) internal view returns (Provider storage p) {
        p = _providers[provider];
        if (p.status == ProviderStatus.None) revert ProviderNotRegistered(provider);
    }

    function _checkHardware(Hardware calldata hw) internal view {
        if (hw.ramMiB < minRamMiB || hw.diskGiB < minDiskGiB) {
            revert HardwareBelowMinimum(hw.ramMiB, minRamMiB, hw.diskGiB, minDiskGiB);
        }
        bool hasVendor = hw.gpuVendor != GpuVendor.None;
        if (hasVendor != (hw.gpuCount > 0) || hasVendor != (hw.vramMiB > 0)) {
            revert HardwareGpuInconsistent(uint8(hw.gpuVendor), hw.gpuCount, hw.vramMiB);
        }
    }

    function _checkEndpoint(string calldata endpoint) internal pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH) revert EndpointInvalid(length);
    }

    function _checkAmount(uint256 amount) internal pure {
        if (amount > type(uint96).max) revert ParameterOutOfRange("stake", amount, 0, type(uint96).max);
    }

    /// @dev Stake units in bps of `baseStake`: the class multiplier of the GPUs' VRAM, per GPU
    ///      (a CPU-only machine counts as one unit of the lowest class).
    function _stakeUnitsBps(Hardware calldata hw) internal view returns (uint32) {
        uint256 multiplier = _stakeClasses[0].multiplierBps;
        for (uint256 i = 1; i < _stakeClasses.length; ++i) {
            if (hw.vramMiB < _stakeClasses[i].minVramMiB) break;
            multiplier = _stakeClasses[i].multiplierBps;
        }
        uint256 gpus = hw.gpuCount == 0 ? 1 : hw.gpuCount;
        uint256 units = gpus * multiplier;
        // 65 535 GPUs × a uint32 multiplier can overflow uint32: cap instead, a huge stake is still huge.
        return units > type(uint32).max ? type(uint32).max : uint32(units);
    }
}
