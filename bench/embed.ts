/**
 * Local model throughput on worker threads: texts/s embedding LoCoMo dev's turns with createLocalEmbedder({ workers })
 * for 0 (in-thread), 1 and 2 workers, in one run; per session (one call per session, as ingest does) and all at once;
 * and single-query latency (recall embeds one query per call). Usage: npm run bench:embed [-- --turns 2760 --queries 100]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createLocalEmbedder } from "../src/providers/index.js";
import { dataFile, describeMachine, machineInfo, peakRssMiB, percentile, saveResult } from "./common.js";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "100000" },
    queries: { type: "string", default: "100" },
    workers: { type: "string", default: "0,1,2" },
  },
});

interface Conversation {
  conversation: Record<string, unknown>;
  qa: { question: string }[];
}

const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.error(
    "LoCoMo dev is missing: put locomo-dev.json under ../shared/data/locomo/ (or set ENGRAM_DATA_DIR).",
  );
  process.exit(1);
}
const conversations = JSON.parse(readFileSync(file, "utf8")) as Conversation[];
const sessions: string[][] = [];
let budget = Number(values.turns);
for (const conversation of conversations) {
  for (const [key, value] of Object.entries(conversation.conversation)) {
    if (!/^session_\d+$/.test(key) || !Array.isArray(value) || budget <= 0) continue;
    const texts = (value as { text?: string }[]).flatMap((turn) => (turn.text ? [turn.text] : []));
    sessions.push(texts.slice(0, budget));
    budget -= texts.length;
  }
}
const turns = sessions.flat();
const questions = conversations
  .flatMap((c) => c.qa.map((qa) => qa.question))
  .slice(0, Number(values.queries));

console.log(`local model (USE-lite) on worker threads, on ${describeMachine()}`);
console.log(
  `LoCoMo dev: ${turns.length} turns in ${sessions.length} sessions (mean ${(turns.length / sessions.length).toFixed(1)} a session), ${questions.length} questions\n`,
);

interface Row {
  workers: number;
  firstCallMs: number;
  perSessionTextsPerSecond: number;
  oneCallTextsPerSecond: number;
  queryP50Ms: number;
  queryP95Ms: number;
  rssMiB: number;
}

const rows: Row[] = [];
for (const workers of values.workers.split(",").map(Number)) {
  const embedder = createLocalEmbedder({ workers });
  let started = performance.now();
  await embedder.embed(["warm up: the first call starts the workers and loads the model"]);
  const firstCallMs = performance.now() - started;
  // every worker has loaded its model before timing starts
  await embedder.embed(turns.slice(0, 64));

  started = performance.now();
  for (const session of sessions) await embedder.embed(session);
  const perSessionSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  await embedder.embed(turns);
  const oneCallSeconds = (performance.now() - started) / 1000;

  const latencies: number[] = [];
  for (const question of questions) {
    const began = performance.now();
    await embedder.embed([question]);
    latencies.push(performance.now() - began);
  }
  const row: Row = {
    workers,
    firstCallMs: Math.round(firstCallMs),
    perSessionTextsPerSecond: round(turns.length / perSessionSeconds),
    oneCallTextsPerSecond: round(turns.length / oneCallSeconds),
    queryP50Ms: round(percentile(latencies, 50)),
    queryP95Ms: round(percentile(latencies, 95)),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  await embedder.close();
  rows.push(row);
  console.log(
    `workers ${workers}: ${row.perSessionTextsPerSecond} texts/s a session at a time, ${row.oneCallTextsPerSecond} in one call; query p50 ${row.queryP50Ms} ms (p95 ${row.queryP95Ms}); first call ${row.firstCallMs} ms; RSS ${row.rssMiB} MiB`,
  );
}

const base = rows.find((row) => row.workers === 0);
if (base) {
  console.log("\nagainst in-thread (workers 0):");
  for (const row of rows.filter((r) => r !== base)) {
    console.log(
      `  workers ${row.workers}: ×${(row.perSessionTextsPerSecond / base.perSessionTextsPerSecond).toFixed(2)} per session, ×${(row.oneCallTextsPerSecond / base.oneCallTextsPerSecond).toFixed(2)} in one call, query p50 ${row.queryP50Ms - base.queryP50Ms >= 0 ? "+" : ""}${(row.queryP50Ms - base.queryP50Ms).toFixed(1)} ms`,
    );
  }
}
console.log(`peak RSS ${peakRssMiB()} MiB`);
console.log(
  `saved ${saveResult("embed-workers", { machine: machineInfo(), turns: turns.length, sessions: sessions.length, rows })}`,
);

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
