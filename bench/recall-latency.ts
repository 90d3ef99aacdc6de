/**
 * Recall latency p50/p99 at 10k and 100k memories in one scope.
 * 1. The store alone: hash embedder (sub-millisecond query embedding), vector + lexical channels, softmax, records.
 * 2. End to end with the local model: the real query embedding on top; the stored vectors are random unit vectors of
 *    the model's size (the scan costs the same whatever the vectors hold), the texts are real sentences for BM25.
 * Usage: npm run bench:recall [-- --sizes 10000,100000 --queries 200]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine } from "../src/core/index.js";
import { makeKey } from "../src/core/write-path.js";
import { createHashEmbedder, createLocalEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import type { NewMemory } from "../src/spec/memory.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";
import { textHash } from "../src/text/index.js";
import {
  describeMachine,
  locomoSentences,
  machineInfo,
  peakRssMiB,
  percentile,
  saveResult,
  seeded,
  syntheticSentences,
} from "./common.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    queries: { type: "string", default: "200" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const queryCount = Number(values.queries);

const corpus = locomoSentences() ?? syntheticSentences(20_000);
const queries = syntheticSentences(queryCount, 7).map((s) => s.split(" ").slice(0, 8).join(" "));

function randomUnit(random: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const x = random() * 2 - 1;
    v[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i] = (v[i] as number) / norm;
  return v;
}

async function fill(
  path: string,
  size: number,
  vectorsFor: (texts: string[]) => Promise<(Float32Array | null)[]>,
  binding: { id: string; dimensions: number },
) {
  const store = createSqliteStore({ path });
  await store.bindEmbedder(binding);
  const started = performance.now();
  const t0 = Date.parse("2024-01-01T00:00:00Z");
  for (let i = 0; i < size; i += 1000) {
    const texts = Array.from(
      { length: Math.min(1000, size - i) },
      (_, j) => `${corpus[(i + j) % corpus.length]} [${i + j}]`,
    );
    const vectors = await vectorsFor(texts);
    const inserts: NewMemory[] = texts.map((text, j) => {
      const id = `mem_${String(i + j).padStart(8, "0")}`;
      const at = t0 + (i + j) * 60_000;
      return {
        record: {
          id,
          tenant: "default",
          user: "bench",
          agent: null,
          session: `s${(i + j) % 50}`,
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
    await store.write({ inserts, reinforcements: [] });
  }
  return { store, fillSeconds: (performance.now() - started) / 1000 };
}

/**
 * Where a recall's time goes in the store: a second pass over the queries through a store whose calls are timed
 * (their work is synchronous in SQLite, so the time until each call returns is its own). Mean ms per recall.
 */
async function storeBreakdown(store: SqliteStore, embedder: Embedder): Promise<Record<string, number>> {
  const spent = new Map<string, number>();
  const timed = (name: string, work: (...args: never[]) => unknown) => {
    return (...args: never[]) => {
      const started = performance.now();
      const result = work(...args);
      spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
      return result;
    };
  };
  const wrapped: SqliteStore = {
    ...store,
    searchVectors: timed("vectors", store.searchVectors) as SqliteStore["searchVectors"],
    searchTerms: timed("terms", store.searchTerms) as SqliteStore["searchTerms"],
    get: timed("get", store.get) as SqliteStore["get"],
    list: timed("neighbours (list)", store.list) as SqliteStore["list"],
    updateMemories: timed("reinforce", store.updateMemories) as SqliteStore["updateMemories"],
    close: () => Promise.resolve(), // the measured engine closes the store
  };
  const engine = createEngine({ store: wrapped, embedder });
  const started = performance.now();
  for (const q of queries) await engine.recall({ query: q, user: "bench", k: 10 });
  const total = performance.now() - started;
  const out: Record<string, number> = {};
  let inStore = 0;
  for (const [name, ms] of spent) {
    out[name] = +(ms / queries.length).toFixed(2);
    inStore += ms;
  }
  out["rest (embedding, graph, scoring)"] = +((total - inStore) / queries.length).toFixed(2);
  return out;
}

async function measure(
  label: string,
  size: number,
  embedder: Embedder,
  vectorsFor: (texts: string[]) => Promise<(Float32Array | null)[]>,
) {
  const dir = mkdtempSync(join(tmpdir(), "engram-bench-"));
  const { store, fillSeconds } = await fill(join(dir, "bench.db"), size, vectorsFor, {
    id: embedder.id,
    dimensions: embedder.dimensions,
  });
  const engine = createEngine({ store, embedder });
  try {
    for (const q of queries.slice(0, 10)) await engine.recall({ query: q, user: "bench", k: 10 }); // warm-up: caches and model
    const times: number[] = [];
    for (const q of queries) {
      const started = performance.now();
      await engine.recall({ query: q, user: "bench", k: 10 });
      times.push(performance.now() - started);
    }
    const breakdown = await storeBreakdown(store, embedder);
    const row = {
      mode: label,
      memories: size,
      queries: times.length,
      p50: +percentile(times, 50).toFixed(2),
      p99: +percentile(times, 99).toFixed(2),
      fillSeconds: +fillSeconds.toFixed(1),
      peakRssMiB: peakRssMiB(),
      breakdown,
    };
    console.log(
      `${label.padEnd(22)} ${String(size).padStart(7)} memories: p50 ${row.p50} ms, p99 ${row.p99} ms (fill ${row.fillSeconds} s, peak RSS ${row.peakRssMiB} MiB)`,
    );
    console.log(
      `${"".padEnd(22)} mean ms per recall in the store: ${Object.entries(breakdown)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(", ")}`,
    );
    return row;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`recall latency, ${queryCount} queries, k=10, one scope, on ${describeMachine()}`);
const rows = [];
const hash = createHashEmbedder();
for (const size of sizes) rows.push(await measure("store alone (hash)", size, hash, (t) => hash.embed(t)));
const local = createLocalEmbedder();
const random = seeded(42);
for (const size of sizes)
  rows.push(
    await measure("end to end (use-lite)", size, local, async (t) =>
      t.map(() => randomUnit(random, local.dimensions)),
    ),
  );
await local.close?.();
const path = saveResult("recall-latency", { machine: machineInfo(), rows });
console.log(`saved ${path}`);
