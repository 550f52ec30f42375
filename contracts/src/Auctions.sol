// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IAuctions} from "./interfaces/IAuctions.sol";
import {IMarketplace} from "./interfaces/IMarketplace.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {Hardware} from "./types/Hardware.sol";
import {LeaseId, OrderId} from "./types/Ids.sol";
import {Market, Placement} from "./types/Market.sol";
import {Bid, CreateOrderParams, Order, OrderState, SignedBid} from "./types/Order.sol";

/// @title Auctions
/// @notice See {IAuctions}.
contract Auctions is IAuctions, Ownable2Step, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice EIP-712 type of an off-chain bid.
    bytes32 public constant BID_TYPEHASH =
        keccak256("Bid(uint256 order,address provider,uint256 pricePerSecond,uint256 deadline)");

    IMarketplace public immutable marketplace;
    IProviderRegistry public immutable registry;

    /// @notice Shortest bidding window.
    uint32 public minBiddingSeconds = 5;
    /// @notice Longest bidding window.
    uint32 public maxBiddingSeconds = 1 days;
    /// @notice Shortest lease an order may ask for.
    uint32 public minDurationSeconds = 60;
    /// @notice Longest lease an order may ask for.
    uint32 public maxDurationSeconds = 365 days;
    /// @notice Most on-chain bids per order (Akash allows 20); signed bids do not count.
    uint16 public maxBidsPerOrder = 32;
    /// @notice Reputation at which a provider's bid counts at half its price in `settle`.
    uint32 public reputationWeightCap = 100_000;

    uint256 internal _orderCount;
    mapping(OrderId order => Order) internal _orders;
    mapping(OrderId order => Bid[]) internal _bids;

    /// @param marketplace_ The marketplace that opens the winning leases.
    /// @param registry_ The provider registry (eligibility, hardware, reputation).
    /// @param owner_ Owner of every parameter.
    constructor(address marketplace_, address registry_, address owner_)
        Ownable(owner_)
        EIP712("Hearth Auctions", "1")
    {
        if (marketplace_ == address(0)) revert ZeroAddress("marketplace");
        if (registry_ == address(0)) revert ZeroAddress("registry");
        marketplace = IMarketplace(marketplace_);
        registry = IProviderRegistry(registry_);
    }

    // ------------------------------------------------------------------ orders

    /// @inheritdoc IAuctions
    function createOrder(CreateOrderParams calldata params) external nonReentrant returns (OrderId order) {
        Market memory market = marketplace.getMarket(params.market);
        if (market.paused) revert IMarketplace.MarketIsPaused(params.market);
        if (params.maxPricePerSecond == 0 || params.maxPricePerSecond > type(uint72).max) {
            revert PriceInvalid(params.maxPricePerSecond);
        }
        if (params.durationSeconds < minDurationSeconds || params.durationSeconds > maxDurationSeconds) {
            revert DurationInvalid(params.durationSeconds, minDurationSeconds, maxDurationSeconds);
        }
        if (params.biddingSeconds < minBiddingSeconds || params.biddingSeconds > maxBiddingSeconds) {
            revert BiddingWindowInvalid(params.biddingSeconds, minBiddingSeconds, maxBiddingSeconds);
        }
        uint256 deposit = params.maxPricePerSecond * params.durationSeconds;
        order = OrderId.wrap(++_orderCount);
        // Safe casts: price < 2^80, duration ≤ maxDurationSeconds < 2^32, deposit < 2^112, window ≤ 1 day.
        uint40 biddingEndsAt = uint40(block.timestamp + params.biddingSeconds);
        _orders[order] = Order({
            consumer: msg.sender,
            market: params.market,
            biddingEndsAt: biddingEndsAt,
            state: OrderState.Open,
            bidCount: 0,
            maxPricePerSecond: uint96(params.maxPricePerSecond),
            durationSeconds: uint32(params.durationSeconds),
            deposit: uint128(deposit),
            specHash: params.specHash,
            placement: params.placement
        });
        emit OrderCreated(
            order,
            msg.sender,
            params.market,
            params.maxPricePerSecond,
            params.durationSeconds,
            biddingEndsAt,
            deposit,
            params.specHash
        );
        IERC20(market.config.token).safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @inheritdoc IAuctions
    function placeBid(OrderId order, uint256 pricePerSecond) external {
        Order storage o = _open(order);
        if (block.timestamp >= o.biddingEndsAt) revert BiddingClosed(order, o.biddingEndsAt);
        _checkPrice(o, pricePerSecond);
        if (!_fits(o, msg.sender)) revert ProviderUnfit(order, msg.sender);

        Bid[] storage bids = _bids[order];
        for (uint256 i; i < bids.length; ++i) {
            if (bids[i].provider == msg.sender) {
                if (pricePerSecond >= bids[i].pricePerSecond) {
                    revert BidNotLower(pricePerSecond, bids[i].pricePerSecond);
                }
                // Safe: pricePerSecond ≤ maxPricePerSecond < 2^96.
                bids[i].pricePerSecond = uint96(pricePerSecond);
                emit BidPlaced(order, msg.sender, pricePerSecond);
                return;
            }
        }
        if (bids.length >= maxBidsPerOrder) revert TooManyBids(order, maxBidsPerOrder);
        bids.push(Bid({provider: msg.sender, pricePerSecond: uint96(pricePerSecond)}));
        o.bidCount = uint16(bids.length);
        emit BidPlaced(order, msg.sender, pricePerSecond);
    }

    /// @inheritdoc IAuctions
    function acceptBid(OrderId order, address provider) external nonReentrant returns (LeaseId) {
        Order storage o = _open(order);
        if (msg.sender != o.consumer) revert CallerNotConsumer(order, msg.sender);
        Bid[] storage bids = _bids[order];
        for (uint256 i; i < bids.length; ++i) {
            if (bids[i].provider == provider) {
                if (!_fits(o, provider)) revert ProviderUnfit(order, provider);
                return _accept(order, o, provider, bids[i].pricePerSecond);
            }
        }
        revert BidNotFound(order, provider);
    }

    /// @inheritdoc IAuctions
    function acceptSignedBid(SignedBid calldata bid, bytes calldata signature)
        external
        nonReentrant
        returns (LeaseId)
    {
        OrderId order = OrderId.wrap(bid.order);
        Order storage o = _open(order);
        if (msg.sender != o.consumer) revert CallerNotConsumer(order, msg.sender);
        if (block.timestamp > bid.deadline) revert BidExpired(bid.deadline, block.timestamp);
        _checkPrice(o, bid.pricePerSecond);
        if (!SignatureChecker.isValidSignatureNow(bid.provider, _bidDigest(bid), signature)) {
            revert BidSignatureInvalid(bid.provider);
        }
        if (!_fits(o, bid.provider)) revert ProviderUnfit(order, bid.provider);
        return _accept(order, o, bid.provider, bid.pricePerSecond);
    }

    /// @inheritdoc IAuctions
    function settle(OrderId order) external nonReentrant returns (LeaseId) {
        Order storage o = _open(order);
        if (block.timestamp < o.biddingEndsAt) revert BiddingStillOpen(order, o.biddingEndsAt);
        Bid[] storage bids = _bids[order];
        uint256 cap = reputationWeightCap;
        address best;
        uint256 bestPrice;
        uint256 bestWeight;
        for (uint256 i; i < bids.length; ++i) {
            address provider = bids[i].provider;
            (bool eligible, uint32 reputation) = registry.eligibility(provider);
            if (!eligible || !_fits(o, provider)) continue;
            uint256 price = bids[i].pricePerSecond;
            // The weighted price is price × cap / weight. Compare the fractions exactly, by cross
            // multiplication (< 2^96 × 2^33: no overflow): rounded down, a dearer bid could tie with
            // a cheaper one of the same reputation and win by being earlier.
            uint256 weight = cap + (reputation > cap ? cap : reputation);
            // Strictly lower wins: among equal weighted prices the earlier bid stands.
            if (best == address(0) || price * bestWeight < bestPrice * weight) {
                best = provider;
                bestPrice = price;
                bestWeight = weight;
            }
        }
        if (best == address(0)) revert OrderHasNoEligibleBid(order, bids.length);
        return _accept(order, o, best, bestPrice);
    }

    /// @inheritdoc IAuctions
    function cancelOrder(OrderId order) external nonReentrant returns (uint256 refund) {
        Order storage o = _open(order);
        if (msg.sender != o.consumer) revert CallerNotConsumer(order, msg.sender);
        o.state = OrderState.Cancelled;
        refund = o.deposit;
        o.deposit = 0;
        emit OrderCancelled(order, refund);
        IERC20(_token(o)).safeTransfer(o.consumer, refund);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAuctions
    function getOrder(OrderId order) external view returns (Order memory) {
        return _orders[order];
    }

    /// @inheritdoc IAuctions
    function getBids(OrderId order) external view returns (Bid[] memory) {
        return _bids[order];
    }

    /// @inheritdoc IAuctions
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc IAuctions
    function bidDigest(SignedBid calldata bid) external view returns (bytes32) {
        return _bidDigest(bid);
    }

    /// @inheritdoc IAuctions
    function weightedPrice(uint256 pricePerSecond, uint32 reputation) public view returns (uint256) {
        uint256 cap = reputationWeightCap;
        uint256 r = reputation > cap ? cap : reputation;
        return pricePerSecond * cap / (cap + r);
    }

    /// @notice The EIP-712 domain separator bids are signed under.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ parameters (owner)

    /// @notice Sets the allowed bidding window range.
    function setBiddingWindow(uint32 min, uint32 max) external onlyOwner {
        if (min == 0 || min > max || max > 7 days) {
            revert ParameterOutOfRange("biddingWindow", max, min, 7 days);
        }
        emit ParameterChanged("minBiddingSeconds", minBiddingSeconds, min);
        emit ParameterChanged("maxBiddingSeconds", maxBiddingSeconds, max);
        minBiddingSeconds = min;
        maxBiddingSeconds = max;
    }

    /// @notice Sets the allowed lease duration range.
    function setDurationBounds(uint32 min, uint32 max) external onlyOwner {
        if (min == 0 || min > max || max > 5 * 365 days) {
            revert ParameterOutOfRange("durationBounds", max, min, 5 * 365 days);
        }
        emit ParameterChanged("minDurationSeconds", minDurationSeconds, min);
        emit ParameterChanged("maxDurationSeconds", maxDurationSeconds, max);
        minDurationSeconds = min;
        maxDurationSeconds = max;
    }

    /// @notice Sets the most on-chain bids an order takes.
    function setMaxBidsPerOrder(uint16 value) external onlyOwner {
        if (value == 0 || value > 256) revert ParameterOutOfRange("maxBidsPerOrder", value, 1, 256);
        emit ParameterChanged("maxBidsPerOrder", maxBidsPerOrder, value);
        maxBidsPerOrder = value;
    }

    /// @notice Sets the reputation at which a bid counts at half its price.
    function setReputationWeightCap(uint32 value) external onlyOwner {
        if (value == 0) revert ParameterOutOfRange("reputationWeightCap", value, 1, type(uint32).max);
        emit ParameterChanged("reputationWeightCap", reputationWeightCap, value);
        reputationWeightCap = value;
    }

    // ------------------------------------------------------------------ internal

    function _open(OrderId order) internal view returns (Order storage o) {
        o = _orders[order];
        if (o.state != OrderState.Open) {
            if (o.state == OrderState.None) revert OrderNotFound(order);
            revert OrderNotOpen(order, uint8(o.state));
        }
    }

    function _checkPrice(Order storage o, uint256 pricePerSecond) internal view {
        if (pricePerSecond == 0) revert BidZero();
        if (pricePerSecond > o.maxPricePerSecond) revert BidAboveMax(pricePerSecond, o.maxPricePerSecond);
    }

    function _token(Order storage o) internal view returns (address) {
        return marketplace.getMarket(o.market).config.token;
    }

    /// @dev Whether `provider` can serve `o`: eligible, reputable enough, hardware fits the market,
    ///      placed as the order asks.
    function _fits(Order storage o, address provider) internal view returns (bool) {
        (bool eligible, uint32 reputation) = registry.eligibility(provider);
        Placement memory p = o.placement;
        if (!eligible || reputation < p.minReputation) return false;
        Market memory m = marketplace.getMarket(o.market);
        Hardware memory hw = registry.getHardware(provider);
        if (m.config.gpusPerLease > 0) {
            if (m.config.gpuModel != bytes32(0) && hw.gpuModel != m.config.gpuModel) return false;
            if (hw.vramMiB < m.config.minVramMiB || hw.gpuCount < m.config.gpusPerLease) return false;
        }
        return (p.region == bytes32(0) || hw.region == p.region)
            && (hw.complianceTags & p.complianceTags) == p.complianceTags
            && hw.bandwidthMbps >= p.minBandwidthMbps;
    }

    /// @dev Closes the order for `provider` at `price`: the lease gets price × duration, the rest of the
    ///      deposit goes back to the consumer.
    function _accept(OrderId order, Order storage o, address provider, uint256 price)
        internal
        returns (LeaseId lease)
    {
        o.state = OrderState.Accepted;
        uint256 leaseDeposit = price * o.durationSeconds;
        uint256 refund = o.deposit - leaseDeposit;
        o.deposit = 0;
        IERC20 token = IERC20(_token(o));
        token.safeTransfer(address(marketplace), leaseDeposit);
        lease = _openLease(order, o, provider, price, leaseDeposit);
        emit OrderAccepted(order, provider, lease, price, refund);
        if (refund > 0) token.safeTransfer(o.consumer, refund);
    }

    function _openLease(OrderId order, Order storage o, address provider, uint256 price, uint256 deposit)
        internal
        returns (LeaseId)
    {
        return marketplace.openAuctionLease(o.consumer, provider, o.market, price, deposit, o.specHash, order);
    }

    function _bidDigest(SignedBid calldata bid) internal view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(BID_TYPEHASH, bid.order, bid.provider, bid.pricePerSecond, bid.deadline))
        );
    }
}
