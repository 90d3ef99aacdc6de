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

export const LOCOMO_CATEGORIES: Record<string, string> = {
  "1": "multi-hop",
  "2": "temporal",
  "3": "open-domain",
  "4": "single-hop",
  "5": "adversarial",
};

/** The LoCoMo paper's DRAGON retriever over dialogue turns (all categories; per category at k=10). */
export const DRAGON_BASELINE = {
  all: { "5": 56.7, "10": 66.2, "25": 76.7, "50": 82.7 },
  at10: { "1": 46.6, "2": 77.3, "3": 40.8, "4": 77.7, "5": 54.7 },
};

export type RecallTable = Record<string, Record<string, number>>;

export interface LocomoReport {
  /** Evidence recall@k in percent: `all` and one row per category id. */
  recall: RecallTable;
  questions: number;
  skipped: number;
  skippedReasons: { question: string; reason: string }[];
  repairedEvidence: number;
  byCategory: Record<string, number>;
  /** Engram's recall latency, end to end (query embedding included), ms. */
  latency: { p50: number; p95: number; mean: number };
  ingest: { turns: number; seconds: number; turnsPerSecond: number };
  /**
   * Baselines on the same data and model: BM25 over the turns, cosine over the turns, and cosine over the turns
   * written as a user would store them with their speaker ("Melanie: …").
   */
  baselines: { lexical: RecallTable; dense: RecallTable; denseSpeaker: RecallTable };
  /**
   * Evidence inside the context block at each token budget (the column keys are the budgets): Engram's `context`
   * block, and each baseline's ranked turns laid out the same way and cut at the budget.
   */
  budget: {
    budgets: number[];
    engram: RecallTable;
    lexical: RecallTable;
    dense: RecallTable;
    denseSpeaker: RecallTable;
  } | null;
  /** The same stores read with the hand-set scorer (with `compareHandSet`). */
  handSet: { recall: RecallTable; latency: LocomoReport["latency"]; budget: RecallTable | null } | null;
  embedder: string;
}

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

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Accumulates per-question recall fractions into a table of percentages. */
export function createRecallTable(ks: number[]) {
  const sums = new Map<string, { n: number; sums: number[] }>();
  const add = (key: string, fractions: number[]) => {
    const entry = sums.get(key) ?? { n: 0, sums: ks.map(() => 0) };
    entry.n++;
    fractions.forEach((f, i) => {
      entry.sums[i] = (entry.sums[i] as number) + f;
    });
    sums.set(key, entry);
  };
  return {
    /** One question's share of evidence found at each cut-off (budgets, for the context table), in ks order. */
    addFractions(category: number, fractions: number[]) {
      add("all", fractions);
      add(String(category), fractions);
    },
    add(category: number, ranked: string[][], evidence: string[]) {
      const fractions = ks.map((k) => {
        const found = new Set(ranked.slice(0, k).flat());
        return evidence.filter((e) => found.has(e)).length / evidence.length;
      });
      add("all", fractions);
      add(String(category), fractions);
    },
    table(): RecallTable {
      const out: RecallTable = {};
      const keys = ["all", ...[...sums.keys()].filter((k) => k !== "all").sort()];
      for (const key of keys) {
        const entry = sums.get(key);
        if (!entry) continue;
        out[key] = Object.fromEntries(
          ks.map((k, i) => [String(k), round((100 * (entry.sums[i] as number)) / entry.n)]),
        );
      }
      return out;
    },
  };
}

