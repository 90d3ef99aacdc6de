/** Losses with their gradients: softmax cross-entropy over classes, the listwise attention loss, and L2 toward a prior. */
import { softmax } from "../softmax.js";
import type { Parameter } from "./parameter.js";

export interface LossResult {
  loss: number;
  /** ∂loss/∂scores. */
  gradScores: Float64Array;
  /** softmax(scores). */
  weights: Float64Array;
}

/**
 * −log softmax(logits)[target]: the loss of a classifier (an answer word from a memory network's output).
 * @example softmaxCrossEntropy([0, Math.log(3)], 1).loss // −log 0.75
 */
export function softmaxCrossEntropy(logits: ArrayLike<number>, target: number): LossResult {
  if (!Number.isInteger(target) || target < 0 || target >= logits.length) {
    throw new RangeError(`softmaxCrossEntropy: target ${target} is outside 0..${logits.length - 1}`);
  }
  return listwiseSoftmaxLoss(logits, [target]);
}

/**
 * The attention itself as what is trained: with weights a = softmax(s) over candidates, the loss is
 * −log Σ_{i ∈ positives} aᵢ, low when the attention falls on the positives (the evidence). Its gradient is
 * ∂sⱼ = aⱼ − [j ∈ positives] aⱼ / Σ_{i ∈ positives} aᵢ. With one positive it is softmax cross-entropy.
 */
export function listwiseSoftmaxLoss(scores: ArrayLike<number>, positives: readonly number[]): LossResult {
  if (positives.length === 0) throw new RangeError("listwiseSoftmaxLoss: needs at least one positive");
  const weights = softmax(scores);
  const isPositive = new Uint8Array(scores.length);
  for (const i of positives) {
    if (!Number.isInteger(i) || i < 0 || i >= scores.length) {
      throw new RangeError(`listwiseSoftmaxLoss: positive ${i} is outside 0..${scores.length - 1}`);
    }
    isPositive[i] = 1;
  }
  // log Σ_P aᵢ = logsumexp(s_P) − logsumexp(s), each with its own maximum, so it stays finite when aᵢ underflow
  const logSumExp = (include: (i: number) => boolean) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < scores.length; i++) if (include(i)) max = Math.max(max, scores[i] as number);
    let sum = 0;
    for (let i = 0; i < scores.length; i++) if (include(i)) sum += Math.exp((scores[i] as number) - max);
    return max + Math.log(sum);
  };
  const logSumPositives = logSumExp((i) => isPositive[i] === 1);
  const loss = logSumExp(() => true) - logSumPositives;
  const gradScores = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const a = weights[i] as number;
    // aⱼ / Σ_P aᵢ = exp(sⱼ − logsumexp(s_P)): each positive's share of the positives' weight
    gradScores[i] = isPositive[i] ? a - Math.exp((scores[i] as number) - logSumPositives) : a;
  }
  return { loss, gradScores, weights };
}

/**
 * Adds (strength / 2)·‖w − w₀‖² to the loss, pulling weights toward a prior w₀ (zero when absent): adds
 * strength·(w − w₀) to the gradient and returns the penalty.
 */
export function l2TowardPrior(parameter: Parameter, strength: number, prior?: ArrayLike<number>): number {
  if (prior && prior.length !== parameter.value.length) {
    throw new RangeError(
      `l2TowardPrior: ${parameter.name} has ${parameter.value.length} values, the prior ${prior.length}`,
    );
  }
  let penalty = 0;
  for (let i = 0; i < parameter.value.length; i++) {
    const diff = (parameter.value[i] as number) - (prior ? (prior[i] as number) : 0);
    penalty += diff * diff;
    parameter.grad[i] = (parameter.grad[i] as number) + strength * diff;
  }
  return (strength / 2) * penalty;
}
