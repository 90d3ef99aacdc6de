/**
 * A translation memory over Engram. Each unit is a "unit" memory whose text is its source-language segment, with
 * its other languages as extra keys and the whole unit (attributes, props, notes, every variant) in metadata, so TMX
 * export gives back what was imported. Matching recalls candidates with Engram's attention read, then ranks them
 * by the CAT fuzzy-match percentage; an exact match (100) is reused as is; otherwise an LLM, when given, translates
 * with the best matches as examples.
 */
import { createHash } from "node:crypto";
import { yieldToEventLoop } from "../../core/event-loop.js";
import type { Engine } from "../../core/index.js";
import { EngramError, invalidInput } from "../../spec/errors.js";
import type { LanguageModel } from "../../spec/language-model.js";
import { BATCH_MAX_ITEMS } from "../../spec/limits.js";
import type { JsonValue, MemoryRecord, Scope } from "../../spec/memory.js";
import { DEFAULT_TENANT } from "../../spec/memory.js";
import { fuzzyScore, MATCH_CELLS, MAX_CELLS } from "./fuzzy-match.js";
import { type TmxDocument, type TmxHeader, type TmxUnit, variantFor } from "./tmx.js";
import { buildTranslationPrompt, cleanTranslation } from "./translation-prompt.js";

/** Units per write transaction of an import: one request-sized batch (BATCH_MAX_ITEMS). */
const IMPORT_SLICE = BATCH_MAX_ITEMS;

export interface TranslationMemoryOptions {
  /** Where the units live; default the default tenant with no user. */
  scope?: Scope;
  /** The language matched against. Default "en". */
  sourceLang?: string;
  /** The language translated into. Default: the first other language of each unit. */
  targetLang?: string;
}

export interface TmImportResult {
  units: number;
  inserted: number;
  /** Units identical to one already in the memory (every field): not stored twice. */
  duplicates: number;
  /** Units without a variant in the source language: not stored. */
  skipped: number;
  seconds: number;
}

export interface TmMatch {
  id: string;
  source: string;
  target: string | null;
  targetLang: string | null;
  /** The CAT fuzzy-match percentage against the query: 100 × (1 − levenshtein / longer length). */
  fuzzy: number;
  /** Engram's attention weight for the unit among the recalled candidates (0 when found only as an exact text). */
  weight: number;
  /** Import order: the earlier unit first when score and weight tie. */
  seq: number;
  unit: TmxUnit;
}

export interface TmMatchResult {
  query: string;
  matches: TmMatch[];
  /** How many units the recall offered before fuzzy ranking. */
  candidates: number;
  tookMs: number;
}

export interface TmMatchOptions {
  /** Matches to return. Default 5. */
  k?: number;
  /** Units recalled as candidates before fuzzy ranking. Default 50. */
  candidates?: number;
  /** Leave out matches below this percentage. Default 0. */
  minFuzzy?: number;
}

export interface TmTranslation {
  query: string;
  /** The translation, or null when there is no exact match and no model. */
  translation: string | null;
  method: "exact-match" | "llm" | "none";
  /** The best match, for a translator to edit, when no translation was made. */
  suggestion: TmMatch | null;
  matches: TmMatch[];
}

export interface TranslationMemory {
  importUnits(units: TmxUnit[], options?: { source?: string; header?: TmxHeader }): Promise<TmImportResult>;
  importTmx(document: TmxDocument, source?: string): Promise<TmImportResult>;
  /** Every unit, in import order. */
  exportUnits(): Promise<TmxUnit[]>;
  /** The memory as a TMX document: the header of the first imported TMX (or a new one), then every unit. */
  exportTmx(): Promise<TmxDocument>;
  match(sentence: string, options?: TmMatchOptions): Promise<TmMatchResult>;
  translate(
    sentence: string,
    options?: TmMatchOptions & { model?: LanguageModel; targetLang?: string },
  ): Promise<TmTranslation>;
}

interface UnitMetadata {
  /** The unit as parsed. */
  unit: TmxUnit;
  /** A hash of the whole unit: identical units are stored once. */
  unitHash: string;
  /** Import order. */
  seq: number;
  /** The TMX header of the import this unit came first in. */
  tmxHeader?: TmxHeader;
}

function unitHashOf(unit: TmxUnit): string {
  return createHash("sha1").update(JSON.stringify(unit)).digest("hex");
}

