/**
 * The gated write (the guide's ṽᵢ = vᵢ + aᵢΔv): each new item first attends over what is stored in its scope.
 * An exact or near-duplicate reinforces the slot it matches (count, last seen, one more source, strength through
 * the gate) instead of adding a copy; anything else becomes a new memory with its keys.
 */

import { updateStrength } from "../mechanisms/decay.js";
import { quantizeInt8 } from "../mechanisms/quantization.js";
import type { Embedder } from "../spec/embedder.js";
import {
  DEFAULT_TENANT,
  type MemoryKey,
  type MemoryRecord,
  type MemorySource,
  type NewMemory,
} from "../spec/memory.js";
import type { MemoryFilter, Reinforcement, Store, TextHashFilter, WriteBatch } from "../spec/store.js";
import { lexicalTerms, textHash } from "../text/index.js";
import { DAY_MS, type EngineRuntime } from "./engine-runtime.js";
import { newMemoryId } from "./ids.js";
import { expandKeys, type KeySpec } from "./key-expansion.js";
import { createNearDuplicateSet, type NearDuplicateSet } from "./near-duplicate-set.js";
import type { RememberItem } from "./schemas.js";

export interface WriteOutcome {
  id: string;
  action: "inserted" | "reinforced";
  /** For a reinforcement: "exact" (same normalised text) or "near" (cosine at or above the threshold). */
  match?: "exact" | "near";
  /** Cosine with the memory it reinforced, for a near match. */
  similarity?: number;
}

interface Pending {
  memory: NewMemory;
}

/** Pending memories of one identity (only these can be its duplicates), by text hash for exact matches. */
interface IdentityBucket {
  byHash: Map<string, Pending>;
  withVector: NearDuplicateSet<Pending>;
}

/** Who a memory belongs to and who said it: a duplicate must agree on all of it. */
function identity(
  tenant: string,
  item: {
    user?: string | null;
    agent?: string | null;
    speaker?: string | null;
    role?: string | null;
    kind: string;
  },
): string {
  return JSON.stringify([
    tenant,
    item.user ?? null,
    item.agent ?? null,
    item.speaker ?? null,
    item.role ?? null,
    item.kind,
  ]);
}

function sameIdentity(record: MemoryRecord, key: string): boolean {
  return identity(record.tenant, record) === key;
}

/**
 * Pass a batch of items through the gate: what to insert and what to reinforce, as one WriteBatch that the caller
 * commits in a single transaction (with whatever else belongs to the same write). Outcomes follow `items`.
 */
