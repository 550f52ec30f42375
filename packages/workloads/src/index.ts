// Entry point of @hearth/workloads: Hearth's own workloads, built into local images.

export { type EncodeAnimatedPngParameters, encodeAnimatedPng } from './encodeAnimatedPng.js'
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
  type EnsureRaytraceImageOptions,
  type EnsureRaytraceImageReturnType,
  ensureRaytraceImage,
  raytraceCompilerFlags,
  raytraceImageHash,
  raytraceRepository,
  raytraceSourcePath,
} from './ensureRaytraceImage.js'
export {
  BenchmarkFailedError,
  BenchmarkOutputError,
  BenchmarkVerificationError,
  InvalidBenchmarkParameterError,
} from './errors.js'
export { checkMatmulParameters, type MatmulInputs, matmulInputs, maxMatmulOrder } from './matmulInputs.js'
export { type PpmImage, parsePpm } from './parsePpm.js'
export { raytraceFrameName } from './raytraceFrameName.js'
export { renderRaytraceFrame } from './renderRaytraceFrame.js'
export {
  type RaytraceAnimation,
  type RaytraceScene,
  raytraceScene,
  renderRaytracePixel,
} from './renderRaytracePixel.js'
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
export {
  type RaytraceFrameProblem,
  type VerifyRaytraceFramesParameters,
  type VerifyRaytraceFramesReturnType,
  verifyRaytraceFrames,
} from './verifyRaytraceFrames.js'
