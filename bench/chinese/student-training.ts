/**
 * Training the Chinese student: a table of per-feature vectors whose mean, projected by a fixed basis into the
 * local model's 512-d space, lands on the local model's vector of the English translation (loss 1 − cosine,
 * Adagrad with one accumulator per row, hand-written gradients: the updates are sparse). Deterministic for a seed.
 */
import { seeded } from "../common.js";

export interface Vocabulary {
  /** Feature string → row. */
  rows: Map<string, number>;
  features: string[];
}

/** Features seen in at least `minCount` training sentences, most frequent first (ties by text). */
export function buildVocabulary(sentences: readonly string[][], minCount: number): Vocabulary {
  const documents = new Map<string, number>();
  for (const features of sentences) {
    for (const feature of new Set(features)) documents.set(feature, (documents.get(feature) ?? 0) + 1);
  }
  const features = [...documents]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([feature]) => feature);
  return { rows: new Map(features.map((feature, row) => [feature, row])), features };
}

/** Each sentence's rows in the vocabulary (unknown features dropped). */
export function toRows(sentences: readonly string[][], vocabulary: Vocabulary): Int32Array[] {
  return sentences.map((features) => {
    const rows: number[] = [];
    for (const feature of features) {
      const row = vocabulary.rows.get(feature);
      if (row !== undefined) rows.push(row);
    }
    return Int32Array.from(rows);
  });
}

/**
 * An orthonormal basis (dims × rank, column-major: column c at [c*dims, (c+1)*dims)) of the top-`rank` principal
 * subspace of `vectors` (uncentred: the model's vectors share a mean direction that matters for cosine), by block
 * power iteration. rank = dims gives the identity.
 */
export function principalBasis(vectors: readonly Float32Array[], dims: number, rank: number): Float32Array {
  const basis = new Float32Array(dims * rank);
  if (rank === dims) {
    for (let i = 0; i < dims; i++) basis[i * dims + i] = 1;
    return basis;
  }
  const covariance = new Float64Array(dims * dims);
  for (const v of vectors) {
    for (let i = 0; i < dims; i++) {
      const vi = v[i] as number;
      if (vi === 0) continue;
      const offset = i * dims;
      for (let j = 0; j < dims; j++)
        covariance[offset + j] = (covariance[offset + j] as number) + vi * (v[j] as number);
    }
  }
  const random = seeded(7);
  let q = new Float64Array(dims * rank).map(() => random() - 0.5);
  orthonormalize(q, dims, rank);
  for (let iteration = 0; iteration < 30; iteration++) {
    const next = new Float64Array(dims * rank);
    for (let c = 0; c < rank; c++) {
      const column = c * dims;
      for (let i = 0; i < dims; i++) {
        let sum = 0;
        const offset = i * dims;
        for (let j = 0; j < dims; j++) sum += (covariance[offset + j] as number) * (q[column + j] as number);
        next[column + i] = sum;
      }
    }
    orthonormalize(next, dims, rank);
    q = next;
  }
  for (let i = 0; i < q.length; i++) basis[i] = q[i] as number;
  return basis;
}

function orthonormalize(q: Float64Array, dims: number, rank: number): void {
  for (let c = 0; c < rank; c++) {
    const column = c * dims;
    for (let p = 0; p < c; p++) {
      const previous = p * dims;
      let projection = 0;
      for (let i = 0; i < dims; i++) projection += (q[column + i] as number) * (q[previous + i] as number);
      for (let i = 0; i < dims; i++)
        q[column + i] = (q[column + i] as number) - projection * (q[previous + i] as number);
    }
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += (q[column + i] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dims; i++) q[column + i] = (q[column + i] as number) / norm;
  }
}

/** `vector` (dims) in the basis's coordinates (rank). */
export function project(vector: Float32Array, basis: Float32Array, dims: number, rank: number): Float32Array {
  const out = new Float32Array(rank);
  for (let c = 0; c < rank; c++) {
    let sum = 0;
    const column = c * dims;
    for (let i = 0; i < dims; i++) sum += (vector[i] as number) * (basis[column + i] as number);
    out[c] = sum;
  }
  return out;
}

export interface TrainOptions {
  rank: number;
  epochs: number;
  learningRate: number;
  seed: number;
  /** Called after each epoch (for validation curves). */
  onEpoch?: (epoch: number, table: Float32Array, seconds: number) => void;
}

