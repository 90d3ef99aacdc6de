/**
 * Block norms of the int8 index's rows, quantised to int8 and rounded up: their dot product with a query's bounds the
 * similarity from above (Cauchy–Schwarz per block, q·k ≤ Σ ‖q_b‖‖k_b‖), so a search with a minimum similarity (the
 * write gate's near-duplicate scan) skips the rows whose bound cannot reach it, at the cost of a 16-byte dot product
 * (the SIMD kernel's) instead of a whole row's.
 */

/**
 * Blocks a vector is cut into. Sixteen: with the hash embedder's vectors their exact bound keeps 2 % of the pairs
 * under 0.97 (eight keep a third), and sixteen int8 norms are one SIMD lane's width.
 */
export const NORM_BLOCKS = 16;

export interface BlockNorms {
  /** The rows' quantised norms, NORM_BLOCKS bytes a row, each in [0, 127] (replaced as it grows). */
  readonly bytes: Int8Array;
  /** Per row: the factor that turns its quantised norms' dot product into similarity units; NaN until made. */
  readonly factors: Float64Array;
  /** Room for `capacity` rows; the new ones are not made yet. */
  grow(capacity: number): void;
  /** Row `read`'s norms to row `write` (compaction). */
  move(write: number, read: number): void;
  /** Marks a row as not made (a new row in a reused place). */
  clear(row: number): void;
  /** Makes a row's norms, its vector at `matrix[offset…]` and its scale given, unless they are made already. */
  ensure(row: number, matrix: Int8Array, offset: number, scale: number): void;
  /**
   * A query's quantised norms, written into `out` (NORM_BLOCKS bytes); returns its factor. A row's similarity with
   * the query is at most (out · row's bytes) × the query's factor × the row's factor.
   */
  query(query: Int8Array, queryScale: number, out: Int8Array): number;
}

/**
 * Norms for vectors of `dimensions` values.
 * @example
 * const norms = createBlockNorms(512);
 * norms.grow(64);
 * norms.ensure(0, matrix, 0, scale);
 */
export function createBlockNorms(dimensions: number): BlockNorms {
  const blockSize = Math.ceil(dimensions / NORM_BLOCKS);
  const exact = new Float64Array(NORM_BLOCKS);
  let bytes = new Int8Array(0);
  let factors = new Float64Array(0);

  /**
   * The vector's exact block norms, then each as ⌈127 × norm / largest⌉ (never below its share): returns largest /
   * 127 × scale, so that quantised × factor ≥ norm × scale for every block.
   */
  function quantise(vector: Int8Array, offset: number, scale: number, out: Int8Array, at: number): number {
    let largest = 0;
    for (let b = 0; b < NORM_BLOCKS; b++) {
      let sum = 0;
      const end = offset + Math.min(dimensions, (b + 1) * blockSize);
      for (let i = offset + b * blockSize; i < end; i++) sum += (vector[i] as number) * (vector[i] as number);
      exact[b] = Math.sqrt(sum);
      if ((exact[b] as number) > largest) largest = exact[b] as number;
    }
    if (largest === 0) {
      out.fill(0, at, at + NORM_BLOCKS);
      return 0;
    }
    // a quotient a unit in the last place off moves the bound by ~1e-16 of itself: far inside the search's slack
    for (let b = 0; b < NORM_BLOCKS; b++)
      out[at + b] = Math.min(127, Math.ceil(((exact[b] as number) * 127) / largest));
    return (largest / 127) * scale;
  }

  return {
    get bytes() {
      return bytes;
    },
    get factors() {
      return factors;
    },
    grow(capacity) {
      if (capacity <= factors.length) return;
      const nextBytes = new Int8Array(capacity * NORM_BLOCKS);
      nextBytes.set(bytes);
      bytes = nextBytes;
      const nextFactors = new Float64Array(capacity).fill(Number.NaN);
      nextFactors.set(factors);
      factors = nextFactors;
    },
    move(write, read) {
      bytes.copyWithin(write * NORM_BLOCKS, read * NORM_BLOCKS, (read + 1) * NORM_BLOCKS);
      factors[write] = factors[read] as number;
    },
    clear(row) {
      factors[row] = Number.NaN;
    },
    ensure(row, matrix, offset, scale) {
      if (!Number.isNaN(factors[row])) return;
      factors[row] = quantise(matrix, offset, scale, bytes, row * NORM_BLOCKS);
    },
    query(query, queryScale, out) {
      return quantise(query, 0, queryScale, out, 0);
    },
  };
}
