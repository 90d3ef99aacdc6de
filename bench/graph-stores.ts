/**
 * The knowledge graph on SQLite and on PostgreSQL: LoCoMo dev told session by session with fact derivation, the
 * time per turn on each store, the graph each derives (which must be the same), and recall latency over it.
 * PostgreSQL: $ENGRAM_DATABASE_URL or $ENGRAM_TEST_DATABASE_URL (scripts/setup-postgres.sh prints one).
 * Usage: npm run bench:graph [-- --limit <conversations> --queries <per conversation>]
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createEngine } from "../src/core/index.js";
import { turnText } from "../src/evaluation/locomo.js";
import { loadLocomo } from "../src/evaluation/locomo-data.js";
import { createHashEmbedder } from "../src/providers/index.js";
import type { Store } from "../src/spec/store.js";
import { createPostgresStore } from "../src/stores/postgres/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine, percentile } from "./common.js";

const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.log("LoCoMo dev is not at ../shared/data/locomo/locomo-dev.json (or $ENGRAM_DATA_DIR): skipped.");
  process.exit(0);
}
const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const conversations = loadLocomo(file).conversations.slice(0, flag("--limit", 2));
const queriesPerConversation = flag("--queries", 50);
const postgresUrl = process.env.ENGRAM_DATABASE_URL || process.env.ENGRAM_TEST_DATABASE_URL;

async function run(label: string, store: Store) {
  const engine = createEngine({ store, embedder: createHashEmbedder() });
  let turns = 0;
  let writeMs = 0;
  const recallMs: number[] = [];
  const graph: string[] = [];
  for (const conversation of conversations) {
    const sessions = new Map<number, typeof conversation.turns>();
    for (const turn of conversation.turns)
      sessions.set(turn.session, [...(sessions.get(turn.session) ?? []), turn]);
    for (const [session, list] of sessions) {
      const started = performance.now();
      await engine.remember(
        list.map((turn) => ({
          text: turnText(turn),
          user: conversation.id,
          session: `session-${session}`,
          speaker: turn.speaker,
          at: turn.at,
          source: turn.diaId,
        })),
      );
      writeMs += performance.now() - started;
      turns += list.length;
    }
    for (const question of conversation.questions.slice(0, queriesPerConversation)) {
      const started = performance.now();
      await engine.recall({ query: question.question, user: conversation.id, k: 10 });
      recallMs.push(performance.now() - started);
    }
    const scope = { tenant: "default", user: conversation.id, agent: null };
    const names = new Map((await store.graph?.entities(scope))?.map((e) => [e.id, e.name]));
    for (const fact of (await store.graph?.listFacts(scope, { includeRetired: true })) ?? []) {
      graph.push(
        `${conversation.id} ${names.get(fact.subjectId)} ${fact.predicate} ${fact.object} ${fact.validFrom}`,
      );
    }
    graph.push(...[...names.values()].map((name) => `${conversation.id} entity ${name}`));
  }
  await engine.close();
  console.log(
    `${label}: ${turns} turns told in ${(writeMs / 1000).toFixed(1)} s (${(writeMs / turns).toFixed(2)} ms a turn, facts derived); ` +
      `recall p50 ${percentile(recallMs, 50).toFixed(1)} ms, p95 ${percentile(recallMs, 95).toFixed(1)} ms over ${recallMs.length} questions; ` +
      `${graph.length} graph lines (facts + entities)`,
  );
  return graph;
}

console.log(`bench:graph — ${describeMachine()}`);
console.log(`LoCoMo dev: ${conversations.length} conversations, hash embedder`);
const folder = mkdtempSync(join(tmpdir(), "engram-bench-graph-"));
const sqlite = await run("sqlite", createSqliteStore({ path: join(folder, "engram.db") }));
rmSync(folder, { recursive: true, force: true });
if (!postgresUrl) {
  console.log(
    "postgres: skipped, set ENGRAM_DATABASE_URL (scripts/setup-postgres.sh prints a test server's URL)",
  );
} else {
  const schema = `engram_bench_graph_${randomBytes(4).toString("hex")}`;
  try {
    const postgres = await run("postgres", createPostgresStore({ url: postgresUrl, schema }));
    const same = postgres.length === sqlite.length && postgres.every((line, i) => line === sqlite[i]);
    console.log(`the same graph on both stores: ${same ? "yes" : "NO"}`);
    if (!same) process.exitCode = 1;
  } finally {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
