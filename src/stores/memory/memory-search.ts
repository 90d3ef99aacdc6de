/** The in-memory store's two channels: an exact int8 scan of the keys' vectors, and BM25 over their terms, per tenant. */
import { dotInt8 } from "../../mechanisms/quantization.js";
import type { LexicalHit, MemoryFilter, VectorHit } from "../../spec/store.js";
import { bm25Score, queryTokens, SCOPE_STATISTICS_KEYS } from "../runtime/bm25.js";
import { matchesFilter } from "../runtime/filter-match.js";
import { compareIds, type PreparedQuery } from "../runtime/store-rules.js";
import type { MemoryDatabase, StoredMemory } from "./memory-database.js";

interface Best {
  memoryId: string;
  score: number;
  keyKind: string;
}

/** The best key of each memory, the `limit` best memories: by score, then memory id. */
function top(best: Iterable<Best>, limit: number): Best[] {
  return [...best].sort((a, b) => b.score - a.score || compareIds(a.memoryId, b.memoryId)).slice(0, limit);
}

function inFilter(database: MemoryDatabase, filter: MemoryFilter): StoredMemory[] {
  return [...database.memories.values()].filter((stored) => matchesFilter(stored.record, filter));
}

/**
 * Similarity as the SQLite store computes it, (query · key) in int8 × both scales, so the two stores return the
 * same numbers for the same data.
 */
export function searchVectors(
  database: MemoryDatabase,
  filter: MemoryFilter,
  query: PreparedQuery,
  limit: number,
): VectorHit[] {
  const best: Best[] = [];
  for (const { record, keys } of inFilter(database, filter)) {
    let hit: Best | null = null;
    for (const { key } of keys) {
      if (key.vector === null) continue;
      const similarity = dotInt8(query.values, key.vector, 0) * query.scale * key.scale;
      if (hit === null || similarity > hit.score) {
        hit = { memoryId: record.id, score: similarity, keyKind: key.kind };
      }
    }
    if (hit) best.push(hit);
  }
  return top(best, limit).map(({ memoryId, score, keyKind }) => ({ memoryId, similarity: score, keyKind }));
}

/**
 * BM25 with the collection statistics of the filter's scope (every key of it, whatever its status): the user's keys
 * when the filter names a user with at most SCOPE_STATISTICS_KEYS of them, else the tenant's, as every store ranks:
 * another tenant's (or, for such a user, another user's) keys never change a scope's scores.
 */
export function searchTerms(
  database: MemoryDatabase,
  filter: MemoryFilter,
  terms: string[],
  limit: number,
): LexicalHit[] {
  const tokens = queryTokens(terms);
  if (tokens.length === 0) return [];
  let userKeys = 0;
  if (filter.user !== undefined)
    for (const { record, keys } of database.memories.values())
      if (record.tenant === filter.tenant && record.user === filter.user) userKeys += keys.length;
  const byUser = filter.user !== undefined && userKeys <= SCOPE_STATISTICS_KEYS;
  let rows = 0;
  let length = 0;
  const documents = new Map<string, number>();
  for (const { record, keys } of database.memories.values()) {
    if (record.tenant !== filter.tenant || (byUser && record.user !== filter.user)) continue;
    for (const { tokens: counts } of keys) {
      rows += 1;
      length += counts.length;
      for (const token of counts.frequencies.keys()) documents.set(token, (documents.get(token) ?? 0) + 1);
    }
  }
  const collection = {
    rows,
    averageLength: rows === 0 ? 0 : length / rows,
    documents: (token: string) => documents.get(token) ?? 0,
  };
  const best: Best[] = [];
  for (const { record, keys } of inFilter(database, filter)) {
    let hit: Best | null = null;
    for (const { key, tokens: counts } of keys) {
      const score = bm25Score(counts, tokens, collection);
      if (score > 0 && (hit === null || score > hit.score)) {
        hit = { memoryId: record.id, score, keyKind: key.kind };
      }
    }
    if (hit) best.push(hit);
  }
  return top(best, limit);
}
