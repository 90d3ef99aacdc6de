/**
 * End-To-End Memory Network (Sukhbaatar, Szlam, Weston & Fergus 2015): a question attends over the sentences of a
 * story K times ("hops"); each hop reads a weighted sum of the sentences' output embeddings and adds it to the
 * question's state; the last state scores every answer word. Sentences are bags of words weighted by a position
 * encoding, plus a time row by age (temporal encoding). Forward and backward passes are written by hand on typed
 * arrays, following the authors' code where the paper's text leaves a choice (see ../shared/notes/memn2n.md).
 *
 * The bag-of-words sums are the ones `embeddingBagForward` and `temporalEncodingForward` compute, fused here into one
 * loop per sentence because this loop is most of a training step.
 */
import { linearBackward, linearForward } from "./layers.js";
import { softmaxCrossEntropy } from "./losses.js";
import { checkMemoryNetworkConfig, type MemoryNetworkConfig } from "./memory-network-config.js";
import { createParameter, type Parameter } from "./parameter.js";
import { positionEncoding } from "./position-encoding.js";
import type { Random } from "./random.js";
import { timeIndices } from "./temporal-encoding.js";

export type { MemoryNetworkConfig } from "./memory-network-config.js";
export { checkMemoryNetworkConfig, DEFAULT_MEMORY_NETWORK } from "./memory-network-config.js";

/** One question: the story's sentences before it, oldest first, as word ids, and the answer's row. */
export interface MemoryExample {
  sentences: readonly ArrayLike<number>[];
  question: ArrayLike<number>;
  /** The answer's row in the output table; −1 when the answer is a word the model does not know (always wrong). */
  answer: number;
}

export interface MemoryForwardOptions {
  /** Linear start: the hops' softmax removed (the answer's softmax stays). */
  linear?: boolean;
  /** The sentences' ages, oldest first (default count − 1 … 0); training passes noisy ones. */
  ages?: ArrayLike<number>;
}

/** A forward pass, kept for its backward pass and for explaining the answer. */
export interface MemoryForward {
  readonly example: MemoryExample;
  readonly linear: boolean;
  /** Scores for every row of the output table. */
  readonly logits: Float64Array;
  /** The best-scoring row. */
  readonly prediction: number;
  /** Sentences read: the latest min(count, memorySize). */
  readonly window: number;
  /** Per hop, the attention on each sentence read, oldest first (the rest went to empty slots). */
  readonly attention: Float64Array[];
  readonly ages: Int32Array;
  /** Per memory table, the window's sentence embeddings (window × d). */
  readonly memories: Float64Array[];
  /** u⁰ … uᴷ. */
  readonly states: Float64Array[];
}

export interface MemoryNetwork {
  readonly config: MemoryNetworkConfig;
  /** Every trainable parameter, in a fixed order (for the optimiser and for saving). */
  readonly parameters: readonly Parameter[];
  /** Rows the answer is chosen from. */
  readonly outputSize: number;
  forward(example: MemoryExample, options?: MemoryForwardOptions): MemoryForward;
  /** Accumulates the gradients of −log softmax(logits)[answer]; returns that loss. */
  backward(forward: MemoryForward): number;
  /** Sets the nil word's rows to zero; call after every update. */
  resetNil(): void;
}

/** The network's parts and constants, shared by the passes below. */
interface Layout {
  config: MemoryNetworkConfig;
  V: number;
  d: number;
  K: number;
  S: number;
  L: number;
  questionTable: Parameter;
  outputTable: Parameter;
  /** Embedded once per example and shared by the hops that read them. */
  memoryTables: Parameter[];
  /** Per hop, which memory table holds its keys and which its values. */
  keys: number[];
  values: number[];
  /** The linear map between hops (layer-wise tying), or null (uᵏ⁺¹ = uᵏ + oᵏ). */
  between: Parameter | null;
  /** Position weights for a sentence of n words (reference and none: one matrix for every length). */
  byLength: Float64Array[];
  /** The time word's weights. */
  timeWeight: Float64Array;
}

