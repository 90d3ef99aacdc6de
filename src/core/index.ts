/** The engine's public surface. */

export type { ContextBlock, ContextItem, ContextSection, ContextSectionName } from "./context-assembly.js";
export { SECTION_TITLES } from "./context-assembly.js";
export type { ArchiveResult, RestoreResult } from "./dynamics/archive.js";
export type { MaintainResult } from "./dynamics/maintain.js";
export { effectiveStrength } from "./dynamics/strength.js";
export type { Engine, EngineConfig, ImportProgress, ImportResult, RememberResult } from "./engine.js";
export { createEngine } from "./engine.js";
export {
  createExtractionPool,
  defaultExtractionWorkers,
  type ExtractionPool,
} from "./extraction-pool.js";

export type { KnowledgeReport } from "./knowledge/derive-knowledge.js";
export { normalizeName } from "./knowledge/entity-resolver.js";
export type { FactHistory, FactListInput, FactView } from "./knowledge/fact-history.js";
export { LLM_EXTRACTION_JSON_SCHEMA, llmExtractionSchema } from "./knowledge/llm-extraction.js";
export { EXTRACT_FACTS_PROMPT } from "./knowledge/prompts/extract-facts.js";
export type { FeedbackResult, LearnReport, WeightsView } from "./learn.js";
export type { MemoryEvent, MemoryHistory, MemoryHistoryInput, StrengthPoint } from "./memory-history.js";
export { strengthCurve } from "./memory-history.js";
export type { FindByTextInput, GetInput, TimelineInput } from "./memory-lookup.js";
export type { RecalledMemory, RecallResult, ScoreBreakdown } from "./recall.js";
export type { RecalledFact } from "./recall-fact-keys.js";
export { RECALL_FEATURES, type RecallFeature, type ScoreTerm } from "./recall-features.js";
export { SCORER_FORMAT, SCORER_VERSION, type ScorerFile } from "./recall-scorer.js";
export type { ReindexOptions, ReindexResult } from "./reindex.js";
export { reindexStore } from "./reindex.js";
export type {
  ArchiveInput,
  ContextInput,
  EngineOptions,
  EngineOptionsInput,
  FeedbackInput,
  ForgetInput,
  LearnInput,
  MaintainInput,
  RecallInput,
  RememberInput,
  ResetWeightsInput,
  RestoreInput,
  TurnsInput,
} from "./schemas.js";
export {
  archiveInputSchema,
  contextInputSchema,
  engineOptionsSchema,
  feedbackInputSchema,
  forgetInputSchema,
  learnInputSchema,
  maintainInputSchema,
  recallInputSchema,
  rememberInputSchema,
  resetWeightsInputSchema,
  restoreInputSchema,
  turnsInputSchema,
} from "./schemas.js";
export { extractiveSummary, type SummaryTurn, splitSentences } from "./summarize.js";
export type { ConsolidationInfo, ConsolidationResult, WorkingMemory, WorkingTurn } from "./working-memory.js";
export type { WriteOutcome } from "./write-path.js";
