/**
 * `engram-memory`: what a library user needs — open an engine (on SQLite, PostgreSQL or in memory), the engine's
 * inputs and results, embedders and language models, the spec's types, the errors, and the store runtime for
 * writing a store. Everything else has its own entry point (package.json "exports"): `engram-memory/sqlite`,
 * `/postgres`, `/server`, `/apps`, `/mechanisms`, `/testing`. Every export is named here.
 */

export type {
  ArchiveInput,
  ArchiveResult,
  ConsolidationInfo,
  ConsolidationResult,
  ContextBlock,
  ContextInput,
  ContextItem,
  ContextSection,
  ContextSectionName,
  Engine,
  EngineConfig,
  EngineOptions,
  EngineOptionsInput,
  FactHistory,
  FactListInput,
  FactView,
  FindByTextInput,
  ForgetInput,
  GetInput,
  ImportProgress,
  ImportResult,
  KnowledgeReport,
  MaintainInput,
  MaintainResult,
  MemoryEvent,
  MemoryHistory,
  MemoryHistoryInput,
  RecalledFact,
  RecalledMemory,
  RecallInput,
  RecallResult,
  RememberInput,
  RememberResult,
  RestoreInput,
  RestoreResult,
  ScoreBreakdown,
  StrengthPoint,
  SummaryTurn,
  TimelineInput,
  TurnsInput,
  WriteOutcome,
} from "./core/index.js";
export { createEngine } from "./core/index.js";
export type { OpenEngramOptions } from "./open-engram.js";
export { defaultDatabasePath, openEngram } from "./open-engram.js";

export type {
  EmbedderConfig,
  HashEmbedderOptions,
  LanguageModelConfig,
  LlamaCppLanguageModelOptions,
  LocalEmbedder,
  LocalEmbedderOptions,
  OnnxEmbedderOptions,
  OpenAiEmbedderOptions,
  OpenAiLanguageModelOptions,
} from "./providers/index.js";
export {
  createBilingualEmbedder,
  createEmbedder,
  createHashEmbedder,
  createLanguageModel,
  createLlamaCppLanguageModel,
  createLocalEmbedder,
  createOnnxEmbedder,
  createOpenAiEmbedder,
  createOpenAiLanguageModel,
  embedderConfigFromEnv,
  languageModelConfigFromEnv,
} from "./providers/index.js";
export type { ApiKeyRecord, ApiKeyStore, NewApiKeyInput } from "./spec/api-keys.js";
export type { Embedder } from "./spec/embedder.js";
export type { ErrorCategory, ErrorCode } from "./spec/errors.js";
export { EngramError, ERROR_CODES } from "./spec/errors.js";
export type {
  EntityInput,
  EntityRecord,
  FactRecord,
  GraphApi,
  GraphEntity,
  GraphExportRecord,
  GraphRelation,
  GraphScope,
  GraphScopeKey,
  GraphStore,
  GraphWrite,
  KnowledgeGraph,
  MentionRecord,
  ObservationDeletion,
  ObservationInput,
  RelationInput,
  RelationRecord,
} from "./spec/graph.js";
export type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  LanguageModel,
  TokenUsage,
} from "./spec/language-model.js";
export type {
  JsonValue,
  MemoryKey,
  MemoryKind,
  MemoryRecord,
  MemorySource,
  MemoryStatus,
  Metadata,
  NewMemory,
  Scope,
} from "./spec/memory.js";
export type {
  EmbedderBinding,
  ForgetSelector,
  LexicalHit,
  MemoryFilter,
  MemoryPatch,
  Reinforcement,
  Store,
  StoreStats,
  TextHashFilter,
  VectorHit,
  WriteBatch,
} from "./spec/store.js";

export type {
  MemoryApiKeyStoreOptions,
  MemoryApiKeyTable,
  MemoryStore,
  MemoryStoreOptions,
} from "./stores/memory/index.js";
export {
  createMemoryApiKeyStore,
  createMemoryApiKeyTable,
  createMemoryStore,
} from "./stores/memory/index.js";
export type {
  ExportCursor,
  ListOptions,
  PreparedQuery,
  StoreCounts,
  StoreDialect,
  StoreGuard,
  VectorState,
} from "./stores/runtime/index.js";
export {
  applyReinforcement,
  createStore,
  duplicateMemoryId,
  matchesFilter,
  reinforcementNotFound,
} from "./stores/runtime/index.js";
