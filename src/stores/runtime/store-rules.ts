/**
 * The backend-neutral rules of the Store contract as pure functions: what a batch, a patch or a query must be, how
 * a binding is decided, how a reinforcement changes a record, how ids are ordered and stats folded. The store
 * runtime applies them around every dialect, so no dialect writes them again.
 */
import { quantizeInt8 } from "../../mechanisms/quantization.js";
import type { MemoryRecord, MemoryStatus } from "../../spec/memory.js";
import type {
  EmbedderBinding,
  MemoryPatch,
  Reinforcement,
  StoreStats,
  WriteBatch,
} from "../../spec/store.js";
import { describeBinding, embedderMismatch, invalidStoreInput } from "./store-errors.js";

/** What a store holds about vectors: the embedder it is bound to, and the size of the vectors it stores. */
export interface VectorState {
  binding: EmbedderBinding | null;
  /** The size of the stored vectors, or null when the store holds none. */
  dimensions: number | null;
}

/**
 * A query vector ready for an int8 scan: similarity(key) = (values · key.values) × scale × key.scale, which is the
 * cosine of the query (normalised here) with the key, as every store computes it.
 */
export interface PreparedQuery {
  /** The query as given. */
  vector: Float32Array;
  /** The query quantised to int8. */
  values: Int8Array;
  /** The int8 scale divided by the query's norm, so the product is a cosine. */
  scale: number;
}

export const DEFAULT_STATUSES: readonly MemoryStatus[] = ["active"];

/** Strings in code-unit order, as SQLite's and PostgreSQL's "C" collation compare ids. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Checks a whole batch before anything of it is written: every insert names a tenant, no id comes twice, every key
 * points to its memory, and every vector has the size of the binding and of the stored vectors. Returns the vector
 * size the store holds once the batch is written (null while it holds none).
 */
export function checkBatch(batch: WriteBatch, state: VectorState): number | null {
  const seen = new Set<string>();
  const binding = state.binding;
  let dimensions = state.dimensions;
  for (const [position, { record, keys }] of batch.inserts.entries()) {
    const where = `inserts[${position}]`;
    if (typeof record.tenant !== "string" || record.tenant.length === 0) {
      throw invalidStoreInput(where, "the record has no tenant: resolve the scope before writing");
    }
    if (seen.has(record.id)) {
      throw invalidStoreInput(
        where,
        `memory id ${record.id} appears twice in one batch: give each new memory its own id`,
      );
    }
    seen.add(record.id);
    for (const [keyPosition, key] of keys.entries()) {
      if (key.memoryId !== record.id) {
        throw invalidStoreInput(
          `${where}.keys[${keyPosition}]`,
          `the key points to memory ${key.memoryId}, not to ${record.id}: a new memory's keys must point to it`,
        );
      }
      if (key.vector === null) continue;
      if (
        (binding && key.vector.length !== binding.dimensions) ||
        (dimensions !== null && key.vector.length !== dimensions)
      ) {
        throw embedderMismatch(describeBinding(binding, dimensions), `a vector of ${key.vector.length} dims`);
      }
      dimensions = key.vector.length;
    }
  }
  return dimensions;
}

/**
 * Whether `wanted` must be saved as the store's binding: false when it is already bound to it. Refuses (with
 * `embedder_mismatch`) another embedder, or another size, while vectors are stored, unless `wanted` extends the
 * bound embedder with the same size (its vectors live in the same space: the store is rebound to it).
 */
export function decideBinding(wanted: EmbedderBinding, state: VectorState): boolean {
  const current = state.binding;
  if (current && current.id === wanted.id && current.dimensions === wanted.dimensions) return false;
  const extendsCurrent =
    current !== null && wanted.extends === current.id && wanted.dimensions === current.dimensions;
  if (
    state.dimensions !== null &&
    !extendsCurrent &&
    (current !== null || state.dimensions !== wanted.dimensions)
  ) {
    throw embedderMismatch(
      describeBinding(current, state.dimensions),
      `${wanted.id} (${wanted.dimensions} dims)`,
    );
  }
  return true;
}

/**
 * The query as an int8 scan needs it, or null when no search is needed (a limit of 0, no stored vector, a zero
 * vector). A query of another size than the stored vectors (or the binding) fails with `embedder_mismatch`.
 */
