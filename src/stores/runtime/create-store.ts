/** The store runtime: the one wrapper every store goes through, owning the contract's backend-neutral rules and the lifecycle. */
import { EngramError } from "../../spec/errors.js";
import type { GraphStore } from "../../spec/graph.js";
import type { MemoryKey, MemoryRecord, NewMemory } from "../../spec/memory.js";
import type {
  AdjacentAnchor,
  AdjacentMemories,
  LearningStore,
  MemoryFilter,
  ReindexStore,
  Store,
  VectorHit,
} from "../../spec/store.js";
import { createProcessLearningStore } from "./process-learning-store.js";
import type { ExportCursor, StoreDialect } from "./store-dialect.js";
import { storeClosed, storeFailure } from "./store-errors.js";
import {
  byOccurrence,
  checkBatch,
  checkPatch,
  decideBinding,
  foldStats,
  mergePatches,
  orderByIds,
  prepareQuery,
  searchableTerms,
  uniqueIds,
} from "./store-rules.js";

const DEFAULT_EXPORT_PAGE = 500;

/** Runs work as a store call: refused once the store is closed, and whatever it throws becomes an EngramError. */
export type StoreGuard = <T>(work: () => T | Promise<T>) => Promise<T>;

/** Wraps every read of a dialect's graph in the store's guard (closed check, error mapping). */
function guardGraph(graph: GraphStore, guard: StoreGuard): GraphStore {
  return {
    entities: (scope) => guard(() => graph.entities(scope)),
    entitiesById: (ids) => guard(async () => (ids.length === 0 ? [] : graph.entitiesById(uniqueIds(ids)))),
    relations: (scope, options) => guard(() => graph.relations(scope, options)),
    facts: (tenant, memoryIds) => guard(() => graph.facts(tenant, memoryIds)),
    listFacts: (scope, options) => guard(() => graph.listFacts(scope, options)),
    entitiesOfMemories: (tenant, memoryIds) => guard(() => graph.entitiesOfMemories(tenant, memoryIds)),
    factsFromSources: (tenant, memoryIds) => guard(() => graph.factsFromSources(tenant, memoryIds)),
    factsDerivedOnlyFrom: (tenant, memoryIds) => guard(() => graph.factsDerivedOnlyFrom(tenant, memoryIds)),
    async *exportAll(tenant) {
      const iterator = await guard(() => graph.exportAll(tenant)[Symbol.asyncIterator]());
      for (;;) {
        const next = await guard(() => iterator.next());
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

/** Wraps every call of a dialect's learning store in the store's guard. */
function guardLearning(learning: LearningStore, guard: StoreGuard): LearningStore {
  return {
    addFeedback: (record, keep) => guard(() => learning.addFeedback(record, keep)),
    feedback: (tenant) => guard(() => learning.feedback(tenant)),
    clearFeedback: (tenant) => guard(() => learning.clearFeedback(tenant)),
    forgetInFeedback: (tenant, memoryIds) =>
      guard(() => (memoryIds.length === 0 ? 0 : learning.forgetInFeedback(tenant, uniqueIds(memoryIds)))),
    scorer: (tenant) => guard(() => learning.scorer(tenant)),
    setScorer: (scorer) => guard(() => learning.setScorer(scorer)),
    deleteScorer: (tenant) => guard(() => learning.deleteScorer(tenant)),
    async *exportAll(tenant) {
      const iterator = await guard(() => learning.exportAll(tenant)[Symbol.asyncIterator]());
      for (;;) {
        const next = await guard(() => iterator.next());
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

/** Wraps every call of a dialect's reindex store in the store's guard. */
function guardReindex(reindex: ReindexStore, guard: StoreGuard): ReindexStore {
  return {
    job: () => guard(() => reindex.job()),
    start: (target, mode) => guard(() => reindex.start(target, mode)),
    next: (limit) => guard(() => reindex.next(limit)),
    write: (updates, through, count) => guard(() => reindex.write(updates, through, count)),
    finish: () => guard(() => reindex.finish()),
  };
}

/**
 * A Store over a dialect. The runtime checks every batch, patch and query vector before the dialect sees it,
 * decides embedder bindings, answers empty input itself, de-duplicates ids and puts results in the order asked,
 * folds stats, pages exports, refuses calls once closed, closes once, and turns whatever the dialect throws into an
 * EngramError. `extend` adds a dialect's own methods (guarded the same way) to the store it returns.
 * @example
 * const store = createStore(createMemoryDialect());
 * await store.write({ inserts: [memory], reinforcements: [] });
 * const sqlite = createStore(dialect, (guard) => ({ integrityCheck: () => guard(() => dialect.integrityCheck()) }));
 */
export function createStore<Extra extends object = Record<never, never>>(
  dialect: StoreDialect,
  extend?: (guard: StoreGuard) => Extra,
): Store & Extra {
  let closing: Promise<void> | null = null;

  function toError(error: unknown): Error {
    if (EngramError.isInstance(error)) return error;
    if (dialect.toError) return dialect.toError(error);
    const detail = error instanceof Error ? error.message : String(error);
    return storeFailure(`the store failed: ${detail}`, dialect.name, error);
  }

  const guard: StoreGuard = async (work) => {
    if (closing) throw storeClosed(dialect.name, dialect.factory);
    try {
      return await work();
    } catch (error) {
      throw toError(error);
    }
  };

  const pageSize = dialect.exportPageSize ?? DEFAULT_EXPORT_PAGE;
  const graph = dialect.graph ? guardGraph(dialect.graph, guard) : undefined;

  /** The dialect's adjacent, or two one-row `list` calls per anchor. */
  function adjacentMemories(
    filter: MemoryFilter,
    anchors: AdjacentAnchor[],
    keyKinds: string[] | undefined,
  ): Promise<AdjacentMemories[]> {
    if (dialect.adjacent) return dialect.adjacent(filter, anchors, keyKinds);
    return Promise.all(
      anchors.map(async ({ session, occurredAt }) => {
        const [[previous], [next]] = await Promise.all([
          dialect.list({ ...filter, session, to: occurredAt - 1 }, { limit: 1, offset: 0, order: "desc" }),
          dialect.list({ ...filter, session, from: occurredAt + 1 }, { limit: 1, offset: 0, order: "asc" }),
        ]);
        return { previous: previous ?? null, next: next ?? null };
      }),
    );
  }

  const store: Store = {
    name: dialect.name,
    ...(graph ? { graph } : {}),
    ...(dialect.reindex ? { reindex: guardReindex(dialect.reindex, guard) } : {}),
    learning: guardLearning(dialect.learning ?? createProcessLearningStore(), guard),

    bindEmbedder(binding) {
      return guard(() => dialect.bindEmbedder(binding, (state) => decideBinding(binding, state)));
    },

    write(batch) {
      return guard(() => dialect.write(batch, (state) => checkBatch(batch, state)));
    },

    get(tenant, ids) {
      return guard(async () => {
        if (ids.length === 0) return [];
        const wanted = uniqueIds(ids);
        return orderByIds(await dialect.get(tenant, wanted), wanted, (record) => record.id);
      });
    },

    keys(tenant, ids, kinds) {
      return guard(async () => {
        if (ids.length === 0 || kinds?.length === 0) return [];
        return dialect.keys(tenant, uniqueIds(ids), kinds === undefined ? undefined : uniqueIds(kinds));
      });
    },

    findByTextHash(filter, hashes) {
      return guard(async () => {
        if (hashes.length === 0) return [];
        return (await dialect.findByTextHash(filter, uniqueIds(hashes))).sort(byOccurrence);
      });
    },

    searchVectors(filter, query, limit) {
      return guard(() => dialect.searchVectors(filter, limit, (state) => prepareQuery(query, limit, state)));
    },

    searchVectorsMany(filter, queries, limit, minSimilarity) {
      return guard(async () => {
        if (queries.length === 0) return [];
        if (dialect.searchVectorsMany) {
          return dialect.searchVectorsMany(
            filter,
            limit,
            (state) => queries.map((query) => prepareQuery(query, limit, state)),
            minSimilarity,
          );
        }
        const hits: VectorHit[][] = [];
        for (const query of queries) {
          hits.push(await dialect.searchVectors(filter, limit, (state) => prepareQuery(query, limit, state)));
        }
        return hits;
      });
    },

    searchTerms(filter, terms, limit) {
      return guard(async () => {
        const searchable = searchableTerms(terms);
        if (searchable.length === 0 || limit <= 0) return [];
        return dialect.searchTerms(filter, searchable, limit);
      });
    },

    list(filter, options = {}) {
      return guard(() =>
        dialect.list(filter, {
          limit: options.limit,
          offset: options.offset ?? 0,
          order: options.order ?? "asc",
        }),
      );
    },

    adjacent(filter, anchors, keyKinds) {
      return guard(async () => {
        if (anchors.length === 0) return [];
        const kinds = keyKinds === undefined ? undefined : uniqueIds(keyKinds);
        const found = await adjacentMemories(filter, anchors, kinds);
        if (
          kinds === undefined ||
          found.every((f) => f.previousKeys !== undefined && f.nextKeys !== undefined)
        ) {
          return found;
        }
        // the neighbours' keys read after them, for a dialect that does not read them in the same call
        const ids = uniqueIds(
          found.flatMap((f) => [f.previous?.id, f.next?.id].filter((id) => id !== undefined)),
        );
        const keys =
          ids.length === 0 || kinds.length === 0 ? [] : await dialect.keys(filter.tenant, ids, kinds);
        const byMemory = new Map<string, MemoryKey[]>();
        for (const key of keys) byMemory.set(key.memoryId, [...(byMemory.get(key.memoryId) ?? []), key]);
        const of = (record: MemoryRecord | null) => (record ? (byMemory.get(record.id) ?? []) : []);
        return found.map((f) => ({ ...f, previousKeys: of(f.previous), nextKeys: of(f.next) }));
      });
    },

    forget(selector) {
      return guard(async () => {
        if (selector.ids === undefined) return dialect.forget(selector);
        if (selector.ids.length === 0) return [];
        const wanted = uniqueIds(selector.ids);
        const removed = new Set(await dialect.forget({ ...selector, ids: wanted }));
        return wanted.filter((id) => removed.has(id));
      });
    },

    async *exportAll(tenant) {
      let after: ExportCursor | null = null;
      for (;;) {
        const cursor = after;
        const page: NewMemory[] = await guard(() => dialect.exportPage(tenant, cursor, pageSize));
        if (page.length === 0) return;
        yield* page;
        const last = (page[page.length - 1] as NewMemory).record;
        after = { tenant: last.tenant, occurredAt: last.occurredAt, id: last.id };
        if (page.length < pageSize) return;
      }
    },

    stats(tenant) {
      return guard(async () => foldStats(await dialect.count(tenant)));
    },

    updateMemories(tenant, patches) {
      return guard(async () => {
        patches.forEach(checkPatch);
        if (patches.length === 0) return [];
        const merged = mergePatches(patches);
        const updated = new Set(await dialect.updateMemories(tenant, merged));
        return merged.map((patch) => patch.id).filter((id) => updated.has(id));
      });
    },

    close() {
      closing ??= Promise.resolve()
        .then(() => dialect.close())
        .catch((error: unknown) => {
          throw toError(error);
        });
      return closing;
    },
  };

  if (!extend) return store as Store & Extra;
  // Property descriptors, not a spread, so that a dialect's getters (a store's latest plan) stay live.
  return Object.defineProperties(store, Object.getOwnPropertyDescriptors(extend(guard))) as Store & Extra;
}
