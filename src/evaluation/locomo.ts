/**
 * The LoCoMo harness: each conversation in its own user scope, each turn an episode with its speaker and session
 * date; every question asked in that scope; evidence recall@k overall and per category, for Engram and, in the same
 * run and on the same data and model, two baselines: lexical only (BM25 over the turns) and dense only (cosine).
 */
import { createEngine, type Engine, type EngineOptionsInput } from "../core/index.js";
import type { Embedder } from "../spec/embedder.js";
import type { MemoryFilter, Store } from "../spec/store.js";
import { queryTerms } from "../text/index.js";
import { evidenceShare, turnsInContext, turnsWithinBudget } from "./locomo-budget.js";
import { recalledTurns, sourcesOf } from "./locomo-turns.js";

export { recalledTurns } from "./locomo-turns.js";

import { type LocomoConversation, type LocomoTurn, loadLocomo } from "./locomo-data.js";
import { createRecallTable, type LocomoReport, latencyOf, round } from "./locomo-report.js";

export type { LocomoReport, RecallTable } from "./locomo-report.js";
export {
  createRecallTable,
  DRAGON_BASELINE,
  formatBudgetTable,
  formatLocomoReport,
  LOCOMO_CATEGORIES,
} from "./locomo-report.js";

export interface LocomoRunOptions {
  path: string;
  ks: number[];
  embedder: Embedder;
  /** A fresh, empty store for each (conversation, system) pair. */
  createStore: (label: string) => Store;
  engineOptions?: EngineOptionsInput;
  /** Only the first n conversations (for quick checks). */
  limit?: number;
  /** Token budgets for the context-block table (none: no table). */
  budgets?: number[];
  /** Also read the same stores with the hand-set scorer, interleaved question by question (`handSet` in the report). */
  compareHandSet?: boolean;
  onProgress?: (message: string) => void;
}

/** The text of a turn as stored: a shared photo's caption belongs to its turn. */
export function turnText(turn: LocomoTurn): string {
  return turn.caption ? `${turn.text} [shared a photo: ${turn.caption}]` : turn.text;
}

/**
 * Remember a conversation's turns in its own user scope, in batches of 256. `speakerInText`: each turn as plain text
 * "Speaker: text" with no speaker field, as a user of a plain vector store would write it (a baseline).
 */
export async function ingestConversation(
  engine: Engine,
  conversation: LocomoConversation,
  speakerInText = false,
): Promise<void> {
  const items = conversation.turns.map((turn) => ({
    text: speakerInText ? `${turn.speaker}: ${turnText(turn)}` : turnText(turn),
    user: conversation.id,
    session: `session_${turn.session}`,
    ...(speakerInText ? {} : { speaker: turn.speaker }),
    at: turn.at,
    source: turn.diaId,
  }));
  for (let i = 0; i < items.length; i += 256) await engine.remember(items.slice(i, i + 256));
}

type RecallTableAccumulator = ReturnType<typeof createRecallTable>;

/** What every question adds to: Engram's and the baselines' tables, budgets, latencies, the hand-set comparison. */
interface RunTables {
  engram: RecallTableAccumulator;
  lexical: RecallTableAccumulator;
  dense: RecallTableAccumulator;
  denseSpeaker: RecallTableAccumulator;
  budget: Record<"engram" | "lexical" | "dense" | "denseSpeaker", RecallTableAccumulator>;
  latencies: number[];
  handSet: { table: RecallTableAccumulator; budget: RecallTableAccumulator; latencies: number[] } | null;
}

/** One conversation's engines: Engram, the two baselines' stores, and readers as of the last session. */
interface ConversationEngines {
  engine: Engine;
  baseline: Engine;
  speakerBaseline: Engine;
  /** The same store as `engine`, read as of the last session, for context blocks (recency measured from then). */
  contextEngine: Engine;
  handSetEngine: Engine | null;
}

