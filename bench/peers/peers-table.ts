/** The peers run's one table: recall per system (the same in every round), speed as the range over rounds, ratios to Engram within each round. */
import type { RecallTable } from "../../src/evaluation/locomo.js";

export interface SystemRound {
  system: string;
  round: number;
  recall: RecallTable;
  ingestTurnsPerSecond: number;
  /** Turns per CPU second of this process (all threads): what a loaded machine does not inflate. */
  ingestTurnsPerCpuSecond: number;
  p50: number;
  p95: number;
  recallCpuMs: number;
  questions: number;
}

function range(values: number[], digits = 0): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const f = (x: number) => x.toFixed(digits);
  return f(low) === f(high) ? f(low) : `${f(low)}–${f(high)}`;
}

/** The ratio of a system's figure to Engram's in the same round, as a range over rounds. */
function ratios(rows: SystemRound[], system: string, pick: (row: SystemRound) => number): string {
  const out: number[] = [];
  for (const row of rows.filter((r) => r.system === system)) {
    const engram = rows.find((r) => r.system === "Engram" && r.round === row.round);
    if (engram) out.push(pick(row) / pick(engram));
  }
  return out.length === 0 ? "–" : `${range(out, 2)}×`;
}

export function formatPeersTable(rows: SystemRound[], categories: Record<string, string>): string {
  const systems = [...new Set(rows.map((r) => r.system))];
  const ks = ["5", "10", "25", "50"];
  const header = [
    "system",
    ...ks.map((k) => `@${k}`),
    ...Object.values(categories).map((c) => `${c} @10`),
    "ingest turns/s",
    "per CPU s",
    "recall p50 ms",
    "p95 ms",
    "CPU ms/recall",
    "ingest vs Engram",
    "p50 vs Engram",
  ];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---|" : "---:|")).join("")}`,
  ];
  const notes: string[] = [];
  for (const system of systems) {
    const mine = rows.filter((r) => r.system === system);
    const first = mine[0] as SystemRound;
    if (mine.some((r) => JSON.stringify(r.recall) !== JSON.stringify(first.recall)))
      notes.push(`${system}: recall differed between rounds (round 1 shown)`);
    const recall = first.recall;
    lines.push(
      `| ${[
        system,
        ...ks.map((k) => String(recall.all?.[k] ?? "–")),
        ...Object.keys(categories).map((c) => String(recall[c]?.["10"] ?? "–")),
        range(mine.map((r) => r.ingestTurnsPerSecond)),
        range(mine.map((r) => r.ingestTurnsPerCpuSecond)),
        range(
          mine.map((r) => r.p50),
          1,
        ),
        range(
          mine.map((r) => r.p95),
          1,
        ),
        range(
          mine.map((r) => r.recallCpuMs),
          1,
        ),
        ratios(rows, system, (r) => r.ingestTurnsPerSecond),
        ratios(rows, system, (r) => r.p50),
      ].join(" | ")} |`,
    );
  }
  return [...lines, ...notes].join("\n");
}
