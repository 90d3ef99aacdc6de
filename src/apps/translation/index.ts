/** The translation memory: TMX and TSV in and out, fuzzy matching, exact-match reuse and LLM translation. */
export { fuzzyScore, levenshtein } from "./fuzzy-match.js";
export type { TmxDocument, TmxHeader, TmxNote, TmxProp, TmxUnit, TmxVariant } from "./tmx.js";
export { parseTmx, variantFor, writeTmx } from "./tmx.js";
export type {
  TmImportResult,
  TmMatch,
  TmMatchOptions,
  TmMatchResult,
  TmTranslation,
  TranslationMemory,
  TranslationMemoryOptions,
} from "./translation-memory.js";
export { createTranslationMemory } from "./translation-memory.js";
export { buildTranslationPrompt, cleanTranslation } from "./translation-prompt.js";
export type { TsvColumn, TsvOptions } from "./tsv.js";
export { parseColumns, parseTsv, writeTsv } from "./tsv.js";
