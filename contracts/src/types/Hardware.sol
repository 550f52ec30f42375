// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice GPU vendors a provider can declare.
enum GpuVendor {
    None,
    Nvidia,
    Amd,
    Intel,
    Apple
}

/// @notice Where a provider's machines live (Render/io.net distinguish these for pricing and trust).
enum SupplySource {
    Home,
    DataCenter,
    Miner
}

/// @notice Hardware a provider declares at registration. Sizes in the unit their name gives.
/// @dev Compliance tags are a bitmask: see `ComplianceTags`.
struct Hardware {
    GpuVendor gpuVendor;
    bytes32 gpuModel; // short lowercase name, e.g. "rtx-4090", "h100-80gb"; empty for CPU-only
    uint16 gpuCount;
    uint32 vramMiB; // per GPU
    uint16 cpuCores;
    uint32 ramMiB;
    uint32 diskGiB;
    uint32 bandwidthMbps;
    bytes32 region; // e.g. "eu-west", "us-east"
    uint64 complianceTags;
    SupplySource supplySource;
    uint32 benchmarkGflops; // measured by the agent's benchmark job
}

/// @notice Bits of `Hardware.complianceTags`.
library ComplianceTags {
    uint64 internal constant SOC2 = 1 << 0;
    uint64 internal constant HIPAA = 1 << 1;
    uint64 internal constant GDPR = 1 << 2;
    uint64 internal constant ISO27001 = 1 << 3;
    uint64 internal constant END_TO_END_ENCRYPTION = 1 << 4;
}
