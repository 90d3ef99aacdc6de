/**
 * `engram-memory/mechanisms`: the guide's formulas as small pure functions over typed arrays. The engine calls dot,
 * softmax, halfLifeDecay, updateStrength (through gatedScalar), quantizeInt8 and dotInt8; the rest (attentionScores,
 * scaledDotProductAttention, weightedSum, memoryRead, memoryWrite, gatedUpdate, sigmoid) is kept as a reference of
 * the guide's formulas, each labelled so at its definition, and not exported from the package's root.
 */

export type { AttentionResult } from "./attention.js";
export { attentionScores, dot, scaledDotProductAttention, weightedSum } from "./attention.js";
export { halfLifeDecay, updateStrength } from "./decay.js";
export { memoryRead, memoryWrite } from "./external-memory.js";
export { gatedScalar, gatedUpdate, sigmoid } from "./gated-update.js";
// The training core (./neural): trainable layers with forward and backward passes, losses, optimisers, the gradient
// check, and the End-To-End Memory Network built from them.
export type {
  AdamOptions,
  AdditiveAttention,
  AdditiveAttentionForward,
  AttentionReadForward,
  AttentionReadGradients,
  AttentionReadOptions,
  ClipOptions,
  Floats,
  GatedCell,
  GatedCellGradients,
  GatedCellStep,
  GradientCheckOptions,
  GradientCheckResult,
  LossResult,
  MemoryEpoch,
  MemoryEvaluation,
  MemoryExample,
  MemoryForward,
  MemoryForwardOptions,
  MemoryNetwork,
  MemoryNetworkConfig,
  MemoryNetworkSchedule,
  Optimizer,
  Parameter,
  ParameterOptions,
  PositionEncodingFormula,
  Random,
  SavedMemoryNetwork,
  SavedParameter,
} from "./neural/index.js";
export {
  additiveAttentionBackward,
  additiveAttentionForward,
  additiveAttentionParameters,
  attentionReadBackward,
  attentionReadForward,
  BABI_JOINT_SCHEDULE,
  BABI_SCHEDULE,
  checkGradients,
  checkMemoryNetworkConfig,
  createAdagrad,
  createAdam,
  createAdditiveAttention,
  createGatedCell,
  createMemoryNetwork,
  createParameter,
  createRandom,
  createSgd,
  DEFAULT_MEMORY_NETWORK,
  embeddingBagBackward,
  embeddingBagForward,
  evaluateMemoryNetwork,
  gatedCellBackward,
  gatedCellForward,
  gatedCellParameters,
  gatedCellSequence,
  gatedCellSequenceBackward,
  gradientNorm,
  l2TowardPrior,
  linearBackward,
  linearForward,
  listwiseSoftmaxLoss,
  loadMemoryNetwork,
  loadParameters,
  positionEncoding,
  saveMemoryNetwork,
  saveParameters,
  sigmoidBackward,
  sigmoidForward,
  softmaxBackward,
  softmaxCrossEntropy,
  tanhBackward,
  tanhForward,
  temporalEncodingBackward,
  temporalEncodingForward,
  timeIndices,
  trainMemoryNetwork,
  zeroGradients,
} from "./neural/index.js";
export type { QuantizedVector } from "./quantization.js";
export { dequantizeInt8, dotInt8, quantizeInt8 } from "./quantization.js";
export { softmax } from "./softmax.js";
