// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuctions} from "../../src/interfaces/IAuctions.sol";
import {IMarketplace} from "../../src/interfaces/IMarketplace.sol";
import {IProviderRegistry} from "../../src/interfaces/IProviderRegistry.sol";
import {LeaseId, OrderId} from "../../src/types/Ids.sol";
import {CreateOrderParams, SignedBid} from "../../src/types/Order.sol";
import {Vm} from "forge-std/Vm.sol";

import {HearthTest} from "../utils/HearthTest.sol";

/// @notice Gas of the hot paths, written to snapshots/GasSnapshotsTest.json.
/// @dev Run with `--isolate`: every call is its own transaction with cold storage, as on chain. Each
///      figure is what the transaction's receipt would show (gas used, less the EIP-3529 refund capped
///      at a fifth) minus the 21 000 base and the calldata cost, which depend on the chain (an L2 prices
///      calldata its own way) rather than on the contracts. The system is warmed up first, as on any
///      live network: one job has run, so balances and the fee accumulator are nonzero, and every party
///      already has its account id.
contract GasSnapshotsTest is HearthTest {
    address internal provider;
    address internal bidder;
    uint256 internal bidderKey;

    function setUp() public override {
        // Only meaningful with `--isolate` (each call its own transaction): `npm test` and
        // `npm run snapshot -w @hearth/contracts` set HEARTH_GAS=1; a plain `forge test` skips these.
        vm.skip(!vm.envOr("HEARTH_GAS", false));
        super.setUp();
        provider = queuedProvider("provider", usdMarket);
        (bidder, bidderKey) = makeAddrAndKey("bidder");
        registerProvider(bidder, rtx4090(1));
        // Joining a queue gives the bidder its account id, as any provider that has worked before has.
        joinQueue(bidder, heatMarket, 1);

        LeaseId first = take(alice, usdMarket, 1e6);
        skip(10 minutes);
        vm.prank(provider);
        marketplace.finishLease(first, keccak256("result"), true);
        marketplace.withdraw(first);
        joinQueue(provider, usdMarket, 1);
    }

    function test_register() public {
        address newcomer = makeAddr("newcomer");
        uint256 stake = registry.requiredStake(rtx4090(1));
        vm.prank(owner);
        heat.transfer(newcomer, stake);
        vm.prank(newcomer);
        heat.approve(address(registry), stake);
        bytes memory data =
            abi.encodeCall(IProviderRegistry.register, (rtx4090(1), "https://provider.example:8443", stake));
        vm.snapshotValue("register", _exec(newcomer, address(registry), data));
    }

    function test_wholeJob() public {
        uint256 open = _exec(
            alice,
            address(marketplace),
            abi.encodeCall(IMarketplace.openLease, (takeParams(usdMarket, 100e6)))
        );
        LeaseId lease = LeaseId.wrap(marketplace.leaseCount());
        skip(1 hours);
        uint256 withdraw_ =
            _exec(provider, address(marketplace), abi.encodeCall(IMarketplace.withdraw, (lease)));
        uint256 topUp = _exec(alice, address(marketplace), abi.encodeCall(IMarketplace.topUp, (lease, 10e6)));
        skip(1 hours);
        uint256 close = _exec(alice, address(marketplace), abi.encodeCall(IMarketplace.closeLease, (lease)));

        vm.snapshotValue("openLeaseByTake", open);
        vm.snapshotValue("withdraw", withdraw_);
        vm.snapshotValue("topUp", topUp);
        vm.snapshotValue("closeLease", close);
        vm.snapshotValue("wholeJob", open + withdraw_ + close);
    }

    function test_openLeaseByAcceptedBid() public {
        OrderId order = _order();
        vm.prank(bidder);
        auctions.placeBid(order, USD_PRICE);
        uint256 accept = _exec(alice, address(auctions), abi.encodeCall(IAuctions.acceptBid, (order, bidder)));
        vm.snapshotValue("openLeaseByAcceptedBid", accept);
    }

    function test_openLeaseBySignedBid() public {
        OrderId order = _order();
        SignedBid memory bid = SignedBid({
            order: OrderId.unwrap(order),
            provider: bidder,
            pricePerSecond: USD_PRICE,
            deadline: block.timestamp + 1 hours
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(bidderKey, auctions.bidDigest(bid));
        bytes memory data = abi.encodeCall(IAuctions.acceptSignedBid, (bid, abi.encodePacked(r, s, v)));
        vm.snapshotValue("openLeaseBySignedBid", _exec(alice, address(auctions), data));
    }

    function _order() internal returns (OrderId order) {
        vm.prank(alice);
        order = auctions.createOrder(
            CreateOrderParams({
                market: usdMarket,
                maxPricePerSecond: USD_PRICE * 2,
                durationSeconds: 1 hours,
                biddingSeconds: 60,
                specHash: keccak256("spec"),
                placement: noPlacement()
            })
        );
    }

    /// @dev Calls `target` with `data` from `from` as its own transaction; returns its execution gas.
    function _exec(address from, address target, bytes memory data) internal returns (uint256) {
        vm.prank(from);
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        Vm.Gas memory gas = vm.lastCallGas();
        uint256 used = gas.gasTotalUsed;
        uint256 refund = gas.gasRefunded > 0 ? uint256(int256(gas.gasRefunded)) : 0;
        if (refund > used / 5) refund = used / 5;
        return used - refund - _intrinsic(data);
    }

    /// @dev 21 000 plus 4 gas per zero and 16 per nonzero calldata byte.
    function _intrinsic(bytes memory data) internal pure returns (uint256 gas) {
        gas = 21_000;
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }
}
