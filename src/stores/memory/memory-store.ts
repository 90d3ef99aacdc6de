/**
 * A Store that keeps everything in process memory: nothing to install, nothing on disk, gone when the process ends.
 * For tests, examples and short scripts; it passes the same contract suites as the SQLite and PostgreSQL stores.
 */
import type { GraphStore } from "../../spec/graph.js";
import type { MemoryRecord, NewMemory } from "../../spec/memory.js";
import type { Store } from "../../spec/store.js";
import { createStore } from "../runtime/create-store.js";
import { matchesFilter } from "../runtime/filter-match.js";
import type { StoreDialect } from "../runtime/store-dialect.js";
import { duplicateMemoryId, reinforcementNotFound } from "../runtime/store-errors.js";
import { applyReinforcement, byOccurrence, compareIds, type StoreCounts } from "../runtime/store-rules.js";
import { copy, createMemoryDatabase, type MemoryDatabase, type StoredMemory } from "./memory-database.js";
import { createMemoryGraphStore, type MemoryGraphStore } from "./memory-graph-store.js";
import { searchTerms, searchVectors } from "./memory-search.js";

export interface MemoryStoreOptions {
  /** Shown in the store's name ("memory:<label>") and its errors. Default "default". */
  label?: string;
}

export interface MemoryStore extends Store {
  readonly graph: GraphStore;
}

function exported(stored: StoredMemory): NewMemory {
  return {
    record: copy(stored.record),
    keys: [...stored.keys].sort((a, b) => a.sequence - b.sequence).map((key) => copy(key.key)),
  };
}