export function prepareQuery(query: Float32Array, limit: number, state: VectorState): PreparedQuery | null {
  const dimensions = state.dimensions ?? state.binding?.dimensions ?? null;
  if (dimensions !== null && query.length !== dimensions) {
    throw embedderMismatch(
      describeBinding(state.binding, dimensions),
      `a query vector of ${query.length} dims`,
    );
  }
  if (limit <= 0 || state.dimensions === null) return null;
  let norm = 0;
  for (let i = 0; i < query.length; i++) norm += (query[i] as number) * (query[i] as number);
  if (norm === 0) return null;
  const quantized = quantizeInt8(query);
  return { vector: query, values: quantized.values, scale: quantized.scale / Math.sqrt(norm) };
}

/** Refuses a patch that would store an impossible state, before anything is written. */
export function checkPatch(patch: MemoryPatch, position: number): void {
  const where = `patches[${position}]`;
  if (typeof patch.id !== "string" || patch.id.length === 0) {
    throw invalidStoreInput(where, "the patch has no memory id: name the memory to change");
  }
  if (patch.status !== undefined && patch.status !== "active" && patch.status !== "archived") {
    throw invalidStoreInput(
      where,
      `status "${String(patch.status)}" is not a status: use "active" or "archived"`,
    );
  }
  if (
    patch.strength !== undefined &&
    !(Number.isFinite(patch.strength) && patch.strength >= 0 && patch.strength <= 1)
  ) {
    throw invalidStoreInput(
      where,
      `strength ${String(patch.strength)} is outside [0, 1]: pass a number from 0 to 1`,
    );
  }
  if (patch.lastSeenAt !== undefined && !Number.isFinite(patch.lastSeenAt)) {
    throw invalidStoreInput(
      where,
      `lastSeenAt ${String(patch.lastSeenAt)} is not a time: pass milliseconds since the epoch`,
    );
  }
}

/** Patches of one memory apply in order: one patch per memory, in the order of first mention. */
export function mergePatches(patches: readonly MemoryPatch[]): MemoryPatch[] {
  const merged = new Map<string, MemoryPatch>();
  for (const patch of patches) {
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as MemoryPatch;
    merged.set(patch.id, { ...merged.get(patch.id), ...defined });
  }
  return [...merged.values()];
}

/** What a reinforcement makes of a stored memory: one more telling, its source kept, seen at the latest telling. */
export function applyReinforcement(
  record: Pick<MemoryRecord, "sources" | "lastSeenAt" | "count">,
  reinforcement: Reinforcement,
): Pick<MemoryRecord, "sources" | "lastSeenAt" | "count" | "strength"> {
  return {
    sources: [...record.sources, reinforcement.source],
    count: record.count + 1,
    lastSeenAt: Math.max(record.lastSeenAt, reinforcement.source.occurredAt),
    strength: reinforcement.strength,
  };
}

/** Each id once, in the order first asked for. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The items in the order of `ids` (each once); ids with no item are left out. */
export function orderByIds<T>(items: readonly T[], ids: readonly string[], idOf: (item: T) => string): T[] {
  const byId = new Map(items.map((item) => [idOf(item), item]));
  const ordered: T[] = [];
  for (const id of uniqueIds(ids)) {
    const item = byId.get(id);
    if (item !== undefined) ordered.push(item);
  }
  return ordered;
}

/** The terms worth searching: each non-empty term once. */
export function searchableTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.filter((term) => term.length > 0))];
}

/** Memory records in the order lists and look-ups return them: by occurredAt, then id. */
export function byOccurrence(a: MemoryRecord, b: MemoryRecord): number {
  return a.occurredAt - b.occurredAt || compareIds(a.id, b.id);
}

/** What a dialect counts for stats(): memories per (kind, status) and the rest as plain numbers. */
export interface StoreCounts {
  groups: { kind: string; status: string; count: number }[];
  keys: number;
  vectors: number;
  tenants: number;
  users: number;
}

/** The stats a store reports, folded from its counts. */
export function foldStats(counts: StoreCounts): StoreStats {
  const byKind: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  let memories = 0;
  for (const group of counts.groups) {
    byKind[group.kind] = (byKind[group.kind] ?? 0) + group.count;
    byStatus[group.status] = (byStatus[group.status] ?? 0) + group.count;
    memories += group.count;
  }
  return {
    memories,
    byKind,
    byStatus,
    keys: counts.keys,
    vectors: counts.vectors,
    tenants: counts.tenants,
    users: counts.users,
  };
}
