/**
 * Scale on PostgreSQL + pgvector: the generated corpus (bench/scale-corpus.ts) written through the engine into a
 * schema of its own, the HNSW index built after the fill (as pgvector advises for bulk loads), then recall p50/p99 for
 * one user among many against the same user in a schema alone, the whole tenant, and the tables' and indexes' sizes.
 * A fill that would pass --max-minutes stops there and reports its rate and the projected time.
 * Usage: npm run bench:scale-postgres -- --url postgres://… [--memories 1000000 --users 500 --queries 100]
 *        [--schema engram_scale] [--keep] (the schemas are dropped at the end unless --keep)
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { createEngine, type Engine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createPostgresStore } from "../src/stores/postgres/index.js";
import { describeMachine, machineInfo, peakRssMiB, percentile, saveResult } from "./common.js";
import { type ScaleTurn, scaleCorpus } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.ENGRAM_TEST_DATABASE_URL },
    memories: { type: "string", default: "1000000" },
    users: { type: "string", default: "500" },
    queries: { type: "string", default: "100" },
    batch: { type: "string", default: "1000" },
    schema: { type: "string", default: "engram_scale" },
    "max-minutes": { type: "string", default: "120" },
    keep: { type: "boolean", default: false },
  },
});
if (!values.url) {
  console.error(
    "give the server: --url postgres://user@host:port/database (or set ENGRAM_TEST_DATABASE_URL)",
  );
  process.exit(2);
}
const url = values.url;
const memories = Number(values.memories);
const users = Number(values.users);
const batch = Number(values.batch);
const probeUser = "user-0001";
const schema = values.schema;
const aloneSchema = `${schema}_alone`;
const hash = createHashEmbedder();
const options = { deriveFacts: false, recallGain: 0 };
const result: Record<string, unknown> = { machine: machineInfo(), memories, users, batch, schema };
const save = () => saveResult(`scale-postgres-${memories}`, { ...result, peakRssMiB: peakRssMiB() });

function engineOn(schemaName: string, hnswIndex: boolean): Engine {
  return createEngine({
    store: createPostgresStore({ url, schema: schemaName, hnswIndex }),
    embedder: hash,
    options,
  });
}

/** Writes the turns in batches; stops early when the projected time passes the limit. */
async function fill(engine: Engine, turns: Iterable<ScaleTurn>, total: number) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const limitMs = Number(values["max-minutes"]) * 60_000;
  let pending: ScaleTurn[] = [];
  let done = 0;
  let lastReport = started;
  let stopped = false;
  for (const turn of turns) {
    pending.push(turn);
    if (pending.length < batch) continue;
    await engine.remember(pending);
    done += pending.length;
    pending = [];
    const now = performance.now();
    if (now - lastReport > 60_000) {
      lastReport = now;
      const rate = done / ((now - started) / 1000);
      console.log(`  ${done.toLocaleString()} / ${total.toLocaleString()} written, ${rate.toFixed(0)}/s`);
    }
    if (now - started > limitMs) {
      stopped = true;
      break;
    }
  }
  if (!stopped && pending.length > 0) {
    await engine.remember(pending);
    done += pending.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    written: done,
    seconds: +seconds.toFixed(1),
    perSecond: Math.round(done / seconds),
    cpuSecondsThisProcess: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    stoppedAtLimit: stopped,
    projectedSecondsForAll: Math.round((total / done) * seconds),
  };
}

function queries(): string[] {
  const out: string[] = [];
  for (const turn of scaleCorpus({ memories: Number(values.queries), users: 1, seed: 99 }))
    out.push(turn.text.split(" ").slice(0, 7).join(" "));
  return out;
}

async function recallTimes(engine: Engine, user: string | undefined, texts: string[]) {
  const times: number[] = [];
  for (const query of texts) {
    const started = performance.now();
    await engine.recall({ query, user, k: 10 });
    times.push(performance.now() - started);
  }
  return { p50: +percentile(times, 50).toFixed(2), p99: +percentile(times, 99).toFixed(2) };
}

/** Bytes of each table and index in the schema, largest first. */
async function sizes(client: pg.Client, schemaName: string) {
  const { rows } = await client.query<{ name: string; kind: string; bytes: string }>(
    `SELECT c.relname AS name, c.relkind AS kind, pg_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'i') ORDER BY pg_relation_size(c.oid) DESC`,
    [schemaName],
  );
  const mib = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
  const total = await client.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schemaName],
  );
  return {
    totalMiB: mib(Number(total.rows[0]?.bytes ?? 0)),
    largest: rows
      .slice(0, 8)
      .map((r) => ({ name: r.name, kind: r.kind === "i" ? "index" : "table", MiB: mib(Number(r.bytes)) })),
  };
}

console.log(
  `scale on PostgreSQL: ${memories.toLocaleString()} memories, ${users} users, on ${describeMachine()}`,
);
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const texts = queries();
try {
  // 1. the fill, without the HNSW index (every insert would update the graph), then the index built once
  let engine = engineOn(schema, false);
  const existing = (await engine.stats()).memories;
  if (existing < memories) {
    console.log(`filling schema ${schema} (${existing.toLocaleString()} memories there)…`);
    result.fill = await fill(engine, scaleCorpus({ memories, users }), memories);
    console.log("fill:", result.fill);
    save();
  }
  await engine.close();
  engine = engineOn(schema, true);
  const indexStarted = performance.now();
  await engine.recall({ query: "warm up", user: probeUser });
  result.hnswBuildSeconds = +((performance.now() - indexStarted) / 1000).toFixed(1);
  result.sizes = await sizes(admin, schema);
  console.log(`HNSW index build ${result.hnswBuildSeconds} s; sizes:`, JSON.stringify(result.sizes));
  save();

  // 2. one user among many against the same user alone, interleaved rounds; then the whole tenant
  const alone = engineOn(aloneSchema, true);
  await fill(
    alone,
    [...scaleCorpus({ memories, users })].filter((turn) => turn.user === probeUser),
    memories / users,
  );
  await alone.recall({ query: "warm up", user: probeUser });
  const rounds: Record<string, unknown[]> = { oneUser: [], alone: [] };
  for (let round = 0; round < 2; round++) {
    rounds.oneUser?.push(await recallTimes(engine, probeUser, texts));
    rounds.alone?.push(await recallTimes(alone, probeUser, texts));
  }
  result.recall = rounds;
  console.log("recall (hash embedder, store alone), per round:", JSON.stringify(rounds));
  result.recallTenant = await recallTimes(engine, undefined, texts);
  console.log("recall, whole tenant:", result.recallTenant);
  await alone.close();
  await engine.close();
  result.peakRssMiB = peakRssMiB();
  console.log(`peak RSS ${result.peakRssMiB} MiB; saved ${save()}`);
} finally {
  if (!values.keep) {
    for (const name of [schema, aloneSchema]) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    console.log(`dropped schemas ${schema}, ${aloneSchema}`);
  }
  await admin.end();
}