export async function planWrite(
  runtime: EngineRuntime,
  items: RememberItem[],
): Promise<{ outcomes: WriteOutcome[]; batch: WriteBatch }> {
  const { store, embedder, options } = runtime;
  const recordedAt = runtime.now();
  const strengthHalfLife = options.strengthHalfLifeDays * DAY_MS;

  const keySpecs = expandKeys(items, options, recordedAt);
  const keyVectors = await embedKeys(embedder, keySpecs);
  const hashes = items.map((item) => textHash(item.text));
  const stored = await storedExactDuplicates(store, items, hashes);
  const storedNear = await storedNearDuplicates(store, items, keyVectors, options.duplicateThreshold);

  const pending: Pending[] = [];
  // Within the batch an item is compared only with pending memories of its own identity: a hash look-up for exact
  // duplicates and the same-identity vectors for near ones (a cheap bound first), never a pass over the whole batch.
  const buckets = new Map<string, IdentityBucket>();
  const reinforced = new Map<
    string,
    { record: MemoryRecord; strength: number; lastSeenAt: number; reinforcements: Reinforcement[] }
  >();
  const outcomes: WriteOutcome[] = [];

  for (let i = 0; i < items.length; i++) {
    const item = items[i] as RememberItem;
    const tenant = item.tenant ?? DEFAULT_TENANT;
    const key = identity(tenant, item);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { byHash: new Map(), withVector: createNearDuplicateSet(options.duplicateThreshold) };
      buckets.set(key, bucket);
    }
    const hash = hashes[i] as string;
    const occurredAt = item.at ?? recordedAt;
    const source: MemorySource = {
      source: item.source ?? null,
      occurredAt,
      recordedAt,
      session: item.session ?? null,
    };
    const vector = keyVectors[i]?.[0] ?? null;

    // 1. exact duplicate in this batch, then in the store
    // `dedupe: false` (translation units) skips steps 1 and 2.
    const gated = item.dedupe !== false;
    const inBatch = bucket.byHash.get(hash);
    if (gated && inBatch) {
      reinforcePending(inBatch, source, strengthHalfLife, options.reinforceGain);
      outcomes.push({ id: inBatch.memory.record.id, action: "reinforced", match: "exact" });
      continue;
    }
    const exact = (stored.get(hash) ?? []).find((record) => sameIdentity(record, key));
    if (gated && exact) {
      reinforceStored(reinforced, exact, source, strengthHalfLife, options.reinforceGain);
      outcomes.push({ id: exact.id, action: "reinforced", match: "exact" });
      continue;
    }

    // 2. near duplicate by vector, in this batch, then in the store
    if (gated && vector) {
      const best = bucket.withVector.best(vector);
      if (best) {
        reinforcePending(best.value, source, strengthHalfLife, options.reinforceGain);
        outcomes.push({
          id: best.value.memory.record.id,
          action: "reinforced",
          match: "near",
          similarity: best.similarity,
        });
        continue;
      }
      const hits = storedNear.get(i) ?? [];
      if (hits.length > 0) {
        const records = await store.get(
          tenant,
          hits.map((h) => h.memoryId),
        );
        const match = records.find((record) => sameIdentity(record, key));
        if (match) {
          const similarity = hits.find((h) => h.memoryId === match.id)?.similarity ?? 0;
          reinforceStored(
            reinforced,
            reinforced.get(match.id)?.record ?? match,
            source,
            strengthHalfLife,
            options.reinforceGain,
          );
          outcomes.push({ id: match.id, action: "reinforced", match: "near", similarity });
          continue;
        }
      }
    }

    // 3. a new memory
    const record = newRecord(item, tenant, hash, source, options.initialStrength);
    const id = record.id;
    const keys: MemoryKey[] = (keySpecs[i] ?? []).map((spec, k) =>
      makeKey(id, spec.kind, spec.text, keyVectors[i]?.[k] ?? null, spec.lexical !== false),
    );
    const entry: Pending = { memory: { record, keys } };
    pending.push(entry);
    if (!bucket.byHash.has(hash)) bucket.byHash.set(hash, entry);
    if (vector) bucket.withVector.add(vector, entry);
    outcomes.push({ id, action: "inserted" });
  }

  const batch: WriteBatch = {
    inserts: pending.map((p) => p.memory),
    reinforcements: [...reinforced.values()].flatMap((r) => r.reinforcements),
  };
  return { outcomes, batch };
}

/** Every key of every item gets its vector from one embedding call (null for keys that take none). */
async function embedKeys(embedder: Embedder, keySpecs: KeySpec[][]): Promise<(Float32Array | null)[][]> {
  const toEmbed = keySpecs.flatMap((specs) => specs.filter((spec) => spec.embed).map((spec) => spec.text));
  const embedded = toEmbed.length > 0 ? await embedder.embed(toEmbed) : [];
  let next = 0;
  return keySpecs.map((specs) => specs.map((spec) => (spec.embed ? (embedded[next++] ?? null) : null)));
}

/**
 * Exact duplicates already stored, by text hash: one look-up per scope. The filter names the user, or null for an
 * item with none, so the store seeks that user's hashes (an item only ever matches its own identity's memories).
 */
async function storedExactDuplicates(
  store: Store,
  items: RememberItem[],
  hashes: string[],
): Promise<Map<string, MemoryRecord[]>> {
  const stored = new Map<string, MemoryRecord[]>();
  const byScope = new Map<string, { filter: TextHashFilter; hashes: Set<string> }>();
  items.forEach((item, i) => {
    const tenant = item.tenant ?? DEFAULT_TENANT;
    const scopeKey = JSON.stringify([tenant, item.user ?? null, item.agent ?? null]);
    let entry = byScope.get(scopeKey);
    if (!entry) {
      entry = { filter: { tenant, user: item.user ?? null, agent: item.agent }, hashes: new Set() };
      byScope.set(scopeKey, entry);
    }
    entry.hashes.add(hashes[i] as string);
  });
  for (const { filter, hashes: scopeHashes } of byScope.values()) {
    for (const record of await store.findByTextHash(filter, [...scopeHashes])) {
      const list = stored.get(record.textHash) ?? [];
      list.push(record);
      stored.set(record.textHash, list);
    }
  }
  return stored;
}

