/**
 * The parts of the int8 vector index that need none of its columns' state: strings interned to small integers, typed
 * arrays grown in place, and the selection of the best memories from a scan's dot products (a bounded heap over
 * scratch arrays reused from scan to scan).
 */
import type { VectorHit } from "../../spec/store.js";

const NULL_CODE = 0;

/** Strings to small integers, so filters compare numbers. Code 0 is null. */
export interface Interner {
  code(value: string | null): number;
  /** The code of a value, or -1 when it was never seen (then nothing can match it). */
  find(value: string): number;
  value(code: number): string;
  readonly size: number;
}

export function createInterner(): Interner {
  const codes = new Map<string, number>();
  const values: string[] = [""];
  return {
    code(value) {
      if (value === null) return NULL_CODE;
      let code = codes.get(value);
      if (code === undefined) {
        code = values.length;
        values.push(value);
        codes.set(value, code);
      }
      return code;
    },
    find(value) {
      return codes.get(value) ?? -1;
    },
    value(code) {
      return values[code] ?? "";
    },
    get size() {
      return values.length;
    },
  };
}

export function grownInt32(array: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

export function grownFloat64(array: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

/** Better first: higher similarity, then the smaller memory id. */
function isBetter(similarityA: number, idA: string, similarityB: number, idB: string): boolean {
  return similarityA > similarityB || (similarityA === similarityB && idA < idB);
}

/** The columns a selection reads, as they are at the time of the scan (the index grows them by replacing them). */
export interface RowColumns {
  scales: Float64Array;
  memoryOrdinal: Int32Array;
  memoryIds: readonly string[];
  /** The key kind of a row. */
  keyKind(row: number): string;
}

export interface TopMemories {
  /** The `limit` best memories (best key each) among the scored rows: similarity = dot × queryScale × keyScale. */
  select(
    list: Int32Array,
    out: Int32Array,
    count: number,
    queryScale: number,
    limit: number,
    columns: RowColumns,
  ): VectorHit[];
}

/** A selector with its own scratch, so a scan allocates nothing in proportion to the index. */
export function createTopMemories(): TopMemories {
  // The best similarity and row per memory (reset after each search, only where touched), and the memories touched.
  let bestScratch: Float64Array = new Float64Array(0);
  let bestRowScratch: Int32Array = new Int32Array(0);
  let touchedScratch: Int32Array = new Int32Array(0);

  /** The `limit` best memories (best key each) among the scored rows: similarity = dot × queryScale × keyScale. */
  function select(
    list: Int32Array,
    out: Int32Array,
    count: number,
    queryScale: number,
    limit: number,
    { scales, memoryOrdinal, memoryIds, keyKind }: RowColumns,
  ): VectorHit[] {
    // Best key per memory.
    const memoryCount = memoryIds.length;
    if (bestScratch.length < memoryCount) {
      bestScratch = new Float64Array(Math.max(memoryCount, bestScratch.length * 2)).fill(
        Number.NEGATIVE_INFINITY,
      );
      bestRowScratch = new Int32Array(bestScratch.length);
    }
    if (touchedScratch.length < count)
      touchedScratch = new Int32Array(Math.max(count, touchedScratch.length * 2));
    const best = bestScratch;
    const bestRow = bestRowScratch;
    const touched = touchedScratch;
    let touchedCount = 0;
    for (let i = 0; i < count; i++) {
      const row = list[i] as number;
      const similarity = (out[i] as number) * queryScale * (scales[row] as number);
      const ordinal = memoryOrdinal[row] as number;
      const previous = best[ordinal] as number;
      if (previous === Number.NEGATIVE_INFINITY) touched[touchedCount++] = ordinal;
      if (similarity > previous) {
        best[ordinal] = similarity;
        bestRow[ordinal] = row;
      }
    }

    // Top `limit` with a bounded heap whose root is the worst kept memory.
    const heap: number[] = [];
    const worse = (a: number, b: number): boolean =>
      isBetter(best[b] as number, memoryIds[b] as string, best[a] as number, memoryIds[a] as string);
    const siftDown = (start: number): void => {
      let at = start;
      for (;;) {
        const left = at * 2 + 1;
        const right = left + 1;
        let worst = at;
        if (left < heap.length && worse(heap[left] as number, heap[worst] as number)) worst = left;
        if (right < heap.length && worse(heap[right] as number, heap[worst] as number)) worst = right;
        if (worst === at) return;
        [heap[at], heap[worst]] = [heap[worst] as number, heap[at] as number];
        at = worst;
      }
    };
    for (let t = 0; t < touchedCount; t++) {
      const ordinal = touched[t] as number;
      if (heap.length < limit) {
        heap.push(ordinal);
        let at = heap.length - 1;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!worse(heap[at] as number, heap[parent] as number)) break;
          [heap[at], heap[parent]] = [heap[parent] as number, heap[at] as number];
          at = parent;
        }
      } else {
        // Most memories lose to the root on similarity alone: a number comparison, before any id comparison.
        const similarity = best[ordinal] as number;
        const root = heap[0] as number;
        const rootSimilarity = best[root] as number;
        if (!(similarity >= rootSimilarity)) continue;
        if (similarity > rootSimilarity || (memoryIds[ordinal] as string) < (memoryIds[root] as string)) {
          heap[0] = ordinal;
          siftDown(0);
        }
      }
    }
    heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
    const hits = heap.map((ordinal) => ({
      memoryId: memoryIds[ordinal] as string,
      similarity: best[ordinal] as number,
      keyKind: keyKind(bestRow[ordinal] as number),
    }));
    for (let t = 0; t < touchedCount; t++) best[touched[t] as number] = Number.NEGATIVE_INFINITY;
    return hits;
  }

  return { select };
}
