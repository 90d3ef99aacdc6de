/** The contract every store meets (SQLite, PostgreSQL, …). The engine speaks only to this; a contract suite in test/contract checks it. */
import type { GraphStore, GraphWrite } from "./graph.js";
import type {
  JsonValue,
  MemoryKey,
  MemoryKind,
  MemoryRecord,
  MemorySource,
  MemoryStatus,
  NewMemory,
} from "./memory.js";

/** Which memories a read may touch. `tenant` is always resolved (never undefined) by the time it reaches a store. */
export interface MemoryFilter {
  tenant: string;
  user?: string;
  agent?: string;
  session?: string;
  kinds?: MemoryKind[];
  /** Inclusive lower bound on occurredAt (ms). */
  from?: number;
  /** Inclusive upper bound on occurredAt (ms). */
  to?: number;
  /** Which statuses to include; default ["active"]. */
  statuses?: MemoryStatus[];
  /** Each entry must equal the memory's metadata value at that top-level key. */
  metadata?: Record<string, JsonValue>;
}

/**
 * The filter of an exact-duplicate look-up (Store.findByTextHash): a MemoryFilter whose user may also be null, for
 * the memories that belong to no user. Stores index text hashes by user, so a look-up that names the user (or null)
 * is one seek per hash; leaving the user out (any user) is still answered, by a walk over the tenant's hashes.
 */
export type TextHashFilter = Omit<MemoryFilter, "user"> & { user?: string | null };

/** A memory told in a session, whose neighbours Store.adjacent finds. */
export interface AdjacentAnchor {
  session: string;
  occurredAt: number;
}

/** The memories told right before and right after an anchor in its session. */
export interface AdjacentMemories {
  previous: MemoryRecord | null;
  next: MemoryRecord | null;
  /** Asked for with `keyKinds`: the keys of those kinds of `previous` (by position), as Store.keys reads them. */
  previousKeys?: MemoryKey[];
  /** The same for `next`. */
  nextKeys?: MemoryKey[];
}

export interface VectorHit {
  memoryId: string;
  /** Cosine similarity of the best key of this memory, in [-1, 1]. */
  similarity: number;
  /** The kind of the key that matched best. */
  keyKind: string;
}

export interface LexicalHit {
  memoryId: string;
  /** BM25 of the best key of this memory; higher is better, always > 0. */
  score: number;
  keyKind: string;
}

/** A write-gate decision to reinforce an existing memory instead of storing a copy. */
export interface Reinforcement {
  tenant: string;
  memoryId: string;
  source: MemorySource;
  /** The new strength after the gate's update. */
  strength: number;
}

/** Everything one write does, committed in a single transaction: all of it or none of it. */
export interface WriteBatch {
  inserts: NewMemory[];
  reinforcements: Reinforcement[];
  // facts, entities and relations committed with the memories, all or nothing
  /** Knowledge-graph rows; only for a store that has `graph`. */
  graph?: GraphWrite;
}

// archive, restore and strength updates
/** A change to a stored memory's dynamic state. Strength is stored as of `lastSeenAt` and decays from then. */
export interface MemoryPatch {
  id: string;
  status?: MemoryStatus;
  /** In [0, 1]. */
  strength?: number;
  /** The time `strength` refers to (ms): when the memory was last told or recalled. */
  lastSeenAt?: number;
}

/** What to forget. With `ids`, those memories in the tenant; otherwise every memory matching the scope. */
export interface ForgetSelector {
  tenant: string;
  ids?: string[];
  user?: string;
  agent?: string;
  session?: string;
}

export interface StoreStats {
  memories: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  keys: number;
  vectors: number;
  tenants: number;
  users: number;
}

/** Which embedder produced the stored vectors. A store refuses vectors from another. */
export interface EmbedderBinding {
  id: string;
  dimensions: number;
  /**
   * The id of an earlier embedder whose stored vectors this one keeps (same space and size, see
   * `Embedder.extends`): a store bound to that one is rebound to this one instead of refusing it.
   */
  extends?: string;
}

/** A memory's place in the order re-embedding walks: tenant, then id. */
export interface MemoryCursor {
  tenant: string;
  id: string;
}