function badWord(layout: Layout, word: number): RangeError {
  return new RangeError(`memory network: word id ${word} is outside 0..${layout.V - 1}`);
}

/** out += Σⱼ lⱼ ⊙ T[wordⱼ] (+ l_J ⊙ T[V + age]) for one sentence. */
function embed(
  layout: Layout,
  t: Parameter,
  words: ArrayLike<number>,
  out: Float64Array,
  at: number,
  age: number,
): void {
  const { V, d, timeWeight } = layout;
  const n = Math.min(words.length, layout.L);
  const weights = layout.byLength[n] as Float64Array;
  const value = t.value;
  for (let j = 0; j < n; j++) {
    const word = words[j] as number;
    // one comparison per word keeps a bad id from reading past the table (a silent NaN)
    if (!(word >= 0 && word < V && word === Math.floor(word))) throw badWord(layout, word);
    const row = word * d;
    const position = j * d;
    for (let k = 0; k < d; k++)
      out[at + k] = (out[at + k] as number) + (weights[position + k] as number) * (value[row + k] as number);
  }
  if (age >= 0) {
    const row = (V + age) * d;
    for (let k = 0; k < d; k++)
      out[at + k] = (out[at + k] as number) + (timeWeight[k] as number) * (value[row + k] as number);
  }
}

/** ∂T[wordⱼ] += lⱼ ⊙ g (and the time row): the transpose of `embed`. */
function embedBackward(
  layout: Layout,
  t: Parameter,
  words: ArrayLike<number>,
  g: Float64Array,
  at: number,
  age: number,
): void {
  const { V, d, timeWeight } = layout;
  const n = Math.min(words.length, layout.L);
  const weights = layout.byLength[n] as Float64Array;
  const grad = t.grad;
  for (let j = 0; j < n; j++) {
    const row = (words[j] as number) * d;
    const position = j * d;
    for (let k = 0; k < d; k++)
      grad[row + k] = (grad[row + k] as number) + (weights[position + k] as number) * (g[at + k] as number);
  }
  if (age >= 0) {
    const row = (V + age) * d;
    for (let k = 0; k < d; k++)
      grad[row + k] = (grad[row + k] as number) + (timeWeight[k] as number) * (g[at + k] as number);
  }
}

/** One hop's read: p = softmax(keys · u) over the sentences and the empty slots (or the raw scores), then Σ pᵢ valuesᵢ added to `next`. */
function readHop(
  layout: Layout,
  u: Float64Array,
  keys: Float64Array,
  values: Float64Array,
  window: number,
  linear: boolean,
  next: Float64Array,
): Float64Array {
  const { d } = layout;
  const empty = layout.S - window;
  const p = new Float64Array(window);
  for (let i = 0; i < window; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (keys[i * d + k] as number) * (u[k] as number);
    p[i] = s;
  }
  if (!linear) {
    // the empty slots' score is 0
    let max = empty > 0 ? 0 : Number.NEGATIVE_INFINITY;
    for (let i = 0; i < window; i++) max = Math.max(max, p[i] as number);
    let sum = empty > 0 ? empty * Math.exp(-max) : 0;
    for (let i = 0; i < window; i++) {
      p[i] = Math.exp((p[i] as number) - max);
      sum += p[i] as number;
    }
    for (let i = 0; i < window; i++) p[i] = (p[i] as number) / sum;
  }
  for (let i = 0; i < window; i++) {
    const w = p[i] as number;
    for (let k = 0; k < d; k++) next[k] = (next[k] as number) + w * (values[i * d + k] as number);
  }
  return p;
}

