// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {IAuctions} from "../../src/interfaces/IAuctions.sol";
import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {ClusterId, LeaseId, OrderId} from "../../src/types/Ids.sol";
import {Lease} from "../../src/types/Lease.sol";
import {Tier} from "../../src/types/Market.sol";
import {OrderState, SignedBid} from "../../src/types/Order.sol";

import {AuctionTestBase} from "../utils/AuctionTestBase.sol";

/// @notice A minimal ERC-1271 contract wallet: a signature is valid when its one owner key made it.
contract OwnerKeyWallet is IERC1271 {
    address public immutable signer;

    constructor(address signer_) {
        signer = signer_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        bool valid = err == ECDSA.RecoverError.NoError && recovered == signer;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}

/// @notice Off-chain (EIP-712) bids that the consumer submits with `acceptSignedBid`.
contract AuctionsSignedBidsTest is AuctionTestBase {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    address internal provider;
    uint256 internal providerKey;
    address internal other;
    uint256 internal otherKey;

    function setUp() public override {
        super.setUp();
        (provider, providerKey) = makeAddrAndKey("signing provider");
        registerProvider(provider, rtx4090(1));
        (other, otherKey) = makeAddrAndKey("other provider");
        registerProvider(other, rtx4090(1));
    }

    // ================================================================== digest and domain

    function test_domainSeparator_isHearthAuctionsVersionOneOnThisChain() public view {
        bytes32 expected = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256("Hearth Auctions"),
                keccak256("1"),
                block.chainid,
                address(auctions)
            )
        );
        assertEq(auctions.domainSeparator(), expected);

        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            auctions.eip712Domain();
        assertEq(name, "Hearth Auctions");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(auctions));
    }

    function test_bidDigest_isTheEip712HashOfTheBid() public view {
        SignedBid memory bid =
            SignedBid({order: 7, provider: provider, pricePerSecond: 90, deadline: 1_750_003_600});
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Bid(uint256 order,address provider,uint256 pricePerSecond,uint256 deadline)"),
                uint256(7),
                provider,
                uint256(90),
                uint256(1_750_003_600)
            )
        );
        bytes32 domain = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256("Hearth Auctions"),
                keccak256("1"),
                block.chainid,
                address(auctions)
            )
        );
        assertEq(auctions.bidDigest(bid), keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
    }

    function test_bidDigest_changesWithEveryField() public view {
        SignedBid memory bid = signedBid(OrderId.wrap(1), provider, 90);
        bytes32 digest = auctions.bidDigest(bid);

        SignedBid memory changed = signedBid(OrderId.wrap(2), provider, 90);
        assertNotEq(auctions.bidDigest(changed), digest);
        changed = signedBid(OrderId.wrap(1), other, 90);
        assertNotEq(auctions.bidDigest(changed), digest);
        changed = signedBid(OrderId.wrap(1), provider, 89);
        assertNotEq(auctions.bidDigest(changed), digest);
        changed = signedBid(OrderId.wrap(1), provider, 90);
        changed.deadline += 1;
        assertNotEq(auctions.bidDigest(changed), digest);
    }

    // ================================================================== acceptSignedBid

    function test_acceptSignedBid_opensLeaseAtTheSignedPrice() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 70);
        bytes memory signature = sign(providerKey, bid);
        uint256 aliceBefore = usd.balanceOf(alice);
        uint256 refund = DEPOSIT - 70 * DURATION;

        vm.expectEmit(address(marketplace));
        emit IMarketplace.LeaseOpened(
            LeaseId.wrap(1),
            alice,
            provider,
            usdMarket,
            Tier.Economy,
            70,
            70 * DURATION,
            SPEC,
            order,
            ClusterId.wrap(0)
        );
        vm.expectEmit(address(auctions));
        emit IAuctions.OrderAccepted(order, provider, LeaseId.wrap(1), 70, refund);
        vm.expectEmit(address(usd));
        emit IERC20.Transfer(address(auctions), alice, refund);
        vm.prank(alice);
        LeaseId lease = auctions.acceptSignedBid(bid, signature);

        Lease memory l = marketplace.getLease(lease);
        assertEq(l.provider, provider);
        assertEq(l.consumer, alice);
        assertEq(l.pricePerSecond, 70);
        assertEq(l.fundedUntil, block.timestamp + DURATION);
        assertEq(usd.balanceOf(alice), aliceBefore + refund);
        assertEq(usd.balanceOf(address(marketplace)), 70 * DURATION);
        assertEq(usd.balanceOf(address(auctions)), 0);
        assertEq(uint256(auctions.getOrder(order).state), uint256(OrderState.Accepted));
        // The provider sent no transaction and left no on-chain bid.
        assertEq(auctions.getBids(order).length, 0);
    }

    function test_acceptSignedBid_acceptsAtTheDeadline() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 70);
        bytes memory signature = sign(providerKey, bid);
        vm.warp(bid.deadline);
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
        assertEq(marketplace.leaseCount(), 1);
    }

    function test_acceptSignedBid_acceptsAfterTheWindow() public {
        OrderId order = createOrder();
        skip(WINDOW);
        SignedBid memory bid = signedBid(order, provider, 70);
        bytes memory signature = sign(providerKey, bid);
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
        assertEq(marketplace.getLease(LeaseId.wrap(1)).provider, provider);
    }

    function test_acceptSignedBid_ignoresTheOnChainBidLimit() public {
        vm.prank(owner);
        auctions.setMaxBidsPerOrder(1);
        OrderId order = createOrder();
        placeBid(other, order, 90);

        SignedBid memory bid = signedBid(order, provider, 80);
        bytes memory signature = sign(providerKey, bid);
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
        assertEq(marketplace.getLease(LeaseId.wrap(1)).provider, provider);
    }

    function test_acceptSignedBid_revertsWhenBidExpired() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 70);
        bytes memory signature = sign(providerKey, bid);
        vm.warp(bid.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidExpired.selector, bid.deadline, bid.deadline + 1));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenSignedByAnotherKey() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 70);
        bytes memory signature = sign(otherKey, bid);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenPriceAlteredAfterSigning() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        bid.pricePerSecond = 60; // the consumer tries to pay less than the provider asked
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenDeadlineAlteredAfterSigning() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        bid.deadline += 1 days;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenProviderSwappedAfterSigning() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        bid.provider = other;
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, other));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenSignatureIsForAnotherOrder() public {
        OrderId first = createOrder();
        OrderId second = createOrder();
        SignedBid memory bid = signedBid(first, provider, 90);
        bytes memory signature = sign(providerKey, bid);

        bid.order = OrderId.unwrap(second);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
        assertEq(uint256(auctions.getOrder(second).state), uint256(OrderState.Open));
    }

    function test_acceptSignedBid_revertsWhenSignatureIsForAnotherChain() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.chainId(block.chainid + 1);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenSignatureMalformed() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, "");

        bytes memory truncated = sign(providerKey, bid);
        assembly {
            mstore(truncated, 64)
        }
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, truncated);
    }

    function test_acceptSignedBid_revertsWhenReplayed() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);

        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Accepted))
        );
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
        assertEq(marketplace.leaseCount(), 1);
    }

    function test_acceptSignedBid_revertsWhenCallerNotConsumer() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.CallerNotConsumer.selector, order, provider));
        vm.prank(provider);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenOrderNotFound() public {
        SignedBid memory bid = signedBid(OrderId.wrap(9), provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.OrderNotFound.selector, OrderId.wrap(9)));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenOrderCancelled() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.prank(alice);
        auctions.cancelOrder(order);
        vm.expectRevert(
            abi.encodeWithSelector(IAuctions.OrderNotOpen.selector, order, uint8(OrderState.Cancelled))
        );
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenBidZero() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 0);
        bytes memory signature = sign(providerKey, bid);
        vm.expectRevert(IAuctions.BidZero.selector);
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenBidAboveMax() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, MAX_PRICE + 1);
        bytes memory signature = sign(providerKey, bid);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidAboveMax.selector, MAX_PRICE + 1, MAX_PRICE));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenProviderUnfit() public {
        OrderId order = createOrder(alice, orderParams(inRegion("us-east")));
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.ProviderUnfit.selector, order, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenProviderIneligible() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        unstake(provider);
        vm.expectRevert(abi.encodeWithSelector(IAuctions.ProviderUnfit.selector, order, provider));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    function test_acceptSignedBid_revertsWhenMarketPaused() public {
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, provider, 90);
        bytes memory signature = sign(providerKey, bid);
        vm.prank(owner);
        marketplace.setMarketPaused(usdMarket, true);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketIsPaused.selector, usdMarket));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }

    // ---------------------------------------------------------------- ERC-1271 contract wallets

    function test_acceptSignedBid_acceptsContractWalletSignature() public {
        (address walletOwner, uint256 walletKey) = makeAddrAndKey("wallet owner");
        address wallet = address(new OwnerKeyWallet(walletOwner));
        registerProvider(wallet, rtx4090(1));
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, wallet, 75);
        bytes memory signature = sign(walletKey, bid);

        vm.expectEmit(address(auctions));
        emit IAuctions.OrderAccepted(order, wallet, LeaseId.wrap(1), 75, DEPOSIT - 75 * DURATION);
        vm.prank(alice);
        LeaseId lease = auctions.acceptSignedBid(bid, signature);
        assertEq(marketplace.getLease(lease).provider, wallet);
        assertEq(marketplace.getLease(lease).pricePerSecond, 75);
    }

    function test_acceptSignedBid_revertsWhenContractWalletRejects() public {
        (address walletOwner,) = makeAddrAndKey("wallet owner");
        address wallet = address(new OwnerKeyWallet(walletOwner));
        registerProvider(wallet, rtx4090(1));
        OrderId order = createOrder();
        SignedBid memory bid = signedBid(order, wallet, 75);
        bytes memory signature = sign(otherKey, bid);

        vm.expectRevert(abi.encodeWithSelector(IAuctions.BidSignatureInvalid.selector, wallet));
        vm.prank(alice);
        auctions.acceptSignedBid(bid, signature);
    }
}
