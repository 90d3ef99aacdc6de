/**
 * The vectors of a batch's pending memories, searched for the best one at or above a cosine threshold (the write
 * gate's near duplicates within a batch). Every pending vector is a candidate, as in a plain scan; a bound from block
 * norms drops, at a sixteenth of a dot product's cost, the pairs that cannot reach the threshold, so a batch of a
 * thousand items of one user costs a thousand scans of cheap bounds instead of half a million dot products.
 */

/** Blocks of each vector whose norms bound a dot product (Cauchy–Schwarz per block: a·b ≤ Σ ‖a_k‖‖b_k‖). */
const BLOCKS = 32;
/**
 * Slack under the threshold before a bound may drop a pair: bounds and dot products are summed in double precision
 * from float32 values (errors near 1e-15), so a pair that the plain scan would find is never dropped.
 */
const SLACK = 1e-6;

export interface NearDuplicateSet<T> {
  add(vector: Float32Array, value: T): void;
  /**
   * The entry with the highest similarity at or above the threshold, the first added among equals; null if none.
   * The same answer, to the bit, as a dot product with every entry in the order they were added.
   */
  best(vector: Float32Array): { value: T; similarity: number } | null;
}

export function createNearDuplicateSet<T>(threshold: number): NearDuplicateSet<T> {
  const values: T[] = [];
  const vectors: Float32Array[] = [];
  // every entry's block norms in one array (entry e at e × BLOCKS): the bound loop reads memory in order and
  // allocates nothing per entry, which made it several times faster than one small array per entry
  let norms = new Float64Array(64 * BLOCKS);
  const queryNorms = new Float64Array(BLOCKS);
  return {
    add(vector, value) {
      const at = values.length * BLOCKS;
      if (at + BLOCKS > norms.length) {
        const grown = new Float64Array(norms.length * 2);
        grown.set(norms);
        norms = grown;
      }
      blockNorms(vector, norms, at);
      values.push(value);
      vectors.push(vector);
    },
    best(vector) {
      const count = values.length;
      if (count === 0) return null;
      blockNorms(vector, queryNorms, 0);
      const floor = threshold - SLACK;
      let best: { value: T; similarity: number } | null = null;
      for (let e = 0; e < count; e++) {
        const candidate = vectors[e] as Float32Array;
        // vectors of another size (never within one embedder) get the plain dot product, no bound
        if (candidate.length === vector.length && bound(norms, e * BLOCKS, queryNorms) < floor) continue;
        const similarity = dotFloat32(candidate, vector);
        if (similarity >= threshold && (!best || similarity > best.similarity))
          best = { value: values[e] as T, similarity };
      }
      return best;
    },
  };
}

/** The norms of the vector's BLOCKS blocks, written at `out[at…]`. */
function blockNorms(vector: Float32Array, out: Float64Array, at: number): void {
  const size = Math.ceil(vector.length / BLOCKS);
  for (let k = 0; k < BLOCKS; k++) {
    let sum = 0;
    const end = Math.min(vector.length, (k + 1) * size);
    for (let i = k * size; i < end; i++) sum += (vector[i] as number) * (vector[i] as number);
    out[at + k] = Math.sqrt(sum);
  }
}

/** Σ ‖a_k‖‖b_k‖ over the blocks, with a's norms at `norms[at…]`. */
function bound(norms: Float64Array, at: number, query: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < BLOCKS; k++) sum += (norms[at + k] as number) * (query[k] as number);
  return sum;
}

/**
 * The inner product of two embeddings. A loop of its own: the shared `dot` also serves plain arrays, and a call site
 * that sees both kinds runs several times slower in V8, which made the batch's near-duplicate checks dominate a write.
 */
export function dotFloat32(a: Float32Array, b: Float32Array): number {
  const length = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
