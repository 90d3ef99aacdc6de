/**
 * Training recall's scorer: the attention itself is what is trained. For each question, the weights aᵢ = softmax(sᵢ)
 * over its candidates should fall on the memories that answer it; the loss is −log Σ_{i ∈ evidence} aᵢ (per evidence
 * item, averaged, so a question with three pieces of evidence asks for all three), plus (λ/2)‖w − w₀‖² toward the
 * prior weights, minimised by full-batch Adam. Deterministic for a seed.
 */
import {
  additiveAttentionBackward,
  additiveAttentionForward,
  createAdam,
  createParameter,
  l2TowardPrior,
  linearBackward,
  linearForward,
  listwiseSoftmaxLoss,
  type Parameter,
  zeroGradients,
} from "../mechanisms/neural/index.js";
import { FEATURE_COUNT } from "./recall-features.js";
import { createScorerLayer, priorWeights, type RecallScorer } from "./recall-scorer.js";

/** One question's candidates and which of them answer it. */
export interface TrainingList {
  features: readonly Float64Array[];
  /**
   * Groups of candidate indices, one per piece of evidence: the candidates that stand for it. A question whose
   * evidence is among no candidate has no groups and teaches nothing.
   */
  groups: readonly (readonly number[])[];
  /**
   * Candidates the user saw and rejected. With some, the loss gains a second part: the same loss over only the
   * judged candidates (used and rejected), so a rejected memory is pushed below the used ones, not only below all.
   */
  rejected?: readonly number[];
}

export interface TrainOptions {
  /** λ of the pull toward the prior (per question, as the loss is averaged over questions). Default 0.01. */
  l2?: number;
  epochs?: number;
  learningRate?: number;
  /** "each": the mean over evidence items of −log Σ aᵢ (default); "any": one loss over all evidence together. */
  loss?: "each" | "any";
  /** Width of the additive layer vᵀ tanh(W φ + b) added to wᵀφ; 0 (default) for none. */
  hidden?: number;
  /** Seed of the layer's initial weights. */
  seed?: number;
  /** Start from (and pull toward) these weights instead of the hand-set prior. */
  prior?: Float64Array;
  /** Called after each epoch with the mean loss per question, for progress reports. */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface TrainResult {
  scorer: RecallScorer;
  /** Mean loss per question at the end (without the L2 term). */
  loss: number;
  questions: number;
}

/**
 * One list packed for training: its candidates' features as the rows of a matrix Φ (n × features), so the linear
 * scores of all candidates are one linear layer's forward pass, s = Φw, and ∂w = Φᵀ ∂s its backward pass.
 */
interface PackedList {
  matrix: Parameter;
  features: readonly Float64Array[];
  /** The evidence groups that have candidates, or (for loss "any") their union. */
  parts: number[][];
  /** The judged candidates (used, then rejected) and how many of them were used; null without rejections. */
  judged: { indices: number[]; used: number } | null;
}

function pack(list: TrainingList, loss: "each" | "any"): PackedList {
  const rows = list.features.length;
  const value = new Float64Array(rows * FEATURE_COUNT);
  list.features.forEach((phi, i) => {
    value.set(phi, i * FEATURE_COUNT);
  });
  // Φ is data, not a parameter: its gradient (which linearBackward also fills) is never read
  const matrix: Parameter = {
    name: "features",
    rows,
    cols: FEATURE_COUNT,
    value,
    grad: new Float64Array(value.length),
  };
  const groups = list.groups.filter((g) => g.length > 0).map((g) => [...g]);
  const used = [...new Set(groups.flat())];
  const rejected = [...new Set(list.rejected ?? [])].filter((i) => !used.includes(i));
  return {
    matrix,
    features: list.features,
    parts: loss === "each" ? groups : [used],
    judged:
      rejected.length > 0 && used.length > 0 ? { indices: [...used, ...rejected], used: used.length } : null,
  };
}

/** Trains the weights (and the layer, when asked) on the lists; returns a "learned" scorer. */
export function trainScorer(lists: readonly TrainingList[], options: TrainOptions = {}): TrainResult {
  const l2 = options.l2 ?? 0.01;
  const epochs = options.epochs ?? 80;
  const loss = options.loss ?? "each";
  const prior = options.prior ?? priorWeights();
  const packed = lists
    .filter((list) => list.groups.some((g) => g.length > 0) && list.features.length > 1)
    .map((list) => pack(list, loss));
  const weight = createParameter("weights", FEATURE_COUNT, 1, { precision: "float64" });
  weight.value.set(prior);
  const layer = options.hidden ? createScorerLayer(options.hidden, options.seed ?? 1, "float64") : null;
  const parameters: Parameter[] = layer ? [weight, layer.weight, layer.bias, layer.vector] : [weight];
  const optimizer = createAdam({ learningRate: options.learningRate ?? 0.1 });
  let meanLoss = Number.NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    zeroGradients(parameters);
    let total = 0;
    for (const list of packed) total += accumulate(list, weight, layer, packed.length);
    meanLoss = total / Math.max(1, packed.length);
    l2TowardPrior(weight, l2, prior);
    if (layer) for (const p of [layer.weight, layer.vector]) l2TowardPrior(p, l2);
    optimizer.step(parameters);
    options.onEpoch?.(epoch, meanLoss);
  }
  return {
    scorer: {
      origin: "learned",
      weights: Float64Array.from(weight.value),
      layer,
      firstRead: null,
      training: { questions: packed.length, l2, epochs, loss, hidden: options.hidden ?? 0 },
    },
    loss: meanLoss,
    questions: packed.length,
  };
}