/**
 * A re-embedding under way (`engram reindex`), recorded in the store so that a killed run resumes where it
 * stopped. "missing": keys without a vector get one (the store keeps its embedder). "all": every key is
 * re-embedded (the store's vectors come from another embedder); until it finishes, the store refuses to bind
 * any embedder, so vectors of two embedders are never searched together.
 */
export interface ReindexJob {
  target: EmbedderBinding;
  mode: "missing" | "all";
  /** The last memory done; null before the first. */
  after: MemoryCursor | null;
  /** Memories done, and those to do when the job started. */
  done: number;
  total: number;
}

/**
 * A memory's keys, in the store's order, for re-embedding. A key with no terms and no vector only carries data for
 * recall (the days a memory speaks of): `dataOnly`, never embedded; a "missing" job does not count it as missing.
 */
export interface KeyTexts {
  tenant: string;
  memoryId: string;
  keys: { text: string; hasVector: boolean; dataOnly: boolean }[];
}

/** A new vector for one key: `position` is its index in KeyTexts.keys. */
export interface KeyVectorUpdate {
  tenant: string;
  memoryId: string;
  position: number;
  vector: Int8Array | null;
  scale: number;
}

/** Re-embedding a store's keys in resumable steps; see ReindexJob. */
export interface ReindexStore {
  /** The job under way, or null. */
  job(): Promise<ReindexJob | null>;
  /** Records a new job and counts its memories; fails with `embedder_mismatch` while another job is under way. */
  start(target: EmbedderBinding, mode: ReindexJob["mode"]): Promise<ReindexJob>;
  /** The next memories of the job after its cursor, `limit` at most, with their keys' texts. */
  next(limit: number): Promise<KeyTexts[]>;
  /** Writes the vectors and moves the job's cursor to `through` (`count` memories more done), in one transaction. */
  write(updates: KeyVectorUpdate[], through: MemoryCursor, count: number): Promise<ReindexJob>;
  /** Binds the store to the job's target and ends the job, in one transaction. */
  finish(): Promise<void>;
}

/** What an application reported about one recall: the memories it used, and those it rejected. */
export interface FeedbackRecord {
  id: string;
  tenant: string;
  /** The scope and query of the recall it is about. */
  user: string | null;
  agent: string | null;
  session: string | null;
  query: string;
  /** Memory ids of the tenant that the application used (at least one). */
  used: string[];
  /** Memory ids it saw and rejected. */
  rejected: string[];
  /** When the recall happened (ms): recency is measured from it when the feedback is learned from. */
  at: number;
  /** When the feedback was recorded (ms); feedback is kept and read oldest first by it. */
  recordedAt: number;
}

/** A tenant's learned recall weights: the scorer file (see core/recall-scorer.ts), as JSON. */
export interface StoredScorer {
  tenant: string;
  file: JsonValue;
  updatedAt: number;
}

/**
 * What a tenant taught recall: feedback on what it used, and the scorer weights learned from it. Every read and write
 * is within one tenant.
 */
export interface LearningStore {
  /** Adds a feedback record, then keeps the newest `keep` of its tenant; returns how many old records were dropped. */
  addFeedback(record: FeedbackRecord, keep: number): Promise<number>;
  /** A tenant's feedback, oldest first (by recordedAt, then id). */
  feedback(tenant: string): Promise<FeedbackRecord[]>;
  /** Deletes a tenant's feedback; returns how many records went. */
  clearFeedback(tenant: string): Promise<number>;
  /**
   * Takes memory ids (forgotten ones) out of a tenant's feedback; a record left with nothing used is deleted. Returns
   * how many records changed or went.
   */
  forgetInFeedback(tenant: string, memoryIds: string[]): Promise<number>;
  /** The tenant's learned scorer, or null when it uses the defaults. */
  scorer(tenant: string): Promise<StoredScorer | null>;
  /** Stores a tenant's learned scorer, replacing any. */
  setScorer(scorer: StoredScorer): Promise<void>;
  /** Removes a tenant's learned scorer (back to the defaults); returns whether there was one. */
  deleteScorer(tenant: string): Promise<boolean>;
  /** Every tenant's (or one tenant's) learned scorer and feedback, for export. */
  exportAll(tenant?: string): AsyncIterable<{ scorer: StoredScorer } | { feedback: FeedbackRecord }>;
}