/**
 * A translation memory over an engine.
 * Over 150 lines: a factory whose body is the returned object's methods, each short, sharing one closure; split, they would only pass that state around.
 * @example
 * const tm = createTranslationMemory(engine, { sourceLang: "en", targetLang: "zh-CN" });
 * await tm.importTmx(parseTmx(readFileSync("memory.tmx", "utf8")));
 * const { matches } = await tm.match("I know that.");
 */
export function createTranslationMemory(
  engine: Engine,
  options: TranslationMemoryOptions = {},
): TranslationMemory {
  const scope = options.scope ?? {};
  const sourceLang = options.sourceLang ?? "en";
  const filter = {
    tenant: scope.tenant ?? DEFAULT_TENANT,
    user: scope.user,
    agent: scope.agent,
    kinds: ["unit" as const],
  };

  async function storedUnits(): Promise<MemoryRecord[]> {
    const records: MemoryRecord[] = [];
    const page = 1000;
    for (let offset = 0; ; offset += page) {
      const batch = await engine.timeline({
        ...filter,
        statuses: ["active"],
        limit: page,
        offset,
        order: "asc",
      });
      records.push(...batch.filter(isUnitRecord));
      if (batch.length < page) break;
    }
    return records;
  }

  /**
   * Whether a memory of kind "unit" holds a translation unit: anyone may remember or import a "unit" with other
   * metadata, and such a record is left out of matches and exports instead of failing them.
   */
  function isUnitRecord(record: MemoryRecord): boolean {
    const unit = (record.metadata as { unit?: unknown }).unit as Partial<TmxUnit> | undefined;
    return (
      typeof unit === "object" &&
      unit !== null &&
      Array.isArray(unit.variants) &&
      unit.variants.every((v) => typeof v?.lang === "string" && typeof v?.text === "string") &&
      typeof unit.attributes === "object" &&
      unit.attributes !== null
    );
  }

  function metadataOf(record: MemoryRecord): UnitMetadata {
    return record.metadata as unknown as UnitMetadata;
  }

  function toMatch(
    record: MemoryRecord,
    query: string,
    weight: number,
    targetLang: string | undefined,
    cells: number,
  ): TmMatch {
    const { unit, seq } = metadataOf(record);
    const source = variantFor(unit, sourceLang);
    const target =
      (targetLang ?? options.targetLang)
        ? variantFor(unit, (targetLang ?? options.targetLang) as string)
        : unit.variants.find((v) => v !== source);
    return {
      id: record.id,
      source: source?.text ?? record.text,
      target: target && target !== source ? target.text : null,
      targetLang: target && target !== source ? target.lang : null,
      fuzzy: fuzzyScore(query, source?.text ?? record.text, cells),
      weight,
      seq,
      unit,
    };
  }

  async function match(
    sentence: string,
    matchOptions: TmMatchOptions = {},
    targetLang?: string,
  ): Promise<TmMatchResult> {
    const started = performance.now();
    const query = sentence.trim();
    if (query.length === 0)
      throw invalidInput("the sentence to match is empty: pass the source sentence", "match");
    const k = matchOptions.k ?? 5;
    const recall = await engine.recall({
      ...scope,
      query,
      kinds: ["unit"],
      k: Math.max(k, matchOptions.candidates ?? 50),
    });
    const byId = new Map<string, { record: MemoryRecord; weight: number }>();
    const records = await engine.get({ tenant: filter.tenant, ids: recall.results.map((r) => r.id) });
    const weights = new Map(recall.results.map((r) => [r.id, r.weight]));
    for (const record of records.filter(isUnitRecord))
      byId.set(record.id, { record, weight: weights.get(record.id) ?? 0 });
    // An exact match must never be missed, whatever the recall ranked: look its text up directly.
    for (const record of await engine.findByText({ ...filter, text: query })) {
      if (!byId.has(record.id) && isUnitRecord(record)) byId.set(record.id, { record, weight: 0 });
    }
    // the match's budget of the distance's cells, shared among its candidates (each at least MAX_CELLS)
    const cells = Math.max(MAX_CELLS, Math.floor(MATCH_CELLS / Math.max(byId.size, 1)));
    const matches = [...byId.values()]
      .map(({ record, weight }) => toMatch(record, query, weight, targetLang, cells))
      .filter((m) => m.fuzzy >= (matchOptions.minFuzzy ?? 0))
      .sort((a, b) => b.fuzzy - a.fuzzy || b.weight - a.weight || a.seq - b.seq)
      .slice(0, k);
    return { query, matches, candidates: byId.size, tookMs: performance.now() - started };
  }

  return {
    async importUnits(units, importOptions = {}) {
      const started = performance.now();
      const existing = await storedUnits();
      const known = new Set(existing.map((r) => metadataOf(r).unitHash));
      let seq = existing.reduce((max, r) => Math.max(max, metadataOf(r).seq ?? 0), 0);
      let duplicates = 0;
      let skipped = 0;
      let headerPending = importOptions.header;
      const items = [];
      for (const [index, unit] of units.entries()) {
        const source = variantFor(unit, sourceLang);
        if (!source || source.text.trim() === "") {
          skipped++;
          continue;
        }
        const unitHash = unitHashOf(unit);
        if (known.has(unitHash)) {
          duplicates++;
          continue;
        }
        known.add(unitHash);
        const metadata: UnitMetadata = {
          unit,
          unitHash,
          seq: ++seq,
          ...(headerPending ? { tmxHeader: headerPending } : {}),
        };
        headerPending = undefined;
        const others = unit.variants.filter((v) => v !== source && v.text.trim() !== "").map((v) => v.text);
        items.push({
          ...scope,
          text: source.text,
          kind: "unit" as const,
          dedupe: false,
          keys: others.slice(0, 64),
          source: `${importOptions.source ?? "tm"}#${unit.attributes.tuid ?? index + 1}`,
          metadata: metadata as unknown as Record<string, JsonValue>,
        });
      }
      let inserted = 0;
      for (let i = 0; i < items.length; i += IMPORT_SLICE) {
        inserted += (await engine.remember(items.slice(i, i + IMPORT_SLICE))).inserted;
        // a large TMX file over HTTP must not hold the server: other requests run between slices
        await yieldToEventLoop();
      }
      return {
        units: units.length,
        inserted,
        duplicates,
        skipped,
        seconds: (performance.now() - started) / 1000,
      };
    },

    importTmx(document, source) {
      return this.importUnits(document.units, { source, header: document.header });
    },

    async exportUnits() {
      return (await storedUnits())
        .map(metadataOf)
        .sort((a, b) => a.seq - b.seq)
        .map((m) => m.unit);
    },

    async exportTmx() {
      const records = (await storedUnits()).map(metadataOf).sort((a, b) => a.seq - b.seq);
      const header = records.find((m) => m.tmxHeader)?.tmxHeader ?? {
        attributes: {
          creationtool: "Engram",
          creationtoolversion: "1",
          segtype: "sentence",
          "o-tmf": "engram",
          adminlang: "en",
          srclang: sourceLang,
          datatype: "plaintext",
        },
        props: [],
        notes: [],
      };
      return { version: "1.4", header, units: records.map((m) => m.unit) };
    },

    match: (sentence, matchOptions) => match(sentence, matchOptions),

    async translate(sentence, translateOptions = {}) {
      const result = await match(sentence, translateOptions, translateOptions.targetLang);
      const withTarget = result.matches.filter((m) => m.target !== null);
      const exact = withTarget.find((m) => m.fuzzy === 100);
      if (exact) {
        return {
          query: result.query,
          translation: exact.target,
          method: "exact-match",
          suggestion: null,
          matches: result.matches,
        };
      }
      if (!translateOptions.model) {
        return {
          query: result.query,
          translation: null,
          method: "none",
          suggestion: withTarget[0] ?? null,
          matches: result.matches,
        };
      }
      const targetLang = translateOptions.targetLang ?? options.targetLang ?? withTarget[0]?.targetLang;
      if (!targetLang)
        throw invalidInput(
          "no target language: pass --target <lang> (e.g. zh-CN), or import units that have one",
          "translate",
        );
      const prompt = buildTranslationPrompt({
        sentence: result.query,
        sourceLang,
        targetLang,
        examples: withTarget
          .slice(0, 5)
          .map((m) => ({ source: m.source, target: m.target as string, fuzzy: m.fuzzy })),
      });
      let completion: string;
      try {
        completion = (
          await translateOptions.model.complete({
            messages: [{ role: "user", content: prompt }],
            temperature: 0,
          })
        ).text;
      } catch (error) {
        if (EngramError.isInstance(error)) throw error;
        throw new EngramError({
          code: "provider_failure",
          category: "provider",
          message: `the language model failed to translate (${(error as Error)?.message ?? String(error)}): check its URL and key, or use the matches without an LLM`,
          cause: error,
        });
      }
      return {
        query: result.query,
        translation: cleanTranslation(completion),
        method: "llm",
        suggestion: null,
        matches: result.matches,
      };
    },
  };
}
