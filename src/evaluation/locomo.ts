/**
 * The LoCoMo harness: each conversation in its own user scope, each turn an episode with its speaker and session
 * date; every question asked in that scope; evidence recall@k overall and per category, for Engram and, in the same
 * run and on the same data and model, two baselines: lexical only (BM25 over the turns) and dense only (cosine).
 */
import { createEngine, type Engine, type EngineOptionsInput } from "../core/index.js";
import type { Embedder } from "../spec/embedder.js";
import type { MemoryFilter, Store } from "../spec/store.js";
import { queryTerms } from "../text/index.js";
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
  baselines: { lexical: RecallTable; dense: RecallTable };
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

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Remember a conversation's turns in its own user scope, in batches of 256. */
export async function ingestConversation(engine: Engine, conversation: LocomoConversation): Promise<void> {
  const items = conversation.turns.map((turn) => ({
    text: turnText(turn),
    user: conversation.id,
    session: `session_${turn.session}`,
    speaker: turn.speaker,
    at: turn.at,
    source: turn.diaId,
  }));
  for (let i = 0; i < items.length; i += 256) await engine.remember(items.slice(i, i + 256));
}

/** The dialogue ids each ranked memory holds (a reinforced memory holds every turn that told it). */
async function sourcesOf(store: Store, tenant: string, ids: string[]): Promise<string[][]> {
  const records = await store.get(tenant, ids);
  return records.map((r) => r.sources.map((s) => s.source).filter((s): s is string => s !== null));
}

/**
 * The dialogue ids each recalled memory stands for. An episode holds the turns that told it; a derived fact holds the
 * episodes it was derived from (its provenance), and so stands for their turns.
 */
export async function recalledTurns(
  store: Store,
  tenant: string,
  results: { kind: string; sources: { source: string | null }[] }[],
): Promise<string[][]> {
  const named = (sources: { source: string | null }[]) =>
    sources.map((s) => s.source).filter((s): s is string => s !== null);
  const episodeIds = [...new Set(results.filter((r) => r.kind === "fact").flatMap((r) => named(r.sources)))];
  const episodes = new Map((await store.get(tenant, episodeIds)).map((e) => [e.id, named(e.sources)]));
  return results.map((r) =>
    r.kind === "fact" ? named(r.sources).flatMap((id) => episodes.get(id) ?? []) : named(r.sources),
  );
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
  const latencies: number[] = [];
  const byCategory: Record<string, number> = {};
  let ingestMs = 0;
  let turns = 0;

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
      options: { duplicateThreshold: 1, speakerKeys: false, deriveFacts: false, recallGain: 0 },
    });
    try {
      const started = performance.now();
      await ingestConversation(engine, conversation);
      ingestMs += performance.now() - started;
      turns += conversation.turns.length;
      await ingestConversation(baseline, conversation);
      options.onProgress?.(
        `${conversation.id}: ${conversation.turns.length} turns, ${conversation.questions.length} questions`,
      );

      const filter: MemoryFilter = { tenant: "default", user: conversation.id };
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

        const lexicalHits = await baseline.store.searchTerms(filter, queryTerms(q.question), maxK);
        lexicalTable.add(
          q.category,
          await sourcesOf(
            baseline.store,
            "default",
            lexicalHits.map((h) => h.memoryId),
          ),
          q.evidence,
        );
        const [vector] = await options.embedder.embed([q.question]);
        const denseHits = vector ? await baseline.store.searchVectors(filter, vector, maxK) : [];
        denseTable.add(
          q.category,
          await sourcesOf(
            baseline.store,
            "default",
            denseHits.map((h) => h.memoryId),
          ),
          q.evidence,
        );
      }
    } finally {
      await engine.store.close();
      await baseline.store.close();
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
    latency: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    ingest: {
      turns,
      seconds: round(ingestMs / 1000),
      turnsPerSecond: round(turns / Math.max(0.001, ingestMs / 1000)),
    },
    baselines: { lexical: lexicalTable.table(), dense: denseTable.table() },
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
    dragon,
    "",
    `questions ${report.questions} (${Object.entries(report.byCategory)
      .map(([c, n]) => `${LOCOMO_CATEGORIES[c] ?? c} ${n}`)
      .join(", ")}), skipped ${report.skipped}, evidence ids repaired ${report.repairedEvidence}`,
    `recall latency p50 ${report.latency.p50} ms, p95 ${report.latency.p95} ms (end to end, query embedding included); ingest ${report.ingest.turns} turns in ${report.ingest.seconds} s (${report.ingest.turnsPerSecond} turns/s); embedder ${report.embedder}`,
  ].join("\n");
}
