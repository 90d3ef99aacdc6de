/** `engram-memory/apps`: the guide's three applications over an Engine: dialogue, reading comprehension, translation memory. */

// the chat that remembers
export type {
  DialogueApp,
  DialogueAppOptions,
  DialogueMode,
  DialogueRecalled,
  DialogueTurnInput,
  DialogueTurnResult,
  FactQuestion,
} from "./dialogue/index.js";
export { buildDialoguePrompt, createDialogueApp, parseFactQuestion } from "./dialogue/index.js";
// reading comprehension, with its SQuAD and bAbI evaluations
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
} from "./reading/index.js";
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
} from "./reading/index.js";
// the translation memory: TMX and TSV in and out, fuzzy matches
export type {
  TmImportResult,
  TmMatch,
  TmMatchResult,
  TmTranslation,
  TmxDocument,
  TmxUnit,
  TranslationMemory,
  TranslationMemoryOptions,
} from "./translation/index.js";
export {
  createTranslationMemory,
  fuzzyScore,
  levenshtein,
  parseTmx,
  parseTsv,
  writeTmx,
  writeTsv,
} from "./translation/index.js";