function forwardPass(layout: Layout, example: MemoryExample, options: MemoryForwardOptions): MemoryForward {
  const { config, d, K, S } = layout;
  const linear = options.linear === true;
  const all = example.sentences;
  const window = Math.min(all.length, S);
  const first = all.length - window;
  const ages = options.ages ? Int32Array.from(options.ages) : timeIndices(window, S);
  if (ages.length !== window)
    throw new RangeError(`memory network: ${ages.length} ages for ${window} sentences`);
  for (let i = 0; i < window; i++) {
    const age = ages[i] as number;
    if (age < 0 || age >= S) throw new RangeError(`memory network: age ${age} is outside 0..${S - 1}`);
  }
  const memories: Float64Array[] = [];
  for (const t of layout.memoryTables) {
    const m = new Float64Array(window * d);
    for (let i = 0; i < window; i++)
      embed(
        layout,
        t,
        all[first + i] as ArrayLike<number>,
        m,
        i * d,
        config.temporal ? (ages[i] as number) : -1,
      );
    memories.push(m);
  }
  const u0 = new Float64Array(d);
  embed(layout, layout.questionTable, example.question, u0, 0, -1);
  const states: Float64Array[] = [u0];
  const attention: Float64Array[] = [];
  for (let hop = 0; hop < K; hop++) {
    const u = states[hop] as Float64Array;
    const next = layout.between ? linearForward(layout.between, null, u) : Float64Array.from(u);
    const keys = memories[layout.keys[hop] as number] as Float64Array;
    const values = memories[layout.values[hop] as number] as Float64Array;
    attention.push(readHop(layout, u, keys, values, window, linear, next));
    states.push(next);
  }
  const last = states[K] as Float64Array;
  const R = layout.outputTable.rows;
  const logits = new Float64Array(R);
  const out = layout.outputTable.value;
  let prediction = 0;
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (out[r * d + k] as number) * (last[k] as number);
    logits[r] = s;
    if (s > (logits[prediction] as number)) prediction = r;
  }
  return { example, linear, logits, prediction, window, attention, ages, memories, states };
}

function backwardPass(layout: Layout, f: MemoryForward): number {
  const { config, d, K } = layout;
  const { loss, gradScores } = softmaxCrossEntropy(f.logits, f.example.answer);
  const last = f.states[K] as Float64Array;
  let du: Float64Array = new Float64Array(d);
  const out = layout.outputTable.value;
  const outGrad = layout.outputTable.grad;
  for (let r = 0; r < layout.outputTable.rows; r++) {
    const g = gradScores[r] as number;
    for (let k = 0; k < d; k++) {
      outGrad[r * d + k] = (outGrad[r * d + k] as number) + g * (last[k] as number);
      du[k] = (du[k] as number) + g * (out[r * d + k] as number);
    }
  }
  const window = f.window;
  const gradMemories = f.memories.map(() => new Float64Array(window * d));
  for (let hop = K - 1; hop >= 0; hop--) {
    const u = f.states[hop] as Float64Array;
    const p = f.attention[hop] as Float64Array;
    const values = f.memories[layout.values[hop] as number] as Float64Array;
    const gradValues = gradMemories[layout.values[hop] as number] as Float64Array;
    const keys = f.memories[layout.keys[hop] as number] as Float64Array;
    const gradKeys = gradMemories[layout.keys[hop] as number] as Float64Array;
    // uᵏ⁺¹ = uᵏ + oᵏ (or H uᵏ + oᵏ): ∂oᵏ = ∂uᵏ⁺¹
    const gradOut = du;
    const gradU = layout.between
      ? linearBackward(layout.between, null, u, gradOut)
      : Float64Array.from(gradOut);
    const gradP = new Float64Array(window);
    let dot = 0;
    for (let i = 0; i < window; i++) {
      const w = p[i] as number;
      let g = 0;
      for (let k = 0; k < d; k++) {
        g += (values[i * d + k] as number) * (gradOut[k] as number);
        gradValues[i * d + k] = (gradValues[i * d + k] as number) + w * (gradOut[k] as number);
      }
      gradP[i] = g;
      dot += w * g;
    }
    for (let i = 0; i < window; i++) {
      // softmax: ∂sᵢ = pᵢ(∂pᵢ − Σⱼ pⱼ ∂pⱼ); the empty slots' ∂p is 0 (their values are zero vectors)
      const ds = f.linear ? (gradP[i] as number) : (p[i] as number) * ((gradP[i] as number) - dot);
      if (ds === 0) continue;
      for (let k = 0; k < d; k++) {
        gradKeys[i * d + k] = (gradKeys[i * d + k] as number) + ds * (u[k] as number);
        gradU[k] = (gradU[k] as number) + ds * (keys[i * d + k] as number);
      }
    }
    du = gradU;
  }
  const all = f.example.sentences;
  const first = all.length - window;
  layout.memoryTables.forEach((t, ti) => {
    const g = gradMemories[ti] as Float64Array;
    for (let i = 0; i < window; i++)
      embedBackward(
        layout,
        t,
        all[first + i] as ArrayLike<number>,
        g,
        i * d,
        config.temporal ? (f.ages[i] as number) : -1,
      );
  });
  embedBackward(layout, layout.questionTable, f.example.question, du, 0, -1);
  return loss;
}

