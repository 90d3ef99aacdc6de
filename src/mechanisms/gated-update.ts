/**
 * The gated update hₜ = fₜ ⊙ hₜ₋₁ + iₜ ⊙ h̃ₜ: a forget gate keeps part of the old state, an input gate lets part of the new in.
 * The engine calls `gatedScalar` (the strength update, decay.ts); `gatedUpdate` and `sigmoid` are reference: not called
 * by the engine (`gatedUpdate` is the step of the trainable gated cell, neural/gated-cell.ts).
 */

/** Element-wise gated update; every argument has the same length. Reference only: the engine uses gatedScalar (strength). */
export function gatedUpdate(
  previous: ArrayLike<number>,
  candidate: ArrayLike<number>,
  forgetGate: ArrayLike<number>,
  inputGate: ArrayLike<number>,
): Float64Array {
  const n = previous.length;
  if (candidate.length !== n || forgetGate.length !== n || inputGate.length !== n) {
    throw new RangeError("gatedUpdate: previous, candidate and both gates must have the same length");
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = gatedScalar(
      previous[i] as number,
      candidate[i] as number,
      forgetGate[i] as number,
      inputGate[i] as number,
    );
  }
  return out;
}

/** The same update for one number: f·h + i·h̃. */
export function gatedScalar(
  previous: number,
  candidate: number,
  forgetGate: number,
  inputGate: number,
): number {
  return forgetGate * previous + inputGate * candidate;
}

/** The logistic function σ(x) = 1 / (1 + e⁻ˣ) that keeps a gate in (0, 1). Reference only: the engine does not call it. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
