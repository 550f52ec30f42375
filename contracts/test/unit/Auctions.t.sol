// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Auctions} from "../../src/Auctions.sol";
import {IAuctions} from "../../src/interfaces/IAuctions.sol";
import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {IOwnedParameters} from "../../src/interfaces/IOwnedParameters.sol";
import {ComplianceTags, GpuVendor, Hardware} from "../../src/types/Hardware.sol";
import {ClusterId, LeaseId, MarketId, OrderId} from "../../src/types/Ids.sol";
import {CloseReason, Lease, LeaseState} from "../../src/types/Lease.sol";
import {MarketConfig, Placement, Tier} from "../../src/types/Market.sol";
import {Bid, CreateOrderParams, Order, OrderState} from "../../src/types/Order.sol";

import {AuctionTestBase} from "../utils/AuctionTestBase.sol";

/// @notice Reverse auctions with on-chain bids: orders, bids, acceptance, settlement, cancellation and
///         the owner's parameters. Signed bids are in AuctionsSignedBids.t.sol.
contract AuctionsTest is AuctionTestBase {
    address internal carol = makeAddr("carol"); // neither consumer nor provider
    address internal p1;
    address internal p2;
    address internal p3;

    function setUp() public override {
        super.setUp();
        p1 = bidder("p1");
        p2 = bidder("p2");
        p3 = bidder("p3");
    }

    // ================================================================== constructor and views

    function test_constructor_setsImmutablesAndDefaults() public view {
        assertEq(address(auctions.marketplace()), address(marketplace));
        assertEq(address(auctions.registry()), address(registry));
        assertEq(auctions.owner(), owner);
        assertEq(auctions.minBiddingSeconds(), 5);
        assertEq(auctions.maxBiddingSeconds(), 1 days);
        assertEq(auctions.minDurationSeconds(), 60);
        assertEq(auctions.maxDurationSeconds(), 365 days);
        assertEq(auctions.maxBidsPerOrder(), 32);
        assertEq(auctions.reputationWeightCap(), 100_000);
        assertEq(auctions.orderCount(), 0);
        assertEq(
            auctions.BID_TYPEHASH(),
            keccak256("Bid(uint256 order,address provider,uint256 pricePerSecond,uint256 deadline)")
        );
    }

    function test_constructor_revertsWhenMarketplaceZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("marketplace")));
        new Auctions(address(0), address(registry), owner);
    }

    function test_constructor_revertsWhenRegistryZero() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnedParameters.ZeroAddress.selector, bytes32("registry")));
        new Auctions(address(marketplace), address(0), owner);
    }

    function test_constructor_revertsWhenOwnerZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new Auctions(address(marketplace), address(registry), address(0));
    }

    function test_getOrder_returnsZeroForUnknownOrder() public view {
        Order memory o = auctions.getOrder(OrderId.wrap(1));
        assertEq(o.consumer, address(0));
        assertEq(uint256(o.state), uint256(OrderState.None));
        assertEq(auctions.getBids(OrderId.wrap(1)).length, 0);
    }

    // ================================================================== createOrder

    function test_createOrder_locksMaxPriceTimesDuration() public {
        uint256 aliceBefore = usd.balanceOf(alice);
        uint40 endsAt = uint40(block.timestamp + WINDOW);

        vm.expectEmit(address(auctions));
        emit IAuctions.OrderCreated(
            OrderId.wrap(1), alice, usdMarket, MAX_PRICE, DURATION, endsAt, DEPOSIT, SPEC
        );
        vm.expectEmit(address(usd));
        emit IERC20.Transfer(alice, address(auctions), DEPOSIT);
        OrderId order = createOrder();

        assertEq(OrderId.unwrap(order), 1);
        assertEq(auctions.orderCount(), 1);
        assertEq(usd.balanceOf(alice), aliceBefore - DEPOSIT);
        assertEq(usd.balanceOf(address(auctions)), DEPOSIT);
        Order memory o = auctions.getOrder(order);
        assertEq(o.consumer, alice);
        assertEq(MarketId.unwrap(o.market), MarketId.unwrap(usdMarket));
        assertEq(o.biddingEndsAt, endsAt);
        assertEq(uint256(o.state), uint256(OrderState.Open));
        assertEq(o.bidCount, 0);
        assertEq(o.maxPricePerSecond, MAX_PRICE);
        assertEq(o.durationSeconds, DURATION);
        assertEq(o.deposit, DEPOSIT);
        assertEq(o.specHash, SPEC);
    }

    function test_createOrder_storesPlacement() public {
        Placement memory placement = Placement({
            region: "eu-west",
            complianceTags: ComplianceTags.GDPR | ComplianceTags.SOC2,
            minBandwidthMbps: 500,
            minReputation: 3000
        });
        OrderId order = createOrder(alice, orderParams(placement));
        Placement memory stored = auctions.getOrder(order).placement;
        assertEq(stored.region, "eu-west");
        assertEq(stored.complianceTags, ComplianceTags.GDPR | ComplianceTags.SOC2);
        assertEq(stored.minBandwidthMbps, 500);
        assertEq(stored.minReputation, 3000);
    }

    function test_createOrder_paysInTheMarketsToken() public {
        CreateOrderParams memory params = orderParams();
        params.market = heatMarket;
        params.maxPricePerSecond = HEAT_PRICE;
        uint256 heatBefore = heat.balanceOf(alice);
        uint256 usdBefore = usd.balanceOf(alice);

        createOrder(alice, params);

        assertEq(heat.balanceOf(alice), heatBefore - uint256(HEAT_PRICE) * DURATION);
        assertEq(heat.balanceOf(address(auctions)), uint256(HEAT_PRICE) * DURATION);
        assertEq(usd.balanceOf(alice), usdBefore);
    }

    function test_createOrder_numbersOrdersFromOne() public {
        OrderId first = createOrder();
        OrderId second = createOrder(bob, orderParams());
        assertEq(OrderId.unwrap(first), 1);
        assertEq(OrderId.unwrap(second), 2);
        assertEq(auctions.orderCount(), 2);
        assertEq(auctions.getOrder(second).consumer, bob);
        assertEq(usd.balanceOf(address(auctions)), 2 * DEPOSIT);
    }

    function test_createOrder_acceptsBoundaryValues() public {
        CreateOrderParams memory params = orderParams();
        params.market = heatMarket;
        params.maxPricePerSecond = type(uint72).max;
        params.durationSeconds = 60;
        params.biddingSeconds = 5;
        OrderId order = createOrder(alice, params);

        Order memory o = auctions.getOrder(order);
        assertEq(o.maxPricePerSecond, type(uint72).max);
        assertEq(o.deposit, uint256(type(uint72).max) * 60);
        assertEq(o.biddingEndsAt, block.timestamp + 5);

        params.maxPricePerSecond = 1;
        params.durationSeconds = 365 days;
        params.biddingSeconds = 1 days;
        o = auctions.getOrder(createOrder(alice, params));
        assertEq(o.deposit, 365 days);
        assertEq(o.biddingEndsAt, block.timestamp + 1 days);
    }

    function test_createOrder_revertsWhenMarketIsPaused() public {
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        auctions.createOrder(orderParams());
    }

    function test_createOrder_revertsWhenMarketNotFound() public {
        CreateOrderParams memory params = orderParams();
        params.market = MarketId.wrap(99);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketNotFound.selector, MarketId.wrap(99)));
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenPriceZero() public {
        CreateOrderParams memory params = orderParams();
        params.maxPricePerSecond = 0;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.PriceInvalid.selector, 0));
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenPriceAboveUint72() public {
        CreateOrderParams memory params = orderParams();
        params.maxPricePerSecond = uint256(type(uint72).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.PriceInvalid.selector, uint256(type(uint72).max) + 1)
        );
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenDurationTooShort() public {
        CreateOrderParams memory params = orderParams();
        params.durationSeconds = 59;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.DurationInvalid.selector, 59, 60, 365 days));
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenDurationTooLong() public {
        CreateOrderParams memory params = orderParams();
        params.durationSeconds = 365 days + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.DurationInvalid.selector, 365 days + 1, 60, 365 days)
        );
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenBiddingWindowTooShort() public {
        CreateOrderParams memory params = orderParams();
        params.biddingSeconds = 4;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BiddingWindowInvalid.selector, 4, 5, 1 days));
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenBiddingWindowTooLong() public {
        CreateOrderParams memory params = orderParams();
        params.biddingSeconds = 1 days + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.BiddingWindowInvalid.selector, 1 days + 1, 5, 1 days)
        );
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_createOrder_revertsWhenDepositNotApproved() public {
        usd.faucet(carol, DEPOSIT);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(auctions), 0, DEPOSIT
            )
        );
        vm.prank(carol);
        auctions.createOrder(orderParams());
        assertEq(auctions.orderCount(), 0);
    }

    // ================================================================== placeBid

    function test_placeBid_recordsBidAndMovesNoTokens() public {
        OrderId order = createOrder();
        uint256 p1Usd = usd.balanceOf(p1);
        uint256 p1Heat = heat.balanceOf(p1);

        vm.expectEmit(address(auctions));
        emit IAuctions.BidPlaced(order, p1, 90);
        placeBid(p1, order, 90);

        Bid[] memory bids = auctions.getBids(order);
        assertEq(bids.length, 1);
        assertEq(bids[0].provider, p1);
        assertEq(bids[0].pricePerSecond, 90);
        assertEq(auctions.getOrder(order).bidCount, 1);
        assertEq(usd.balanceOf(p1), p1Usd);
        assertEq(heat.balanceOf(p1), p1Heat);
        assertEq(usd.balanceOf(address(auctions)), DEPOSIT);
    }

    function test_placeBid_keepsBidsInArrivalOrder() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 70);
        placeBid(p3, order, 100);

        Bid[] memory bids = auctions.getBids(order);
        assertEq(bids.length, 3);
        assertEq(bids[0].provider, p1);
        assertEq(bids[1].provider, p2);
        assertEq(bids[1].pricePerSecond, 70);
        assertEq(bids[2].provider, p3);
        assertEq(auctions.getOrder(order).bidCount, 3);
    }

    function test_placeBid_acceptsPriceEqualToMax() public {
        OrderId order = createOrder();
        placeBid(p1, order, MAX_PRICE);
        assertEq(auctions.getBids(order)[0].pricePerSecond, MAX_PRICE);
    }

    function test_placeBid_acceptsBidOneSecondBeforeWindowEnds() public {
        OrderId order = createOrder();
        vm.warp(auctions.getOrder(order).biddingEndsAt - 1);
        placeBid(p1, order, 90);
        assertEq(auctions.getBids(order).length, 1);
    }

    function test_placeBid_revertsWhenBiddingClosed() public {
        OrderId order = createOrder();
        uint40 endsAt = auctions.getOrder(order).biddingEndsAt;
        vm.warp(endsAt);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BiddingClosed.selector, order, endsAt));
        placeBid(p1, order, 90);
    }

    function test_placeBid_revertsWhenBidZero() public {
        OrderId order = createOrder();
        vm.expectRevert(IAuctions.BidZero.selector);
        placeBid(p1, order, 0);
    }

    function test_placeBid_revertsWhenBidAboveMax() public {
        OrderId order = createOrder();
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidAboveMax.selector, MAX_PRICE + 1, MAX_PRICE));
        placeBid(p1, order, MAX_PRICE + 1);
    }

    function test_placeBid_revertsWhenOrderNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderNotFound.selector, OrderId.wrap(7)));
        placeBid(p1, OrderId.wrap(7), 90);
    }

    function test_placeBid_revertsWhenOrderAccepted() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        vm.prank(alice);
        auctions.acceptBid(order, p1);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Accepted))
        );
        placeBid(p2, order, 80);
    }

    function test_placeBid_revertsWhenOrderCancelled() public {
        OrderId order = createOrder();
        vm.prank(alice);
        auctions.cancelOrder(order);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Cancelled))
        );
        placeBid(p1, order, 90);
    }

    // ---------------------------------------------------------------- placeBid: provider fitness

    function test_placeBid_revertsWhenProviderUnregistered() public {
        OrderId order = createOrder();
        _expectUnfit(order, carol);
    }

    function test_placeBid_revertsWhenProviderUnstaked() public {
        OrderId order = createOrder();
        unstake(p1);
        _expectUnfit(order, p1);
    }

    function test_placeBid_revertsWhenGpuModelDiffers() public {
        Hardware memory hw = rtx4090(1);
        hw.gpuModel = "rtx-3090";
        address who = bidder("rtx3090", hw);
        OrderId order = createOrder();
        _expectUnfit(order, who);
    }

    function test_placeBid_revertsWhenVramTooSmall() public {
        Hardware memory hw = rtx4090(1);
        hw.vramMiB = 23_999; // the market asks for 24 000 MiB
        address who = bidder("small-vram", hw);
        OrderId order = createOrder();
        _expectUnfit(order, who);
    }

    function test_placeBid_revertsWhenTooFewGpus() public {
        MarketId pairs = _createMarket(_pairConfig());
        CreateOrderParams memory params = orderParams();
        params.market = pairs;
        OrderId order = createOrder(alice, params);

        _expectUnfit(order, p1); // one GPU, the market rents two per lease
        address twoGpus = bidder("two-gpus", rtx4090(2));
        placeBid(twoGpus, order, 90);
        assertEq(auctions.getBids(order)[0].provider, twoGpus);
    }

    function test_placeBid_revertsWhenRegionDiffers() public {
        OrderId order = createOrder(alice, orderParams(inRegion("us-east")));
        _expectUnfit(order, p1); // eu-west
    }

    function test_placeBid_revertsWhenComplianceTagMissing() public {
        Placement memory placement = noPlacement();
        placement.complianceTags = ComplianceTags.GDPR | ComplianceTags.HIPAA;
        OrderId order = createOrder(alice, orderParams(placement));
        _expectUnfit(order, p1); // GDPR only
    }

    function test_placeBid_revertsWhenBandwidthTooLow() public {
        Placement memory placement = noPlacement();
        placement.minBandwidthMbps = 1001;
        OrderId order = createOrder(alice, orderParams(placement));
        _expectUnfit(order, p1); // 1000 Mbps
    }

    function test_placeBid_revertsWhenReputationTooLow() public {
        Placement memory placement = noPlacement();
        placement.minReputation = 2000;
        OrderId order = createOrder(alice, orderParams(placement));
        giveReputation(p1, 1);
        _expectUnfit(order, p1);

        giveReputation(p1, 1);
        placeBid(p1, order, 90);
        assertEq(auctions.getBids(order).length, 1);
    }

    function test_placeBid_acceptsProviderMeetingThePlacementExactly() public {
        Placement memory placement = Placement({
            region: "eu-west",
            complianceTags: ComplianceTags.GDPR,
            minBandwidthMbps: 1000,
            minReputation: 1000
        });
        OrderId order = createOrder(alice, orderParams(placement));
        giveReputation(p1, 1);
        placeBid(p1, order, 90);
        assertEq(auctions.getBids(order)[0].provider, p1);
    }

    function test_placeBid_acceptsAnyMachineInCpuOnlyMarket() public {
        MarketConfig memory config = marketConfig(address(usd), USD_PRICE);
        config.gpuModel = bytes32(0);
        config.gpusPerLease = 0;
        config.minVramMiB = 0;
        CreateOrderParams memory params = orderParams();
        params.market = _createMarket(config);
        OrderId order = createOrder(alice, params);

        Hardware memory cpu = rtx4090(1);
        cpu.gpuVendor = GpuVendor.None;
        cpu.gpuModel = bytes32(0);
        cpu.gpuCount = 0;
        cpu.vramMiB = 0;
        address cpuBox = bidder("cpu-box", cpu);
        placeBid(cpuBox, order, 90);
        placeBid(p1, order, 95);
        assertEq(auctions.getBids(order).length, 2);
    }

    // ---------------------------------------------------------------- placeBid: re-bidding and limits

    function test_placeBid_lowersOwnBidInPlace() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 85);

        vm.expectEmit(address(auctions));
        emit IAuctions.BidPlaced(order, p1, 80);
        placeBid(p1, order, 80);

        Bid[] memory bids = auctions.getBids(order);
        assertEq(bids.length, 2);
        assertEq(bids[0].provider, p1);
        assertEq(bids[0].pricePerSecond, 80);
        assertEq(bids[1].provider, p2);
        assertEq(auctions.getOrder(order).bidCount, 2);
    }

    function test_placeBid_revertsWhenBidNotLower() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);

        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidNotLower.selector, 90, 90));
        placeBid(p1, order, 90);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidNotLower.selector, 95, 90));
        placeBid(p1, order, 95);
        assertEq(auctions.getBids(order)[0].pricePerSecond, 90);
    }

    function test_placeBid_revertsWhenTooManyBids() public {
        OrderId order = createOrder();
        for (uint256 i; i < 32; ++i) {
            placeBid(bidder(string.concat("bidder-", vm.toString(i))), order, 90);
        }
        assertEq(auctions.getOrder(order).bidCount, 32);

        vm.expectRevert(abi.encodeWithSelector(IAuctions.TooManyBids.selector, order, 32));
        placeBid(p1, order, 50);
    }

    function test_placeBid_lowersOwnBidWhenOrderIsFull() public {
        vm.prank(owner);
        auctions.setMaxBidsPerOrder(2);
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 90);

        vm.expectRevert(abi.encodeWithSelector(IAuctions.TooManyBids.selector, order, 2));
        placeBid(p3, order, 80);

        placeBid(p2, order, 70);
        assertEq(auctions.getBids(order)[1].pricePerSecond, 70);
        assertEq(auctions.getBids(order).length, 2);
    }

    // ================================================================== acceptBid

    function test_acceptBid_opensLeaseAndRefundsTheRest() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 80);
        uint256 aliceBefore = usd.balanceOf(alice);
        uint256 leaseDeposit = 80 * DURATION;
        uint256 refund = DEPOSIT - leaseDeposit;

        vm.expectEmit(address(marketplace));
        emit IMarketplace.LeaseOpened(
            LeaseId.wrap(1),
            alice,
            p2,
            usdMarket,
            Tier.Economy,
            80,
            leaseDeposit,
            SPEC,
            order,
            ClusterId.wrap(0)
        );
        vm.expectEmit(address(auctions));
        emit IAuctions.OrderAccepted(order, p2, LeaseId.wrap(1), 80, refund);
        vm.expectEmit(address(usd));
        emit IERC20.Transfer(address(auctions), alice, refund);
        vm.prank(alice);
        LeaseId lease = auctions.acceptBid(order, p2);

        assertEq(LeaseId.unwrap(lease), 1);
        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        assertEq(usd.balanceOf(address(auctions)), 0);
        assertEq(usd.balanceOf(address(marketplace)), leaseDeposit);
        assertEq(marketplace.escrowed(lease), leaseDeposit);

        Lease memory l = marketplace.getLease(lease);
        assertEq(l.consumer, alice);
        assertEq(l.provider, p2);
        assertEq(MarketId.unwrap(l.market), MarketId.unwrap(usdMarket));
        assertEq(uint256(l.state), uint256(LeaseState.Active));
        assertEq(l.pricePerSecond, 80);
        assertEq(l.paidUntil, block.timestamp);
        assertEq(l.fundedUntil, block.timestamp + DURATION);

        Order memory o = auctions.getOrder(order);
        assertEq(uint256(o.state), uint256(OrderState.Accepted));
        assertEq(o.deposit, 0);
    }

    function test_acceptBid_refundsNothingWhenBidIsTheMax() public {
        OrderId order = createOrder();
        placeBid(p1, order, MAX_PRICE);
        uint256 aliceBefore = usd.balanceOf(alice);

        vm.expectEmit(address(auctions));
        emit IAuctions.OrderAccepted(order, p1, LeaseId.wrap(1), MAX_PRICE, 0);
        vm.prank(alice);
        auctions.acceptBid(order, p1);

        assertEq(usd.balanceOf(alice), aliceBefore);
        assertEq(usd.balanceOf(address(marketplace)), DEPOSIT);
    }

    function test_acceptBid_acceptsAfterTheWindow() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        skip(WINDOW + 1 days);
        vm.prank(alice);
        LeaseId lease = auctions.acceptBid(order, p1);
        assertEq(marketplace.getLease(lease).fundedUntil, block.timestamp + DURATION);
    }

    function test_acceptBid_leavesTheProvidersQueuePlace() public {
        address queued = queuedProvider("queued", usdMarket);
        OrderId order = createOrder();
        placeBid(queued, order, 90);
        vm.prank(alice);
        auctions.acceptBid(order, queued);

        // Auction leases do not take queue slots: the provider still waits with its one slot.
        assertEq(marketplace.getQueueEntry(queued).slots, 1);
        assertEq(marketplace.getMarket(usdMarket).head, queued);
    }

    function test_acceptBid_revertsWhenMarketPausedAfterOrder() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);

        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        auctions.acceptBid(order, p1);
        assertEq(marketplace.leaseCount(), 0);
        assertEq(usd.balanceOf(address(auctions)), DEPOSIT);

        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, false);
        vm.prank(alice);
        auctions.acceptBid(order, p1);
        assertEq(marketplace.leaseCount(), 1);
    }

    function test_acceptBid_revertsWhenCallerNotConsumer() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.CallerNotConsumer.selector, order, bob));
        vm.prank(bob);
        auctions.acceptBid(order, p1);
    }

    function test_acceptBid_revertsWhenBidNotFound() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidNotFound.selector, order, p2));
        vm.prank(alice);
        auctions.acceptBid(order, p2);
    }

    function test_acceptBid_revertsWhenBidderBecameIneligible() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        unstake(p1);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.ProviderUnfit.selector, order, p1));
        vm.prank(alice);
        auctions.acceptBid(order, p1);
    }

    function test_acceptBid_revertsWhenBidderMovedOutOfRegion() public {
        OrderId order = createOrder(alice, orderParams(inRegion("eu-west")));
        placeBid(p1, order, 90);
        Hardware memory moved = rtx4090(1);
        moved.region = "us-east";
        vm.prank(p1);
        registry.updateHardware(moved);

        vm.expectRevert(abi.encodeWithSelector(IAuctions.ProviderUnfit.selector, order, p1));
        vm.prank(alice);
        auctions.acceptBid(order, p1);
    }

    function test_acceptBid_revertsWhenOrderNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderNotFound.selector, OrderId.wrap(3)));
        vm.prank(alice);
        auctions.acceptBid(OrderId.wrap(3), p1);
    }

    function test_acceptBid_revertsWhenAlreadyAccepted() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 80);
        vm.prank(alice);
        auctions.acceptBid(order, p1);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Accepted))
        );
        vm.prank(alice);
        auctions.acceptBid(order, p2);
        assertEq(marketplace.leaseCount(), 1);
    }

    function test_acceptBid_revertsWhenCancelled() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        vm.prank(alice);
        auctions.cancelOrder(order);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Cancelled))
        );
        vm.prank(alice);
        auctions.acceptBid(order, p1);
    }

    // ================================================================== settle

    function test_settle_revertsWhileBiddingOpen() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        uint40 endsAt = auctions.getOrder(order).biddingEndsAt;
        vm.warp(endsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BiddingStillOpen.selector, order, endsAt));
        auctions.settle(order);
    }

    function test_settle_anyoneOpensLeaseForLowestBidAtWindowEnd() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 70);
        placeBid(p3, order, 80);
        vm.warp(auctions.getOrder(order).biddingEndsAt);
        uint256 aliceBefore = usd.balanceOf(alice);
        uint256 carolBefore = usd.balanceOf(carol);
        uint256 refund = DEPOSIT - 70 * DURATION;

        vm.expectEmit(address(marketplace));
        emit IMarketplace.LeaseOpened(
            LeaseId.wrap(1),
            alice,
            p2,
            usdMarket,
            Tier.Economy,
            70,
            70 * DURATION,
            SPEC,
            order,
            ClusterId.wrap(0)
        );
        vm.expectEmit(address(auctions));
        emit IAuctions.OrderAccepted(order, p2, LeaseId.wrap(1), 70, refund);
        vm.prank(carol);
        LeaseId lease = auctions.settle(order);

        assertEq(marketplace.getLease(lease).provider, p2);
        assertEq(marketplace.getLease(lease).consumer, alice);
        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        assertEq(usd.balanceOf(carol), carolBefore);
        assertEq(usd.balanceOf(address(marketplace)), 70 * DURATION);
        assertEq(uint256(auctions.getOrder(order).state), uint256(OrderState.Accepted));
    }

    function test_settle_moreReputableDearerBidBeatsCheaperOne() public {
        OrderId order = createOrder();
        placeBid(p1, order, 80); // reputation 0: counts as 80
        giveReputation(p2, 50); // reputation 50 000 of a 100 000 cap
        placeBid(p2, order, 100); // counts as 100 × 100 000 / 150 000 = 66
        assertEq(auctions.weightedPrice(100, 50_000), 66);

        skip(WINDOW);
        LeaseId lease = auctions.settle(order);
        assertEq(marketplace.getLease(lease).provider, p2);
        assertEq(marketplace.getLease(lease).pricePerSecond, 100);
    }

    function test_settle_reputationDoesNotBeatAMuchCheaperBid() public {
        OrderId order = createOrder();
        placeBid(p1, order, 40); // counts as 40
        giveReputation(p2, 50);
        placeBid(p2, order, 100); // counts as 66
        skip(WINDOW);
        assertEq(marketplace.getLease(auctions.settle(order)).provider, p1);
    }

    function test_settle_countsReputationAboveTheCapAsTheCap() public {
        vm.prank(owner);
        auctions.setReputationWeightCap(1000);
        giveReputation(p1, 3); // 3000, three times the cap: still only half price
        OrderId order = createOrder();
        placeBid(p1, order, 60); // counts as 30, not 15
        placeBid(p2, order, 25); // reputation 0: counts as 25
        skip(WINDOW);
        assertEq(marketplace.getLease(auctions.settle(order)).provider, p2);
    }

    function test_settle_tieGoesToTheEarlierBid() public {
        OrderId order = createOrder();
        placeBid(p1, order, 80);
        placeBid(p2, order, 80);
        skip(WINDOW);
        assertEq(marketplace.getLease(auctions.settle(order)).provider, p1);
    }

    function test_settle_weightedTieGoesToTheEarlierBid() public {
        vm.prank(owner);
        auctions.setReputationWeightCap(1000);
        giveReputation(p2, 1); // at the cap: bids count at half price

        OrderId first = createOrder();
        placeBid(p1, first, 50); // counts as 50
        placeBid(p2, first, 100); // counts as 50 too
        OrderId second = createOrder();
        placeBid(p2, second, 100);
        placeBid(p1, second, 50);
        skip(WINDOW);

        assertEq(marketplace.getLease(auctions.settle(first)).provider, p1);
        assertEq(marketplace.getLease(auctions.settle(second)).provider, p2);
    }

    function test_settle_lowerPriceWinsAmongEquallyReputableBidders() public {
        // Both providers have done one job. 102 and 101 both weigh 100 once rounded down; the
        // consumer must still get the cheaper bid, not the earlier one.
        giveReputation(p1, 1);
        giveReputation(p2, 1);
        CreateOrderParams memory params = orderParams();
        params.maxPricePerSecond = 200;
        OrderId order = createOrder(alice, params);
        placeBid(p1, order, 102);
        placeBid(p2, order, 101);
        skip(WINDOW);

        LeaseId lease = auctions.settle(order);
        assertEq(marketplace.getLease(lease).provider, p2);
        assertEq(marketplace.getLease(lease).pricePerSecond, 101);
    }

    function testFuzz_settle_winnerHasTheLowestExactWeightedPrice(
        uint256 price1,
        uint256 price2,
        uint256 jobs1,
        uint256 jobs2
    ) public {
        price1 = bound(price1, 1, MAX_PRICE);
        price2 = bound(price2, 1, MAX_PRICE);
        giveReputation(p1, bound(jobs1, 0, 8));
        giveReputation(p2, bound(jobs2, 0, 8));
        OrderId order = createOrder();
        placeBid(p1, order, price1);
        placeBid(p2, order, price2);
        skip(WINDOW);

        address winner = marketplace.getLease(auctions.settle(order)).provider;
        // p2 wins only when price2 / (cap + r2) < price1 / (cap + r1), compared exactly.
        uint256 r1 = 1000 * bound(jobs1, 0, 8);
        uint256 r2 = 1000 * bound(jobs2, 0, 8);
        assertEq(winner, price2 * (100_000 + r1) < price1 * (100_000 + r2) ? p2 : p1);
    }

    function test_settle_lowerBidCountsAfterRebid() public {
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 80);
        placeBid(p1, order, 75);
        skip(WINDOW);
        LeaseId lease = auctions.settle(order);
        assertEq(marketplace.getLease(lease).provider, p1);
        assertEq(marketplace.getLease(lease).pricePerSecond, 75);
    }

    function test_settle_skipsBidsOfIneligibleProviders() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        placeBid(p2, order, 90);
        placeBid(p3, order, 80);
        unstake(p1);
        skip(WINDOW);
        assertEq(marketplace.getLease(auctions.settle(order)).provider, p3);
    }

    function test_settle_skipsBidsOfProvidersThatNoLongerFit() public {
        OrderId order = createOrder(alice, orderParams(inRegion("eu-west")));
        placeBid(p1, order, 60);
        placeBid(p2, order, 90);
        Hardware memory moved = rtx4090(1);
        moved.region = "us-east";
        vm.prank(p1);
        registry.updateHardware(moved);
        skip(WINDOW);
        assertEq(marketplace.getLease(auctions.settle(order)).provider, p2);
    }

    function test_settle_revertsWhenNoBids() public {
        OrderId order = createOrder();
        skip(WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderHasNoEligibleBid.selector, order, 0));
        auctions.settle(order);
    }

    function test_settle_revertsWhenNoBidderIsEligible() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        placeBid(p2, order, 70);
        unstake(p1);
        unstake(p2);
        skip(WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderHasNoEligibleBid.selector, order, 2));
        auctions.settle(order);
        assertEq(usd.balanceOf(address(auctions)), DEPOSIT);
    }

    function test_settle_revertsWhenMarketPaused() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        skip(WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        auctions.settle(order);
    }

    function test_settle_revertsWhenOrderNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderNotFound.selector, OrderId.wrap(1)));
        auctions.settle(OrderId.wrap(1));
    }

    function test_settle_revertsWhenAlreadySettled() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        skip(WINDOW);
        auctions.settle(order);
        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Accepted))
        );
        auctions.settle(order);
    }

    function test_settle_revertsWhenCancelled() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        vm.prank(alice);
        auctions.cancelOrder(order);
        skip(WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Cancelled))
        );
        auctions.settle(order);
    }

    // ================================================================== cancelOrder

    function test_cancelOrder_refundsWholeDepositAtOnce() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        uint256 aliceBefore = usd.balanceOf(alice);

        vm.expectEmit(address(auctions));
        emit IAuctions.OrderCancelled(order, DEPOSIT);
        vm.expectEmit(address(usd));
        emit IERC20.Transfer(address(auctions), alice, DEPOSIT);
        vm.prank(alice);
        uint256 refund = auctions.cancelOrder(order);

        assertEq(refund, DEPOSIT);
        assertEq(usd.balanceOf(alice), aliceBefore + DEPOSIT);
        assertEq(usd.balanceOf(address(auctions)), 0);
        Order memory o = auctions.getOrder(order);
        assertEq(uint256(o.state), uint256(OrderState.Cancelled));
        assertEq(o.deposit, 0);
        assertEq(marketplace.leaseCount(), 0);
    }

    function test_cancelOrder_worksAfterTheWindow() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        skip(WINDOW + 30 days);
        uint256 aliceBefore = usd.balanceOf(alice);
        vm.prank(alice);
        auctions.cancelOrder(order);
        assertEq(usd.balanceOf(alice), aliceBefore + DEPOSIT);
    }

    function test_cancelOrder_refundsWhenMarketPaused() public {
        OrderId order = createOrder();
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        uint256 aliceBefore = usd.balanceOf(alice);
        vm.prank(alice);
        auctions.cancelOrder(order);
        assertEq(usd.balanceOf(alice), aliceBefore + DEPOSIT);
    }

    function test_cancelOrder_leavesOtherOrdersLocked() public {
        OrderId mine = createOrder();
        createOrder(bob, orderParams());
        vm.prank(alice);
        auctions.cancelOrder(mine);
        assertEq(usd.balanceOf(address(auctions)), DEPOSIT);
    }

    function test_cancelOrder_revertsWhenCallerNotConsumer() public {
        OrderId order = createOrder();
        vm.expectRevert(abi.encodeWithSelector(IAuctions.CallerNotConsumer.selector, order, bob));
        vm.prank(bob);
        auctions.cancelOrder(order);
    }

    function test_cancelOrder_revertsWhenCancelledTwice() public {
        OrderId order = createOrder();
        vm.prank(alice);
        auctions.cancelOrder(order);
        uint256 aliceBefore = usd.balanceOf(alice);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Cancelled))
        );
        vm.prank(alice);
        auctions.cancelOrder(order);
        assertEq(usd.balanceOf(alice), aliceBefore);
    }

    function test_cancelOrder_revertsWhenAccepted() public {
        OrderId order = createOrder();
        placeBid(p1, order, 60);
        vm.prank(alice);
        auctions.acceptBid(order, p1);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Accepted))
        );
        vm.prank(alice);
        auctions.cancelOrder(order);
    }

    function test_cancelOrder_revertsWhenOrderNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderNotFound.selector, OrderId.wrap(1)));
        vm.prank(alice);
        auctions.cancelOrder(OrderId.wrap(1));
    }

    // ================================================================== weightedPrice

    function test_weightedPrice_isThePriceWithoutReputation() public view {
        assertEq(auctions.weightedPrice(1000, 0), 1000);
    }

    function test_weightedPrice_isHalfThePriceAtTheCap() public view {
        assertEq(auctions.weightedPrice(1000, 100_000), 500);
        assertEq(auctions.weightedPrice(1000, type(uint32).max), 500);
    }

    function test_weightedPrice_scalesBelowTheCap() public view {
        assertEq(auctions.weightedPrice(1000, 50_000), 666); // 1000 / 1.5, rounded down
        assertEq(auctions.weightedPrice(1000, 25_000), 800); // 1000 / 1.25
    }

    function test_weightedPrice_followsTheCap() public {
        vm.prank(owner);
        auctions.setReputationWeightCap(1000);
        assertEq(auctions.weightedPrice(1000, 1000), 500);
        assertEq(auctions.weightedPrice(1000, 500), 666);
    }

    function testFuzz_weightedPrice_staysBetweenHalfAndFullPrice(uint256 price, uint32 reputation)
        public
        view
    {
        price = bound(price, 1, type(uint96).max);
        uint256 weighted = auctions.weightedPrice(price, reputation);
        assertLe(weighted, price);
        assertGe(weighted, price / 2);
    }

    function testFuzz_weightedPrice_neverRisesWithReputation(uint256 price, uint32 a, uint32 b) public view {
        price = bound(price, 1, type(uint96).max);
        (uint32 lo, uint32 hi) = a < b ? (a, b) : (b, a);
        assertGe(auctions.weightedPrice(price, lo), auctions.weightedPrice(price, hi));
    }

    // ================================================================== parameters

    function test_setBiddingWindow_setsBoundsAndEmits() public {
        vm.expectEmit(address(auctions));
        emit IOwnedParameters.ParameterChanged("minBiddingSeconds", 5, 30);
        vm.expectEmit(address(auctions));
        emit IOwnedParameters.ParameterChanged("maxBiddingSeconds", 1 days, 7 days);
        vm.prank(owner);
        auctions.setBiddingWindow(30, 7 days);

        assertEq(auctions.minBiddingSeconds(), 30);
        assertEq(auctions.maxBiddingSeconds(), 7 days);
        CreateOrderParams memory params = orderParams();
        params.biddingSeconds = 29;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BiddingWindowInvalid.selector, 29, 30, 7 days));
        vm.prank(alice);
        auctions.createOrder(params);
        params.biddingSeconds = 7 days;
        createOrder(alice, params);
    }

    function test_setBiddingWindow_acceptsEqualBounds() public {
        vm.prank(owner);
        auctions.setBiddingWindow(60, 60);
        assertEq(auctions.minBiddingSeconds(), 60);
        assertEq(auctions.maxBiddingSeconds(), 60);
    }

    function test_setBiddingWindow_revertsWhenMinZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("biddingWindow"), 60, 0, 7 days
            )
        );
        vm.prank(owner);
        auctions.setBiddingWindow(0, 60);
    }

    function test_setBiddingWindow_revertsWhenMinAboveMax() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("biddingWindow"), 60, 61, 7 days
            )
        );
        vm.prank(owner);
        auctions.setBiddingWindow(61, 60);
    }

    function test_setBiddingWindow_revertsWhenMaxAboveSevenDays() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("biddingWindow"), 7 days + 1, 5, 7 days
            )
        );
        vm.prank(owner);
        auctions.setBiddingWindow(5, 7 days + 1);
    }

    function test_setBiddingWindow_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        auctions.setBiddingWindow(5, 60);
    }

    function test_setDurationBounds_setsBoundsAndEmits() public {
        vm.expectEmit(address(auctions));
        emit IOwnedParameters.ParameterChanged("minDurationSeconds", 60, 600);
        vm.expectEmit(address(auctions));
        emit IOwnedParameters.ParameterChanged("maxDurationSeconds", 365 days, 5 * 365 days);
        vm.prank(owner);
        auctions.setDurationBounds(600, 5 * 365 days);

        assertEq(auctions.minDurationSeconds(), 600);
        assertEq(auctions.maxDurationSeconds(), 5 * 365 days);
        CreateOrderParams memory params = orderParams();
        params.durationSeconds = 599;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.DurationInvalid.selector, 599, 600, 5 * 365 days));
        vm.prank(alice);
        auctions.createOrder(params);
    }

    function test_setDurationBounds_revertsWhenMinZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("durationBounds"),
                3600,
                0,
                5 * 365 days
            )
        );
        vm.prank(owner);
        auctions.setDurationBounds(0, 3600);
    }

    function test_setDurationBounds_revertsWhenMinAboveMax() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("durationBounds"),
                3600,
                3601,
                5 * 365 days
            )
        );
        vm.prank(owner);
        auctions.setDurationBounds(3601, 3600);
    }

    function test_setDurationBounds_revertsWhenMaxAboveFiveYears() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("durationBounds"),
                5 * 365 days + 1,
                60,
                5 * 365 days
            )
        );
        vm.prank(owner);
        auctions.setDurationBounds(60, 5 * 365 days + 1);
    }

    function test_setDurationBounds_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        auctions.setDurationBounds(60, 3600);
    }

    function test_setMaxBidsPerOrder_setsAndEmits() public {
        vm.expectEmit(address(auctions));
        emit IOwnedParameters.ParameterChanged("maxBidsPerOrder", 32, 256);
        vm.prank(owner);
        auctions.setMaxBidsPerOrder(256);
        assertEq(auctions.maxBidsPerOrder(), 256);

        vm.prank(owner);
        auctions.setMaxBidsPerOrder(1);
        OrderId order = createOrder();
        placeBid(p1, order, 90);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.TooManyBids.selector, order, 1));
        placeBid(p2, order, 80);
    }

    function test_setMaxBidsPerOrder_revertsWhenZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("maxBidsPerOrder"), 0, 1, 256
            )
        );
        vm.prank(owner);
        auctions.setMaxBidsPerOrder(0);
    }

    function test_setMaxBidsPerOrder_revertsWhenAbove256() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector, bytes32("maxBidsPerOrder"), 257, 1, 256
            )
        );
        vm.prank(owner);
        auctions.setMaxBidsPerOrder(257);
    }

    function test_setMaxBidsPerOrder_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        auctions.setMaxBidsPerOrder(10);
    }

    function test_setReputationWeightCap_setsAndEmits() public {
        vm.expectEmit(address(auctions));
        emit IOwnedParameters.ParameterChanged("reputationWeightCap", 100_000, 5000);
        vm.prank(owner);
        auctions.setReputationWeightCap(5000);
        assertEq(auctions.reputationWeightCap(), 5000);
    }

    function test_setReputationWeightCap_revertsWhenZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOwnedParameters.ParameterOutOfRange.selector,
                bytes32("reputationWeightCap"),
                0,
                1,
                type(uint32).max
            )
        );
        vm.prank(owner);
        auctions.setReputationWeightCap(0);
    }

    function test_setReputationWeightCap_revertsWhenCallerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        auctions.setReputationWeightCap(5000);
    }

    // ================================================================== a whole auction

    function test_lifecycle_orderBidsAcceptWithdrawClose() public {
        uint256 aliceStart = usd.balanceOf(alice);

        OrderId order = createOrder();
        placeBid(p1, order, 90);
        placeBid(p2, order, 85);
        placeBid(p1, order, 80);
        skip(WINDOW);

        vm.prank(alice);
        LeaseId lease = auctions.acceptBid(order, p1);
        uint256 leaseDeposit = 80 * DURATION;
        assertEq(usd.balanceOf(alice), aliceStart - leaseDeposit, "refund of the unused max at accept");

        skip(30 minutes);
        uint256 gross = 80 * 30 minutes;
        uint256 fee = gross * 200 / 10_000; // the 2% protocol fee in force when the lease opened
        vm.prank(p1);
        uint256 paid = marketplace.withdraw(lease);
        assertEq(paid, gross - fee);
        assertEq(usd.balanceOf(p1), gross - fee);

        vm.expectEmit(address(marketplace));
        emit IMarketplace.LeaseClosed(
            lease, alice, CloseReason.ByConsumer, block.timestamp, leaseDeposit - gross, bytes32(0)
        );
        vm.prank(alice);
        uint256 refund = marketplace.closeLease(lease);
        assertEq(refund, leaseDeposit - gross);

        // The consumer paid exactly the half hour used; the provider got it less the fee; the escrow
        // holds nothing but the fee; the auction holds nothing.
        assertEq(usd.balanceOf(alice), aliceStart - gross);
        assertEq(usd.balanceOf(p1), gross - fee);
        assertEq(usd.balanceOf(address(marketplace)), fee);
        assertEq(marketplace.feesOwed(address(usd)), fee);
        assertEq(usd.balanceOf(address(auctions)), 0);
        assertEq(usd.balanceOf(p2), 0);
        assertEq(marketplace.escrowed(lease), 0);
        Lease memory l = marketplace.getLease(lease);
        assertEq(uint256(l.state), uint256(LeaseState.Closed));
        assertEq(uint256(l.closeReason), uint256(CloseReason.ByConsumer));
    }

    // ================================================================== helpers

    function _expectUnfit(OrderId order, address provider) internal {
        vm.expectRevert(abi.encodeWithSelector(IAuctions.ProviderUnfit.selector, order, provider));
        placeBid(provider, order, 90);
    }

    function _createMarket(MarketConfig memory config) internal returns (MarketId market) {
        vm.prank(owner);
        market = marketplace.createMarket(config);
    }

    /// @dev The tUSD RTX 4090 market, renting two GPUs per lease.
    function _pairConfig() internal view returns (MarketConfig memory config) {
        config = marketConfig(address(usd), USD_PRICE);
        config.gpusPerLease = 2;
    }
}
