/**
 * `engram-memory/mechanisms`: the guide's formulas as small pure functions over typed arrays, and the training core.
 * Called by the engine (core/): softmax (recall's weights), halfLifeDecay and updateStrength (through gatedScalar:
 * recency, strength and reinforcement), quantizeInt8 and dequantizeInt8 (stored vectors), dotInt8 (the stores' scan),
 * and from ./neural the additive attention layer, linear and tanh layers, listwiseSoftmaxLoss, l2TowardPrior, Adam,
 * parameters, the seeded random source and save/load (recall's scorer and engine.learn). Called by the reading app:
 * the End-To-End Memory Network with its training, position encoding, timeIndices, SGD and softmaxCrossEntropy.
 * Reference: not called by the engine, each labelled so at its definition, and none exported from the package's root:
 * dot, attentionScores, scaledDotProductAttention, weightedSum, memoryRead, memoryWrite, gatedUpdate, sigmoid, and
 * from ./neural the gated cell, the attention read, the embedding bag, temporalEncodingForward/Backward, sigmoid's
 * layer, Adagrad and the gradient check (the tests' tool).
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
