// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";

import {HandlerBase} from "./HandlerBase.sol";
import {Ledger} from "./Ledger.sol";

/// @notice Time: moves the clock forward, mostly by minutes to hours, one time in three by days (so that
///         leases run out of funds and unbonding stake matures within a run).
contract TimeHandler is HandlerBase {
    constructor(Ledger ledger_, Auctions auctions_, ProviderRegistry registry_, HearthToken heat_)
        HandlerBase(ledger_, auctions_, registry_, heat_)
    {}

    function warp(uint256 secondsSeed, uint256 modeSeed) external step {
        uint256 seconds_ =
            modeSeed % 3 == 0 ? _bound(secondsSeed, 1 days, 5 days) : _bound(secondsSeed, 1, 6 hours);
        ledger.advance(seconds_);
        vm.warp(ledger.time());
        ledger.count("warp");
    }
}