function latencyOf(latencies: number[]): LocomoReport["latency"] {
  return {
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
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

/** Run the harness and return the report. */
export async function runLocomo(options: LocomoRunOptions): Promise<LocomoReport> {
  const data = loadLocomo(options.path);
  const conversations = data.conversations.slice(0, options.limit ?? data.conversations.length);
  const ks = [...options.ks].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1] as number;
  const engramTable = createRecallTable(ks);
  const lexicalTable = createRecallTable(ks);
  const denseTable = createRecallTable(ks);
  const denseSpeakerTable = createRecallTable(ks);
  const budgets = options.budgets ?? [];
  const budgetTables = {
    engram: createRecallTable(budgets),
    lexical: createRecallTable(budgets),
    dense: createRecallTable(budgets),
    denseSpeaker: createRecallTable(budgets),
  };
  const latencies: number[] = [];
  const handSet = options.compareHandSet
    ? { table: createRecallTable(ks), budget: createRecallTable(budgets), latencies: [] as number[] }
    : null;
  const byCategory: Record<string, number> = {};
  let ingestMs = 0;
  let turns = 0;
  const baselineOptions = { duplicateThreshold: 1, speakerKeys: false, deriveFacts: false, recallGain: 0 };

  for (const conversation of conversations) {
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
    // the same store read as of the last session, for context blocks (recency measured from then)
    const reader = (scorer?: "hand-set") =>
      createEngine({
        store: engine.store,
        embedder: options.embedder,
        options: { recallGain: 0, ...options.engineOptions, ...(scorer ? { scorer } : {}) },
        now: () => conversation.lastSessionAt,
      });
    const contextEngine = reader();
    const handSetEngine = handSet ? reader("hand-set") : null;
    try {
      const started = performance.now();
      await ingestConversation(engine, conversation);
      ingestMs += performance.now() - started;
      turns += conversation.turns.length;
      await ingestConversation(baseline, conversation);
      await ingestConversation(speakerBaseline, conversation, true);
      options.onProgress?.(
        `${conversation.id}: ${conversation.turns.length} turns, ${conversation.questions.length} questions`,
      );

      const filter: MemoryFilter = { tenant: "default", user: conversation.id };
      const depth = Math.max(maxK, budgets.length > 0 ? 100 : 0);
      for (const q of conversation.questions) {
        byCategory[String(q.category)] = (byCategory[String(q.category)] ?? 0) + 1;
        const t0 = performance.now();
        const result = await engine.recall({
          query: q.question,
          user: conversation.id,
          k: maxK,
          now: conversation.lastSessionAt,
        });
        latencies.push(performance.now() - t0);
        engramTable.add(q.category, await recalledTurns(engine.store, "default", result.results), q.evidence);
        if (handSet && handSetEngine) {
          const t1 = performance.now();
          const other = await handSetEngine.recall({
            query: q.question,
            user: conversation.id,
            k: maxK,
            now: conversation.lastSessionAt,
          });
          handSet.latencies.push(performance.now() - t1);
          handSet.table.add(
            q.category,
            await recalledTurns(engine.store, "default", other.results),
            q.evidence,
          );
        }

        const [vector] = await options.embedder.embed([q.question]);
        const ranked = {
          lexical: [
            baseline.store,
            lexicalTable,
            (await baseline.store.searchTerms(filter, queryTerms(q.question), depth)).map((h) => h.memoryId),
          ],
          dense: [
            baseline.store,
            denseTable,
            vector ? (await baseline.store.searchVectors(filter, vector, depth)).map((h) => h.memoryId) : [],
          ],
          denseSpeaker: [
            speakerBaseline.store,
            denseSpeakerTable,
            vector
              ? (await speakerBaseline.store.searchVectors(filter, vector, depth)).map((h) => h.memoryId)
              : [],
          ],
        } as const;
        for (const [name, [store, table, ids]] of Object.entries(ranked)) {
          table.add(q.category, await sourcesOf(store, "default", ids.slice(0, maxK)), q.evidence);
          if (budgets.length === 0) continue;
          const fractions: number[] = [];
          for (const budget of budgets)
            fractions.push(
              evidenceShare(await turnsWithinBudget(store, "default", [...ids], budget), q.evidence),
            );
          budgetTables[name as keyof typeof ranked].addFractions(q.category, fractions);
        }
        if (budgets.length > 0) {
          const fractions: number[] = [];
          for (const budget of budgets)
            fractions.push(
              evidenceShare(
                await turnsInContext(contextEngine, "default", {
                  query: q.question,
                  user: conversation.id,
                  budget,
                }),
                q.evidence,
              ),
            );
          budgetTables.engram.addFractions(q.category, fractions);
          if (handSet && handSetEngine) {
            const own: number[] = [];
            for (const budget of budgets)
              own.push(
                evidenceShare(
                  await turnsInContext(handSetEngine, "default", {
                    query: q.question,
                    user: conversation.id,
                    budget,
                  }),
                  q.evidence,
                ),
              );
            handSet.budget.addFractions(q.category, own);
          }
        }
      }
    } finally {
      await engine.store.close();
      await baseline.store.close();
      await speakerBaseline.store.close();
    }
  }

  const questions = conversations.reduce((n, c) => n + c.questions.length, 0);
  return {
    recall: engramTable.table(),
    questions,
    skipped: data.skipped.length,
    skippedReasons: data.skipped,
    repairedEvidence: data.repaired,
    byCategory,
    latency: latencyOf(latencies),
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
      lexical: lexicalTable.table(),
      dense: denseTable.table(),
      denseSpeaker: denseSpeakerTable.table(),
    },
    budget:
      budgets.length === 0
        ? null
        : {
            budgets,
            engram: budgetTables.engram.table(),
            lexical: budgetTables.lexical.table(),
            dense: budgetTables.dense.table(),
            denseSpeaker: budgetTables.denseSpeaker.table(),
          },
    embedder: options.embedder.id,
  };
}