function createRunTables(ks: number[], budgets: number[], compareHandSet: boolean): RunTables {
  return {
    engram: createRecallTable(ks),
    lexical: createRecallTable(ks),
    dense: createRecallTable(ks),
    denseSpeaker: createRecallTable(ks),
    budget: {
      engram: createRecallTable(budgets),
      lexical: createRecallTable(budgets),
      dense: createRecallTable(budgets),
      denseSpeaker: createRecallTable(budgets),
    },
    latencies: [],
    handSet: compareHandSet
      ? { table: createRecallTable(ks), budget: createRecallTable(budgets), latencies: [] }
      : null,
  };
}

function openEngines(options: LocomoRunOptions, conversation: LocomoConversation): ConversationEngines {
  const baselineOptions = { duplicateThreshold: 1, speakerKeys: false, deriveFacts: false, recallGain: 0 };
  // recallGain 0: a recall must not reinforce what the next question finds, so questions stay independent
  const engine = createEngine({
    store: options.createStore(`${conversation.id}-engram`),
    embedder: options.embedder,
    options: { recallGain: 0, ...options.engineOptions },
  });
  const baseline = createEngine({
    store: options.createStore(`${conversation.id}-baseline`),
    embedder: options.embedder,
    options: baselineOptions,
  });
  const speakerBaseline = createEngine({
    store: options.createStore(`${conversation.id}-baseline-speaker`),
    embedder: options.embedder,
    options: baselineOptions,
  });
  const reader = (scorer?: "hand-set") =>
    createEngine({
      store: engine.store,
      embedder: options.embedder,
      options: { recallGain: 0, ...options.engineOptions, ...(scorer ? { scorer } : {}) },
      now: () => conversation.lastSessionAt,
    });
  return {
    engine,
    baseline,
    speakerBaseline,
    contextEngine: reader(),
    handSetEngine: options.compareHandSet ? reader("hand-set") : null,
  };
}

type LocomoQuestion = LocomoConversation["questions"][number];

/** Evidence inside `engine`'s context block for the question, at each budget. */
async function contextShares(
  engine: Engine,
  conversation: LocomoConversation,
  q: LocomoQuestion,
  budgets: number[],
): Promise<number[]> {
  const fractions: number[] = [];
  for (const budget of budgets)
    fractions.push(
      evidenceShare(
        await turnsInContext(engine, "default", { query: q.question, user: conversation.id, budget }),
        q.evidence,
      ),
    );
  return fractions;
}

/** Engram's recall (and the hand-set scorer's) of one question, timed, into the tables. */
async function askEngram(
  engines: ConversationEngines,
  tables: RunTables,
  conversation: LocomoConversation,
  q: LocomoQuestion,
  maxK: number,
): Promise<void> {
  const { engine, handSetEngine } = engines;
  const query = { query: q.question, user: conversation.id, k: maxK, now: conversation.lastSessionAt };
  const t0 = performance.now();
  const result = await engine.recall(query);
  tables.latencies.push(performance.now() - t0);
  tables.engram.add(q.category, await recalledTurns(engine.store, "default", result.results), q.evidence);
  if (tables.handSet && handSetEngine) {
    const t1 = performance.now();
    const other = await handSetEngine.recall(query);
    tables.handSet.latencies.push(performance.now() - t1);
    tables.handSet.table.add(
      q.category,
      await recalledTurns(engine.store, "default", other.results),
      q.evidence,
    );
  }
}

