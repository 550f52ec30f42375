// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Auctions} from "../../../src/Auctions.sol";
import {HearthToken} from "../../../src/HearthToken.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {MarketId} from "../../../src/types/Ids.sol";

import {HandlerBase} from "./HandlerBase.sol";
import {Ledger} from "./Ledger.sol";

/// @notice Governance, while everything else goes on: pauses and reopens markets (a market is paused a
///         quarter of the time), and changes the protocol fee and its burn share, which must not touch the
///         terms of leases already running.
contract OwnerHandler is HandlerBase {
    address internal immutable owner;

    constructor(
        Ledger ledger_,
        Auctions auctions_,
        ProviderRegistry registry_,
        HearthToken heat_,
        address owner_
    ) HandlerBase(ledger_, auctions_, registry_, heat_) {
        owner = owner_;
    }

    function setMarketPaused(uint256 marketSeed, uint256 pauseSeed) external step {
        MarketId market = ledger.pickMarket(marketSeed);
        bool paused = pauseSeed % 4 == 0;
        vm.prank(owner);
        marketplace.setMarketPaused(market, paused);
        ledger.count(paused ? bytes32("pauseMarket") : bytes32("unpauseMarket"));
    }

    function setFeeBps(uint256 feeSeed) external step {
        vm.prank(owner);
        marketplace.setFeeBps(uint16(_bound(feeSeed, 0, 2000)));
        ledger.count("setFeeBps");
    }

    function setBurnShareBps(uint256 shareSeed) external step {
        vm.prank(owner);
        marketplace.setBurnShareBps(uint16(_bound(shareSeed, 0, 10_000)));
        ledger.count("setBurnShareBps");
    }
}