/** The report as a Markdown table: Engram, lexical only, dense only, and DRAGON from the paper. */
export function formatLocomoReport(report: LocomoReport, ks: number[]): string {
  const header = `| system | ${ks.map((k) => `@${k}`).join(" | ")} | ${Object.values(LOCOMO_CATEGORIES)
    .map((c) => `${c} @10`)
    .join(" | ")} |`;
  const rule = `|${"---|".repeat(1 + ks.length + 5)}`;
  const row = (name: string, table: RecallTable) =>
    `| ${name} | ${ks.map((k) => (table.all?.[String(k)] ?? "–").toString()).join(" | ")} | ${Object.keys(
      LOCOMO_CATEGORIES,
    )
      .map((c) => (table[c]?.["10"] ?? "–").toString())
      .join(" | ")} |`;
  const dragon = `| DRAGON (paper) | ${ks.map((k) => (DRAGON_BASELINE.all as Record<string, number>)[String(k)] ?? "–").join(" | ")} | ${Object.keys(
    LOCOMO_CATEGORIES,
  )
    .map((c) => (DRAGON_BASELINE.at10 as Record<string, number>)[c])
    .join(" | ")} |`;
  return [
    header,
    rule,
    row("Engram", report.recall),
    row("lexical only (BM25)", report.baselines.lexical),
    row("dense only (cosine)", report.baselines.dense),
    row('dense only, "Speaker: text"', report.baselines.denseSpeaker),
    dragon,
    "",
    ...(report.budget ? [formatBudgetTable(report.budget), ""] : []),
    `questions ${report.questions} (${Object.entries(report.byCategory)
      .map(([c, n]) => `${LOCOMO_CATEGORIES[c] ?? c} ${n}`)
      .join(", ")}), skipped ${report.skipped}, evidence ids repaired ${report.repairedEvidence}`,
    `recall latency p50 ${report.latency.p50} ms, p95 ${report.latency.p95} ms (end to end, query embedding included); ingest ${report.ingest.turns} turns in ${report.ingest.seconds} s (${report.ingest.turnsPerSecond} turns/s); embedder ${report.embedder}`,
  ].join("\n");
}

/** Evidence inside the context block at each budget, overall and per category, as a Markdown table. */
export function formatBudgetTable(budget: NonNullable<LocomoReport["budget"]>): string {
  const columns = budget.budgets.map((b) => `${b} tokens`);
  const categories = Object.entries(LOCOMO_CATEGORIES);
  const header = `| evidence in the context block | ${columns.join(" | ")} | ${categories
    .map(([, name]) => `${name} @${budget.budgets.at(-1)}`)
    .join(" | ")} |`;
  const rule = `|${"---|".repeat(1 + columns.length + categories.length)}`;
  const last = String(budget.budgets.at(-1));
  const row = (name: string, table: RecallTable) =>
    `| ${name} | ${budget.budgets.map((b) => table.all?.[String(b)] ?? "–").join(" | ")} | ${categories
      .map(([c]) => table[c]?.[last] ?? "–")
      .join(" | ")} |`;
  return [
    header,
    rule,
    row("Engram (`context`)", budget.engram),
    row("lexical top-k, cut at the budget", budget.lexical),
    row("dense top-k, cut at the budget", budget.dense),
    row('dense "Speaker: text" top-k, cut at the budget', budget.denseSpeaker),
  ].join("\n");
}