/**
 * Trains the table (rows × rank) on sentences (their rows) against targets already projected into the basis.
 * Rows start at the mean target of the sentences that contain them, so training starts from a good guess.
 */
export function trainTable(
  sentences: readonly Int32Array[],
  targets: readonly Float32Array[],
  rowCount: number,
  options: TrainOptions,
): Float32Array {
  const { rank } = options;
  const table = new Float32Array(rowCount * rank);
  const counts = new Float32Array(rowCount);
  sentences.forEach((rows, s) => {
    const target = targets[s] as Float32Array;
    for (const row of rows) {
      counts[row] = (counts[row] as number) + 1;
      const offset = row * rank;
      for (let c = 0; c < rank; c++)
        table[offset + c] = (table[offset + c] as number) + (target[c] as number);
    }
  });
  for (let row = 0; row < rowCount; row++) {
    const count = counts[row] as number;
    if (count === 0) continue;
    const offset = row * rank;
    for (let c = 0; c < rank; c++) table[offset + c] = (table[offset + c] as number) / count;
  }
  const accumulator = new Float32Array(rowCount).fill(1e-8);
  const order = Array.from(sentences.keys());
  const random = seeded(options.seed);
  const mean = new Float32Array(rank);
  const gradient = new Float32Array(rank);
  const started = performance.now();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const s of order) {
      const rows = sentences[s] as Int32Array;
      if (rows.length === 0) continue;
      const target = targets[s] as Float32Array;
      mean.fill(0);
      for (const row of rows) {
        const offset = row * rank;
        for (let c = 0; c < rank; c++) mean[c] = (mean[c] as number) + (table[offset + c] as number);
      }
      let norm = 0;
      for (let c = 0; c < rank; c++) {
        mean[c] = (mean[c] as number) / rows.length;
        norm += (mean[c] as number) ** 2;
      }
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      let cosine = 0;
      for (let c = 0; c < rank; c++) cosine += ((mean[c] as number) / norm) * (target[c] as number);
      // d(1 − u·t)/d mean = −(t − (u·t) u) / |mean|; each row gets 1/n of it
      let squared = 0;
      for (let c = 0; c < rank; c++) {
        const g = -((target[c] as number) - cosine * ((mean[c] as number) / norm)) / norm / rows.length;
        gradient[c] = g;
        squared += g * g;
      }
      squared /= rank;
      for (const row of rows) {
        accumulator[row] = (accumulator[row] as number) + squared;
        const step = options.learningRate / Math.sqrt(accumulator[row] as number);
        const offset = row * rank;
        for (let c = 0; c < rank; c++)
          table[offset + c] = (table[offset + c] as number) - step * (gradient[c] as number);
      }
    }
    options.onEpoch?.(epoch, table, (performance.now() - started) / 1000);
  }
  return table;
}

/** The student's 512-d unit vector for a sentence's rows: mean of rows, through the basis, normalised; null when no row. */
export function studentVector(
  rows: Int32Array,
  row: (index: number, out: Float32Array) => void,
  basis: Float32Array,
  dims: number,
  rank: number,
): Float32Array | null {
  if (rows.length === 0) return null;
  const mean = new Float32Array(rank);
  const scratch = new Float32Array(rank);
  for (const index of rows) {
    row(index, scratch);
    for (let c = 0; c < rank; c++) mean[c] = (mean[c] as number) + (scratch[c] as number);
  }
  const out = new Float32Array(dims);
  if (rank === dims) out.set(mean);
  else {
    for (let c = 0; c < rank; c++) {
      const value = mean[c] as number;
      const column = c * dims;
      for (let i = 0; i < dims; i++) out[i] = (out[i] as number) + value * (basis[column + i] as number);
    }
  }
  return unit(out);
}

export function unit(vector: Float32Array): Float32Array | null {
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return null;
  const scale = 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}

/** normalise(w·a + (1 − w)·b), where a or b may be missing. */
export function fuse(a: Float32Array | null, b: Float32Array | null, weight: number): Float32Array | null {
  if (!a) return b;
  if (!b) return a;
  return unit(a.map((value, i) => weight * value + (1 - weight) * (b[i] as number)));
}
