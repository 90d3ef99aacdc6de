/** Forgetting as a gate over time: strength and recency decay exponentially with a half-life, and use reinforces strength. */
import { gatedScalar } from "./gated-update.js";

/** 2^(−age / halfLife): 1 now, ½ after one half-life. Ages below zero count as now. */
export function halfLifeDecay(ageMs: number, halfLifeMs: number): number {
  if (halfLifeMs <= 0) throw new RangeError("halfLifeDecay: halfLifeMs must be positive");
  return 2 ** (-Math.max(0, ageMs) / halfLifeMs);
}

/**
 * The gated strength update s' = f·s + i·1 (the guide's hₜ = fₜ⊙hₜ₋₁ + iₜ⊙h̃ₜ with the candidate h̃ = 1): the forget
 * gate f = decay over the elapsed time; the input gate i = r·(1 − f·s) for a reinforcement r in [0, 1] (for example
 * the attention weight a recall gave it), which moves strength a fraction r of the way to 1 and never past it.
 */
export function updateStrength(
  strength: number,
  elapsedMs: number,
  halfLifeMs: number,
  reinforcement: number,
): number {
  const forget = halfLifeDecay(elapsedMs, halfLifeMs);
  const input = Math.min(1, Math.max(0, reinforcement)) * (1 - forget * strength);
  return Math.min(1, Math.max(0, gatedScalar(strength, 1, forget, input)));
}
