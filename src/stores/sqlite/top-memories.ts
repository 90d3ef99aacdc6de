/**
 * The parts of the int8 vector index that need none of its columns' state: strings interned to small integers, a
 * scan's filter flags, typed arrays grown in place, and the selection of the best memories from a scan's dot products
 * (a bounded heap over scratch reused from scan to scan).
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

/**
 * Flags by small integer (an interned code, a memory ordinal), reused from scan to scan: `reset` clears the flags the
 * last scan set (only those) and returns an array of at least `size` zeros, grown by doubling. A scan used to allocate
 * a fresh array of every interned string's or every memory's size, a cost that grew with the store, not the scope.
 */
export interface Flags {
  reset(size: number): Uint8Array;
  set(index: number): void;
}

export function createFlags(): Flags {
  let bytes = new Uint8Array(0);
  const marked: number[] = [];
  return {
    reset(size) {
      for (const index of marked) bytes[index] = 0;
      marked.length = 0;
      if (bytes.length < size) bytes = new Uint8Array(Math.max(size, 2 * bytes.length));
      return bytes;
    },
    set(index) {
      if (bytes[index] === 1) return;
      bytes[index] = 1;
      marked.push(index);
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

/** Smallest table a selection uses: a power of two. */
const MIN_SLOTS = 64;
/**
 * A scan of at least this share of the index's memories indexes its table by memory ordinal (slot = ordinal: in
 * order, no hashing; the table as large as the index, which the scan already is); a smaller one hashes into a table
 * of twice its rows.
 */
const DIRECT_SHARE = 1 / 4;

/**
 * A selector with its own scratch, so a scan allocates nothing in proportion to the index: the best key of each
 * memory is kept in an open-addressing table sized by the rows scanned (at least twice as many slots), not by the
 * memories the index holds, unless the scan covers a large share of them. A table indexed by ordinal for every scan
 * made the first scan of a process, and each scan that found the index past its size, allocate and fill arrays of
 * every memory's size (24 MB at 1M memories, with the collection that set off; docs/benchmarks.md, issue 18,
 * follow-up 23), however few rows it scanned.
 */
export function createTopMemories(): TopMemories {
  // slot → memory ordinal (-1 empty), its best similarity and the row that gave it; cleared after each search, only
  // where touched. The touched slots, in the order their memories were first met.
  let slotOrdinal: Int32Array = new Int32Array(MIN_SLOTS).fill(-1);
  let slotBest: Float64Array = new Float64Array(MIN_SLOTS);
  let slotRow: Int32Array = new Int32Array(MIN_SLOTS);
  let touchedScratch: Int32Array = new Int32Array(MIN_SLOTS);

  /** Grows the table to at least `slots` slots (a power of two). */
  function ensureSlots(slots: number): void {
    if (slotOrdinal.length >= slots) return;
    let size = slotOrdinal.length;
    while (size < slots) size *= 2;
    slotOrdinal = new Int32Array(size).fill(-1);
    slotBest = new Float64Array(size);
    slotRow = new Int32Array(size);
    touchedScratch = new Int32Array(size);
  }

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
    const direct = count >= memoryIds.length * DIRECT_SHARE;
    ensureSlots(direct ? memoryIds.length : 2 * count);
    const ordinalAt = slotOrdinal;
    const best = slotBest;
    const bestRow = slotRow;
    const touched = touchedScratch;
    const mask = ordinalAt.length - 1;
    // hashed: the product's high bits pick the slot (its low bits would repeat for ordinals a power of two apart)
    const shift = Math.clz32(ordinalAt.length) + 1;
    let touchedCount = 0;
    for (let i = 0; i < count; i++) {
      const row = list[i] as number;
      const similarity = (out[i] as number) * queryScale * (scales[row] as number);
      const ordinal = memoryOrdinal[row] as number;
      // the ordinal itself, or Fibonacci hashing and then the next free slot (at most half the slots are taken)
      let slot = direct ? ordinal : Math.imul(ordinal, 0x9e3779b1) >>> shift;
      for (;;) {
        const held = ordinalAt[slot] as number;
        if (held === ordinal) {
          if (similarity > (best[slot] as number)) {
            best[slot] = similarity;
            bestRow[slot] = row;
          }
          break;
        }
        if (held === -1) {
          ordinalAt[slot] = ordinal;
          best[slot] = similarity;
          bestRow[slot] = row;
          touched[touchedCount++] = slot;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }

    // Top `limit` with a bounded heap (of slots) whose root is the worst kept memory.
    const idOf = (slot: number): string => memoryIds[ordinalAt[slot] as number] as string;
    const heap: number[] = [];
    const worse = (a: number, b: number): boolean =>
      isBetter(best[b] as number, idOf(b), best[a] as number, idOf(a));
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
      const slot = touched[t] as number;
      if (heap.length < limit) {
        heap.push(slot);
        let at = heap.length - 1;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!worse(heap[at] as number, heap[parent] as number)) break;
          [heap[at], heap[parent]] = [heap[parent] as number, heap[at] as number];
          at = parent;
        }
      } else {
        // Most memories lose to the root on similarity alone: a number comparison, before any id comparison.
        const similarity = best[slot] as number;
        const root = heap[0] as number;
        const rootSimilarity = best[root] as number;
        if (!(similarity >= rootSimilarity)) continue;
        if (similarity > rootSimilarity || idOf(slot) < idOf(root)) {
          heap[0] = slot;
          siftDown(0);
        }
      }
    }
    heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
    const hits = heap.map((slot) => ({
      memoryId: idOf(slot),
      similarity: best[slot] as number,
      keyKind: keyKind(bestRow[slot] as number),
    }));
    for (let t = 0; t < touchedCount; t++) ordinalAt[touched[t] as number] = -1;
    return hits;
  }

  return { select };
}
