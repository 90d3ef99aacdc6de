/**
 * Scaled dot-product attention, Attention(Q, K, V) = softmax(QKᵀ/√d)V, for one query over a set of key–value pairs.
 * Reference: not called by the engine. Recall is this read with wᵀφ scores as the logits and the memories as the
 * values (core/recall.ts, through `softmax`); the engine's inner products are loops of their own (core/write-path.ts,
 * the stores' int8 kernels through `dotInt8`).
 */
import { softmax } from "./softmax.js";

/** Inner product of two vectors of the same length. Reference only (for attentionScores). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`dot: lengths differ (${a.length} and ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Scores q·kᵢ/√d for each key: the logits that softmax turns into weights. Reference only: the engine does not call it (recall scores wᵀφ, core/recall.ts). */
export function attentionScores(query: ArrayLike<number>, keys: readonly ArrayLike<number>[]): Float64Array {
  const scale = 1 / Math.sqrt(query.length);
  const scores = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) scores[i] = dot(query, keys[i] as ArrayLike<number>) * scale;
  return scores;
}

export interface AttentionResult {
  /** aᵢ = softmax(q·kᵢ/√d); they sum to 1. */
  weights: Float64Array;
  /** Σ aᵢ vᵢ. */
  output: Float64Array;
}

/**
 * One query attending over keys and values. Reference only: the engine does not call it; recall is this read with
 * wᵀφ as the logits and the memories' texts as the values (core/recall.ts).
 * @example scaledDotProductAttention([1, 0], [[1, 0], [0, 1]], [[10], [20]])
 */
export function scaledDotProductAttention(
  query: ArrayLike<number>,
  keys: readonly ArrayLike<number>[],
  values: readonly ArrayLike<number>[],
): AttentionResult {
  if (keys.length !== values.length) {
    throw new RangeError(`attention: ${keys.length} keys but ${values.length} values`);
  }
  const weights = softmax(attentionScores(query, keys));
  return { weights, output: weightedSum(weights, values) };
}

/** Σ wᵢ vᵢ over vectors of one length; an empty set gives an empty vector. Reference only (for the two above and memoryRead). */
export function weightedSum(weights: ArrayLike<number>, values: readonly ArrayLike<number>[]): Float64Array {
  const width = values[0]?.length ?? 0;
  const out = new Float64Array(width);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as ArrayLike<number>;
    if (v.length !== width)
      throw new RangeError(`weightedSum: value ${i} has length ${v.length}, not ${width}`);
    const w = weights[i] as number;
    for (let j = 0; j < width; j++) out[j] = (out[j] as number) + w * (v[j] as number);
  }
  return out;
}
