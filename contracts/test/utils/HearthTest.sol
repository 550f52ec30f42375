// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Auctions} from "../../src/Auctions.sol";
import {HearthToken} from "../../src/HearthToken.sol";
import {MarketLens} from "../../src/MarketLens.sol";
import {Marketplace} from "../../src/Marketplace.sol";
import {ProviderRegistry} from "../../src/ProviderRegistry.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {ComplianceTags, GpuVendor, Hardware, SupplySource} from "../../src/types/Hardware.sol";
import {LeaseId, MarketId} from "../../src/types/Ids.sol";
import {MarketConfig, OpenLeaseParams, Placement, Tier} from "../../src/types/Market.sol";

/// @notice Deploys the whole protocol as the local network does and offers helpers for tests:
///         a HEAT market and a tUSD market for RTX 4090s, funded consumers and registered providers.
abstract contract HearthTest is Test {
    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice"); // consumer
    address internal bob = makeAddr("bob"); // consumer
    address internal verifier = makeAddr("verifier");

    HearthToken internal heat;
    TestStablecoin internal usd;
    ProviderRegistry internal registry;
    Marketplace internal marketplace;
    Auctions internal auctions;
    MarketLens internal lens;

    MarketId internal usdMarket; // rtx-4090, 1 GPU per lease, paid in tUSD
    MarketId internal heatMarket; // rtx-4090, 1 GPU per lease, paid in HEAT

    /// 0.30 tUSD per hour ≈ 83 base units per second (6 decimals).
    uint72 internal constant USD_PRICE = 83;
    /// 1 HEAT per hour.
    uint72 internal constant HEAT_PRICE = uint72(1e18) / 3600;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        heat = new HearthToken(owner, owner, 1_000_000_000e18);
        usd = new TestStablecoin();
        registry = new ProviderRegistry(address(heat), owner);
        marketplace = new Marketplace(address(registry), address(heat), treasury, owner);
        auctions = new Auctions(address(marketplace), address(registry), owner);
        lens = new MarketLens(address(marketplace), address(registry));

        vm.startPrank(owner);
        registry.setReputationWriter(address(marketplace), true);
        registry.setSlasher(verifier, true);
        marketplace.setAuctions(address(auctions));
        marketplace.setVerifier(verifier, true);
        marketplace.setPaymentToken(address(usd), true);
        usdMarket = marketplace.createMarket(marketConfig(address(usd), USD_PRICE));
        heatMarket = marketplace.createMarket(marketConfig(address(heat), HEAT_PRICE));
        vm.stopPrank();

        fundConsumer(alice);
        fundConsumer(bob);
    }

    /// @notice A 1-GPU RTX 4090 market at `price`, bounds ×1/10 … ×10, target 80%.
    function marketConfig(address token, uint72 price) internal pure returns (MarketConfig memory) {
        return MarketConfig({
            gpuModel: "rtx-4090",
            token: token,
            minVramMiB: 24_000,
            gpusPerLease: 1,
            targetUtilizationBps: 8000,
            referencePricePerSecond: price,
            minPricePerSecond: price / 10,
            maxPricePerSecond: price * 10
        });
    }

    /// @notice A home RTX 4090 box in eu-west that meets the minimum spec.
    function rtx4090(uint16 gpus) internal pure returns (Hardware memory) {
        return Hardware({
            gpuVendor: GpuVendor.Nvidia,
            gpuModel: "rtx-4090",
            gpuCount: gpus,
            vramMiB: 24_564,
            cpuCores: 16,
            ramMiB: 64 * 1024,
            diskGiB: 1000,
            bandwidthMbps: 1000,
            region: "eu-west",
            complianceTags: ComplianceTags.GDPR,
            supplySource: SupplySource.Home,
            benchmarkGflops: 82_000
        });
    }

    function fundConsumer(address who) internal {
        usd.faucet(who, 10_000e6);
        vm.prank(owner);
        heat.transfer(who, 1_000_000e18);
        vm.startPrank(who);
        usd.approve(address(marketplace), type(uint256).max);
        heat.approve(address(marketplace), type(uint256).max);
        usd.approve(address(auctions), type(uint256).max);
        heat.approve(address(auctions), type(uint256).max);
        vm.stopPrank();
    }

    /// @notice Registers `who` with `hw`, staking exactly what its class requires.
    function registerProvider(address who, Hardware memory hw) internal returns (uint256 stake) {
        stake = registry.requiredStake(hw);
        vm.prank(owner);
        heat.transfer(who, stake);
        vm.startPrank(who);
        heat.approve(address(registry), stake);
        registry.register(hw, "https://provider.example:8443", stake);
        vm.stopPrank();
    }

    /// @notice Registers a 1×4090 provider named `name` and queues it with one slot in `market`.
    function queuedProvider(string memory name, MarketId market) internal returns (address who) {
        who = makeAddr(name);
        registerProvider(who, rtx4090(1));
        joinQueue(who, market, 1);
    }

    function joinQueue(address who, MarketId market, uint16 slots) internal {
        address hint = lens.queuePosition(market, who);
        vm.prank(who);
        marketplace.joinQueue(market, slots, hint);
    }

    function noPlacement() internal pure returns (Placement memory) {
        return Placement({region: bytes32(0), complianceTags: 0, minBandwidthMbps: 0, minReputation: 0});
    }

    function takeParams(MarketId market, uint256 deposit) internal pure returns (OpenLeaseParams memory) {
        return OpenLeaseParams({
            market: market,
            tier: Tier.Economy,
            maxPricePerSecond: type(uint72).max,
            deposit: deposit,
            specHash: keccak256("spec"),
            placement: noPlacement()
        });
    }

    /// @notice `consumer` takes the market price in `market` with `deposit`.
    function take(address consumer, MarketId market, uint256 deposit) internal returns (LeaseId lease) {
        vm.prank(consumer);
        lease = marketplace.openLease(takeParams(market, deposit));
    }
}
