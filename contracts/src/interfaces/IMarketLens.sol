// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketId} from "../types/Ids.sol";

/// @title Market lens
/// @notice Read-only helpers over the marketplace's queues, kept out of the marketplace to keep it under
///         the contract size limit. Off-chain callers use them to list queues and compute queue hints.
interface IMarketLens {
    /// @notice Up to `max` queued providers of `market`, best first, starting after `start` (zero: head).
    ///         Reverts with `ProviderNotQueued` when `start` is not waiting in `market`'s queue.
    function getQueue(MarketId market, address start, uint256 max)
        external
        view
        returns (address[] memory providers, uint16[] memory slots, uint32[] memory reputations);

    /// @notice The `prevHint` for `provider` joining `market` now (after every entry at least as reputable).
    function queuePosition(MarketId market, address provider) external view returns (address prevHint);

    /// @notice The entry before `provider` in its queue (zero if it is the head), for `leaveQueue`/`evict`.
    function queuePrev(address provider) external view returns (address prevHint);
}
