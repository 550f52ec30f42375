// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Test} from "forge-std/Test.sol";

import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";

/// @notice tUSD: 6 decimals, an open faucet capped per call, EIP-2612 permit.
contract TestStablecoinTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    uint256 internal constant LIMIT = 10_000e6;

    TestStablecoin internal usd;
    address internal holder;
    uint256 internal holderKey;
    address internal spender = makeAddr("spender");

    function setUp() public {
        usd = new TestStablecoin();
        (holder, holderKey) = makeAddrAndKey("holder");
    }

    // ================================================================== metadata

    function test_metadata_isTestUsdWithSixDecimals() public view {
        assertEq(usd.name(), "Test USD");
        assertEq(usd.symbol(), "tUSD");
        assertEq(usd.decimals(), 6);
        assertEq(usd.FAUCET_LIMIT(), 10_000 * 10 ** 6);
        assertEq(usd.totalSupply(), 0);
    }

    // ================================================================== faucet

    function test_faucet_mintsToAnyAddress() public {
        vm.expectEmit(address(usd));
        emit IERC20.Transfer(address(0), holder, 250e6);
        vm.prank(spender); // anyone may call it, for anyone
        usd.faucet(holder, 250e6);

        assertEq(usd.balanceOf(holder), 250e6);
        assertEq(usd.balanceOf(spender), 0);
        assertEq(usd.totalSupply(), 250e6);
    }

    function test_faucet_mintsExactlyTheLimit() public {
        usd.faucet(holder, LIMIT);
        assertEq(usd.balanceOf(holder), LIMIT);
    }

    function test_faucet_limitsEachCallNotEachAddress() public {
        usd.faucet(holder, LIMIT);
        usd.faucet(holder, LIMIT);
        assertEq(usd.balanceOf(holder), 2 * LIMIT);
    }

    function test_faucet_revertsAboveTheLimit() public {
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.FaucetLimitExceeded.selector, LIMIT + 1, LIMIT));
        usd.faucet(holder, LIMIT + 1);
        assertEq(usd.totalSupply(), 0);
    }

    function testFuzz_faucet_mintsAnyAmountUpToTheLimit(address to, uint256 amount) public {
        vm.assume(to != address(0));
        amount = bound(amount, 0, LIMIT);
        usd.faucet(to, amount);
        assertEq(usd.balanceOf(to), amount);
        assertEq(usd.totalSupply(), amount);
    }

    function testFuzz_faucet_revertsForAnyAmountAboveTheLimit(uint256 amount) public {
        amount = bound(amount, LIMIT + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.FaucetLimitExceeded.selector, amount, LIMIT));
        usd.faucet(holder, amount);
    }

    // ================================================================== permit

    function test_DOMAIN_SEPARATOR_isTestUsdVersionOne() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Test USD"),
                keccak256("1"),
                block.chainid,
                address(usd)
            )
        );
        assertEq(usd.DOMAIN_SEPARATOR(), expected);
    }

    function test_permit_approvesFromASignature() public {
        usd.faucet(holder, 100e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _permitDigest(spender, 40e6, 0, deadline));

        vm.expectEmit(address(usd));
        emit IERC20.Approval(holder, spender, 40e6);
        usd.permit(holder, spender, 40e6, deadline, v, r, s); // submitted by anyone

        assertEq(usd.allowance(holder, spender), 40e6);
        assertEq(usd.nonces(holder), 1);
        vm.prank(spender);
        usd.transferFrom(holder, spender, 40e6);
        assertEq(usd.balanceOf(spender), 40e6);
        assertEq(usd.balanceOf(holder), 60e6);
    }

    function test_permit_acceptsAtTheDeadline() public {
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _permitDigest(spender, 1, 0, deadline));
        usd.permit(holder, spender, 1, deadline, v, r, s);
        assertEq(usd.allowance(holder, spender), 1);
    }

    function test_permit_revertsWhenExpired() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _permitDigest(spender, 1, 0, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        usd.permit(holder, spender, 1, deadline, v, r, s);
    }

    function test_permit_revertsWhenSignedByAnotherKey() public {
        (address intruder, uint256 intruderKey) = makeAddrAndKey("intruder");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(intruderKey, _permitDigest(spender, 1, 0, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, intruder, holder));
        usd.permit(holder, spender, 1, deadline, v, r, s);
        assertEq(usd.allowance(holder, spender), 0);
    }

    function test_permit_revertsWhenReplayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _permitDigest(spender, 5, 0, deadline));
        usd.permit(holder, spender, 5, deadline, v, r, s);
        vm.prank(holder);
        usd.approve(spender, 0);

        // The nonce moved on: the same signature now recovers to some other address.
        address recovered = ecrecover(_permitDigest(spender, 5, 1, deadline), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder));
        usd.permit(holder, spender, 5, deadline, v, r, s);
        assertEq(usd.allowance(holder, spender), 0);
    }

    function test_permit_revertsWhenValueAltered() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _permitDigest(spender, 5, 0, deadline));
        address recovered = ecrecover(_permitDigest(spender, 5e6, 0, deadline), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder));
        usd.permit(holder, spender, 5e6, deadline, v, r, s);
    }

    // ================================================================== helpers

    function _permitDigest(address to, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, holder, to, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash));
    }
}