/**
 * The mean loss of a scorer's weights over lists (without the L2 term), and its gradient into `weight.grad` and the
 * layer's: what `trainScorer` minimises, exposed for the gradient check.
 */
export function scorerLoss(
  lists: readonly TrainingList[],
  weight: Parameter,
  layer: ReturnType<typeof createScorerLayer> | null,
  loss: "each" | "any" = "each",
): number {
  const packed = lists.filter((l) => l.groups.some((g) => g.length > 0)).map((l) => pack(l, loss));
  let total = 0;
  for (const list of packed) total += accumulate(list, weight, layer, packed.length);
  return total / Math.max(1, packed.length);
}

/** One list's forward and backward pass; gradients are scaled by 1 / lists so they average. Returns its loss. */
function accumulate(
  list: PackedList,
  weight: Parameter,
  layer: ReturnType<typeof createScorerLayer> | null,
  lists: number,
): number {
  const scores = linearForward(list.matrix, null, weight.value);
  const layerForward = layer ? additiveAttentionForward(layer, list.features) : null;
  if (layerForward)
    for (let i = 0; i < scores.length; i++)
      scores[i] = (scores[i] as number) + (layerForward.scores[i] as number);
  const gradScores = new Float64Array(scores.length);
  let value = 0;
  for (const part of list.parts) {
    const result = listwiseSoftmaxLoss(scores, part);
    value += result.loss / list.parts.length;
    const scale = 1 / list.parts.length / lists;
    for (let i = 0; i < scores.length; i++)
      gradScores[i] = (gradScores[i] as number) + (result.gradScores[i] as number) * scale;
  }
  if (list.judged) {
    const { indices, used } = list.judged;
    const result = listwiseSoftmaxLoss(
      indices.map((i) => scores[i] as number),
      indices.slice(0, used).map((_, k) => k),
    );
    value += result.loss;
    indices.forEach((i, k) => {
      gradScores[i] = (gradScores[i] as number) + (result.gradScores[k] as number) / lists;
    });
  }
  const gradWeights = linearBackward(list.matrix, null, weight.value, gradScores);
  for (let j = 0; j < gradWeights.length; j++)
    weight.grad[j] = (weight.grad[j] as number) + (gradWeights[j] as number);
  if (layer && layerForward) additiveAttentionBackward(layer, list.features, layerForward, gradScores);
  return value;
}
