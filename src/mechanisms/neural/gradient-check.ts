/**
 * Finite-difference gradient check: compares the gradients a backward pass accumulates with (L(w + ε) − L(w − ε)) / 2ε
 * for sampled entries of every parameter. Use Float64Array parameters: float32 rounding swamps the differences.
 * Reference: not called by the engine; the training core's tests check every layer with it.
 */
import { type Parameter, zeroGradients } from "./parameter.js";
import { createRandom } from "./random.js";

export interface GradientCheckResult {
  /** The largest |analytic − numeric| / max(|analytic| + |numeric|, floor) over the entries checked. */
  maxRelativeError: number;
  checked: number;
  worst: { parameter: string; index: number; analytic: number; numeric: number } | null;
}

export interface GradientCheckOptions {
  epsilon?: number;
  /** Entries checked per parameter (all when the parameter is smaller). Default 20. */
  samplesPerParameter?: number;
  seed?: number;
  /** Below this magnitude both gradients count as zero (absolute error is used). Default 1e-7. */
  floor?: number;
}

/**
 * `run` must do one forward and backward pass, accumulating into the parameters' gradients, and return the loss.
 * @example expect(checkGradients(params, run).maxRelativeError).toBeLessThan(1e-6)
 */
export function checkGradients(
  parameters: readonly Parameter[],
  run: () => number,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-5;
  const samples = options.samplesPerParameter ?? 20;
  const floor = options.floor ?? 1e-7;
  const random = createRandom(options.seed ?? 1);
  zeroGradients(parameters);
  run();
  const analytic = parameters.map((p) => Float64Array.from(p.grad));
  let maxRelativeError = 0;
  let checked = 0;
  let worst: GradientCheckResult["worst"] = null;
  parameters.forEach((p, pi) => {
    const size = p.value.length;
    const indices =
      size <= samples ? [...Array(size).keys()] : Array.from({ length: samples }, () => random.int(size));
    for (const index of indices) {
      const original = p.value[index] as number;
      p.value[index] = original + epsilon;
      zeroGradients(parameters);
      const plus = run();
      p.value[index] = original - epsilon;
      zeroGradients(parameters);
      const minus = run();
      p.value[index] = original;
      const numeric = (plus - minus) / (2 * epsilon);
      const exact = (analytic[pi] as Float64Array)[index] as number;
      const scale = Math.abs(exact) + Math.abs(numeric);
      const error = scale < floor ? Math.abs(exact - numeric) : Math.abs(exact - numeric) / scale;
      checked++;
      if (worst === null || error > maxRelativeError) {
        worst = { parameter: p.name, index, analytic: exact, numeric };
        maxRelativeError = error;
      }
    }
  });
  zeroGradients(parameters);
  return { maxRelativeError, checked, worst };
}