/** The baselines' rankings of one question (BM25, cosine, cosine over "Speaker: text"), and their budget tables. */
async function askBaselines(
  engines: ConversationEngines,
  tables: RunTables,
  embedder: Embedder,
  conversation: LocomoConversation,
  q: LocomoQuestion,
  maxK: number,
  budgets: number[],
): Promise<void> {
  const { baseline, speakerBaseline } = engines;
  const filter: MemoryFilter = { tenant: "default", user: conversation.id };
  const depth = Math.max(maxK, budgets.length > 0 ? 100 : 0);
  const [vector] = await embedder.embed([q.question]);
  const ranked = {
    lexical: [
      baseline.store,
      tables.lexical,
      (await baseline.store.searchTerms(filter, queryTerms(q.question), depth)).map((h) => h.memoryId),
    ],
    dense: [
      baseline.store,
      tables.dense,
      vector ? (await baseline.store.searchVectors(filter, vector, depth)).map((h) => h.memoryId) : [],
    ],
    denseSpeaker: [
      speakerBaseline.store,
      tables.denseSpeaker,
      vector ? (await speakerBaseline.store.searchVectors(filter, vector, depth)).map((h) => h.memoryId) : [],
    ],
  } as const;
  for (const [name, [store, table, ids]] of Object.entries(ranked)) {
    table.add(q.category, await sourcesOf(store, "default", ids.slice(0, maxK)), q.evidence);
    if (budgets.length === 0) continue;
    const fractions: number[] = [];
    for (const budget of budgets)
      fractions.push(evidenceShare(await turnsWithinBudget(store, "default", [...ids], budget), q.evidence));
    tables.budget[name as keyof typeof ranked].addFractions(q.category, fractions);
  }
}

/** Run the harness and return the report. */
export async function runLocomo(options: LocomoRunOptions): Promise<LocomoReport> {
  const data = loadLocomo(options.path);
  const conversations = data.conversations.slice(0, options.limit ?? data.conversations.length);
  const ks = [...options.ks].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1] as number;
  const budgets = options.budgets ?? [];
  const tables = createRunTables(ks, budgets, options.compareHandSet === true);
  const byCategory: Record<string, number> = {};
  let ingestMs = 0;
  let turns = 0;

  for (const conversation of conversations) {
    const engines = openEngines(options, conversation);
    try {
      const started = performance.now();
      await ingestConversation(engines.engine, conversation);
      ingestMs += performance.now() - started;
      turns += conversation.turns.length;
      await ingestConversation(engines.baseline, conversation);
      await ingestConversation(engines.speakerBaseline, conversation, true);
      options.onProgress?.(
        `${conversation.id}: ${conversation.turns.length} turns, ${conversation.questions.length} questions`,
      );
      for (const q of conversation.questions) {
        byCategory[String(q.category)] = (byCategory[String(q.category)] ?? 0) + 1;
        await askEngram(engines, tables, conversation, q, maxK);
        await askBaselines(engines, tables, options.embedder, conversation, q, maxK, budgets);
        if (budgets.length > 0) {
          tables.budget.engram.addFractions(
            q.category,
            await contextShares(engines.contextEngine, conversation, q, budgets),
          );
          if (tables.handSet && engines.handSetEngine)
            tables.handSet.budget.addFractions(
              q.category,
              await contextShares(engines.handSetEngine, conversation, q, budgets),
            );
        }
      }
    } finally {
      await engines.engine.store.close();
      await engines.baseline.store.close();
      await engines.speakerBaseline.store.close();
    }
  }

  const questions = conversations.reduce((n, c) => n + c.questions.length, 0);
  const { handSet } = tables;
  return {
    recall: tables.engram.table(),
    questions,
    skipped: data.skipped.length,
    skippedReasons: data.skipped,
    repairedEvidence: data.repaired,
    byCategory,
    latency: latencyOf(tables.latencies),
    handSet: handSet
      ? {
          recall: handSet.table.table(),
          latency: latencyOf(handSet.latencies),
          budget: budgets.length > 0 ? handSet.budget.table() : null,
        }
      : null,
    ingest: {
      turns,
      seconds: round(ingestMs / 1000),
      turnsPerSecond: round(turns / Math.max(0.001, ingestMs / 1000)),
    },
    baselines: {
      lexical: tables.lexical.table(),
      dense: tables.dense.table(),
      denseSpeaker: tables.denseSpeaker.table(),
    },
    budget:
      budgets.length === 0
        ? null
        : {
            budgets,
            engram: tables.budget.engram.table(),
            lexical: tables.budget.lexical.table(),
            dense: tables.budget.dense.table(),
            denseSpeaker: tables.budget.denseSpeaker.table(),
          },
    embedder: options.embedder.id,
  };
}
