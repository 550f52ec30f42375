// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ComplianceTags, GpuVendor, Hardware, SupplySource} from "../../src/types/Hardware.sol";
import {LeaseId, MarketId} from "../../src/types/Ids.sol";
import {Lease} from "../../src/types/Lease.sol";
import {Market, MarketConfig, OpenLeaseParams, QueueEntry, Tier} from "../../src/types/Market.sol";

import {HearthTest} from "./HearthTest.sol";

/// @notice Helpers for the marketplace's unit tests: reputation on demand, providers with any
///         hardware, queue walks and hand-computed EIP-1559 steps.
/// @dev The test contract is a reputation writer on the registry, so a test can give a provider the
///      reputation it needs without running jobs.
abstract contract MarketplaceTestBase is HearthTest {
    /// One reputation unit (one success) in the registry.
    uint32 internal constant SUCCESS = 1000;
    /// The default epoch and price-change denominator.
    uint256 internal constant EPOCH = 1 hours;
    uint256 internal constant DENOMINATOR = 8;
    uint256 internal constant MIN_LEASE = 60;
    uint256 internal constant MAX_FUNDED = 5 * 365 days;
    bytes32 internal constant SPEC = keccak256("spec");

    address internal stranger = makeAddr("stranger");

    function setUp() public virtual override {
        super.setUp();
        vm.prank(owner);
        registry.setReputationWriter(address(this), true);
    }

    // ------------------------------------------------------------------ providers

    /// @notice Registers `name` with `hw` and `successes` successes on its record.
    function provider(string memory name, Hardware memory hw, uint256 successes)
        internal
        returns (address who)
    {
        who = makeAddr(name);
        registerProvider(who, hw);
        addReputation(who, successes);
    }

    /// @notice Registers `name` as a 1×4090 box with `successes` successes and queues it with one slot.
    function queued(string memory name, MarketId market, uint256 successes) internal returns (address who) {
        who = provider(name, rtx4090(1), successes);
        joinQueue(who, market, 1);
    }

    function addReputation(address who, uint256 successes) internal {
        for (uint256 i; i < successes; ++i) {
            registry.recordSuccess(who);
        }
    }

    function reputationOf(address who) internal view returns (uint32 reputation) {
        (, reputation) = registry.eligibility(who);
    }

    /// @notice Unbonds one base unit of `who`'s stake: it stays registered but is no longer eligible.
    function makeIneligible(address who) internal {
        vm.prank(who);
        registry.requestUnbond(1);
        (bool eligible,) = registry.eligibility(who);
        assertFalse(eligible, "provider still eligible");
    }

    /// @notice `rtx4090(gpus)` with another model and VRAM per GPU.
    function gpuBox(bytes32 model, uint16 gpus, uint32 vramMiB) internal pure returns (Hardware memory hw) {
        hw = rtx4090(gpus);
        hw.gpuModel = model;
        hw.vramMiB = vramMiB;
    }

    /// @notice A CPU-only machine (no GPU) that meets the minimum spec.
    function cpuBox() internal pure returns (Hardware memory) {
        return Hardware({
            gpuVendor: GpuVendor.None,
            gpuModel: bytes32(0),
            gpuCount: 0,
            vramMiB: 0,
            cpuCores: 32,
            ramMiB: 128 * 1024,
            diskGiB: 2000,
            bandwidthMbps: 10_000,
            region: "us-east",
            complianceTags: ComplianceTags.SOC2,
            supplySource: SupplySource.DataCenter,
            benchmarkGflops: 0
        });
    }

    /// @notice Leaves the queue `who` waits in, with the hint from the lens.
    function leave(address who) internal {
        address hint = lens.queuePrev(who);
        vm.prank(who);
        marketplace.leaveQueue(hint);
    }

    /// @notice The providers waiting in `market`, best first.
    function queueOf(MarketId market) internal view returns (address[] memory providers) {
        (providers,,) = lens.getQueue(market, address(0), 1000);
    }

    function assertQueue(MarketId market, address[] memory expected) internal view {
        address[] memory actual = queueOf(market);
        assertEq(actual.length, expected.length, "queue length");
        for (uint256 i; i < expected.length; ++i) {
            assertEq(actual[i], expected[i], "queue order");
        }
    }

    function entryOf(address who) internal view returns (QueueEntry memory) {
        return marketplace.getQueueEntry(who);
    }

    function list(address a) internal pure returns (address[] memory l) {
        l = new address[](1);
        l[0] = a;
    }

    function list(address a, address b) internal pure returns (address[] memory l) {
        l = new address[](2);
        (l[0], l[1]) = (a, b);
    }

    function list(address a, address b, address c) internal pure returns (address[] memory l) {
        l = new address[](3);
        (l[0], l[1], l[2]) = (a, b, c);
    }

    function list(address a, address b, address c, address d) internal pure returns (address[] memory l) {
        l = new address[](4);
        (l[0], l[1], l[2], l[3]) = (a, b, c, d);
    }

    // ------------------------------------------------------------------ markets

    function createMarket(MarketConfig memory config) internal returns (MarketId market) {
        vm.prank(owner);
        market = marketplace.createMarket(config);
    }

    function marketOf(MarketId market) internal view returns (Market memory) {
        return marketplace.getMarket(market);
    }

    function referencePrice(MarketId market) internal view returns (uint256) {
        return marketplace.getMarket(market).config.referencePricePerSecond;
    }

    /// @notice One epoch at full utilization with the default target (80%) and denominator (8).
    function up(uint256 price) internal pure returns (uint256) {
        return price + price / DENOMINATOR;
    }

    /// @notice One epoch at zero utilization with the default target and denominator.
    function down(uint256 price) internal pure returns (uint256) {
        return price - price / DENOMINATOR;
    }

    // ------------------------------------------------------------------ leases

    function takeAt(address consumer, MarketId market, Tier tier, uint256 deposit)
        internal
        returns (LeaseId lease)
    {
        OpenLeaseParams memory params = takeParams(market, deposit);
        params.tier = tier;
        vm.prank(consumer);
        lease = marketplace.openLease(params);
    }

    function leaseOf(LeaseId lease) internal view returns (Lease memory) {
        return marketplace.getLease(lease);
    }

    /// @notice `vm.expectEmit` checking every topic and the data of the marketplace's next event.
    function expectMarketplaceEvent() internal {
        vm.expectEmit(true, true, true, true, address(marketplace));
    }
}
