/**
 * Two systems scored on the same questions, compared question by question: how many questions each one wins, the
 * mean difference with a bootstrap 95 % interval (questions resampled), and the exact two-sided sign test over the
 * questions where they differ. What a benchmark prints beside two recall figures, so that a gap of a few questions
 * is read as what it is.
 */
import { createRandom } from "../mechanisms/neural/random.js";
import { invalidInput } from "../spec/errors.js";

export interface PairedComparison {
  questions: number;
  /** Questions where the first system scored higher, and lower. */
  gained: number;
  lost: number;
  /** Mean of first − second, in the scores' own unit. */
  meanDifference: number;
  /** The 2.5th and 97.5th percentiles of the mean difference over bootstrap resamples of the questions. */
  interval: [number, number];
  /** Exact two-sided sign test: the chance of a split at least this uneven if either system were as likely to win. */
  signTestP: number;
}

/** log(n!) by summing logs (n here is at most a few thousand questions). */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) out[i] = (out[i - 1] as number) + Math.log(i);
  return out;
}

/** P(X ≤ x or X ≥ n − x) for X ~ Binomial(n, ½), x the smaller count: the exact two-sided sign test. */
export function signTest(gained: number, lost: number): number {
  const n = gained + lost;
  if (n === 0) return 1;
  const x = Math.min(gained, lost);
  const logF = logFactorials(n);
  let tail = 0;
  for (let i = 0; i <= x; i++)
    tail += Math.exp((logF[n] as number) - (logF[i] as number) - (logF[n - i] as number) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/**
 * Compare per-question scores `first[i]` and `second[i]` (the same question at the same index).
 * @example comparePaired([1, 1, 0.5], [1, 0, 0.5]) // { gained: 1, lost: 0, meanDifference: 0.333…, … }
 */
export function comparePaired(
  first: readonly number[],
  second: readonly number[],
  options: { resamples?: number; seed?: number } = {},
): PairedComparison {
  if (first.length !== second.length)
    throw invalidInput(
      `comparePaired: ${first.length} scores against ${second.length}; pass one score per question for both systems, in the same order`,
    );
  const resamples = options.resamples ?? 10_000;
  const differences = first.map((a, i) => a - (second[i] as number));
  const n = differences.length;
  const mean = (values: ArrayLike<number>) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i] as number;
    return values.length === 0 ? 0 : sum / values.length;
  };
  const gained = differences.filter((d) => d > 1e-12).length;
  const lost = differences.filter((d) => d < -1e-12).length;
  const random = createRandom(options.seed ?? 1);
  const means = new Float64Array(n === 0 ? 0 : resamples);
  const sample = new Float64Array(n);
  for (let r = 0; r < means.length; r++) {
    for (let i = 0; i < n; i++) sample[i] = differences[random.int(n)] as number;
    means[r] = mean(sample);
  }
  means.sort();
  const at = (q: number) => (means.length === 0 ? 0 : (means[Math.floor(q * (means.length - 1))] as number));
  return {
    questions: n,
    gained,
    lost,
    meanDifference: mean(differences),
    interval: [at(0.025), at(0.975)],
    signTestP: signTest(gained, lost),
  };
}
