/**
 * Trainable layers with hand-written forward and backward passes. Parameters hold Float32Array (or Float64Array for
 * gradient checks); activations are Float64Array. Backward passes ADD into the parameters' gradients, so several
 * examples can accumulate before an optimiser step, and return the gradient with respect to their input.
 * Called: linear and tanh, the additive attention layer (recall's scorer, its training in core/train-scorer.ts and
 * engine.learn); the memory network uses linear. Reference: not called by the engine: the attention read
 * (attentionRead*, softmaxBackward), the embedding bag (the memory network fuses the same sums into its own loop),
 * and sigmoid (the gated cell's).
 */
import { softmax } from "../softmax.js";
import { createParameter, type Parameter } from "./parameter.js";
import type { Random } from "./random.js";

type Vector = ArrayLike<number>;

function expectLength(what: string, vector: Vector, length: number): void {
  if (vector.length !== length)
    throw new RangeError(`${what}: expected length ${length}, got ${vector.length}`);
}

/** y = W x + b, with W of shape out × in and b of length out (or no bias). */
export function linearForward(weight: Parameter, bias: Parameter | null, input: Vector): Float64Array {
  expectLength(`linear ${weight.name} input`, input, weight.cols);
  const out = new Float64Array(weight.rows);
  const w = weight.value;
  for (let r = 0; r < weight.rows; r++) {
    let sum = bias ? (bias.value[r] as number) : 0;
    const row = r * weight.cols;
    for (let c = 0; c < weight.cols; c++) sum += (w[row + c] as number) * (input[c] as number);
    out[r] = sum;
  }
  return out;
}

/** ∂W += dy xᵀ, ∂b += dy; returns ∂x = Wᵀ dy. */
export function linearBackward(
  weight: Parameter,
  bias: Parameter | null,
  input: Vector,
  gradOutput: Vector,
): Float64Array {
  expectLength(`linear ${weight.name} gradient`, gradOutput, weight.rows);
  const gradInput = new Float64Array(weight.cols);
  const w = weight.value;
  const g = weight.grad;
  for (let r = 0; r < weight.rows; r++) {
    const dy = gradOutput[r] as number;
    if (dy === 0) continue;
    if (bias) bias.grad[r] = (bias.grad[r] as number) + dy;
    const row = r * weight.cols;
    for (let c = 0; c < weight.cols; c++) {
      g[row + c] = (g[row + c] as number) + dy * (input[c] as number);
      gradInput[c] = (gradInput[c] as number) + dy * (w[row + c] as number);
    }
  }
  return gradInput;
}

export function tanhForward(input: Vector): Float64Array {
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = Math.tanh(input[i] as number);
  return out;
}

/** ∂x = dy ⊙ (1 − y²), from the forward pass's output y. */
export function tanhBackward(output: Vector, gradOutput: Vector): Float64Array {
  const out = new Float64Array(output.length);
  for (let i = 0; i < output.length; i++) {
    const y = output[i] as number;
    out[i] = (gradOutput[i] as number) * (1 - y * y);
  }
  return out;
}

export function sigmoidForward(input: Vector): Float64Array {
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = 1 / (1 + Math.exp(-(input[i] as number)));
  return out;
}

/** ∂x = dy ⊙ y(1 − y), from the forward pass's output y. */
export function sigmoidBackward(output: Vector, gradOutput: Vector): Float64Array {
  const out = new Float64Array(output.length);
  for (let i = 0; i < output.length; i++) {
    const y = output[i] as number;
    out[i] = (gradOutput[i] as number) * y * (1 - y);
  }
  return out;
}

/** For a = softmax(s): ∂s = a ⊙ (∂a − Σⱼ aⱼ ∂aⱼ). Reference (attentionReadBackward's). */
export function softmaxBackward(weights: Vector, gradWeights: Vector): Float64Array {
  let inner = 0;
  for (let i = 0; i < weights.length; i++) inner += (weights[i] as number) * (gradWeights[i] as number);
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    out[i] = (weights[i] as number) * ((gradWeights[i] as number) - inner);
  }
  return out;
}

/**
 * The guide's additive attention layer (its section 5, `AttentionLayer`): each input xᵢ (for example [h; eᵢ], or a
 * memory's feature vector) gets the score sᵢ = vᵀ tanh(W xᵢ + b).
 */
export interface AdditiveAttention {
  /** hidden × input */
  weight: Parameter;
  /** hidden × 1 */
  bias: Parameter;
  /** hidden × 1 */
  vector: Parameter;
}

export interface AdditiveAttentionForward {
  scores: Float64Array;
  /** tanh(W xᵢ + b) for each input, kept for the backward pass. */
  hidden: Float64Array[];
}

/** W, b and v drawn from N(0, std²) (default 0.1). */
export function createAdditiveAttention(
  name: string,
  inputSize: number,
  hiddenSize: number,
  options: { random: Random; std?: number; precision?: "float32" | "float64" },
): AdditiveAttention {
  const init = { normal: options.std ?? 0.1, random: options.random };
  const precision = options.precision ?? "float32";
  return {
    weight: createParameter(`${name}.weight`, hiddenSize, inputSize, { init, precision }),
    bias: createParameter(`${name}.bias`, hiddenSize, 1, { precision }),
    vector: createParameter(`${name}.vector`, hiddenSize, 1, { init, precision }),
  };
}

export function additiveAttentionParameters(layer: AdditiveAttention): Parameter[] {
  return [layer.weight, layer.bias, layer.vector];
}

