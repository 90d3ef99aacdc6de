/**
 * The guide's gated cell (section 4.3), trainable: hₜ = fₜ ⊙ hₜ₋₁ + iₜ ⊙ h̃ₜ, with learned gates
 * fₜ = σ(W_f [hₜ₋₁; xₜ] + b_f), iₜ = σ(W_i [hₜ₋₁; xₜ] + b_i) and candidate h̃ₜ = tanh(W_h [hₜ₋₁; xₜ] + b_h).
 * The update itself is `gatedUpdate`, the guide's formula; this module adds the gates' parameters and the backward
 * pass through time. Reference: not called by the engine (neither recall's scorer nor the memory network uses it); its
 * gradient check is in the tests.
 */
import { gatedUpdate } from "../gated-update.js";
import {
  linearBackward,
  linearForward,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
} from "./layers.js";
import { createParameter, type Parameter } from "./parameter.js";
import type { Random } from "./random.js";

type Vector = ArrayLike<number>;

export interface GatedCell {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** hidden × (hidden + input) each: the gates and the candidate read [hₜ₋₁; xₜ]. */
  readonly forgetWeight: Parameter;
  readonly forgetBias: Parameter;
  readonly inputWeight: Parameter;
  readonly inputBias: Parameter;
  readonly candidateWeight: Parameter;
  readonly candidateBias: Parameter;
}

/** What one step computed, kept for its backward pass. */
export interface GatedCellStep {
  /** [hₜ₋₁; xₜ]. */
  joined: Float64Array;
  previous: Float64Array;
  forget: Float64Array;
  input: Float64Array;
  candidate: Float64Array;
  /** hₜ. */
  state: Float64Array;
}

export interface GatedCellGradients {
  /** ∂hₜ₋₁. */
  previous: Float64Array;
  /** ∂xₜ. */
  input: Float64Array;
}

/**
 * Weights N(0, std²) (default 0.1); the forget gate's bias starts at `forgetBias` (default 1), so that a new cell
 * keeps most of its state until it learns otherwise.
 * @example const cell = createGatedCell("cell", 2, 4, { random: createRandom(1) });
 */
export function createGatedCell(
  name: string,
  inputSize: number,
  hiddenSize: number,
  options: { random: Random; std?: number; forgetBias?: number; precision?: "float32" | "float64" },
): GatedCell {
  const init = { normal: options.std ?? 0.1, random: options.random };
  const precision = options.precision ?? "float32";
  const width = hiddenSize + inputSize;
  return {
    inputSize,
    hiddenSize,
    forgetWeight: createParameter(`${name}.forget.weight`, hiddenSize, width, { init, precision }),
    forgetBias: createParameter(`${name}.forget.bias`, hiddenSize, 1, {
      init: { constant: options.forgetBias ?? 1 },
      precision,
    }),
    inputWeight: createParameter(`${name}.input.weight`, hiddenSize, width, { init, precision }),
    inputBias: createParameter(`${name}.input.bias`, hiddenSize, 1, { precision }),
    candidateWeight: createParameter(`${name}.candidate.weight`, hiddenSize, width, { init, precision }),
    candidateBias: createParameter(`${name}.candidate.bias`, hiddenSize, 1, { precision }),
  };
}

export function gatedCellParameters(cell: GatedCell): Parameter[] {
  return [
    cell.forgetWeight,
    cell.forgetBias,
    cell.inputWeight,
    cell.inputBias,
    cell.candidateWeight,
    cell.candidateBias,
  ];
}

/** One step: hₜ from hₜ₋₁ and xₜ. */
export function gatedCellForward(cell: GatedCell, previous: Vector, input: Vector): GatedCellStep {
  if (previous.length !== cell.hiddenSize || input.length !== cell.inputSize) {
    throw new RangeError(
      `gated cell: expected a state of ${cell.hiddenSize} and an input of ${cell.inputSize}, got ${previous.length} and ${input.length}`,
    );
  }
  const joined = new Float64Array(cell.hiddenSize + cell.inputSize);
  joined.set(previous);
  joined.set(input, cell.hiddenSize);
  const forget = sigmoidForward(linearForward(cell.forgetWeight, cell.forgetBias, joined));
  const gate = sigmoidForward(linearForward(cell.inputWeight, cell.inputBias, joined));
  const candidate = tanhForward(linearForward(cell.candidateWeight, cell.candidateBias, joined));
  const state = gatedUpdate(previous, candidate, forget, gate);
  return { joined, previous: Float64Array.from(previous), forget, input: gate, candidate, state };
}

/** Accumulates the gates' gradients from ∂hₜ; returns ∂hₜ₋₁ and ∂xₜ. */
export function gatedCellBackward(
  cell: GatedCell,
  step: GatedCellStep,
  gradState: Vector,
): GatedCellGradients {
  const h = cell.hiddenSize;
  const gradForget = new Float64Array(h);
  const gradGate = new Float64Array(h);
  const gradCandidate = new Float64Array(h);
  const gradPrevious = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const g = gradState[k] as number;
    gradForget[k] = g * (step.previous[k] as number);
    gradGate[k] = g * (step.candidate[k] as number);
    gradCandidate[k] = g * (step.input[k] as number);
    gradPrevious[k] = g * (step.forget[k] as number);
  }
  const gradJoined = new Float64Array(step.joined.length);
  const add = (g: Float64Array) => {
    for (let c = 0; c < g.length; c++) gradJoined[c] = (gradJoined[c] as number) + (g[c] as number);
  };
  add(
    linearBackward(cell.forgetWeight, cell.forgetBias, step.joined, sigmoidBackward(step.forget, gradForget)),
  );
  add(linearBackward(cell.inputWeight, cell.inputBias, step.joined, sigmoidBackward(step.input, gradGate)));
  add(
    linearBackward(
      cell.candidateWeight,
      cell.candidateBias,
      step.joined,
      tanhBackward(step.candidate, gradCandidate),
    ),
  );
  for (let k = 0; k < h; k++) gradPrevious[k] = (gradPrevious[k] as number) + (gradJoined[k] as number);
  return { previous: gradPrevious, input: gradJoined.slice(h) };
}

/** Runs the cell over a sequence from `initial` (zeros when absent); every step is kept for the backward pass. */
export function gatedCellSequence(
  cell: GatedCell,
  inputs: readonly Vector[],
  initial?: Vector,
): GatedCellStep[] {
  let state: Vector = initial ?? new Float64Array(cell.hiddenSize);
  return inputs.map((x) => {
    const step = gatedCellForward(cell, state, x);
    state = step.state;
    return step;
  });
}

/**
 * Back-propagation through time: `gradStates[t]` is ∂loss/∂hₜ from outside the cell (null where a step's state is not
 * read directly). Returns ∂xₜ for every step and ∂h₀ (the initial state's gradient).
 */
export function gatedCellSequenceBackward(
  cell: GatedCell,
  steps: readonly GatedCellStep[],
  gradStates: readonly (Vector | null)[],
): { inputs: Float64Array[]; initial: Float64Array } {
  let carried: Float64Array = new Float64Array(cell.hiddenSize);
  const inputs: Float64Array[] = new Array(steps.length);
  for (let t = steps.length - 1; t >= 0; t--) {
    const outside = gradStates[t];
    if (outside)
      for (let k = 0; k < carried.length; k++) carried[k] = (carried[k] as number) + (outside[k] as number);
    const grads = gatedCellBackward(cell, steps[t] as GatedCellStep, carried);
    inputs[t] = grads.input;
    carried = grads.previous;
  }
  return { inputs, initial: carried };
}
