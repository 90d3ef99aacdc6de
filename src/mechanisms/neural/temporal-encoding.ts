/**
 * Temporal encoding (End-To-End Memory Networks, section 4.1): memory i gains a learned row T(tᵢ) chosen by its age,
 * so that a network can tell "Mary went to the kitchen" from the later "Mary went to the garden". The most recent
 * sentence has age 0. Random noise (RN) trains with random gaps between the ages, so that the network does not
 * learn to count exact positions. The memory network calls `timeIndices`; `temporalEncodingForward` and
 * `temporalEncodingBackward` are reference: not called by the engine (the memory network fuses the same sums into its
 * own loop; their own tests check them).
 */
import type { Parameter } from "./parameter.js";
import type { Random } from "./random.js";

/**
 * The ages of `count` memories, oldest first: count − 1, …, 1, 0 without noise. With `noise` > 0 and a `random`
 * source (training only), up to ⌈noise·count⌉ − 1 blank ages are spread among them at random (the calibration in
 * ../shared/notes/memn2n.md), or up to ⌈noise·count⌉ with `toCeiling` (the authors' code draws
 * randi([0, ceil(n·0.1)]), both ends included, so a story of 10 sentences or fewer gets a blank too), the ages
 * staying strictly decreasing and below `slots`, the number of time rows.
 * @example timeIndices(3, 50) // Int32Array [2, 1, 0]
 */
export function timeIndices(
  count: number,
  slots: number,
  options: { noise?: number; random?: Random; toCeiling?: boolean } = {},
): Int32Array {
  if (count > slots) throw new RangeError(`timeIndices: ${count} memories but only ${slots} time rows`);
  const ages = new Int32Array(count);
  const noise = options.noise ?? 0;
  const ceiling = Math.ceil(noise * count) + (options.toCeiling ? 1 : 0);
  const blanks = noise > 0 && options.random ? options.random.int(ceiling) : 0;
  if (blanks === 0) {
    for (let i = 0; i < count; i++) ages[i] = count - 1 - i;
    return ages;
  }
  // A random subset of count ages out of count + blanks, clamped to the last time row, then sorted: oldest first.
  const random = options.random as Random;
  const pool = random.shuffle(Array.from({ length: count + blanks }, (_, i) => i));
  const chosen = pool.slice(0, count).map((age) => Math.min(age, slots - 1));
  chosen.sort((a, b) => b - a);
  ages.set(chosen);
  return ages;
}

/**
 * Adds row `offset + ages[i]` of `table`, weighted element-wise by `weight` when given, to memory i of `memories`
 * (count × d, row-major). The End-To-End Memory Network keeps its time rows after the word rows of the same table
 * and weights them by the last row of the position encoding, as the authors' code does.
 */
export function temporalEncodingForward(
  table: Parameter,
  offset: number,
  ages: ArrayLike<number>,
  memories: Float64Array,
  weight?: ArrayLike<number>,
): void {
  const d = table.cols;
  for (let i = 0; i < ages.length; i++) {
    const row = offset + (ages[i] as number);
    if (!Number.isInteger(row) || row < 0 || row >= table.rows) {
      throw new RangeError(
        `temporal encoding ${table.name}: time row ${row} is outside 0..${table.rows - 1}`,
      );
    }
    const base = row * d;
    for (let k = 0; k < d; k++) {
      const w = weight ? (weight[k] as number) : 1;
      memories[i * d + k] = (memories[i * d + k] as number) + w * (table.value[base + k] as number);
    }
  }
}

/** ∂T(tᵢ) += weight ⊙ ∂mᵢ for every memory i. */
export function temporalEncodingBackward(
  table: Parameter,
  offset: number,
  ages: ArrayLike<number>,
  gradMemories: ArrayLike<number>,
  weight?: ArrayLike<number>,
): void {
  const d = table.cols;
  for (let i = 0; i < ages.length; i++) {
    const base = (offset + (ages[i] as number)) * d;
    for (let k = 0; k < d; k++) {
      const w = weight ? (weight[k] as number) : 1;
      table.grad[base + k] = (table.grad[base + k] as number) + w * (gradMemories[i * d + k] as number);
    }
  }
}
