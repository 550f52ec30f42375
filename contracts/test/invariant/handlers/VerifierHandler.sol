// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {Provider} from "../../../src/interfaces/IProviderRegistry.sol";
import {Bps} from "../../../src/libraries/Bps.sol";
import {LeaseId} from "../../../src/types/Ids.sol";
import {CloseReason, Lease} from "../../../src/types/Lease.sol";

import {HandlerBase} from "./HandlerBase.sol";
import {Ledger} from "./Ledger.sol";

/// @notice A verifier: closes leases that failed verification or whose provider vanished, and slashes
///         providers, now and then trying to slash more than they have staked.
contract VerifierHandler is HandlerBase {
    address internal immutable verifier;

    constructor(
        Ledger ledger_,
        Auctions auctions_,
        ProviderRegistry registry_,
        HearthToken heat_,
        address verifier_
    ) HandlerBase(ledger_, auctions_, registry_, heat_) {
        verifier = verifier_;
    }

    function closeLeaseByVerifier(uint256 leaseSeed, bool providerGone) external step {
        (LeaseId lease, Lease memory l) = _findLease(leaseSeed, true, _isActive);
        if (LeaseId.unwrap(lease) == 0) {
            ledger.skip("closeLeaseByVerifier");
            return;
        }
        IERC20 token = _tokenOf(l.market);
        uint256 balance = token.balanceOf(l.consumer);
        vm.prank(verifier);
        uint256 refund = marketplace.closeLeaseByVerifier(
            lease, providerGone ? CloseReason.ProviderGone : CloseReason.FailedVerification
        );
        _bookRefund(lease, token, l.consumer, balance, refund);
        ledger.count("closeLeaseByVerifier");
    }

    /// @notice Slashes a provider: usually a small part of its stake, sometimes all of it, and one time in
    ///         eight more than it has, which the registry must refuse.
    function slash(uint256 actorSeed, uint256 amountSeed, uint256 finderSeed, uint256 modeSeed)
        external
        step
    {
        address provider = _findProvider(actorSeed, _slashable);
        if (provider == address(0)) {
            ledger.skip("slash");
            return;
        }
        Provider memory p = registry.getProvider(provider);
        uint256 slashable = uint256(p.stake) + p.unbonding;
        address finder = finderSeed % 3 == 0 ? address(0) : ledger.pickConsumer(finderSeed);

        if (modeSeed % 8 == 0) {
            uint256 tooMuch = slashable + _bound(amountSeed, 1, slashable);
            vm.prank(verifier);
            try registry.slash(provider, tooMuch, finder) {
                ledger.overSlashAccepted();
            } catch {
                ledger.count("slashOverStakeRefused");
            }
            return;
        }

        uint256 amount = _bound(amountSeed, 1, modeSeed % 4 == 1 ? slashable : (slashable + 9) / 10);
        // The finder's share by the rules; the rest is burned.
        uint256 share = finder == address(0) ? 0 : Bps.mul(amount, registry.finderShareBps());
        uint256 held = heat.balanceOf(address(registry));
        uint256 finderBalance = finder == address(0) ? 0 : heat.balanceOf(finder);

        vm.prank(verifier);
        uint256 reward = registry.slash(provider, amount, finder);
        uint256 taken = held - heat.balanceOf(address(registry));
        uint256 rewarded = finder == address(0) ? 0 : heat.balanceOf(finder) - finderBalance;
        if (taken != amount || rewarded != share || reward != share) ledger.mismatch("slash transfers");
        ledger.slash(provider, taken);
        ledger.burn(amount - share);
        ledger.count("slash");
    }

    function _slashable(address provider) internal view returns (bool) {
        Provider memory p = registry.getProvider(provider);
        return uint256(p.stake) + p.unbonding > 0;
    }
}
