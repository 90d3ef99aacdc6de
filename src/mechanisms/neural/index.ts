/**
 * The training core: trainable layers with hand-written forward and backward passes, losses, optimisers and a
 * finite-difference gradient check. Recall's trained scorer and the End-To-End Memory Network use this same code.
 */
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
export { createRandom, type Random } from "./random.js";
