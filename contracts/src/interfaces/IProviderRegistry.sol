// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Hardware} from "../types/Hardware.sol";
import {IOwnedParameters} from "./IOwnedParameters.sol";

/// @notice A provider's lifecycle in the registry.
enum ProviderStatus {
    None,
    Registered
}

/// @notice A provider as the registry stores it. Token amounts in HEAT base units.
struct Provider {
    ProviderStatus status;
    /// Reputation, scaled by `REPUTATION_UNIT` (1000 = one success). Success +1 unit, failure ×2/3.
    uint32 reputation;
    uint96 stake;
    /// Stake units from the hardware class, in basis points of `baseStake` (cached at registration).
    uint32 stakeUnitsBps;
    uint96 unbonding;
    uint40 unbondingReadyAt;
    uint40 registeredAt;
    Hardware hardware;
    string endpoint;
}

/// @notice A stake class: hardware whose per-GPU VRAM is at least `minVramMiB` stakes
///         `multiplierBps` / 10 000 × `baseStake` per GPU.
struct StakeClass {
    uint32 minVramMiB;
    uint32 multiplierBps;
}

/// @title Provider registry
/// @notice Providers register their hardware and an endpoint and stake HEAT sized by hardware class.
///         The registry enforces a minimum spec, optional allow-listing, unbonding with a delay longer
///         than the dispute window, slashing by verifiers (never beyond the stake) and a reputation
///         score written by the marketplace and the verifiers.
interface IProviderRegistry is IOwnedParameters {
    /// @notice A provider registered.
    event ProviderRegistered(address indexed provider, Hardware hardware, string endpoint, uint256 stake);
    /// @notice A provider changed its declared hardware.
    event HardwareUpdated(address indexed provider, Hardware hardware, uint256 requiredStake);
    /// @notice A provider changed its endpoint.
    event EndpointUpdated(address indexed provider, string endpoint);
    /// @notice Stake was added.
    event StakeAdded(address indexed provider, uint256 amount, uint256 stake);
    /// @notice Stake started unbonding; it can be withdrawn from `readyAt`.
    event UnbondRequested(
        address indexed provider, uint256 amount, uint256 stake, uint256 unbonding, uint40 readyAt
    );
    /// @notice Unbonded stake was withdrawn.
    event UnbondWithdrawn(address indexed provider, uint256 amount);
    /// @notice A provider was slashed: `finderReward` went to `finder`, the rest was burned.
    event ProviderSlashed(
        address indexed provider,
        address indexed finder,
        uint256 amount,
        uint256 finderReward,
        uint256 stakeLeft
    );
    /// @notice A provider's reputation changed.
    event ReputationChanged(
        address indexed provider, uint32 oldReputation, uint32 newReputation, bool success
    );
    /// @notice An address was added to or removed from the onboarding allow-list.
    event AllowListChanged(address indexed account, bool allowed);
    /// @notice A role (slasher or reputation writer) was granted or revoked.
    event RoleChanged(bytes32 indexed role, address indexed account, bool enabled);
    /// @notice The stake class table changed.
    event StakeClassesChanged(StakeClass[] classes);

    /// @notice The caller is already registered.
    error ProviderAlreadyRegistered(address provider);
    /// @notice The address is not a registered provider.
    error ProviderNotRegistered(address provider);
    /// @notice Onboarding is allow-listed and the caller is not on the list.
    error ProviderNotAllowed(address provider);
    /// @notice Declared hardware is below the network's minimum spec.
    error HardwareBelowMinimum(uint32 ramMiB, uint32 minRamMiB, uint32 diskGiB, uint32 minDiskGiB);
    /// @notice Declared GPUs are inconsistent (a vendor with no GPUs, GPUs with no vendor or VRAM).
    error HardwareGpuInconsistent(uint8 gpuVendor, uint16 gpuCount, uint32 vramMiB);
    /// @notice The endpoint is empty or longer than `MAX_ENDPOINT_LENGTH` bytes.
    error EndpointInvalid(uint256 length);
    /// @notice The stake after this call would be below what the hardware class requires.
    error StakeBelowRequired(uint256 stake, uint256 required);
    /// @notice A zero amount was given where a positive one is needed.
    error AmountZero();
    /// @notice More was asked to unbond than is staked.
    error UnbondExceedsStake(uint256 amount, uint256 stake);
    /// @notice Unbonding stake is not withdrawable yet.
    error UnbondingNotReady(uint40 readyAt, uint40 timestamp);
    /// @notice No unbonding stake to withdraw.
    error NothingUnbonding(address provider);
    /// @notice A slash asked for more than the provider's slashable stake.
    error SlashExceedsStake(uint256 amount, uint256 slashable);
    /// @notice The caller lacks the role this function needs.
    error CallerNotAuthorized(address caller, bytes32 role);
    /// @notice The stake class table is empty, unsorted or has a zero multiplier.
    error StakeClassesInvalid(uint256 index);

    /// @notice Registers the caller with `hardware` and `endpoint`, staking `stake` HEAT (pulled with
    ///         `transferFrom`; approve first).
    /// @dev Reverts with `HardwareBelowMinimum`, `HardwareGpuInconsistent`, `EndpointInvalid`,
    ///      `ProviderNotAllowed`, `ProviderAlreadyRegistered` or `StakeBelowRequired`.
    function register(Hardware calldata hardware, string calldata endpoint, uint256 stake) external;

    /// @notice Replaces the caller's declared hardware; the stake must cover the new class.
    function updateHardware(Hardware calldata hardware) external;

    /// @notice Replaces the caller's endpoint.
    function updateEndpoint(string calldata endpoint) external;

    /// @notice Adds `amount` HEAT to the caller's stake.
    function addStake(uint256 amount) external;

    /// @notice Moves `amount` of the caller's stake into unbonding; it stays slashable until
    ///         `unbondingDelay` has passed. A new request restarts the delay for the whole amount.
    function requestUnbond(uint256 amount) external;

    /// @notice Sends the caller's unbonded stake back once the delay has passed.
    function withdrawUnbonded() external returns (uint256 amount);

    /// @notice Slashes `amount` from `provider` (stake first, then unbonding stake);
    ///         `finderShareBps` of it goes to `finder`, the rest is burned. Slasher role only.
    function slash(address provider, uint256 amount, address finder) external returns (uint256 finderReward);

    /// @notice Records a successful job: reputation + 1 unit. Reputation-writer role only.
    function recordSuccess(address provider) external;

    /// @notice Records a failure: reputation × 2/3. Reputation-writer role only.
    function recordFailure(address provider) external;

    /// @notice A provider's full record.
    function getProvider(address provider) external view returns (Provider memory);

    /// @notice A provider's declared hardware.
    function getHardware(address provider) external view returns (Hardware memory);

    /// @notice Whether `provider` can take work now (registered and staked as its class requires),
    ///         and its reputation. One storage read: this is on the marketplace's hot path.
    function eligibility(address provider) external view returns (bool eligible, uint32 reputation);

    /// @notice HEAT stake that `hardware` requires under the current parameters.
    function requiredStake(Hardware calldata hardware) external view returns (uint256);

    /// @notice Stake currently required of a registered provider.
    function requiredStakeOf(address provider) external view returns (uint256);

    /// @notice The stake class table, ascending by `minVramMiB`.
    function stakeClasses() external view returns (StakeClass[] memory);

    /// @notice The HEAT token staked here.
    function token() external view returns (address);
}
