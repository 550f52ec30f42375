import { SupplySource } from '@hearth/sdk'
import type { LoadedConfig } from '../config.js'
import { defaultProbeEnvironment, type HardwareReport, probeHardware } from '../hardware/index.js'

/** Probes this machine's hardware (GPUs through the vendors' tools, CPU, RAM, disk of the data dir). */
export function probeThisMachine(dataDir: string): Promise<HardwareReport> {
  return probeHardware(defaultProbeEnvironment({ dataDir }))
}

/** The on-chain supply source of a config's `declare.supplySource`. */
export function supplySourceOf(config: Pick<LoadedConfig, 'declare'>): SupplySource {
  const { supplySource } = config.declare
  return supplySource === 'datacenter'
    ? SupplySource.DataCenter
    : supplySource === 'miner'
      ? SupplySource.Miner
      : SupplySource.Home
}
