/** The LoCoMo report: its tables of evidence recall, how they accumulate, and how they print as Markdown. */

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

export function latencyOf(latencies: number[]): LocomoReport["latency"] {
  return {
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
  };
}

export function round(x: number): number {
  return Math.round(x * 10) / 10;
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
