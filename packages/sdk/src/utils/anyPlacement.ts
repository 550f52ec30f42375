import { zeroHash } from 'viem'
import type { Placement } from '../types.js'

/** A placement with no requirement: any region, compliance, bandwidth and reputation. */
export const anyPlacement: Placement = {
  region: zeroHash,
  complianceTags: 0n,
  minBandwidthMbps: 0,
  minReputation: 0,
}
