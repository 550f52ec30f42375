// Entry point of @hearth/workloads: Hearth's own workloads, built into local images.
export {
  type EnsureMatmulImageOptions,
  type EnsureMatmulImageReturnType,
  ensureMatmulImage,
  matmulBinaryPath,
  matmulCompilerFlags,
  matmulImageHash,
  matmulRepository,
  matmulSourcePath,
} from './ensureMatmulImage.js'
export {
  BenchmarkFailedError,
  BenchmarkOutputError,
  BenchmarkVerificationError,
  InvalidBenchmarkParameterError,
} from './errors.js'
export { checkMatmulParameters, type MatmulInputs, matmulInputs, maxMatmulOrder } from './matmulInputs.js'
export {
  type RunMatmulBenchmarkParameters,
  type RunMatmulBenchmarkReturnType,
  runMatmulBenchmark,
} from './runMatmulBenchmark.js'
export {
  type VerifyBenchmarkOutputParameters,
  type VerifyBenchmarkOutputReturnType,
  verifyBenchmarkOutput,
} from './verifyBenchmarkOutput.js'
export {
  freivaldsTolerance,
  type VerifyProductParameters,
  type VerifyProductReturnType,
  verifyProduct,
} from './verifyProduct.js'
