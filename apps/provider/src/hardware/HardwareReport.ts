/** GPU vendors the probe recognises (lowercase, as shown to the user). */
export type GpuVendorName = 'nvidia' | 'amd' | 'intel' | 'apple'

/** One GPU the probe found. */
export type DetectedGpu = {
  vendor: GpuVendorName
  /** The vendor tool's index of the GPU (`nvidia-smi -i`, `cardN`, `xpu-smi -d`). */
  index: number
  /** The name exactly as the vendor tool printed it, e.g. `NVIDIA GeForce RTX 4090`. */
  name: string
  /** The short on-chain model name, e.g. `rtx-4090` (see `normalizeGpuModel`). */
  model: string
  /** Memory of this GPU in MiB; for Apple silicon, the share of unified memory the GPU may use. */
  vramMiB: number
  uuid?: string
  driver?: string
  /** PCI bus address, e.g. `00000000:01:00.0`. */
  busId?: string
}

/** What the machine has, as `probeHardware` found it. */
export type HardwareReport = {
  gpus: DetectedGpu[]
  cpu: {
    /** CPU model name, e.g. `AMD EPYC 7543 32-Core Processor`. */
    model: string
    /** Logical CPUs (hardware threads) the OS schedules on. */
    cores: number
  }
  /** Total RAM in MiB. */
  ramMiB: number
  /** Free disk space in GiB on the filesystem that holds the agent's data directory. */
  diskGiB: number
  /** Human sentences about what was skipped, failed or assumed. */
  notes: string[]
}

/** What probing one vendor's GPUs found: the GPUs, and sentences about what went wrong or was assumed. */
export type GpuProbeResult = {
  gpus: DetectedGpu[]
  notes: string[]
}
