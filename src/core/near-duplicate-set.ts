/**
 * The vectors of a batch's pending memories, searched for the best one at or above a cosine threshold (the write
 * gate's near duplicates within a batch). Every pending vector is a candidate, as in a plain scan; a bound from block
 * norms drops, at a sixteenth of a dot product's cost, the pairs that cannot reach the threshold, so a batch of a
 * thousand items of one user costs a thousand scans of cheap bounds instead of half a million dot products.
 */

/** Blocks of each vector whose norms bound a dot product (Cauchy–Schwarz per block: a·b ≤ Σ ‖a_k‖‖b_k‖). */
const BLOCKS = 32;
/**
 * A coarser bound first, over 8 blocks of four (never below the 32 blocks' bound): a quarter of the cost, and for the
 * hash embedder's vectors it alone drops two pairs in three; the finer bound decides the rest.
 */
const COARSE = 8;
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
  let coarse = new Float64Array(64 * COARSE);
  const queryNorms = new Float64Array(BLOCKS);
  const queryCoarse = new Float64Array(COARSE);
  return {
    add(vector, value) {
      const at = values.length * BLOCKS;
      if (at + BLOCKS > norms.length) {
        const grown = new Float64Array(norms.length * 2);
        grown.set(norms);
        norms = grown;
        const grownCoarse = new Float64Array(coarse.length * 2);
        grownCoarse.set(coarse);
        coarse = grownCoarse;
      }
      blockNorms(vector, norms, at);
      coarseNorms(norms, at, coarse, values.length * COARSE);
      values.push(value);
      vectors.push(vector);
    },
    best(vector) {
      const count = values.length;
      if (count === 0) return null;
      blockNorms(vector, queryNorms, 0);
      coarseNorms(queryNorms, 0, queryCoarse, 0);
      const floor = threshold - SLACK;
      const c0 = queryCoarse[0] as number;
      const c1 = queryCoarse[1] as number;
      const c2 = queryCoarse[2] as number;
      const c3 = queryCoarse[3] as number;
      const c4 = queryCoarse[4] as number;
      const c5 = queryCoarse[5] as number;
      const c6 = queryCoarse[6] as number;
      const c7 = queryCoarse[7] as number;
      let best: { value: T; similarity: number } | null = null;
      for (let e = 0; e < count; e++) {
        const candidate = vectors[e] as Float32Array;
        // vectors of another size (never within one embedder) get the plain dot product, no bound
        if (candidate.length === vector.length) {
          const at = e * COARSE;
          // the eight blocks written out: a loop over them ran several times slower
          const coarseBound =
            (coarse[at] as number) * c0 +
            (coarse[at + 1] as number) * c1 +
            (coarse[at + 2] as number) * c2 +
            (coarse[at + 3] as number) * c3 +
            (coarse[at + 4] as number) * c4 +
            (coarse[at + 5] as number) * c5 +
            (coarse[at + 6] as number) * c6 +
            (coarse[at + 7] as number) * c7;
          if (coarseBound < floor || bound(norms, e * BLOCKS, queryNorms) < floor) continue;
        }
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

/** The norms of COARSE blocks of BLOCKS / COARSE blocks each, from the block norms at `norms[at…]`. */
function coarseNorms(norms: Float64Array, at: number, out: Float64Array, outAt: number): void {
  const group = BLOCKS / COARSE;
  for (let c = 0; c < COARSE; c++) {
    let sum = 0;
    for (let k = c * group; k < (c + 1) * group; k++)
      sum += (norms[at + k] as number) * (norms[at + k] as number);
    out[outAt + c] = Math.sqrt(sum);
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