export interface Store {
  /** A short name for messages: "sqlite:/path/to/file.db". */
  readonly name: string;
  /**
   * Record which embedder this store's vectors come from. The first call binds it; a later call with a
   * different id or size fails with `embedder_mismatch` (unless the store holds no vectors yet, or the binding
   * `extends` the bound id with the same size), and so does any call while a reindex of mode "all" is under way.
   */
  bindEmbedder(binding: EmbedderBinding): Promise<void>;
  /** Commit inserts and reinforcements in one transaction. */
  write(batch: WriteBatch): Promise<void>;
  /** Memories by id within a tenant; unknown ids are left out. Order follows `ids`. */
  get(tenant: string, ids: string[]): Promise<MemoryRecord[]>;
  /**
   * The keys of memories of one tenant (all kinds, or only `kinds`), each memory's in the order they were written;
   * unknown ids are left out. Recall reads the date keys of its candidates and, for a second read, the vectors of its top memories.
   */
  keys(tenant: string, memoryIds: string[], kinds?: string[]): Promise<MemoryKey[]>;
  /** Memories in the filter (active by default) whose textHash is one of `hashes`; name the user, or null, to seek. */
  findByTextHash(filter: TextHashFilter, hashes: string[]): Promise<MemoryRecord[]>;
  /** Exact scan of the vectors of the keys in the filter: the `limit` most similar memories. */
  searchVectors(filter: MemoryFilter, query: Float32Array, limit: number): Promise<VectorHit[]>;
  /**
   * `searchVectors` for several queries under one filter (a write batch's near-duplicate checks), in order. With
   * `minSimilarity`, a store may leave out hits below it (and skip work on them): the hits at or above it are the
   * same either way.
   */
  searchVectorsMany(
    filter: MemoryFilter,
    queries: Float32Array[],
    limit: number,
    minSimilarity?: number,
  ): Promise<VectorHit[][]>;
  /** Full-text search of the keys' terms (OR of the terms, BM25): the `limit` best memories. */
  searchTerms(filter: MemoryFilter, terms: string[], limit: number): Promise<LexicalHit[]>;
  /** Memories in the filter ordered by occurredAt then id, for timelines and neighbours. */
  list(
    filter: MemoryFilter,
    options?: { limit?: number; offset?: number; order?: "asc" | "desc" },
  ): Promise<MemoryRecord[]>;
  /**
   * For each anchor, the memory of its session told right before it and the one told right after it (by occurredAt
   * then id) that the filter keeps, or null: the turns beside recall's strongest hits, in one call. The filter's own
   * session is replaced by the anchor's, and its `to` (before) or `from` (after) by the anchor's time. With
   * `keyKinds`, each answer also carries those neighbours' keys of those kinds (what recall reads of the turns it
   * adds, without a call after this one).
   */
  adjacent(filter: MemoryFilter, anchors: AdjacentAnchor[], keyKinds?: string[]): Promise<AdjacentMemories[]>;
  /** Remove memories with their keys, vectors and index entries. Returns the removed ids. */
  forget(selector: ForgetSelector): Promise<string[]>;
  /** Every memory of a tenant (or of all tenants), with its keys, in a stable order. */
  exportAll(tenant?: string): AsyncIterable<NewMemory>;
  stats(tenant?: string): Promise<StoreStats>;
  /**
   * Apply patches to memories of one tenant in one transaction (all or nothing). Ids not in the tenant are
   * skipped; returns the ids updated, in the order given. Vector and term searches see the new status at once.
   */
  updateMemories(tenant: string, patches: MemoryPatch[]): Promise<string[]>;
  /** Re-embedding keys (`engram reindex`); absent for a store that cannot. */
  readonly reindex?: ReindexStore;
  // a store that keeps the knowledge graph exposes its reads here
  /** The knowledge graph's reads; absent for a store that keeps no graph (facts are then not derived). */
  readonly graph?: GraphStore;
  /** Feedback and learned recall weights, per tenant. */
  readonly learning: LearningStore;
  close(): Promise<void>;
}