/** The dialect: each operation over the tables, inside a journal where it writes. */
function createMemoryDialect(
  database: MemoryDatabase,
  name: string,
): StoreDialect & { graph: MemoryGraphStore } {
  const graph = createMemoryGraphStore(database);
  const state = () => ({ binding: database.binding, dimensions: database.dimensions() });
  const records = (predicate: (record: MemoryRecord) => boolean) =>
    [...database.memories.values()].flatMap((stored) =>
      predicate(stored.record) ? [copy(stored.record)] : [],
    );

  return {
    name,
    factory: "createMemoryStore",
    graph,

    async bindEmbedder(binding, decide) {
      if (decide(state())) database.binding = { id: binding.id, dimensions: binding.dimensions };
    },

    async write(batch, check) {
      check(state());
      database.transaction((journal) => {
        for (const [position, insert] of batch.inserts.entries()) {
          if (database.memories.has(insert.record.id)) throw duplicateMemoryId(insert.record.id, position);
          database.store(insert, journal);
        }
        for (const [position, reinforcement] of batch.reinforcements.entries()) {
          const stored = database.memories.get(reinforcement.memoryId);
          if (!stored || stored.record.tenant !== reinforcement.tenant) {
            throw reinforcementNotFound(reinforcement.tenant, reinforcement.memoryId, position);
          }
          const record = { ...stored.record, ...applyReinforcement(stored.record, copy(reinforcement)) };
          journal.set(database.memories, reinforcement.memoryId, { ...stored, record });
        }
        if (batch.graph) graph.apply(batch.graph, journal);
      });
    },

    async get(tenant, ids) {
      return ids.flatMap((id) => {
        const stored = database.memories.get(id);
        return stored && stored.record.tenant === tenant ? [copy(stored.record)] : [];
      });
    },

    async keys(tenant, ids, kinds) {
      const wanted = kinds === undefined ? null : new Set(kinds);
      return ids
        .flatMap((id) => {
          const stored = database.memories.get(id);
          return stored && stored.record.tenant === tenant ? stored.keys : [];
        })
        .filter((stored) => wanted === null || wanted.has(stored.key.kind))
        .sort((a, b) => a.sequence - b.sequence)
        .map((stored) => copy(stored.key));
    },

    async findByTextHash(filter, hashes) {
      const wanted = new Set(hashes);
      return records((record) => wanted.has(record.textHash) && matchesFilter(record, filter));
    },

    async searchVectors(filter, limit, prepare) {
      const query = prepare(state());
      return query === null ? [] : searchVectors(database, filter, query, limit);
    },

    async searchTerms(filter, terms, limit) {
      return searchTerms(database, filter, terms, limit);
    },

    async list(filter, options) {
      const sorted = records((record) => matchesFilter(record, filter)).sort(byOccurrence);
      if (options.order === "desc") sorted.reverse();
      return sorted.slice(
        options.offset,
        options.limit === undefined ? undefined : options.offset + options.limit,
      );
    },

    async forget(selector) {
      const wanted = selector.ids === undefined ? null : new Set(selector.ids);
      const removed = [...database.memories.values()]
        .map((stored) => stored.record)
        .filter(
          (record) =>
            record.tenant === selector.tenant &&
            (selector.user === undefined || record.user === selector.user) &&
            (selector.agent === undefined || record.agent === selector.agent) &&
            (selector.session === undefined || record.session === selector.session) &&
            (wanted === null || wanted.has(record.id)),
        )
        .sort(byOccurrence)
        .map((record) => record.id);
      database.transaction((journal) => {
        // forgetting a user, agent or tenant forgets its graph too
        if (selector.ids === undefined && selector.session === undefined)
          graph.forgetScope(selector, journal);
        graph.forgetMemories(removed, journal);
        for (const id of removed) database.remove(id, journal);
      });
      return removed;
    },

    async exportPage(tenant, after, limit) {
      return [...database.memories.values()]
        .filter((stored) => tenant === undefined || stored.record.tenant === tenant)
        .sort(
          (a, b) =>
            compareIds(a.record.tenant, b.record.tenant) ||
            a.record.occurredAt - b.record.occurredAt ||
            compareIds(a.record.id, b.record.id),
        )
        .filter(
          ({ record }) =>
            after === null ||
            compareIds(record.tenant, after.tenant) > 0 ||
            (record.tenant === after.tenant &&
              (record.occurredAt > after.occurredAt ||
                (record.occurredAt === after.occurredAt && compareIds(record.id, after.id) > 0))),
        )
        .slice(0, limit)
        .map(exported);
    },

    async count(tenant): Promise<StoreCounts> {
      const groups = new Map<string, { kind: string; status: string; count: number }>();
      const tenants = new Set<string>();
      const users = new Set<string>();
      let keys = 0;
      let vectors = 0;
      for (const { record, keys: stored } of database.memories.values()) {
        if (tenant !== undefined && record.tenant !== tenant) continue;
        const group = `${record.kind}\u0000${record.status}`;
        const entry = groups.get(group) ?? { kind: record.kind, status: record.status, count: 0 };
        entry.count += 1;
        groups.set(group, entry);
        tenants.add(record.tenant);
        if (record.user !== null) users.add(`${record.tenant}\u0000${record.user}`);
        keys += stored.length;
        vectors += stored.filter((key) => key.key.vector !== null).length;
      }
      return { groups: [...groups.values()], keys, vectors, tenants: tenants.size, users: users.size };
    },

    async updateMemories(tenant, patches) {
      return database.transaction((journal) =>
        patches.flatMap((patch) => {
          const stored = database.memories.get(patch.id);
          if (!stored || stored.record.tenant !== tenant) return [];
          const { id: _id, ...changes } = patch;
          journal.set(database.memories, patch.id, { ...stored, record: { ...stored.record, ...changes } });
          return [patch.id];
        }),
      );
    },

    close() {
      database.memories.clear();
    },
  };
}

/**
 * Opens an empty store in process memory, with a knowledge graph. Ids are unique across its tenants, as in every
 * store.
 * @example
 * const engine = createEngine({ store: createMemoryStore(), embedder: createHashEmbedder() });
 * await engine.remember({ text: "Ana moved to Lisbon", user: "ana" });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const database = createMemoryDatabase();
  const dialect = createMemoryDialect(database, `memory:${options.label ?? "default"}`);
  return createStore(dialect) as MemoryStore;
}
