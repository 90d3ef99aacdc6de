/** Engram's public API. Every export is named here. */

export type {
  Engine,
  EngineConfig,
  EngineOptions,
  EngineOptionsInput,
  ForgetInput,
  ImportProgress,
  ImportResult,
  RecalledMemory,
  RecallInput,
  RecallResult,
  RememberInput,
  RememberResult,
  ScoreBreakdown,
  WriteOutcome,
} from "./core/index.js";
export { createEngine } from "./core/index.js";
export {
  attentionScores,
  dequantizeInt8,
  dotInt8,
  gatedUpdate,
  halfLifeDecay,
  memoryRead,
  memoryWrite,
  quantizeInt8,
  scaledDotProductAttention,
  softmax,
  updateStrength,
} from "./mechanisms/index.js";
export type { OpenEngramOptions } from "./open-engram.js";
export { defaultDatabasePath, openEngram } from "./open-engram.js";
export type { EmbedderConfig } from "./providers/index.js";
export {
  createEmbedder,
  createHashEmbedder,
  createLocalEmbedder,
  createOpenAiEmbedder,
  embedderConfigFromEnv,
} from "./providers/index.js";
export type { Embedder } from "./spec/embedder.js";
export type { ErrorCategory, ErrorCode } from "./spec/errors.js";
export { EngramError, ERROR_CODES } from "./spec/errors.js";
export type {
  MemoryKey,
  MemoryKind,
  MemoryRecord,
  MemorySource,
  Metadata,
  NewMemory,
  Scope,
} from "./spec/memory.js";
export type {
  EmbedderBinding,
  ForgetSelector,
  LexicalHit,
  MemoryFilter,
  Reinforcement,
  Store,
  StoreStats,
  VectorHit,
  WriteBatch,
} from "./spec/store.js";
export type { SqliteStore, SqliteStoreOptions } from "./stores/sqlite/index.js";
export { createSqliteStore } from "./stores/sqlite/index.js";
