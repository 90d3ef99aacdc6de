/** A numerically stable softmax: the guide's attention weights aᵢ = exp(sᵢ) / Σⱼ exp(sⱼ). */

/**
 * Softmax of `scores`, computed after subtracting the maximum so that large scores never overflow.
 * @example softmax([0, Math.log(3)]) // Float64Array [0.25, 0.75]
 */
export function softmax(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const weights = new Float64Array(n);
  if (n === 0) return weights;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) max = Math.max(max, scores[i] as number);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((scores[i] as number) - max);
    weights[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) / sum;
  return weights;
}
