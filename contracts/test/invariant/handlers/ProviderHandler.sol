// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {Provider, ProviderStatus} from "../../../src/interfaces/IProviderRegistry.sol";
import {Hardware} from "../../../src/types/Hardware.sol";
import {LeaseId, MarketId, OrderId} from "../../../src/types/Ids.sol";
import {Lease} from "../../../src/types/Lease.sol";
import {Bid, Order} from "../../../src/types/Order.sol";

import {HandlerBase} from "./HandlerBase.sol";
import {Ledger} from "./Ledger.sol";

/// @notice Providers: register and stake, wait in a market queue, bid in auctions, get paid, finish
///         leases, and unbond their stake.
contract ProviderHandler is HandlerBase {
    constructor(Ledger ledger_, Auctions auctions_, ProviderRegistry registry_, HearthToken heat_)
        HandlerBase(ledger_, auctions_, registry_, heat_)
    {}

    // ------------------------------------------------------------------ registry

    function register(uint256 actorSeed, uint256 extraSeed) external step {
        address provider = _findProvider(actorSeed, _unregistered);
        if (provider == address(0)) {
            ledger.skip("register");
            return;
        }
        Hardware memory hw = ledger.hardwareOf(provider);
        uint256 required = registry.requiredStake(hw);
        uint256 stake = required + _bound(extraSeed, 0, required);
        uint256 balance = heat.balanceOf(address(registry));

        vm.startPrank(provider);
        heat.approve(address(registry), stake);
        registry.register(hw, "https://provider.example:8443", stake);
        vm.stopPrank();
        ledger.stake(provider, heat.balanceOf(address(registry)) - balance);
        ledger.count("register");
    }

    function addStake(uint256 actorSeed, uint256 amountSeed) external step {
        address provider = _findProvider(actorSeed, _registered);
        if (provider == address(0)) {
            ledger.skip("addStake");
            return;
        }
        uint256 amount = _bound(amountSeed, 1, registry.requiredStakeOf(provider));
        uint256 balance = heat.balanceOf(address(registry));

        vm.startPrank(provider);
        heat.approve(address(registry), amount);
        registry.addStake(amount);
        vm.stopPrank();
        ledger.stake(provider, heat.balanceOf(address(registry)) - balance);
        ledger.count("addStake");
    }

    /// @notice Unbonds part of the stake: most of the time only the surplus over what eligibility needs.
    function requestUnbond(uint256 actorSeed, uint256 amountSeed, uint256 modeSeed) external step {
        address provider = _findProvider(actorSeed, _staked);
        if (provider == address(0)) {
            ledger.skip("requestUnbond");
            return;
        }
        uint256 stake = registry.getProvider(provider).stake;
        uint256 required = registry.requiredStakeOf(provider);
        bool keepEligible = modeSeed % 4 != 0 && stake > required;
        uint256 amount = _bound(amountSeed, 1, keepEligible ? stake - required : stake);

        vm.prank(provider);
        registry.requestUnbond(amount);
        ledger.count("requestUnbond");
    }

    function withdrawUnbonded(uint256 actorSeed) external step {
        address provider = _findProvider(actorSeed, _unbonded);
        if (provider == address(0)) {
            ledger.skip("withdrawUnbonded");
            return;
        }
        uint256 balance = heat.balanceOf(provider);
        vm.prank(provider);
        uint256 amount = registry.withdrawUnbonded();
        uint256 received = heat.balanceOf(provider) - balance;
        if (received != amount) ledger.mismatch("unbonded != received");
        ledger.withdrawUnbonded(provider, received);
        ledger.count("withdrawUnbonded");
    }

    // ------------------------------------------------------------------ queues

    /// @notice Joins a market with a hint found by walking its queue.
    function joinQueue(uint256 actorSeed, uint256 marketSeed, uint256 slotsSeed) external step {
        address provider = _findProvider(actorSeed, _canQueue);
        if (provider == address(0)) {
            ledger.skip("joinQueue");
            return;
        }
        MarketId market = _liveMarket(marketSeed);
        if (MarketId.unwrap(market) == 0) {
            ledger.skip("joinQueue");
            return;
        }
        uint16 slots = uint16(_bound(slotsSeed, 1, registry.getHardware(provider).gpuCount));
        address hint = _insertionHint(market, provider);

        vm.prank(provider);
        marketplace.joinQueue(market, slots, hint);
        ledger.count("joinQueue");
    }

    function leaveQueue(uint256 actorSeed) external step {
        address provider = _findProvider(actorSeed, _queued);
        if (provider == address(0)) {
            ledger.skip("leaveQueue");
            return;
        }
        address hint = _prevInQueue(provider);
        vm.prank(provider);
        marketplace.leaveQueue(hint);
        ledger.count("leaveQueue");
    }

    // ------------------------------------------------------------------ auctions

    /// @notice Bids on an order still in its window, below the provider's own earlier bid if any.
    function placeBid(uint256 orderSeed, uint256 actorSeed, uint256 priceSeed) external step {
        (OrderId order, Order memory o) = _findOrder(orderSeed, _isBidding);
        if (OrderId.unwrap(order) == 0) {
            ledger.skip("placeBid");
            return;
        }
        Bid[] memory bids = auctions.getBids(order);
        address[] memory providers = ledger.providers();
        for (uint256 i; i < providers.length; ++i) {
            address provider = providers[_nth(actorSeed, i, providers.length)];
            if (!_fitsOrder(provider, o)) continue;
            uint256 ceiling = o.maxPricePerSecond;
            bool found;
            for (uint256 j; j < bids.length; ++j) {
                if (bids[j].provider == provider) {
                    ceiling = bids[j].pricePerSecond - 1;
                    found = true;
                }
            }
            if (ceiling == 0 || (!found && bids.length >= auctions.maxBidsPerOrder())) continue;
            vm.prank(provider);
            auctions.placeBid(order, _bound(priceSeed, 1, ceiling));
            ledger.count("placeBid");
            return;
        }
        ledger.skip("placeBid");
    }

    // ------------------------------------------------------------------ leases

    function withdraw(uint256 leaseSeed) external step {
        (LeaseId lease, Lease memory l) = _findLease(leaseSeed, false, _hasAccrued);
        if (LeaseId.unwrap(lease) == 0) {
            ledger.skip("withdraw");
            return;
        }
        LeaseId[] memory leases = new LeaseId[](1);
        leases[0] = lease;
        _withdraw(l.provider, l.provider, _tokenOf(l.market), leases, false);
        ledger.count("withdraw");
    }

    /// @notice Withdraws, in one call, from every lease (up to 16, open or closed) that the provider of a
    ///      lease with something accrued holds in that lease's payment token.
    function withdrawMany(uint256 leaseSeed) external step {
        (LeaseId accrued, Lease memory l) = _findLease(leaseSeed, false, _hasAccrued);
        if (LeaseId.unwrap(accrued) == 0) {
            ledger.skip("withdrawMany");
            return;
        }
        address token = ledger.tokenOf(l.market);
        LeaseId[] memory leases = new LeaseId[](16);
        uint256 n;
        uint256 count = ledger.leaseCount();
        for (uint256 id = 1; id <= count && n < leases.length; ++id) {
            Ledger.LeaseGhost memory g = ledger.getLease(id);
            if (g.provider == l.provider && g.token == token) leases[n++] = LeaseId.wrap(id);
        }
        assembly ("memory-safe") {
            // Shrinks the array to the leases found; its memory stays allocated, which is harmless here.
            mstore(leases, n)
        }
        _withdraw(l.provider, l.provider, IERC20(token), leases, true);
        ledger.count("withdrawMany");
    }

    function finishLease(uint256 leaseSeed) external step {
        (LeaseId lease, Lease memory l) = _findLease(leaseSeed, true, _isActive);
        if (LeaseId.unwrap(lease) == 0) {
            ledger.skip("finishLease");
            return;
        }
        IERC20 token = _tokenOf(l.market);
        uint256 balance = token.balanceOf(l.consumer);
        vm.prank(l.provider);
        uint256 refund =
            marketplace.finishLease(lease, keccak256(abi.encode("result", lease)), leaseSeed % 4 != 0);
        _bookRefund(lease, token, l.consumer, balance, refund);
        ledger.count("finishLease");
    }

    // ------------------------------------------------------------------ internal

    function _unregistered(address provider) internal view returns (bool) {
        return registry.getProvider(provider).status == ProviderStatus.None;
    }

    function _registered(address provider) internal view returns (bool) {
        return registry.getProvider(provider).status == ProviderStatus.Registered;
    }

    function _staked(address provider) internal view returns (bool) {
        return registry.getProvider(provider).stake > 0;
    }

    function _unbonded(address provider) internal view returns (bool) {
        Provider memory p = registry.getProvider(provider);
        return p.unbonding > 0 && block.timestamp >= p.unbondingReadyAt;
    }

    function _canQueue(address provider) internal view returns (bool) {
        return _eligible(provider) && !_queued(provider);
    }
}