/**
 * A network with every weight drawn from N(0, std²) (default 0.1, as the authors) and the nil rows at zero.
 * @example const net = createMemoryNetwork({ ...DEFAULT_MEMORY_NETWORK, vocabularySize: 40, sentenceLength: 7 }, { random });
 */
export function createMemoryNetwork(
  config: MemoryNetworkConfig,
  options: { random: Random; std?: number; precision?: "float32" | "float64" },
): MemoryNetwork {
  checkMemoryNetworkConfig(config);
  const { vocabularySize: V, embeddingSize: d, hops: K, memorySize: S, sentenceLength: L } = config;
  const init = { normal: options.std ?? 0.1, random: options.random };
  const precision = options.precision ?? "float32";
  const timeRows = config.temporal ? S : 0;
  const table = (name: string, rows: number) =>
    createParameter(`memn2n.${name}`, rows, d, { init, precision });
  const hops = Array.from({ length: K }, (_, hop) => hop);

  let parts: Pick<Layout, "questionTable" | "outputTable" | "memoryTables" | "keys" | "values" | "between">;
  let parameters: Parameter[];
  if (config.tying === "adjacent") {
    const tables = Array.from({ length: K + 1 }, (_, t) => table(`T${t}`, V + timeRows));
    parts = {
      questionTable: tables[0] as Parameter,
      outputTable: tables[K] as Parameter,
      memoryTables: tables,
      keys: hops,
      values: hops.map((hop) => hop + 1),
      between: null,
    };
    parameters = tables;
  } else {
    parts = {
      questionTable: table("B", V),
      memoryTables: [table("A", V + timeRows), table("C", V + timeRows)],
      outputTable: table("W", V),
      keys: hops.map(() => 0),
      values: hops.map(() => 1),
      between: createParameter("memn2n.H", d, d, { init, precision }),
    };
    parameters = [parts.questionTable, ...parts.memoryTables, parts.outputTable, parts.between as Parameter];
  }

  // Position weights by sentence length: one matrix (the reference formula's single J) or one per length (paper).
  const J = L + (config.temporal ? 1 : 0);
  const shared = config.positionEncoding === "paper" ? null : positionEncoding(J, d, config.positionEncoding);
  const byLength = Array.from(
    { length: L + 1 },
    (_, n) => shared ?? (n === 0 ? new Float64Array(0) : positionEncoding(n, d, "paper")),
  );
  // The time word is the last "word": the reference formula weights it by row J; the paper adds T(i) unweighted.
  const timeWeight =
    config.positionEncoding === "reference"
      ? (shared as Float64Array).subarray((J - 1) * d)
      : new Float64Array(d).fill(1);
  const layout: Layout = { config: { ...config }, V, d, K, S, L, ...parts, byLength, timeWeight };

  const resetNil = () => {
    for (const t of [parts.questionTable, parts.outputTable, ...parts.memoryTables]) t.value.fill(0, 0, d);
  };
  resetNil();
  return {
    config: layout.config,
    parameters,
    outputSize: parts.outputTable.rows,
    forward: (example, options = {}) => forwardPass(layout, example, options),
    backward: (f) => backwardPass(layout, f),
    resetNil,
  };
}
