/**
 * What a store's dialect does: only talk to its database. The store runtime (create-store.ts) wraps a dialect and
 * owns every rule that is the same for all databases, as Kysely's runtime driver wraps a driver and unstorage's
 * createStorage wraps a storage driver.
 */
import type { GraphStore } from "../../spec/graph.js";
import type { MemoryKey, MemoryRecord, NewMemory } from "../../spec/memory.js";
import type {
  AdjacentAnchor,
  AdjacentMemories,
  EmbedderBinding,
  ForgetSelector,
  LearningStore,
  LexicalHit,
  MemoryFilter,
  MemoryPatch,
  ReindexStore,
  TextHashFilter,
  VectorHit,
  WriteBatch,
} from "../../spec/store.js";
import type { PreparedQuery, StoreCounts, VectorState } from "./store-rules.js";

/** Where an export page starts: after this (tenant, occurredAt, id). */
export interface ExportCursor {
  tenant: string;
  occurredAt: number;
  id: string;
}

/** list()'s options with the defaults applied. */
export interface ListOptions {
  limit: number | undefined;
  offset: number;
  order: "asc" | "desc";
}

/**
 * A store's database access. Every method may return a promise; none is called after close(). The runtime has
 * already checked and normalised the arguments each method receives (said per method), and handles empty input
 * itself. Where a rule needs what is stored (the binding, the vector size), the dialect reads it where its
 * transactions make that safe and calls the rule the runtime passes in.
 */
export interface StoreDialect {
  /** A short name for messages and errors' `where`: "sqlite:/path/to/file.db". */
  readonly name: string;
  /** The factory that opens this store, named in the message when a closed store is used. */
  readonly factory: string;
  /** The knowledge graph's reads, for a dialect that keeps one (its writes come with write()'s batch). */
  readonly graph?: GraphStore;
  /**
   * Feedback and learned recall weights, per tenant (the runtime guards every call). Without one, the runtime keeps
   * them in process memory (gone when the process ends).
   */
  readonly learning?: LearningStore;
  /**
   * Re-embedding keys (`engram reindex`), for a dialect that can: the runtime guards every call and exposes it as
   * the store's `reindex`. Without one the store has none.
   */
  readonly reindex?: ReindexStore;
  /** Rows per exportAll page. Default 500. */
  readonly exportPageSize?: number;

  /**
   * Read the vector state in a transaction, call `decide` with it, and save `binding` when it returns true. A
   * throw from `decide` (embedder_mismatch) must leave the stored binding as it was.
   */
  bindEmbedder(binding: EmbedderBinding, decide: (state: VectorState) => boolean): Promise<void>;

  /**
   * Commit the batch in one transaction, all or nothing. Call `check` with the vector state before writing
   * anything (it throws for a bad batch; it returns the vector size after the batch). Then, in the transaction:
   * refuse an insert whose id any tenant already uses (`duplicateMemoryId`), refuse a reinforcement of a memory
   * the tenant lacks (`reinforcementNotFound`), apply reinforcements with `applyReinforcement`, and write
   * `batch.graph` when the dialect keeps a graph.
   */
  write(batch: WriteBatch, check: (state: VectorState) => number | null): Promise<void>;

  /** The tenant's memories among `ids` (each id once, never empty), in any order. */
  get(tenant: string, ids: string[]): Promise<MemoryRecord[]>;

  /**
   * The keys of the tenant's memories among `ids` (each id once, never empty) of the given kinds (all when
   * undefined; never an empty list), ordered as they were written.
   */
  keys(tenant: string, ids: string[], kinds: string[] | undefined): Promise<MemoryKey[]>;

  /** Memories in the filter whose textHash is one of `hashes` (each once, never empty), in any order. */
  findByTextHash(filter: TextHashFilter, hashes: string[]): Promise<MemoryRecord[]>;

  /**
   * Read the vector state, call `prepare` with it; when it returns null, return []. Otherwise the `limit` memories
   * of the filter with the most similar key: one hit per memory with its best key's similarity (the earliest key on
   * a tie), ordered by similarity, then memory id.
   */
  searchVectors(
    filter: MemoryFilter,
    limit: number,
    prepare: (state: VectorState) => PreparedQuery | null,
  ): Promise<VectorHit[]>;

  /**
   * Optional: searchVectors for several queries under one filter in one pass (a dialect that selects the filter's
   * rows once). Read the vector state, call `prepare` with it: one prepared query per query, in order, null where
   * that query needs no search (its answer is []). Return one hit list per query, in order, each as searchVectors
   * orders it. Without it, the runtime calls searchVectors once per query. With `minSimilarity` it may leave out the
   * hits below it (Store.searchVectorsMany).
   */
  searchVectorsMany?(
    filter: MemoryFilter,
    limit: number,
    prepare: (state: VectorState) => (PreparedQuery | null)[],
    minSimilarity?: number,
  ): Promise<VectorHit[][]>;

  /**
   * BM25 over the keys' terms, OR of `terms` (each non-empty and once; `limit` > 0): the `limit` best memories of
   * the filter, one hit per memory with its best key (the earliest on a tie), by score then memory id.
   */
  searchTerms(filter: MemoryFilter, terms: string[], limit: number): Promise<LexicalHit[]>;

  /** Memories in the filter by occurredAt then id, in `options.order`, from `offset`, at most `limit`. */
  list(filter: MemoryFilter, options: ListOptions): Promise<MemoryRecord[]>;

  /**
   * Store.adjacent in fewer round trips; without it, two one-row `list` calls per anchor. A dialect that leaves the
   * asked keys out (previousKeys undefined) has them read by `keys` after it.
   */
  adjacent?(
    filter: MemoryFilter,
    anchors: AdjacentAnchor[],
    keyKinds?: string[],
  ): Promise<AdjacentMemories[]>;

  /**
   * Remove the memories the selector names (with `ids`: each once, never empty) with their keys, vectors, index
   * entries and the graph rows that hang on them; a selector of a tenant, user or agent (no ids, no session) also
   * removes that scope's graph. Returns the removed ids: for a scope, by occurredAt then id; for ids, in any order.
   */
  forget(selector: ForgetSelector): Promise<string[]>;

  /** Up to `limit` memories with their keys (in key order), by (tenant, occurredAt, id), after `after`. */
  exportPage(tenant: string | undefined, after: ExportCursor | null, limit: number): Promise<NewMemory[]>;

  /** The counts stats() folds, for one tenant or the whole store. */
  count(tenant: string | undefined): Promise<StoreCounts>;

  /**
   * Apply checked patches (one per memory) in one transaction; ids not in the tenant are skipped. Searches see a new
   * status at once. Returns the ids updated, in any order.
   */
  updateMemories(tenant: string, patches: MemoryPatch[]): Promise<string[]>;

  /** Release the database. Called once. */
  close(): Promise<void> | void;

  /** Turn what the driver threw into an EngramError that says what to do; errors already Engram's pass as they are. */
  toError?(error: unknown): Error;
}
