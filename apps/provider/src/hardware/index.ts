// Entry point of the hardware module: probing the machine and turning it into what a provider declares.
export type { CommandResult, CommandRunner } from './CommandRunner.js'
export {
  type CheckMinimumSpecReturnType,
  checkMinimumSpec,
  type MinimumSpec,
  type MinimumSpecProblem,
} from './checkMinimumSpec.js'
export { type DefaultProbeEnvironmentParameters, defaultProbeEnvironment } from './defaultProbeEnvironment.js'
export { formatHardwareReport } from './formatHardwareReport.js'
export type { DetectedGpu, GpuProbeResult, GpuVendorName, HardwareReport } from './HardwareReport.js'
export { type ProbeEnvironment, probeHardware } from './probeHardware.js'
export { type ReadMinimumSpecReturnType, readMinimumSpec } from './readMinimumSpec.js'
export {
  type ToOnChainHardwareParameters,
  type ToOnChainHardwareReturnType,
  toOnChainHardware,
} from './toOnChainHardware.js'
