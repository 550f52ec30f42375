// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

import {HearthToken} from "../../src/HearthToken.sol";
import {IHearthToken} from "../../src/interfaces/IHearthToken.sol";
import {HearthTest} from "../utils/HearthTest.sol";

contract HearthTokenTest is HearthTest {
    bytes32 internal constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 internal constant DEFAULT_ADMIN_ROLE = 0x00;
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 internal constant DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");
    uint256 internal constant GENESIS_SUPPLY = 1_000_000_000e18;

    address internal emissions = makeAddr("emissions");
    address internal spender = makeAddr("spender");
    address internal relayer = makeAddr("relayer");
    address internal holder;
    uint256 internal holderKey;

    function setUp() public override {
        super.setUp();
        (holder, holderKey) = makeAddrAndKey("holder");
        vm.prank(owner);
        heat.grantRole(MINTER_ROLE, emissions);
    }

    // ------------------------------------------------------------------ constructor and metadata

    function test_constructor_mintsGenesisSupplyToInitialHolder() public {
        address genesis = makeAddr("genesis");
        vm.expectEmit();
        emit IERC20.Transfer(address(0), genesis, 5e18);
        HearthToken token = new HearthToken(owner, genesis, 5e18);
        assertEq(token.totalSupply(), 5e18);
        assertEq(token.balanceOf(genesis), 5e18);
        assertEq(token.balanceOf(owner), 0);
    }

    function test_constructor_grantsAdminOnly() public {
        HearthToken token = new HearthToken(owner, owner, 0);
        assertTrue(token.hasRole(DEFAULT_ADMIN_ROLE, owner));
        // The admin can hand out the minter role but does not hold it.
        assertFalse(token.hasRole(MINTER_ROLE, owner));
        assertFalse(token.hasRole(DEFAULT_ADMIN_ROLE, address(this)));
    }

    function test_constructor_mintsNothingWithoutInitialSupply() public {
        HearthToken token = new HearthToken(owner, address(0), 0);
        assertEq(token.totalSupply(), 0);
    }

    function test_constructor_revertsWhenAdminZero() public {
        vm.expectRevert(IHearthToken.TokenAdminZero.selector);
        new HearthToken(address(0), owner, 1);
    }

    function test_constructor_revertsWhenInitialHolderZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new HearthToken(owner, address(0), 1);
    }

    function test_name_isHearth() public view {
        assertEq(heat.name(), "Hearth");
    }

    function test_symbol_isHeat() public view {
        assertEq(heat.symbol(), "HEAT");
    }

    function test_decimals_is18() public view {
        assertEq(heat.decimals(), 18);
    }

    function test_totalSupply_isGenesisSupply() public view {
        assertEq(heat.totalSupply(), GENESIS_SUPPLY);
        assertEq(heat.balanceOf(owner) + heat.balanceOf(alice) + heat.balanceOf(bob), GENESIS_SUPPLY);
    }

    function test_MINTER_ROLE_isHashOfItsName() public view {
        assertEq(heat.MINTER_ROLE(), MINTER_ROLE);
        assertEq(heat.DEFAULT_ADMIN_ROLE(), DEFAULT_ADMIN_ROLE);
    }

    // ------------------------------------------------------------------ mint

    function test_mint_increasesBalanceAndSupply() public {
        vm.expectEmit(address(heat));
        emit IERC20.Transfer(address(0), holder, 7e18);
        vm.prank(emissions);
        heat.mint(holder, 7e18);
        assertEq(heat.balanceOf(holder), 7e18);
        assertEq(heat.totalSupply(), GENESIS_SUPPLY + 7e18);
    }

    function test_mint_revertsWhenCallerNotMinter() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, holder, MINTER_ROLE
            )
        );
        vm.prank(holder);
        heat.mint(holder, 1);
    }

    function test_mint_revertsWhenCallerIsAdminWithoutMinterRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, owner, MINTER_ROLE
            )
        );
        vm.prank(owner);
        heat.mint(owner, 1);
    }

    function test_mint_revertsWhenMinterRevoked() public {
        vm.prank(owner);
        heat.revokeRole(MINTER_ROLE, emissions);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, emissions, MINTER_ROLE
            )
        );
        vm.prank(emissions);
        heat.mint(holder, 1);
    }

    function test_mint_revertsWhenRecipientZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(emissions);
        heat.mint(address(0), 1);
    }

    function test_mint_acceptsSupplyUpToVotesCap() public {
        uint256 cap = type(uint208).max;
        vm.prank(emissions);
        heat.mint(holder, cap - GENESIS_SUPPLY);
        assertEq(heat.totalSupply(), cap);
    }

    function test_mint_revertsWhenSupplyExceedsVotesCap() public {
        uint256 cap = type(uint208).max;
        uint256 amount = cap - GENESIS_SUPPLY + 1;
        vm.expectRevert(abi.encodeWithSelector(ERC20Votes.ERC20ExceededSafeSupply.selector, cap + 1, cap));
        vm.prank(emissions);
        heat.mint(holder, amount);
    }

    // ------------------------------------------------------------------ burn, burnFrom

    function test_burn_reducesBalanceAndSupply() public {
        _give(holder, 10e18);
        vm.expectEmit(address(heat));
        emit IERC20.Transfer(holder, address(0), 4e18);
        vm.prank(holder);
        heat.burn(4e18);
        assertEq(heat.balanceOf(holder), 6e18);
        assertEq(heat.totalSupply(), GENESIS_SUPPLY - 4e18);
    }

    function test_burn_reducesDelegatedVotes() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.delegate(holder);
        vm.prank(holder);
        heat.burn(4e18);
        assertEq(heat.getVotes(holder), 6e18);
    }

    function test_burn_revertsWhenBalanceInsufficient() public {
        _give(holder, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, holder, 10e18, 10e18 + 1)
        );
        vm.prank(holder);
        heat.burn(10e18 + 1);
    }

    function test_burnFrom_spendsAllowance() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.approve(spender, 6e18);

        vm.expectEmit(address(heat));
        emit IERC20.Transfer(holder, address(0), 4e18);
        vm.prank(spender);
        heat.burnFrom(holder, 4e18);

        assertEq(heat.balanceOf(holder), 6e18);
        assertEq(heat.allowance(holder, spender), 2e18);
        assertEq(heat.totalSupply(), GENESIS_SUPPLY - 4e18);
    }

    function test_burnFrom_keepsInfiniteAllowance() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.approve(spender, type(uint256).max);
        vm.prank(spender);
        heat.burnFrom(holder, 4e18);
        assertEq(heat.allowance(holder, spender), type(uint256).max);
    }

    function test_burnFrom_revertsWhenAllowanceInsufficient() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.approve(spender, 3e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, spender, 3e18, 4e18)
        );
        vm.prank(spender);
        heat.burnFrom(holder, 4e18);
    }

    function test_burnFrom_revertsWhenBalanceInsufficient() public {
        _give(holder, 1e18);
        vm.prank(holder);
        heat.approve(spender, 4e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, holder, 1e18, 4e18)
        );
        vm.prank(spender);
        heat.burnFrom(holder, 4e18);
    }

    // ------------------------------------------------------------------ ERC-20

    function test_transfer_movesBalance() public {
        _give(holder, 10e18);
        vm.expectEmit(address(heat));
        emit IERC20.Transfer(holder, spender, 3e18);
        vm.prank(holder);
        assertTrue(heat.transfer(spender, 3e18));
        assertEq(heat.balanceOf(holder), 7e18);
        assertEq(heat.balanceOf(spender), 3e18);
    }

    function test_transfer_revertsWhenRecipientZero() public {
        _give(holder, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(holder);
        heat.transfer(address(0), 1);
    }

    function test_transfer_revertsWhenBalanceInsufficient() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, holder, 0, 1));
        vm.prank(holder);
        heat.transfer(spender, 1);
    }

    function test_approve_setsAllowance() public {
        vm.expectEmit(address(heat));
        emit IERC20.Approval(holder, spender, 5e18);
        vm.prank(holder);
        assertTrue(heat.approve(spender, 5e18));
        assertEq(heat.allowance(holder, spender), 5e18);
    }

    function test_approve_revertsWhenSpenderZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidSpender.selector, address(0)));
        vm.prank(holder);
        heat.approve(address(0), 1);
    }

    function test_transferFrom_spendsAllowance() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.approve(spender, 5e18);
        vm.prank(spender);
        assertTrue(heat.transferFrom(holder, alice, 2e18));
        assertEq(heat.balanceOf(holder), 8e18);
        assertEq(heat.allowance(holder, spender), 3e18);
    }

    function test_transferFrom_revertsWhenAllowanceInsufficient() public {
        _give(holder, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, spender, 0, 1)
        );
        vm.prank(spender);
        heat.transferFrom(holder, alice, 1);
    }

    // ------------------------------------------------------------------ permit (EIP-2612)

    function test_DOMAIN_SEPARATOR_matchesEip712Domain() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Hearth"),
                keccak256("1"),
                block.chainid,
                address(heat)
            )
        );
        assertEq(heat.DOMAIN_SEPARATOR(), expected);
    }

    function test_eip712Domain_describesDomain() public view {
        (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        ) = heat.eip712Domain();
        assertEq(fields, hex"0f");
        assertEq(name, "Hearth");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(heat));
        assertEq(salt, bytes32(0));
        assertEq(extensions.length, 0);
    }

    function test_permit_setsAllowanceAndUsesNonce() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(holderKey, spender, 5e18, 0, deadline);

        vm.expectEmit(address(heat));
        emit IERC20.Approval(holder, spender, 5e18);
        // Anyone may submit the signature: here a relayer.
        vm.prank(relayer);
        heat.permit(holder, spender, 5e18, deadline, v, r, s);

        assertEq(heat.allowance(holder, spender), 5e18);
        assertEq(heat.nonces(holder), 1);

        (v, r, s) = _signPermit(holderKey, spender, 9e18, 1, deadline);
        heat.permit(holder, spender, 9e18, deadline, v, r, s);
        assertEq(heat.allowance(holder, spender), 9e18);
        assertEq(heat.nonces(holder), 2);
    }

    function test_permit_letsSpenderPullWithoutApproveTransaction() public {
        _give(holder, 10e18);
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(holderKey, spender, 10e18, 0, deadline);
        vm.startPrank(spender);
        heat.permit(holder, spender, 10e18, deadline, v, r, s);
        heat.transferFrom(holder, spender, 10e18);
        vm.stopPrank();
        assertEq(heat.balanceOf(spender), 10e18);
    }

    function test_permit_revertsWhenReplayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(holderKey, spender, 5e18, 0, deadline);
        heat.permit(holder, spender, 5e18, deadline, v, r, s);

        // The nonce moved on: the same signature now recovers to some other address.
        address recovered = ecrecover(_permitDigest(holder, spender, 5e18, 1, deadline), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder));
        heat.permit(holder, spender, 5e18, deadline, v, r, s);
    }

    function test_permit_revertsWhenExpired() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(holderKey, spender, 5e18, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        heat.permit(holder, spender, 5e18, deadline, v, r, s);
    }

    function test_permit_revertsWhenSignedByAnotherKey() public {
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(malloryKey, spender, 5e18, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, holder));
        heat.permit(holder, spender, 5e18, deadline, v, r, s);
    }

    function test_permit_revertsWhenValueChanged() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(holderKey, spender, 5e18, 0, deadline);
        address recovered = ecrecover(_permitDigest(holder, spender, 50e18, 0, deadline), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder));
        heat.permit(holder, spender, 50e18, deadline, v, r, s);
    }

    function test_nonces_startAtZero() public view {
        assertEq(heat.nonces(holder), 0);
    }

    // ------------------------------------------------------------------ votes (ERC-5805, timestamp clock)

    function test_clock_isBlockTimestamp() public {
        assertEq(heat.clock(), block.timestamp);
        vm.roll(block.number + 1000);
        skip(12 hours);
        assertEq(heat.clock(), block.timestamp);
        assertEq(heat.clock(), 1_750_000_000 + 12 hours);
    }

    function test_CLOCK_MODE_isTimestamp() public view {
        assertEq(heat.CLOCK_MODE(), "mode=timestamp");
    }

    function test_getVotes_isZeroUntilDelegated() public {
        _give(holder, 10e18);
        assertEq(heat.getVotes(holder), 0);
        assertEq(heat.delegates(holder), address(0));
    }

    function test_delegate_selfDelegationActivatesVotes() public {
        _give(holder, 10e18);
        vm.expectEmit(address(heat));
        emit IVotes.DelegateChanged(holder, address(0), holder);
        vm.expectEmit(address(heat));
        emit IVotes.DelegateVotesChanged(holder, 0, 10e18);
        vm.prank(holder);
        heat.delegate(holder);

        assertEq(heat.delegates(holder), holder);
        assertEq(heat.getVotes(holder), 10e18);
    }

    function test_delegate_movesVotesBetweenDelegates() public {
        address delegateA = makeAddr("delegateA");
        address delegateB = makeAddr("delegateB");
        _give(holder, 10e18);
        vm.prank(holder);
        heat.delegate(delegateA);
        assertEq(heat.getVotes(delegateA), 10e18);
        assertEq(heat.getVotes(holder), 0);

        vm.prank(holder);
        heat.delegate(delegateB);
        assertEq(heat.getVotes(delegateA), 0);
        assertEq(heat.getVotes(delegateB), 10e18);
    }

    function test_delegate_votesFollowTransfersAndMints() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.delegate(holder);
        vm.prank(holder);
        heat.transfer(spender, 3e18);
        assertEq(heat.getVotes(holder), 7e18);
        vm.prank(emissions);
        heat.mint(holder, 5e18);
        assertEq(heat.getVotes(holder), 12e18);
    }

    function test_getPastVotes_readsCheckpointsByTimestamp() public {
        _give(holder, 10e18);
        uint256 t0 = block.timestamp;
        vm.prank(holder);
        heat.delegate(holder);

        skip(1 hours);
        _give(holder, 5e18);
        uint256 t1 = block.timestamp;

        skip(1 hours);
        assertEq(heat.getPastVotes(holder, t0 - 1), 0);
        assertEq(heat.getPastVotes(holder, t0), 10e18);
        assertEq(heat.getPastVotes(holder, t1 - 1), 10e18);
        assertEq(heat.getPastVotes(holder, t1), 15e18);
        assertEq(heat.getPastVotes(holder, block.timestamp - 1), 15e18);
    }

    function test_getPastVotes_ignoresBlockNumbers() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.delegate(holder);
        uint256 t0 = block.timestamp;
        // Many blocks in the same second (an L2): still one point in time.
        vm.roll(block.number + 50);
        skip(1);
        assertEq(heat.getPastVotes(holder, t0), 10e18);
    }

    function test_getPastVotes_revertsWhenTimepointNotPast() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                Votes.ERC5805FutureLookup.selector, block.timestamp, uint48(block.timestamp)
            )
        );
        heat.getPastVotes(holder, block.timestamp);
    }

    function test_getPastTotalSupply_tracksMintAndBurn() public {
        uint256 t0 = block.timestamp;
        skip(1 hours);
        vm.prank(emissions);
        heat.mint(holder, 10e18);
        uint256 t1 = block.timestamp;
        skip(1 hours);
        vm.prank(holder);
        heat.burn(4e18);
        skip(1);

        assertEq(heat.getPastTotalSupply(t0), GENESIS_SUPPLY);
        assertEq(heat.getPastTotalSupply(t1), GENESIS_SUPPLY + 10e18);
        assertEq(heat.getPastTotalSupply(block.timestamp - 1), GENESIS_SUPPLY + 6e18);
    }

    function test_getPastTotalSupply_revertsWhenTimepointNotPast() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                Votes.ERC5805FutureLookup.selector, block.timestamp + 1, uint48(block.timestamp)
            )
        );
        heat.getPastTotalSupply(block.timestamp + 1);
    }

    function test_checkpoints_areKeyedByTimestamp() public {
        _give(holder, 10e18);
        vm.prank(holder);
        heat.delegate(holder);
        skip(1 days);
        _give(holder, 1e18);

        assertEq(heat.numCheckpoints(holder), 2);
        Checkpoints.Checkpoint208 memory first = heat.checkpoints(holder, 0);
        Checkpoints.Checkpoint208 memory second = heat.checkpoints(holder, 1);
        assertEq(first._key, 1_750_000_000);
        assertEq(first._value, 10e18);
        assertEq(second._key, 1_750_000_000 + 1 days);
        assertEq(second._value, 11e18);
    }

    function test_delegateBySig_delegatesForSigner() public {
        _give(holder, 10e18);
        address delegatee = makeAddr("delegatee");
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(holderKey, delegatee, 0, expiry);

        vm.expectEmit(address(heat));
        emit IVotes.DelegateChanged(holder, address(0), delegatee);
        heat.delegateBySig(delegatee, 0, expiry, v, r, s);

        assertEq(heat.delegates(holder), delegatee);
        assertEq(heat.getVotes(delegatee), 10e18);
        assertEq(heat.nonces(holder), 1);
    }

    function test_delegateBySig_revertsWhenExpired() public {
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(holderKey, holder, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        heat.delegateBySig(holder, 0, expiry, v, r, s);
    }

    function test_delegateBySig_revertsWhenReplayed() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(holderKey, holder, 0, expiry);
        heat.delegateBySig(holder, 0, expiry, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, holder, 1));
        heat.delegateBySig(holder, 0, expiry, v, r, s);
    }

    function test_delegateBySig_sharesNonceWithPermit() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(holderKey, spender, 1, 0, deadline);
        heat.permit(holder, spender, 1, deadline, v, r, s);

        (v, r, s) = _signDelegation(holderKey, holder, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, holder, 1));
        heat.delegateBySig(holder, 0, deadline, v, r, s);
    }

    // ------------------------------------------------------------------ access control

    function test_grantRole_letsAdminAddMinter() public {
        address second = makeAddr("second");
        vm.expectEmit(address(heat));
        emit IAccessControl.RoleGranted(MINTER_ROLE, second, owner);
        vm.prank(owner);
        heat.grantRole(MINTER_ROLE, second);
        assertTrue(heat.hasRole(MINTER_ROLE, second));

        vm.prank(second);
        heat.mint(holder, 1e18);
        assertEq(heat.balanceOf(holder), 1e18);
    }

    function test_grantRole_revertsWhenCallerNotAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, emissions, DEFAULT_ADMIN_ROLE
            )
        );
        vm.prank(emissions);
        heat.grantRole(MINTER_ROLE, holder);
    }

    function test_revokeRole_removesMinter() public {
        vm.expectEmit(address(heat));
        emit IAccessControl.RoleRevoked(MINTER_ROLE, emissions, owner);
        vm.prank(owner);
        heat.revokeRole(MINTER_ROLE, emissions);
        assertFalse(heat.hasRole(MINTER_ROLE, emissions));
    }

    function test_revokeRole_revertsWhenCallerNotAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, holder, DEFAULT_ADMIN_ROLE
            )
        );
        vm.prank(holder);
        heat.revokeRole(MINTER_ROLE, emissions);
    }

    function test_renounceRole_dropsOwnRole() public {
        vm.prank(emissions);
        heat.renounceRole(MINTER_ROLE, emissions);
        assertFalse(heat.hasRole(MINTER_ROLE, emissions));
    }

    function test_renounceRole_revertsWhenNotOwnAccount() public {
        vm.expectRevert(IAccessControl.AccessControlBadConfirmation.selector);
        vm.prank(owner);
        heat.renounceRole(MINTER_ROLE, emissions);
    }

    function test_getRoleAdmin_minterIsManagedByAdmin() public view {
        assertEq(heat.getRoleAdmin(MINTER_ROLE), DEFAULT_ADMIN_ROLE);
        assertEq(heat.getRoleAdmin(DEFAULT_ADMIN_ROLE), DEFAULT_ADMIN_ROLE);
    }

    function test_supportsInterface_acceptsAccessControlAndErc165() public view {
        assertTrue(heat.supportsInterface(type(IAccessControl).interfaceId));
        assertTrue(heat.supportsInterface(type(IERC165).interfaceId));
        assertFalse(heat.supportsInterface(0xffffffff));
    }

    // ------------------------------------------------------------------ helpers

    function _give(address to, uint256 amount) internal {
        vm.prank(owner);
        heat.transfer(to, amount);
    }

    function _permitDigest(address holder_, address spender_, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, holder_, spender_, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", heat.DOMAIN_SEPARATOR(), structHash));
    }

    function _signPermit(uint256 key, address spender_, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        return vm.sign(key, _permitDigest(holder, spender_, value, nonce, deadline));
    }

    function _signDelegation(uint256 key, address delegatee, uint256 nonce, uint256 expiry)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, delegatee, nonce, expiry));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", heat.DOMAIN_SEPARATOR(), structHash)));
    }
}