export function additiveAttentionForward(
  layer: AdditiveAttention,
  inputs: readonly Vector[],
): AdditiveAttentionForward {
  const scores = new Float64Array(inputs.length);
  const hidden = inputs.map((x, i) => {
    const h = tanhForward(linearForward(layer.weight, layer.bias, x));
    let s = 0;
    for (let k = 0; k < h.length; k++) s += (layer.vector.value[k] as number) * (h[k] as number);
    scores[i] = s;
    return h;
  });
  return { scores, hidden };
}

/** Accumulates the gradients of W, b and v from ∂sᵢ; returns ∂xᵢ for each input. */
export function additiveAttentionBackward(
  layer: AdditiveAttention,
  inputs: readonly Vector[],
  forward: AdditiveAttentionForward,
  gradScores: Vector,
): Float64Array[] {
  expectLength("additive attention gradient", gradScores, inputs.length);
  return inputs.map((x, i) => {
    const ds = gradScores[i] as number;
    const h = forward.hidden[i] as Float64Array;
    const gradHidden = new Float64Array(h.length);
    for (let k = 0; k < h.length; k++) {
      layer.vector.grad[k] = (layer.vector.grad[k] as number) + ds * (h[k] as number);
      gradHidden[k] = ds * (layer.vector.value[k] as number);
    }
    return linearBackward(layer.weight, layer.bias, x, tanhBackward(h, gradHidden));
  });
}

/** A read of an external memory: weights p = softmax(K q) (or the raw scores, for a linear start), output Σ pᵢ vᵢ. */
export interface AttentionReadForward {
  scores: Float64Array;
  weights: Float64Array;
  output: Float64Array;
}

export interface AttentionReadOptions {
  /** "none" leaves the scores unnormalised (End-To-End Memory Networks' linear start). Default "softmax". */
  normalise?: "softmax" | "none";
}

export function attentionReadForward(
  query: Vector,
  keys: readonly Vector[],
  values: readonly Vector[],
  options: AttentionReadOptions = {},
): AttentionReadForward {
  if (keys.length !== values.length) {
    throw new RangeError(`attention read: ${keys.length} keys but ${values.length} values`);
  }
  const scores = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as Vector;
    expectLength("attention read key", k, query.length);
    let s = 0;
    for (let j = 0; j < query.length; j++) s += (k[j] as number) * (query[j] as number);
    scores[i] = s;
  }
  const weights = options.normalise === "none" ? Float64Array.from(scores) : softmax(scores);
  const width = values[0]?.length ?? 0;
  const output = new Float64Array(width);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Vector;
    expectLength("attention read value", v, width);
    const p = weights[i] as number;
    for (let j = 0; j < width; j++) output[j] = (output[j] as number) + p * (v[j] as number);
  }
  return { scores, weights, output };
}

export interface AttentionReadGradients {
  query: Float64Array;
  keys: Float64Array[];
  values: Float64Array[];
}

export function attentionReadBackward(
  query: Vector,
  keys: readonly Vector[],
  values: readonly Vector[],
  forward: AttentionReadForward,
  gradOutput: Vector,
  options: AttentionReadOptions = {},
): AttentionReadGradients {
  const gradWeights = new Float64Array(values.length);
  const gradValues = values.map((v, i) => {
    let dp = 0;
    const p = forward.weights[i] as number;
    const dv = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) {
      dp += (v[j] as number) * (gradOutput[j] as number);
      dv[j] = p * (gradOutput[j] as number);
    }
    gradWeights[i] = dp;
    return dv;
  });
  const gradScores =
    options.normalise === "none" ? gradWeights : softmaxBackward(forward.weights, gradWeights);
  const gradQuery = new Float64Array(query.length);
  const gradKeys = keys.map((k, i) => {
    const ds = gradScores[i] as number;
    const dk = new Float64Array(query.length);
    for (let j = 0; j < query.length; j++) {
      dk[j] = ds * (query[j] as number);
      gradQuery[j] = (gradQuery[j] as number) + ds * (k[j] as number);
    }
    return dk;
  });
  return { query: gradQuery, keys: gradKeys, values: gradValues };
}

/**
 * A bag of embeddings: Σⱼ lⱼ ⊙ E[tokenⱼ], where lⱼ is row j of an optional position encoding (positions × d, row-major;
 * absent means all ones). This is how End-To-End Memory Networks embed a sentence.
 */
export function embeddingBagForward(
  table: Parameter,
  tokens: ArrayLike<number>,
  encoding?: Vector,
): Float64Array {
  const d = table.cols;
  const out = new Float64Array(d);
  for (let j = 0; j < tokens.length; j++) {
    const token = tokens[j] as number;
    if (!Number.isInteger(token) || token < 0 || token >= table.rows) {
      throw new RangeError(`embedding ${table.name}: token ${token} is outside 0..${table.rows - 1}`);
    }
    const row = token * d;
    const position = j * d;
    for (let k = 0; k < d; k++) {
      const l = encoding ? (encoding[position + k] as number) : 1;
      out[k] = (out[k] as number) + l * (table.value[row + k] as number);
    }
  }
  return out;
}

/** Scatters ∂out into the rows of E that the tokens used: ∂E[tokenⱼ] += lⱼ ⊙ ∂out. */
export function embeddingBagBackward(
  table: Parameter,
  tokens: ArrayLike<number>,
  gradOutput: Vector,
  encoding?: Vector,
): void {
  const d = table.cols;
  for (let j = 0; j < tokens.length; j++) {
    const row = (tokens[j] as number) * d;
    const position = j * d;
    for (let k = 0; k < d; k++) {
      const l = encoding ? (encoding[position + k] as number) : 1;
      table.grad[row + k] = (table.grad[row + k] as number) + l * (gradOutput[k] as number);
    }
  }
}