/**
 * Near duplicates already stored, by item position: one search per scope and kind for the whole batch (an item
 * matched within the batch simply does not use its answer).
 */
async function storedNearDuplicates(
  store: Store,
  items: RememberItem[],
  keyVectors: (Float32Array | null)[][],
  threshold: number,
): Promise<Map<number, { memoryId: string; similarity: number }[]>> {
  const storedNear = new Map<number, { memoryId: string; similarity: number }[]>();
  const nearGroups = new Map<string, { filter: MemoryFilter; positions: number[] }>();
  items.forEach((item, i) => {
    const vector = keyVectors[i]?.[0];
    if (item.dedupe === false || !vector) return;
    const tenant = item.tenant ?? DEFAULT_TENANT;
    const groupKey = JSON.stringify([tenant, item.user ?? null, item.agent ?? null, item.kind]);
    let group = nearGroups.get(groupKey);
    if (!group) {
      group = { filter: { tenant, user: item.user, agent: item.agent, kinds: [item.kind] }, positions: [] };
      nearGroups.set(groupKey, group);
    }
    group.positions.push(i);
  });
  for (const { filter, positions } of nearGroups.values()) {
    const found = await store.searchVectorsMany(
      filter,
      positions.map((i) => keyVectors[i]?.[0] as Float32Array),
      5,
      threshold,
    );
    positions.forEach((i, n) => {
      storedNear.set(
        i,
        (found[n] ?? []).filter((hit) => hit.similarity >= threshold),
      );
    });
  }
  return storedNear;
}

/** The record of a new memory: told once, at the initial strength. */
function newRecord(
  item: RememberItem,
  tenant: string,
  hash: string,
  source: MemorySource,
  initialStrength: number,
): MemoryRecord {
  const { occurredAt, recordedAt } = source;
  return {
    id: newMemoryId(recordedAt),
    tenant,
    user: item.user ?? null,
    agent: item.agent ?? null,
    session: item.session ?? null,
    kind: item.kind,
    text: item.text,
    role: item.role ?? null,
    speaker: item.speaker ?? null,
    occurredAt,
    recordedAt,
    source: source.source,
    sources: [source],
    metadata: item.metadata ?? {},
    count: 1,
    lastSeenAt: occurredAt,
    strength: initialStrength,
    status: "active",
    textHash: hash,
  };
}

/** A key for the index: its lexical terms and, when the embedder could represent the text, its int8 vector. */
export function makeKey(
  memoryId: string,
  kind: string,
  text: string,
  vector: Float32Array | null,
  lexical = true,
): MemoryKey {
  const quantized = vector ? quantizeInt8(vector) : null;
  return {
    memoryId,
    kind,
    text,
    terms: lexical ? lexicalTerms(text) : [],
    vector: quantized?.values ?? null,
    scale: quantized?.scale ?? 0,
  };
}

function reinforcePending(entry: Pending, source: MemorySource, halfLife: number, gain: number): void {
  const record = entry.memory.record;
  record.strength = updateStrength(
    record.strength,
    Math.max(0, source.occurredAt - record.lastSeenAt),
    halfLife,
    gain,
  );
  record.sources.push(source);
  record.count += 1;
  record.lastSeenAt = Math.max(record.lastSeenAt, source.occurredAt);
}

function reinforceStored(
  reinforced: Map<
    string,
    { record: MemoryRecord; strength: number; lastSeenAt: number; reinforcements: Reinforcement[] }
  >,
  record: MemoryRecord,
  source: MemorySource,
  halfLife: number,
  gain: number,
): void {
  const state = reinforced.get(record.id) ?? {
    record,
    strength: record.strength,
    lastSeenAt: record.lastSeenAt,
    reinforcements: [],
  };
  state.strength = updateStrength(
    state.strength,
    Math.max(0, source.occurredAt - state.lastSeenAt),
    halfLife,
    gain,
  );
  state.lastSeenAt = Math.max(state.lastSeenAt, source.occurredAt);
  state.reinforcements.push({ tenant: record.tenant, memoryId: record.id, source, strength: state.strength });
  reinforced.set(record.id, state);
}
