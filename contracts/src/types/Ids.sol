// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Identifies a lease (1-based; 0 is "none").
type LeaseId is uint256;

/// @notice Identifies a market (one per GPU class, 1-based).
type MarketId is uint16;

/// @notice Identifies a reverse-auction order (1-based).
type OrderId is uint256;

/// @notice Identifies a cluster of leases opened together (1-based).
type ClusterId is uint256;
