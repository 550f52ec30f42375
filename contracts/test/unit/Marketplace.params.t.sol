// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {Marketplace} from "../../src/Marketplace.sol";
import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {IOwnedParameters} from "../../src/interfaces/IOwnedParameters.sol";
import {LeaseId, OrderId} from "../../src/types/Ids.sol";
import {CloseReason} from "../../src/types/Lease.sol";
import {Tier, TierParams} from "../../src/types/Market.sol";
import {MarketplaceTestBase} from "../utils/MarketplaceTestBase.sol";

/// @notice The constructor, every owner-only parameter and the two-step ownership hand-over.
contract MarketplaceParamsTest is MarketplaceTestBase {
    // ================================================================== constructor

    function test_constructor_setsDefaults() public {
        expectEmitFrom(_nextAddress());
        emit IMarketplace.PaymentTokenAllowed(address(heat), true);
        expectEmitFrom(_nextAddress());
        emit IMarketplace.TierParamsChanged(Tier.Economy, TierParams(10_000, 0));
        expectEmitFrom(_nextAddress());
        emit IMarketplace.TierParamsChanged(Tier.Priority, TierParams(15_000, 5000));
        expectEmitFrom(_nextAddress());
        emit IMarketplace.TierParamsChanged(Tier.Trusted, TierParams(25_000, 20_000));
        Marketplace m = new Marketplace(address(registry), address(heat), treasury, owner);

        assertEq(address(m.registry()), address(registry));
        assertEq(address(m.heat()), address(heat));
        assertEq(m.treasury(), treasury);
        assertEq(m.owner(), owner);
        assertEq(m.auctions(), address(0));
        assertTrue(m.isPaymentToken(address(heat)));
        assertFalse(m.isPaymentToken(address(usd)));
        assertEq(m.maxClusterMembers(), 32);
        assertEq(m.marketCount(), 0);
        assertEq(m.leaseCount(), 0);
        Marketplace.Config memory c = m.getConfig();
        assertEq(c.leaseCount, 0);
        assertEq(c.clusterCount, 0);
        assertEq(c.feeBps, 200);
        assertEq(c.burnShareBps, 5000);
        assertEq(c.epochSeconds, 1 hours);
        assertEq(c.minLeaseSeconds, 60);
        assertEq(c.maxScan, 32);
        assertEq(c.priceChangeDenominator, 8);
        assertEq(abi.encode(m.tierParams(Tier.Economy)), abi.encode(TierParams(10_000, 0)));
        assertEq(abi.encode(m.tierParams(Tier.Priority)), abi.encode(TierParams(15_000, 5000)));
        assertEq(abi.encode(m.tierParams(Tier.Trusted)), abi.encode(TierParams(25_000, 20_000)));
    }

    function test_constants() public view {
        assertEq(marketplace.AUCTIONS_ROLE(), bytes32("auctions"));
        assertEq(marketplace.VERIFIER_ROLE(), bytes32("verifier"));
        assertEq(marketplace.MAX_FUNDED_SECONDS(), 5 * 365 days);
    }

    function test_constructor_revertsWhenRegistryZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("registry")));
        new Marketplace(address(0), address(heat), treasury, owner);
    }

    function test_constructor_revertsWhenHeatZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("heat")));
        new Marketplace(address(registry), address(0), treasury, owner);
    }

    function test_constructor_revertsWhenTreasuryZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("treasury")));
        new Marketplace(address(registry), address(heat), address(0), owner);
    }

    function test_constructor_revertsWhenOwnerZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new Marketplace(address(registry), address(heat), treasury, address(0));
    }

    // ================================================================== setPaymentToken

    function test_setPaymentToken_allowsAndDisallows() public {
        address token = makeAddr("token");
        expectMarketplaceEvent();
        emit IMarketplace.PaymentTokenAllowed(token, true);
        vm.prank(owner);
        marketplace.setPaymentToken(token, true);
        assertTrue(marketplace.isPaymentToken(token));

        expectMarketplaceEvent();
        emit IMarketplace.PaymentTokenAllowed(token, false);
        vm.prank(owner);
        marketplace.setPaymentToken(token, false);
        assertFalse(marketplace.isPaymentToken(token));
    }

    function test_setPaymentToken_disallowedTokenKeepsItsMarkets() public {
        vm.prank(owner);
        marketplace.setPaymentToken(address(usd), false);
        address p = queued("p", usdMarket, 0);
        LeaseId lease = take(alice, usdMarket, 1e6);
        assertEq(leaseOf(lease).provider, p);
    }

    function test_setPaymentToken_keepsHeatAllowed() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PaymentTokenNotAllowed.selector, address(heat)));
        vm.prank(owner);
        marketplace.setPaymentToken(address(heat), false);
        assertTrue(marketplace.isPaymentToken(address(heat)));

        vm.prank(owner);
        marketplace.setPaymentToken(address(heat), true);
        assertTrue(marketplace.isPaymentToken(address(heat)));
    }

    function test_setPaymentToken_revertsWhenTokenZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("token")));
        vm.prank(owner);
        marketplace.setPaymentToken(address(0), true);
    }

    function test_setPaymentToken_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setPaymentToken(makeAddr("token"), true);
    }

    // ================================================================== numeric parameters

    function test_setFeeBps_setsAndEmits() public {
        _expectChanged("feeBps", 200, 0);
        vm.prank(owner);
        marketplace.setFeeBps(0);
        _expectChanged("feeBps", 0, 2000);
        vm.prank(owner);
        marketplace.setFeeBps(2000);
        assertEq(marketplace.getConfig().feeBps, 2000);
    }

    function test_setFeeBps_revertsWhenAboveTwentyPercent() public {
        _expectOutOfRange("feeBps", 2001, 0, 2000);
        vm.prank(owner);
        marketplace.setFeeBps(2001);
    }

    function test_setFeeBps_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setFeeBps(100);
    }

    function test_setBurnShareBps_setsAndEmits() public {
        _expectChanged("burnShareBps", 5000, 0);
        vm.prank(owner);
        marketplace.setBurnShareBps(0);
        _expectChanged("burnShareBps", 0, 10_000);
        vm.prank(owner);
        marketplace.setBurnShareBps(10_000);
        assertEq(marketplace.getConfig().burnShareBps, 10_000);
    }

    function test_setBurnShareBps_revertsWhenAboveOneHundredPercent() public {
        _expectOutOfRange("burnShareBps", 10_001, 0, 10_000);
        vm.prank(owner);
        marketplace.setBurnShareBps(10_001);
    }

    function test_setBurnShareBps_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setBurnShareBps(0);
    }

    function test_setEpochSeconds_setsAndEmits() public {
        _expectChanged("epochSeconds", 1 hours, 60);
        vm.prank(owner);
        marketplace.setEpochSeconds(60);
        _expectChanged("epochSeconds", 60, 30 days);
        vm.prank(owner);
        marketplace.setEpochSeconds(30 days);
        assertEq(marketplace.getConfig().epochSeconds, 30 days);
    }

    function test_setEpochSeconds_revertsWhenOutOfRange() public {
        _expectOutOfRange("epochSeconds", 59, 60, 30 days);
        vm.prank(owner);
        marketplace.setEpochSeconds(59);
        _expectOutOfRange("epochSeconds", 30 days + 1, 60, 30 days);
        vm.prank(owner);
        marketplace.setEpochSeconds(30 days + 1);
    }

    function test_setEpochSeconds_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setEpochSeconds(1 days);
    }

    function test_setMinLeaseSeconds_setsAndEmits() public {
        _expectChanged("minLeaseSeconds", 60, 1);
        vm.prank(owner);
        marketplace.setMinLeaseSeconds(1);
        _expectChanged("minLeaseSeconds", 1, 30 days);
        vm.prank(owner);
        marketplace.setMinLeaseSeconds(30 days);
        assertEq(marketplace.getConfig().minLeaseSeconds, 30 days);
    }

    function test_setMinLeaseSeconds_revertsWhenOutOfRange() public {
        _expectOutOfRange("minLeaseSeconds", 0, 1, 30 days);
        vm.prank(owner);
        marketplace.setMinLeaseSeconds(0);
        _expectOutOfRange("minLeaseSeconds", 30 days + 1, 1, 30 days);
        vm.prank(owner);
        marketplace.setMinLeaseSeconds(30 days + 1);
    }

    function test_setMinLeaseSeconds_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setMinLeaseSeconds(1);
    }

    function test_setMaxScan_setsAndEmits() public {
        _expectChanged("maxScan", 32, 1);
        vm.prank(owner);
        marketplace.setMaxScan(1);
        _expectChanged("maxScan", 1, 256);
        vm.prank(owner);
        marketplace.setMaxScan(256);
        assertEq(marketplace.getConfig().maxScan, 256);
    }

    function test_setMaxScan_revertsWhenOutOfRange() public {
        _expectOutOfRange("maxScan", 0, 1, 256);
        vm.prank(owner);
        marketplace.setMaxScan(0);
        _expectOutOfRange("maxScan", 257, 1, 256);
        vm.prank(owner);
        marketplace.setMaxScan(257);
    }

    function test_setMaxScan_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setMaxScan(1);
    }

    function test_setPriceChangeDenominator_setsAndEmits() public {
        _expectChanged("priceChangeDenominator", 8, 2);
        vm.prank(owner);
        marketplace.setPriceChangeDenominator(2);
        _expectChanged("priceChangeDenominator", 2, 1000);
        vm.prank(owner);
        marketplace.setPriceChangeDenominator(1000);
        assertEq(marketplace.getConfig().priceChangeDenominator, 1000);
    }

    function test_setPriceChangeDenominator_revertsWhenOutOfRange() public {
        _expectOutOfRange("priceChangeDenominator", 1, 2, 1000);
        vm.prank(owner);
        marketplace.setPriceChangeDenominator(1);
        _expectOutOfRange("priceChangeDenominator", 1001, 2, 1000);
        vm.prank(owner);
        marketplace.setPriceChangeDenominator(1001);
    }

    function test_setPriceChangeDenominator_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setPriceChangeDenominator(16);
    }

    function test_setMaxClusterMembers_setsAndEmits() public {
        _expectChanged("maxClusterMembers", 32, 2);
        vm.prank(owner);
        marketplace.setMaxClusterMembers(2);
        _expectChanged("maxClusterMembers", 2, 256);
        vm.prank(owner);
        marketplace.setMaxClusterMembers(256);
        assertEq(marketplace.maxClusterMembers(), 256);
    }

    function test_setMaxClusterMembers_revertsWhenOutOfRange() public {
        _expectOutOfRange("maxClusterMembers", 1, 2, 256);
        vm.prank(owner);
        marketplace.setMaxClusterMembers(1);
        _expectOutOfRange("maxClusterMembers", 257, 2, 256);
        vm.prank(owner);
        marketplace.setMaxClusterMembers(257);
    }

    function test_setMaxClusterMembers_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setMaxClusterMembers(2);
    }

    // ================================================================== setTierParams

    function test_setTierParams_setsAndEmits() public {
        TierParams memory params = TierParams({multiplierBps: 1_000_000, minReputation: 50_000});
        expectMarketplaceEvent();
        emit IMarketplace.TierParamsChanged(Tier.Trusted, params);
        vm.prank(owner);
        marketplace.setTierParams(Tier.Trusted, params);
        assertEq(abi.encode(marketplace.tierParams(Tier.Trusted)), abi.encode(params));

        params = TierParams({multiplierBps: 10_000, minReputation: 0});
        vm.prank(owner);
        marketplace.setTierParams(Tier.Priority, params);
        assertEq(abi.encode(marketplace.tierParams(Tier.Priority)), abi.encode(params));
        assertEq(marketplace.quotePrice(usdMarket, Tier.Priority), USD_PRICE, "1x");
    }

    function test_setTierParams_revertsWhenMultiplierBelowOne() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.TierParamsInvalid.selector, Tier.Economy, 9999));
        vm.prank(owner);
        marketplace.setTierParams(Tier.Economy, TierParams({multiplierBps: 9999, minReputation: 0}));
    }

    function test_setTierParams_revertsWhenMultiplierAboveOneHundred() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMarketplace.TierParamsInvalid.selector, Tier.Priority, 1_000_001)
        );
        vm.prank(owner);
        marketplace.setTierParams(Tier.Priority, TierParams({multiplierBps: 1_000_001, minReputation: 0}));
    }

    function test_setTierParams_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setTierParams(Tier.Economy, TierParams({multiplierBps: 10_000, minReputation: 0}));
    }

    // ================================================================== address parameters

    function test_setTreasury_setsAndEmits() public {
        address next = makeAddr("nextTreasury");
        expectMarketplaceEvent();
        emit IOwnedParameters.AddressParameterChanged("treasury", treasury, next);
        vm.prank(owner);
        marketplace.setTreasury(next);
        assertEq(marketplace.treasury(), next);
    }

    function test_setTreasury_revertsWhenZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("treasury")));
        vm.prank(owner);
        marketplace.setTreasury(address(0));
    }

    function test_setTreasury_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setTreasury(alice);
    }

    function test_setAuctions_movesTheAuctionRole() public {
        address next = makeAddr("nextAuctions");
        expectMarketplaceEvent();
        emit IOwnedParameters.AddressParameterChanged("auctions", address(auctions), next);
        vm.prank(owner);
        marketplace.setAuctions(next);
        assertEq(marketplace.auctions(), next);

        address p = makeAddr("winner");
        vm.expectRevert(
            abi.encodeWithSelector(
                IMarketplace.CallerNotAuthorized.selector, address(auctions), bytes32("auctions")
            )
        );
        vm.prank(address(auctions));
        marketplace.openAuctionLease(alice, p, usdMarket, 50, 50 * 60, SPEC, OrderId.wrap(1));

        vm.prank(next);
        LeaseId lease = marketplace.openAuctionLease(alice, p, usdMarket, 50, 50 * 60, SPEC, OrderId.wrap(1));
        assertEq(leaseOf(lease).provider, p);
    }

    function test_setAuctions_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setAuctions(alice);
    }

    function test_setVerifier_grantsAndRevokes() public {
        address v = makeAddr("v");
        expectMarketplaceEvent();
        emit IOwnedParameters.AddressParameterChanged("verifierAdded", v, v);
        vm.prank(owner);
        marketplace.setVerifier(v, true);
        assertTrue(marketplace.isVerifier(v));

        // The new verifier can close a lease.
        queued("p", usdMarket, 0);
        LeaseId lease = take(alice, usdMarket, 1e6);
        vm.prank(v);
        marketplace.closeLeaseByVerifier(lease, CloseReason.ProviderGone);

        expectMarketplaceEvent();
        emit IOwnedParameters.AddressParameterChanged("verifierRemoved", v, v);
        vm.prank(owner);
        marketplace.setVerifier(v, false);
        assertFalse(marketplace.isVerifier(v));
    }

    function test_setVerifier_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.setVerifier(alice, true);
    }

    // ================================================================== ownership

    function test_transferOwnership_takesTwoSteps() public {
        address timelock = makeAddr("timelock");
        vm.expectEmit(true, true, true, true, address(marketplace));
        emit Ownable2Step.OwnershipTransferStarted(owner, timelock);
        vm.prank(owner);
        marketplace.transferOwnership(timelock);
        assertEq(marketplace.pendingOwner(), timelock);
        assertEq(marketplace.owner(), owner, "not yet");

        // Only the named account can accept.
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        marketplace.acceptOwnership();

        vm.expectEmit(true, true, true, true, address(marketplace));
        emit Ownable.OwnershipTransferred(owner, timelock);
        vm.prank(timelock);
        marketplace.acceptOwnership();
        assertEq(marketplace.owner(), timelock);
        assertEq(marketplace.pendingOwner(), address(0));

        _expectNotOwner(owner);
        vm.prank(owner);
        marketplace.setFeeBps(100);
        vm.prank(timelock);
        marketplace.setFeeBps(100);
        assertEq(marketplace.getConfig().feeBps, 100);
    }

    function test_transferOwnership_revertsWhenCallerNotOwner() public {
        _expectNotOwner(alice);
        vm.prank(alice);
        marketplace.transferOwnership(alice);
    }

    // ================================================================== helpers

    function expectEmitFrom(address emitter) internal {
        vm.expectEmit(true, true, true, true, emitter);
    }

    /// The address of the next contract this test deploys.
    function _nextAddress() internal view returns (address) {
        return vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
    }

    function _expectChanged(bytes32 name, uint256 oldValue, uint256 newValue) internal {
        expectMarketplaceEvent();
        emit IOwnedParameters.ParameterChanged(name, oldValue, newValue);
    }

    function _expectOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IOwnedParameters.ParameterOutOfRange.selector, name, value, min, max)
        );
    }

    function _expectNotOwner(address caller) internal {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
    }
}
