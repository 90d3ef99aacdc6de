/**
 * The training core: trainable layers with hand-written forward and backward passes, losses, optimisers and a
 * finite-difference gradient check. Recall's trained scorer and the End-To-End Memory Network use this same code.
 */
export {
  createGatedCell,
  type GatedCell,
  type GatedCellGradients,
  type GatedCellStep,
  gatedCellBackward,
  gatedCellForward,
  gatedCellParameters,
  gatedCellSequence,
  gatedCellSequenceBackward,
} from "./gated-cell.js";
export { checkGradients, type GradientCheckOptions, type GradientCheckResult } from "./gradient-check.js";
export {
  type AdditiveAttention,
  type AdditiveAttentionForward,
  type AttentionReadForward,
  type AttentionReadGradients,
  type AttentionReadOptions,
  additiveAttentionBackward,
  additiveAttentionForward,
  additiveAttentionParameters,
  attentionReadBackward,
  attentionReadForward,
  createAdditiveAttention,
  embeddingBagBackward,
  embeddingBagForward,
  linearBackward,
  linearForward,
  sigmoidBackward,
  sigmoidForward,
  softmaxBackward,
  tanhBackward,
  tanhForward,
} from "./layers.js";
export { type LossResult, l2TowardPrior, listwiseSoftmaxLoss, softmaxCrossEntropy } from "./losses.js";
export {
  checkMemoryNetworkConfig,
  createMemoryNetwork,
  DEFAULT_MEMORY_NETWORK,
  type MemoryExample,
  type MemoryForward,
  type MemoryForwardOptions,
  type MemoryNetwork,
  type MemoryNetworkConfig,
} from "./memory-network.js";
export {
  BABI_JOINT_SCHEDULE,
  BABI_SCHEDULE,
  evaluateMemoryNetwork,
  loadMemoryNetwork,
  type MemoryEpoch,
  type MemoryEvaluation,
  type MemoryNetworkSchedule,
  type SavedMemoryNetwork,
  saveMemoryNetwork,
  trainMemoryNetwork,
} from "./memory-network-training.js";
export {
  type AdamOptions,
  type ClipOptions,
  createAdagrad,
  createAdam,
  createSgd,
  type Optimizer,
} from "./optimizers.js";
export {
  createParameter,
  type Floats,
  gradientNorm,
  loadParameters,
  type Parameter,
  type ParameterOptions,
  type SavedParameter,
  saveParameters,
  zeroGradients,
} from "./parameter.js";
export { type PositionEncodingFormula, positionEncoding } from "./position-encoding.js";
export { createRandom, type Random } from "./random.js";
export { temporalEncodingBackward, temporalEncodingForward, timeIndices } from "./temporal-encoding.js";
