// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {Bps} from "../../../src/libraries/Bps.sol";
import {LeaseId, MarketId, OrderId} from "../../../src/types/Ids.sol";
import {Lease} from "../../../src/types/Lease.sol";
import {Bid, Order} from "../../../src/types/Order.sol";

import {HandlerBase} from "./HandlerBase.sol";
import {Ledger} from "./Ledger.sol";

/// @notice Anyone, a party to nothing: settles auctions after their window, sweeps fees, evicts providers
///         that lost eligibility, pokes market prices and closes leases whose funding ran out.
contract AnyoneHandler is HandlerBase {
    address internal immutable treasury;

    constructor(
        Ledger ledger_,
        Auctions auctions_,
        ProviderRegistry registry_,
        HearthToken heat_,
        address treasury_
    ) HandlerBase(ledger_, auctions_, registry_, heat_) {
        treasury = treasury_;
    }

    function settle(uint256 callerSeed, uint256 orderSeed) external step {
        (OrderId order, Order memory o) = _findOrder(orderSeed, _settleable);
        if (OrderId.unwrap(order) == 0) {
            ledger.skip("settle");
            return;
        }
        AcceptBalances memory balances = _acceptBalances(o);
        vm.prank(_caller(callerSeed));
        try auctions.settle(order) returns (LeaseId lease) {
            _bookAccepted(order, o, lease, balances);
            ledger.count("settle");
        } catch (bytes memory reason) {
            _refused(o.market, reason);
        }
    }

    /// @notice Sweeps a token's fees: of all but the one unit left behind, HEAT's burn share is burned and
    ///         the rest goes to the treasury. The burn booked is the one the rules call for.
    function sweepFees(uint256 callerSeed, uint256 tokenSeed) external step {
        address[] memory tokens = ledger.tokens();
        IERC20 token = IERC20(tokens[tokenSeed % tokens.length]);
        uint256 owed = marketplace.feesOwed(address(token));
        if (owed <= 1) {
            ledger.skip("sweepFees");
            return;
        }
        uint256 burn =
            address(token) == address(heat) ? Bps.mul(owed - 1, marketplace.getConfig().burnShareBps) : 0;
        uint256 held = token.balanceOf(address(marketplace));
        uint256 treasuryBalance = token.balanceOf(treasury);

        vm.prank(_caller(callerSeed));
        marketplace.sweepFees(address(token));
        if (held - token.balanceOf(address(marketplace)) != owed - 1) ledger.mismatch("swept != fees owed");
        if (token.balanceOf(treasury) - treasuryBalance != owed - 1 - burn) {
            ledger.mismatch("treasury share");
        }
        ledger.burn(burn);
        ledger.count("sweepFees");
    }

    function evict(uint256 callerSeed, uint256 actorSeed) external step {
        address provider = _findProvider(actorSeed, _evictable);
        if (provider == address(0)) {
            ledger.skip("evict");
            return;
        }
        address hint = _prevInQueue(provider);
        vm.prank(_caller(callerSeed));
        marketplace.evict(provider, hint);
        ledger.count("evict");
    }

    function pokeMarket(uint256 marketSeed) external step {
        MarketId market = ledger.pickMarket(marketSeed);
        marketplace.pokeMarket(market);
        ledger.count("pokeMarket");
    }

    function closeOutOfFunds(uint256 callerSeed, uint256 leaseSeed) external step {
        (LeaseId lease, Lease memory l) = _findLease(leaseSeed, true, _isOutOfFunds);
        if (LeaseId.unwrap(lease) == 0) {
            ledger.skip("closeOutOfFunds");
            return;
        }
        IERC20 token = _tokenOf(l.market);
        uint256 balance = token.balanceOf(l.consumer);
        vm.prank(_caller(callerSeed));
        uint256 refund = marketplace.closeLease(lease);
        _bookRefund(lease, token, l.consumer, balance, refund);
        ledger.count("closeOutOfFunds");
    }

    /// @dev A caller with no role: one of a few bystanders.
    function _caller(uint256 seed) internal pure returns (address) {
        return address(uint160(0xB0B00000 + seed % 4));
    }

    function _settleable(OrderId order, Order memory o) internal view returns (bool) {
        if (block.timestamp < o.biddingEndsAt) return false;
        Bid[] memory bids = auctions.getBids(order);
        for (uint256 i; i < bids.length; ++i) {
            if (_fitsOrder(bids[i].provider, o)) return true;
        }
        return false;
    }

    function _evictable(address provider) internal view returns (bool) {
        return _queued(provider) && !_eligible(provider);
    }
}
