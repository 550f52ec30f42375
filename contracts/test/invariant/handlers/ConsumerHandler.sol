// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {LeaseId, MarketId, OrderId} from "../../../src/types/Ids.sol";
import {Lease} from "../../../src/types/Lease.sol";
import {OpenClusterParams, OpenLeaseParams, Placement, Tier} from "../../../src/types/Market.sol";
import {Bid, CreateOrderParams, Order, SignedBid} from "../../../src/types/Order.sol";

import {HandlerBase} from "./HandlerBase.sol";
import {Ledger} from "./Ledger.sol";

/// @notice Consumers: take the market price (alone or as a cluster), top up and close leases, and run
///         reverse auctions (create, cancel, accept an on-chain or a signed bid).
contract ConsumerHandler is HandlerBase {
    /// @notice Longest a lease or order is funded for here: long enough to outlive many calls, short
    ///         enough that funding often runs out within a run.
    uint256 public constant MAX_LEASE_SECONDS = 3 days;

    constructor(Ledger ledger_, Auctions auctions_, ProviderRegistry registry_, HearthToken heat_)
        HandlerBase(ledger_, auctions_, registry_, heat_)
    {}

    // ------------------------------------------------------------------ market takes

    function openLease(
        uint256 actorSeed,
        uint256 marketSeed,
        uint256 tierSeed,
        uint256 placementSeed,
        uint256 secondsSeed,
        uint256 dust
    ) external step {
        OpenLeaseParams memory params = OpenLeaseParams({
            market: _liveMarket(marketSeed),
            tier: _tier(tierSeed),
            maxPricePerSecond: 0,
            deposit: 0,
            specHash: keccak256(abi.encode("spec", actorSeed)),
            placement: _placement(placementSeed)
        });
        if (MarketId.unwrap(params.market) == 0) {
            ledger.skip("openLease");
            return;
        }
        // A tier or placement nobody waiting can serve falls back to economy anywhere.
        if (_matchable(params.market, params.tier, params.placement) == 0) {
            params.tier = Tier.Economy;
            params.placement = _nowhere();
        }
        if (_matchable(params.market, params.tier, params.placement) == 0) {
            ledger.skip("openLease");
            return;
        }
        // The quote is exactly what the take pays: the slippage guard allows nothing more.
        params.maxPricePerSecond = marketplace.quotePrice(params.market, params.tier);
        params.deposit = _deposit(params.maxPricePerSecond, secondsSeed, dust);
        _openLease(ledger.pickConsumer(actorSeed), params);
    }

    function openCluster(
        uint256 actorSeed,
        uint256 marketSeed,
        uint256 membersSeed,
        uint256 secondsSeed,
        uint256 dust
    ) external step {
        OpenClusterParams memory params = OpenClusterParams({
            market: _liveMarket(marketSeed),
            tier: Tier.Economy,
            members: uint16(_bound(membersSeed, 2, 4)),
            maxPricePerSecond: 0,
            depositPerMember: 0,
            specHash: keccak256(abi.encode("cluster", actorSeed)),
            placement: _nowhere()
        });
        if (
            MarketId.unwrap(params.market) == 0
                || _matchable(params.market, params.tier, params.placement) < params.members
        ) {
            ledger.skip("openCluster");
            return;
        }
        params.maxPricePerSecond = marketplace.quotePrice(params.market, params.tier);
        params.depositPerMember = _deposit(params.maxPricePerSecond, secondsSeed, dust);
        _openCluster(ledger.pickConsumer(actorSeed), params);
    }

    // ------------------------------------------------------------------ running leases

    /// @notice Anyone may top a lease up: the payer is any consumer, not necessarily the lease's.
    function topUp(uint256 payerSeed, uint256 leaseSeed, uint256 secondsSeed, uint256 dust) external step {
        (LeaseId lease, Lease memory l) = _findLease(leaseSeed, true, _isFunded);
        if (LeaseId.unwrap(lease) == 0) {
            ledger.skip("topUp");
            return;
        }
        uint256 room = block.timestamp + marketplace.MAX_FUNDED_SECONDS() - l.fundedUntil;
        uint256 seconds_ = _bound(secondsSeed, 1, room < 1 days ? room : 1 days);
        uint256 amount = l.pricePerSecond * seconds_ + _bound(dust, 0, l.pricePerSecond - 1);
        address payer = ledger.pickConsumer(payerSeed);
        IERC20 token = _tokenOf(l.market);
        uint256 balance = token.balanceOf(payer);

        vm.prank(payer);
        marketplace.topUp(lease, amount);
        ledger.topUp(lease, balance - token.balanceOf(payer));
        ledger.count("topUp");
    }

    function closeLease(uint256 leaseSeed) external step {
        (LeaseId lease, Lease memory l) = _findLease(leaseSeed, true, _isActive);
        if (LeaseId.unwrap(lease) == 0) {
            ledger.skip("closeLease");
            return;
        }
        IERC20 token = _tokenOf(l.market);
        uint256 balance = token.balanceOf(l.consumer);
        vm.prank(l.consumer);
        uint256 refund = marketplace.closeLease(lease);
        _bookRefund(lease, token, l.consumer, balance, refund);
        ledger.count("closeLease");
    }

    // ------------------------------------------------------------------ auctions

    function createOrder(
        uint256 actorSeed,
        uint256 marketSeed,
        uint256 priceSeed,
        uint256 durationSeed,
        uint256 biddingSeed,
        uint256 placementSeed
    ) external step {
        address consumer = ledger.pickConsumer(actorSeed);
        MarketId market = _liveMarket(marketSeed);
        if (MarketId.unwrap(market) == 0) {
            ledger.skip("createOrder");
            return;
        }
        // Half to three times the market price.
        uint256 maxPrice = marketplace.quotePrice(market, Tier.Economy) * _bound(priceSeed, 50, 300) / 100;
        if (maxPrice == 0) maxPrice = 1;
        IERC20 token = _tokenOf(market);
        uint256 balance = token.balanceOf(consumer);

        vm.prank(consumer);
        OrderId order = auctions.createOrder(
            CreateOrderParams({
                market: market,
                maxPricePerSecond: maxPrice,
                durationSeconds: _bound(durationSeed, 60, MAX_LEASE_SECONDS),
                biddingSeconds: _bound(biddingSeed, 5, 12 hours),
                specHash: keccak256(abi.encode("order", actorSeed)),
                placement: _placement(placementSeed)
            })
        );
        ledger.openOrder(order, address(token), consumer, balance - token.balanceOf(consumer));
        ledger.count("createOrder");
    }

    /// @notice Cancels an order nobody fit has bid on (orders with bids are left to accept and settle).
    function cancelOrder(uint256 orderSeed) external step {
        (OrderId order, Order memory o) = _findOrder(orderSeed, _hasNoFittingBid);
        if (OrderId.unwrap(order) == 0) {
            ledger.skip("cancelOrder");
            return;
        }
        IERC20 token = _tokenOf(o.market);
        uint256 balance = token.balanceOf(o.consumer);
        vm.prank(o.consumer);
        uint256 refund = auctions.cancelOrder(order);
        uint256 received = token.balanceOf(o.consumer) - balance;
        if (received != refund || received != ledger.getOrder(OrderId.unwrap(order)).deposit) {
            ledger.mismatch("cancel refund != deposit");
        }
        ledger.closeOrder(order);
        ledger.count("cancelOrder");
    }

    function acceptBid(uint256 orderSeed, uint256 bidSeed) external step {
        (OrderId order, Order memory o) = _findOrder(orderSeed, _hasFittingBid);
        if (OrderId.unwrap(order) == 0) {
            ledger.skip("acceptBid");
            return;
        }
        Bid[] memory bids = auctions.getBids(order);
        address provider;
        for (uint256 i; i < bids.length; ++i) {
            provider = bids[_nth(bidSeed, i, bids.length)].provider;
            if (_fitsOrder(provider, o)) break;
        }
        AcceptBalances memory balances = _acceptBalances(o);
        vm.prank(o.consumer);
        try auctions.acceptBid(order, provider) returns (LeaseId lease) {
            _bookAccepted(order, o, lease, balances);
            ledger.count("acceptBid");
        } catch (bytes memory reason) {
            _refused(o.market, reason);
        }
    }

    function acceptSignedBid(uint256 orderSeed, uint256 providerSeed, uint256 priceSeed) external step {
        // Signed bids come in while the order is still taking bids; later orders are left to `settle`.
        (OrderId order, Order memory o) = _findOrder(orderSeed, _isBidding);
        address provider = OrderId.unwrap(order) == 0 ? address(0) : _fittingProvider(providerSeed, o);
        if (provider == address(0)) {
            ledger.skip("acceptSignedBid");
            return;
        }
        SignedBid memory bid = SignedBid({
            order: OrderId.unwrap(order),
            provider: provider,
            pricePerSecond: _bound(priceSeed, 1, o.maxPricePerSecond),
            deadline: block.timestamp + 1 hours
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ledger.keyOf(provider), auctions.bidDigest(bid));
        AcceptBalances memory balances = _acceptBalances(o);

        vm.prank(o.consumer);
        try auctions.acceptSignedBid(bid, abi.encodePacked(r, s, v)) returns (LeaseId lease) {
            _bookAccepted(order, o, lease, balances);
            ledger.count("acceptSignedBid");
        } catch (bytes memory reason) {
            _refused(o.market, reason);
        }
    }

    // ------------------------------------------------------------------ internal

    function _openLease(address consumer, OpenLeaseParams memory params) internal {
        IERC20 token = _tokenOf(params.market);
        uint256 balance = token.balanceOf(consumer);
        vm.prank(consumer);
        LeaseId lease = marketplace.openLease(params);
        if (_paused(params.market)) ledger.leaseOpenedWhilePaused();
        address provider = marketplace.getLease(lease).provider;
        ledger.openLease(lease, address(token), consumer, provider, balance - token.balanceOf(consumer));
        ledger.count("openLease");
    }

    /// @dev Opens a cluster and books each member's lease with an equal share of what was pulled.
    function _openCluster(address consumer, OpenClusterParams memory params) internal {
        IERC20 token = _tokenOf(params.market);
        uint256 balance = token.balanceOf(consumer);
        vm.prank(consumer);
        (, LeaseId[] memory leases) = marketplace.openCluster(params);
        if (_paused(params.market)) ledger.leaseOpenedWhilePaused();
        uint256 pulled = balance - token.balanceOf(consumer);
        uint256 members = params.members;
        if (leases.length != members || pulled % members != 0) ledger.mismatch("cluster deposit split");
        for (uint256 i; i < leases.length; ++i) {
            address provider = marketplace.getLease(leases[i]).provider;
            ledger.openLease(leases[i], address(token), consumer, provider, pulled / members);
        }
        ledger.count("openCluster");
    }

    /// @dev A deposit for one minute to `MAX_LEASE_SECONDS` at `price`, plus up to a second's worth of dust.
    function _deposit(uint256 price, uint256 secondsSeed, uint256 dust) internal pure returns (uint256) {
        return price * _bound(secondsSeed, 60, MAX_LEASE_SECONDS) + _bound(dust, 0, price - 1);
    }

    /// @dev Economy half of the time; the higher tiers only match reputable providers.
    function _tier(uint256 seed) internal pure returns (Tier) {
        uint256 r = seed % 4;
        return r == 0 ? Tier.Priority : r == 1 ? Tier.Trusted : Tier.Economy;
    }

    /// @dev No requirement most of the time, else one of the two regions providers live in.
    function _placement(uint256 seed) internal pure returns (Placement memory p) {
        if (seed % 4 != 0) return p;
        p.region = (seed / 4) % 2 == 0 ? bytes32("eu-west") : bytes32("us-east");
    }

    function _nowhere() internal pure returns (Placement memory p) {}

    function _fittingProvider(uint256 seed, Order memory o) internal view returns (address) {
        address[] memory providers = ledger.providers();
        for (uint256 i; i < providers.length; ++i) {
            address p = providers[_nth(seed, i, providers.length)];
            if (_fitsOrder(p, o)) return p;
        }
        return address(0);
    }

    function _hasNoFittingBid(OrderId order, Order memory o) internal view returns (bool) {
        return !_hasFittingBid(order, o);
    }

    function _hasFittingBid(OrderId order, Order memory o) internal view returns (bool) {
        Bid[] memory bids = auctions.getBids(order);
        for (uint256 i; i < bids.length; ++i) {
            if (_fitsOrder(bids[i].provider, o)) return true;
        }
        return false;
    }
}
