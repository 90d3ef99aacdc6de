/**
 * The guide's external memory: a read rₜ = Σ aᵢ vᵢ and a write ṽᵢ = vᵢ + aᵢ Δv that updates the slots a new item attends to.
 * Reference: not called by the engine. Its read packs texts by weight (core/context-assembly.ts) and its write gate reinforces the
 * slot a new item matches (core/write-path.ts); neither calls these vector forms.
 */
import { weightedSum } from "./attention.js";

/** rₜ = Σ aᵢ vᵢ: the values blended by their attention weights. */
export function memoryRead(weights: ArrayLike<number>, values: readonly ArrayLike<number>[]): Float64Array {
  if (weights.length !== values.length) {
    throw new RangeError(`memoryRead: ${weights.length} weights but ${values.length} values`);
  }
  return weightedSum(weights, values);
}

/** ṽᵢ = vᵢ + aᵢ Δv for every slot: slots that received more attention move more. Returns new arrays. */
export function memoryWrite(
  values: readonly ArrayLike<number>[],
  weights: ArrayLike<number>,
  delta: ArrayLike<number>,
): Float64Array[] {
  if (weights.length !== values.length) {
    throw new RangeError(`memoryWrite: ${weights.length} weights but ${values.length} values`);
  }
  return values.map((v, i) => {
    if (v.length !== delta.length) throw new RangeError(`memoryWrite: slot ${i} and Δv differ in length`);
    const a = weights[i] as number;
    const out = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) out[j] = (v[j] as number) + a * (delta[j] as number);
    return out;
  });
}
