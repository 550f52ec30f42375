// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketLens} from "./interfaces/IMarketLens.sol";
import {IMarketplace} from "./interfaces/IMarketplace.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {MarketId} from "./types/Ids.sol";
import {QueueEntry} from "./types/Market.sol";

/// @title MarketLens
/// @notice See {IMarketLens}.
contract MarketLens is IMarketLens {
    IMarketplace public immutable marketplace;
    IProviderRegistry public immutable registry;

    /// @notice The provider is not waiting in any queue (for `getQueue`: not in the market asked about).
    error ProviderNotQueued(address provider);

    constructor(address marketplace_, address registry_) {
        marketplace = IMarketplace(marketplace_);
        registry = IProviderRegistry(registry_);
    }

    /// @inheritdoc IMarketLens
    function getQueue(MarketId market, address start, uint256 max)
        external
        view
        returns (address[] memory providers, uint16[] memory slots, uint32[] memory reputations)
    {
        address first;
        if (start == address(0)) {
            first = marketplace.getMarket(market).head;
        } else {
            // A cursor outside this queue (another market's, or one taken since) would list the wrong
            // queue or read as its end.
            QueueEntry memory s = marketplace.getQueueEntry(start);
            if (MarketId.unwrap(s.market) != MarketId.unwrap(market)) revert ProviderNotQueued(start);
            first = s.next;
        }
        uint256 n;
        for (address p = first; p != address(0) && n < max; p = marketplace.getQueueEntry(p).next) {
            ++n;
        }
        providers = new address[](n);
        slots = new uint16[](n);
        reputations = new uint32[](n);
        address cur = first;
        for (uint256 i; i < n; ++i) {
            QueueEntry memory e = marketplace.getQueueEntry(cur);
            providers[i] = cur;
            slots[i] = e.slots;
            reputations[i] = e.reputation;
            cur = e.next;
        }
    }

    /// @inheritdoc IMarketLens
    function queuePosition(MarketId market, address provider) external view returns (address prevHint) {
        (, uint32 reputation) = registry.eligibility(provider);
        address cur = marketplace.getMarket(market).head;
        while (cur != address(0)) {
            QueueEntry memory e = marketplace.getQueueEntry(cur);
            if (e.reputation < reputation) break;
            prevHint = cur;
            cur = e.next;
        }
    }

    /// @inheritdoc IMarketLens
    function queuePrev(address provider) external view returns (address prevHint) {
        QueueEntry memory entry = marketplace.getQueueEntry(provider);
        if (MarketId.unwrap(entry.market) == 0) revert ProviderNotQueued(provider);
        for (address cur = marketplace.getMarket(entry.market).head; cur != provider;) {
            prevHint = cur;
            cur = marketplace.getQueueEntry(cur).next;
        }
    }
}
