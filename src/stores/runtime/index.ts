/** The store runtime: the wrapper every store goes through, the dialect it wraps, and the contract's backend-neutral rules. */
export type { Bm25Collection, TokenCounts } from "./bm25.js";
export {
  BM25_B,
  BM25_IDF_FLOOR,
  BM25_K1,
  bm25Score,
  countTokens,
  inverseDocumentFrequency,
  queryTokens,
  termTokens,
} from "./bm25.js";
export type { StoreGuard } from "./create-store.js";
export { createStore } from "./create-store.js";
export { matchesFilter } from "./filter-match.js";
export type { ExportCursor, ListOptions, StoreDialect } from "./store-dialect.js";
export {
  describeBinding,
  duplicateMemoryId,
  embedderMismatch,
  invalidStoreInput,
  reinforcementNotFound,
  storeClosed,
  storeFailure,
} from "./store-errors.js";
export type { PreparedQuery, StoreCounts, VectorState } from "./store-rules.js";
export {
  applyReinforcement,
  byOccurrence,
  checkBatch,
  checkPatch,
  compareIds,
  DEFAULT_STATUSES,
  decideBinding,
  foldStats,
  mergePatches,
  orderByIds,
  prepareQuery,
  searchableTerms,
  uniqueIds,
} from "./store-rules.js";
