/**
 * The same speed benchmark on the SQLite and the PostgreSQL store in one run, with the hash embedder so the stores
 * are compared, not the model: write throughput (store.write, 1,000 memories a transaction) and recall p50/p99
 * (engine.recall, k=10) at each size, in one scope and across 100 scopes (the query filters one user).
 * PostgreSQL: $ENGRAM_DATABASE_URL or $ENGRAM_TEST_DATABASE_URL (scripts/setup-postgres.sh prints one).
 * Usage: npm run bench:stores [-- --sizes 10000,100000 --queries 200 --stores sqlite,postgres --layouts one,100
 *        --hnsw true|false (build PostgreSQL's HNSW index; without it every search is an exact scan)]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createEngine } from "../src/core/index.js";
import { makeKey } from "../src/core/write-path.js";
import { createHashEmbedder } from "../src/providers/index.js";
import type { NewMemory } from "../src/spec/memory.js";
import type { Store } from "../src/spec/store.js";
import { createPostgresStore, type PostgresStore } from "../src/stores/postgres/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { textHash } from "../src/text/index.js";
import {
  describeMachine,
  locomoSentences,
  machineInfo,
  peakRssMiB,
  percentile,
  saveResult,
  syntheticSentences,
} from "./common.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    queries: { type: "string", default: "200" },
    stores: { type: "string", default: "sqlite,postgres" },
    layouts: { type: "string", default: "one,100" },
    batch: { type: "string", default: "1000" },
    hnsw: { type: "string", default: "true" },
  },
});
const sizes = values.sizes
  .split(",")
  .map(Number)
  .sort((a, b) => a - b);
const queryCount = Number(values.queries);
const batch = Number(values.batch);
const postgresUrl = process.env.ENGRAM_DATABASE_URL || process.env.ENGRAM_TEST_DATABASE_URL;

const corpus = locomoSentences() ?? syntheticSentences(20_000);
const queries = syntheticSentences(queryCount, 7).map((s) => s.split(" ").slice(0, 8).join(" "));
const embedder = createHashEmbedder();
const T0 = Date.parse("2024-01-01T00:00:00Z");

interface Opened {
  store: Store;
  cleanup: () => Promise<void>;
}

function openSqlite(): Opened {
  const dir = mkdtempSync(join(tmpdir(), "engram-bench-stores-"));
  const store = createSqliteStore({ path: join(dir, "bench.db") });
  return {
    store,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function openPostgres(url: string): Opened {
  const schema = `engram_bench_${process.pid}`;
  const store: PostgresStore = createPostgresStore({ url, schema, hnswIndex: values.hnsw !== "false" });
  return {
    store,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Writes memories [from, to) in batches; returns the seconds spent in store.write. */
async function fill(store: Store, from: number, to: number, scopes: number): Promise<number> {
  let seconds = 0;
  for (let i = from; i < to; i += batch) {
    const texts = Array.from(
      { length: Math.min(batch, to - i) },
      (_, j) => `${corpus[(i + j) % corpus.length]} [${i + j}]`,
    );
    const vectors = await embedder.embed(texts);
    const inserts: NewMemory[] = texts.map((text, j) => {
      const n = i + j;
      const id = `mem_${String(n).padStart(8, "0")}`;
      const at = T0 + n * 60_000;
      return {
        record: {
          id,
          tenant: "default",
          user: scopes === 1 ? "bench" : `user-${n % scopes}`,
          agent: null,
          session: `s${n % 50}`,
          kind: "episode",
          text,
          role: null,
          speaker: null,
          occurredAt: at,
          recordedAt: at,
          source: null,
          sources: [{ source: null, occurredAt: at, recordedAt: at, session: null }],
          metadata: {},
          count: 1,
          lastSeenAt: at,
          strength: 0.5,
          status: "active",
          textHash: textHash(text),
        },
        keys: [makeKey(id, "text", text, vectors[j] ?? null)],
      };
    });
    const started = performance.now();
    await store.write({ inserts, reinforcements: [] });
    seconds += (performance.now() - started) / 1000;
  }
  return seconds;
}

async function measureRecall(
  store: Store,
  scopes: number,
): Promise<{ p50: number; p99: number; plan: string }> {
  const engine = createEngine({ store, embedder });
  const user = (i: number) => (scopes === 1 ? "bench" : `user-${(i * 37) % scopes}`);
  for (let i = 0; i < 10; i++) await engine.recall({ query: queries[i] as string, user: user(i), k: 10 });
  const times: number[] = [];
  for (const [i, query] of queries.entries()) {
    const started = performance.now();
    await engine.recall({ query, user: user(i), k: 10 });
    times.push(performance.now() - started);
  }
  const plan = (store as Partial<PostgresStore>).lastVectorPlan?.method ?? "exact (in-process int8)";
  return { p50: +percentile(times, 50).toFixed(2), p99: +percentile(times, 99).toFixed(2), plan };
}

const rows: Record<string, unknown>[] = [];
console.log(
  `store comparison, hash embedder (${embedder.dimensions} dims), ${queryCount} queries, k=10, on ${describeMachine()}`,
);
for (const kind of values.stores.split(",")) {
  if (kind === "postgres" && !postgresUrl) {
    console.log(
      "postgres: skipped, set ENGRAM_DATABASE_URL (scripts/setup-postgres.sh prints a test server's URL)",
    );
    continue;
  }
  for (const layout of values.layouts.split(",")) {
    const scopes = layout === "one" ? 1 : Number(layout);
    const opened = kind === "postgres" ? openPostgres(postgresUrl as string) : openSqlite();
    try {
      await opened.store.bindEmbedder({ id: embedder.id, dimensions: embedder.dimensions });
      let written = 0;
      let writeSeconds = 0;
      for (const size of sizes) {
        writeSeconds += await fill(opened.store, written, size, scopes);
        const throughput = Math.round((size - written) / Math.max(writeSeconds, 1e-9));
        written = size;
        writeSeconds = 0;
        const recall = await measureRecall(opened.store, scopes);
        const row = {
          store: kind,
          scopes,
          memories: size,
          writesPerSecond: throughput,
          recallP50: recall.p50,
          recallP99: recall.p99,
          vectorPlan: recall.plan,
          peakRssMiB: peakRssMiB(),
        };
        rows.push(row);
        console.log(
          `${kind.padEnd(8)} ${String(scopes).padStart(3)} scope(s) ${String(size).padStart(7)} memories: write ${throughput}/s, recall p50 ${row.recallP50} ms, p99 ${row.recallP99} ms (vectors: ${row.vectorPlan})`,
        );
      }
    } finally {
      await opened.cleanup();
    }
  }
}
const path = saveResult("store-compare", { machine: machineInfo(), rows });
console.log(`saved ${path}`);
