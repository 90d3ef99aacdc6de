/**
 * A trainable parameter: a rows × cols matrix (a vector when cols = 1) stored row-major in a typed array, with a
 * gradient of the same shape. Training uses Float32Array; gradient checks use Float64Array, where finite differences
 * are exact enough to compare.
 */
import type { Random } from "./random.js";

export type Floats = Float32Array | Float64Array;

export interface Parameter {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly value: Floats;
  /** ∂loss/∂value, accumulated by the backward passes until `zeroGradients`. */
  readonly grad: Floats;
}

export interface ParameterOptions {
  /** "zeros", a constant, or a normal draw N(0, std²) from `random`. Default zeros. */
  init?: "zeros" | { constant: number } | { normal: number; random: Random };
  /** float32 for training (default), float64 for gradient checks. */
  precision?: "float32" | "float64";
}

/** @example const w = createParameter("w", 4, 1, { init: { normal: 0.1, random } }); */
export function createParameter(
  name: string,
  rows: number,
  cols: number,
  options: ParameterOptions = {},
): Parameter {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(`parameter ${name}: rows and cols must be whole numbers ≥ 1, not ${rows} × ${cols}`);
  }
  const size = rows * cols;
  const make = () => (options.precision === "float64" ? new Float64Array(size) : new Float32Array(size));
  const value = make();
  const init = options.init ?? "zeros";
  if (init !== "zeros") {
    if ("constant" in init) value.fill(init.constant);
    else for (let i = 0; i < size; i++) value[i] = init.random.normal(0, init.normal);
  }
  return { name, rows, cols, value, grad: make() };
}

/** Sets every gradient to zero before the next forward and backward pass. */
export function zeroGradients(parameters: readonly Parameter[]): void {
  for (const p of parameters) p.grad.fill(0);
}

/** √(Σ over all parameters of Σ grad²). */
export function gradientNorm(parameters: readonly Parameter[]): number {
  let sum = 0;
  for (const p of parameters) for (const g of p.grad) sum += g * g;
  return Math.sqrt(sum);
}

/** A parameter as plain JSON: name, shape and values. */
export interface SavedParameter {
  name: string;
  rows: number;
  cols: number;
  values: number[];
}

export function saveParameters(parameters: readonly Parameter[]): SavedParameter[] {
  return parameters.map((p) => ({ name: p.name, rows: p.rows, cols: p.cols, values: Array.from(p.value) }));
}

/**
 * Copies saved values into parameters of the same names and shapes; refuses (changing nothing) when a name is
 * missing, a shape differs or a value is not a finite number.
 */
export function loadParameters(parameters: readonly Parameter[], saved: readonly SavedParameter[]): void {
  const byName = new Map(saved.map((s) => [s.name, s]));
  for (const p of parameters) {
    const s = byName.get(p.name);
    if (!s) throw new RangeError(`loadParameters: no saved values for parameter "${p.name}"`);
    if (
      s.rows !== p.rows ||
      s.cols !== p.cols ||
      !Array.isArray(s.values) ||
      s.values.length !== p.value.length
    ) {
      throw new RangeError(
        `loadParameters: parameter "${p.name}" is ${p.rows} × ${p.cols}, the saved one is ${s.rows} × ${s.cols} with ${Array.isArray(s.values) ? s.values.length : "no"} values`,
      );
    }
    const bad = s.values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (bad >= 0)
      throw new RangeError(`loadParameters: parameter "${p.name}" value ${bad} is not a finite number`);
  }
  for (const p of parameters) p.value.set((byName.get(p.name) as SavedParameter).values);
}
