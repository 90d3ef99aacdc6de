/** Engram's public API. Every export is named here. */

// the chat that remembers
export type {
  DialogueApp,
  DialogueAppOptions,
  DialogueMode,
  DialogueRecalled,
  DialogueTurnInput,
  DialogueTurnResult,
  FactQuestion,
} from "./apps/dialogue/index.js";
export { buildDialoguePrompt, createDialogueApp, parseFactQuestion } from "./apps/dialogue/index.js";
// reading comprehension and the translation memory
export type {
  AskOptions,
  AskResult,
  BabiReport,
  CitedSegment,
  IngestResult,
  ReadingAnswer,
  ReadingApp,
  ReadingAppOptions,
  Segment,
  SegmentOptions,
  SquadEvalReport,
} from "./apps/reading/index.js";
export {
  createReadingApp,
  evaluateBabi,
  evaluateSquad,
  exactMatch,
  extractAnswer,
  f1Score,
  parseBabi,
  parseSquad,
  segmentText,
  splitSentences,
} from "./apps/reading/index.js";
export type {
  TmImportResult,
  TmMatch,
  TmMatchResult,
  TmTranslation,
  TmxDocument,
  TmxUnit,
  TranslationMemory,
  TranslationMemoryOptions,
} from "./apps/translation/index.js";
export {
  createTranslationMemory,
  fuzzyScore,
  levenshtein,
  parseTmx,
  parseTsv,
  writeTmx,
  writeTsv,
} from "./apps/translation/index.js";

// facts, entities, relations, the graph, language models
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
  ForgetInput,
  ImportProgress,
  ImportResult,
  KnowledgeReport,
  MaintainInput,
  MaintainResult,
  RecalledMemory,
  RecallInput,
  RecallResult,
  RememberInput,
  RememberResult,
  RestoreInput,
  RestoreResult,
  ScoreBreakdown,
  SummaryTurn,
  TurnsInput,
  WriteOutcome,
} from "./core/index.js";
export {
  createEngine,
  EXTRACT_FACTS_PROMPT,
  effectiveStrength,
  extractiveSummary,
  LLM_EXTRACTION_JSON_SCHEMA,
  normalizeName,
  SECTION_TITLES,
} from "./core/index.js";
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
export type {
  EmbedderConfig,
  LanguageModelConfig,
  LlamaCppLanguageModelOptions,
  LocalEmbedder,
  LocalEmbedderOptions,
  OnnxEmbedderOptions,
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
  defaultLocalEmbedderWorkers,
  embedderConfigFromEnv,
  languageModelConfigFromEnv,
} from "./providers/index.js";
// HTTP API, MCP server, API keys
export type { Auth, AuthOptions, Principal } from "./server/auth.js";
export { createAuth } from "./server/auth.js";
export type { HttpAppOptions } from "./server/http-app.js";
export { createHttpApp, DEFAULT_BODY_LIMIT } from "./server/http-app.js";
export type { HttpServer, HttpServerOptions } from "./server/http-server.js";
export { startHttpServer } from "./server/http-server.js";
export type { McpHttpAppOptions } from "./server/mcp-http-app.js";
export { createMcpHttpApp } from "./server/mcp-http-app.js";
export type { McpServerOptions } from "./server/mcp-server.js";
export { createMcpServer, handleMcpHttpRequest } from "./server/mcp-server.js";
export { buildOpenApiDocument } from "./server/openapi.js";
export type { Problem } from "./server/problem.js";
export { problemResponse, statusFor, toProblem } from "./server/problem.js";
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
  MemoryPatch,
  Reinforcement,
  Store,
  StoreStats,
  VectorHit,
  WriteBatch,
} from "./spec/store.js";
// the PostgreSQL store; API keys (in the SQLite file, or in PostgreSQL beside the memories)
export { hashApiKey } from "./stores/api-key-common.js";
export type {
  PostgresApiKeyStoreOptions,
  PostgresStore,
  PostgresStoreOptions,
} from "./stores/postgres/index.js";
export { createPostgresApiKeyStore, createPostgresStore } from "./stores/postgres/index.js";
export type { SqliteApiKeyStoreOptions } from "./stores/sqlite/api-key-store.js";
export { createSqliteApiKeyStore } from "./stores/sqlite/api-key-store.js";
export type { SqliteStore, SqliteStoreOptions } from "./stores/sqlite/index.js";
export { createSqliteStore } from "./stores/sqlite/index.js";
export type {
  EntityType,
  ExtractedFact,
  ExtractedMention,
  Extraction,
  SubjectReference,
} from "./text/facts/index.js";
export { extractFacts, factSentence, isSingleValued, KNOWN_PREDICATES } from "./text/facts/index.js";
export type { TokenCounter } from "./text/tokens.js";
export { loadTokenCounter } from "./text/tokens.js";
