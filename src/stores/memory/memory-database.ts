/** The in-memory store's tables: memories with their keys, the binding, and an undo journal that makes a write all or nothing. */
import type { MemoryKey, MemoryRecord, NewMemory } from "../../spec/memory.js";
import type { EmbedderBinding } from "../../spec/store.js";
import { countTokens, type TokenCounts } from "../runtime/bm25.js";

/** A key as stored: the key, its place in the order keys were written, and its tokens for BM25. */
export interface StoredKey {
  key: MemoryKey;
  sequence: number;
  tokens: TokenCounts;
}

export interface StoredMemory {
  record: MemoryRecord;
  keys: StoredKey[];
}

/** Undo steps recorded while a write runs; rolled back in reverse when any step of it fails. */
export interface Journal {
  set<K, V>(map: Map<K, V>, key: K, value: V): void;
  delete<K, V>(map: Map<K, V>, key: K): void;
  /** An undo step for a change the journal cannot see (a counter). */
  onRollback(undo: () => void): void;
}

export interface MemoryDatabase {
  /** Every memory of every tenant by id: ids are unique in the whole store. */
  readonly memories: Map<string, StoredMemory>;
  binding: EmbedderBinding | null;
  /** The size of the stored vectors, or null when none is stored. */
  dimensions(): number | null;
  /** Runs `work` with a journal; when it throws, every change it made is undone. */
  transaction<T>(work: (journal: Journal) => T): T;
  /** A new memory's stored form (a copy: the caller's objects are never kept). */
  store(memory: NewMemory, journal: Journal): void;
  /** Removes a memory and its keys. */
  remove(id: string, journal: Journal): void;
}

/** The next number of a counter that only grows: the order rows were written in, as a rowid is. */
export function createSequence(): () => number {
  let next = 0;
  return () => {
    next += 1;
    return next;
  };
}

/** A deep copy, so that no caller can change what the store holds, nor the store what a caller holds. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

export function createMemoryDatabase(): MemoryDatabase {
  const memories = new Map<string, StoredMemory>();
  const sequence = createSequence();
  let vectors = 0;
  let vectorSize: number | null = null;

  const database: MemoryDatabase = {
    memories,
    binding: null,

    dimensions() {
      return vectors > 0 ? vectorSize : null;
    },

    transaction(work) {
      const undo: (() => void)[] = [];
      const journal: Journal = {
        set(map, key, value) {
          const had = map.has(key);
          const previous = map.get(key);
          undo.push(() => {
            if (had) map.set(key, previous as never);
            else map.delete(key);
          });
          map.set(key, value);
        },
        delete(map, key) {
          if (!map.has(key)) return;
          const previous = map.get(key);
          undo.push(() => map.set(key, previous as never));
          map.delete(key);
        },
        onRollback(step) {
          undo.push(step);
        },
      };
      try {
        return work(journal);
      } catch (error) {
        for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
        throw error;
      }
    },

    store(memory, journal) {
      const keys = memory.keys.map((key) => ({
        key: copy(key),
        sequence: sequence(),
        tokens: countTokens(key.terms),
      }));
      journal.set(memories, memory.record.id, { record: copy(memory.record), keys });
      const added = keys.filter((stored) => stored.key.vector !== null);
      if (added.length === 0) return;
      const size = vectorSize;
      vectors += added.length;
      vectorSize = (added[0] as StoredKey).key.vector?.length ?? null;
      journal.onRollback(() => {
        vectors -= added.length;
        vectorSize = size;
      });
    },

    remove(id, journal) {
      const stored = memories.get(id);
      if (!stored) return;
      journal.delete(memories, id);
      const removed = stored.keys.filter((key) => key.key.vector !== null).length;
      vectors -= removed;
      journal.onRollback(() => {
        vectors += removed;
      });
    },
  };
  return database;
}
