/**
 * usearch's graph parameters against recall and build time, on the vectors of a filled scale store (bench/scale.ts
 * --db): the first `--rows` vectors are read, a graph is built with each connectivity (M) and expansion on add
 * (ef_construction) given, and each query's candidates (`--candidates`, as `hnsw.minCandidates` fetches them) are
 * re-ranked exactly, as the store does, and compared with the exact top-10 over the same rows (int8 cosine, usearch's
 * metric). Usage: npm run bench:hnsw-params -- --db <filled.db> [--rows 200000] [--configs 16:64,32:128]
 *   [--candidates 400,1000] [--queries 100] [--threads 2]
 */
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { quantizeInt8 } from "../src/mechanisms/quantization.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { usearchBinding } from "../src/stores/sqlite/hnsw-files.js";
import { describeMachine, percentile, saveResult } from "./common.js";
import { scaleQueries } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    rows: { type: "string", default: "200000" },
    configs: { type: "string", default: "16:64,32:128" },
    candidates: { type: "string", default: "400,1000" },
    queries: { type: "string", default: "100" },
    threads: { type: "string", default: "2" },
  },
});
if (!values.db) {
  console.error(
    "give a filled store: --db <file> (npm run bench:scale -- --memories 1000000 --db <file> fills one)",
  );
  process.exit(2);
}
const binding = usearchBinding();
if (!binding) throw new Error("usearch's native binding does not load on this machine");
const limit = Number(values.rows);
const threads = Number(values.threads);
const grid = values.candidates.split(",").map(Number);
const configs = values.configs.split(",").map((pair) => {
  const [connectivity, expansionAdd] = pair.split(":").map(Number);
  if (!(connectivity && expansionAdd))
    throw new Error(`a config is M:ef_construction, e.g. 16:64; got ${pair}`);
  return { connectivity, expansionAdd };
});

const database = new Database(values.db, { readonly: true });
const stored = database
  .prepare("SELECT vector FROM keys WHERE vector IS NOT NULL ORDER BY id LIMIT ?")
  .pluck()
  .all(limit) as Buffer[];
database.close();
const rows = stored.length;
const dimensions = stored[0]?.length ?? 0;
const matrix = new Int8Array(rows * dimensions);
const norms = new Float64Array(rows);
for (const [row, vector] of stored.entries()) {
  const values = new Int8Array(vector.buffer, vector.byteOffset, vector.length);
  matrix.set(values, row * dimensions);
  norms[row] = Math.sqrt(dot(values, row * dimensions));
}

function dot(query: Int8Array, offset: number): number {
  let sum = 0;
  for (let i = 0; i < dimensions; i++) sum += (query[i] as number) * (matrix[offset + i] as number);
  return sum;
}

// the queries bench:scale and bench:hnsw-candidates use
const queries = (
  (await createHashEmbedder().embed(scaleQueries(Number(values.queries)))) as Float32Array[]
).map((vector) => quantizeInt8(vector).values);

function topTen(query: Int8Array, candidates: Iterable<number>): number[] {
  const scored: [number, number][] = [];
  for (const row of candidates) scored.push([row, dot(query, row * dimensions) / (norms[row] || 1)]);
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return scored.slice(0, 10).map(([row]) => row);
}

const everyRow = {
  *[Symbol.iterator]() {
    for (let row = 0; row < rows; row++) yield row;
  },
};
const started = performance.now();
const truths = queries.map((query) => new Set(topTen(query, everyRow)));
console.log(
  `hnsw params on ${rows} vectors of ${values.db} (${dimensions} dimensions), ${queries.length} queries, on ${describeMachine()}; exact top-10 in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);

const results: {
  connectivity: number;
  expansionAdd: number;
  buildSeconds: number;
  recall: { candidates: number; overlap: number; searchP50Ms: number }[];
}[] = [];
const keys = new BigUint64Array(rows);
for (let row = 0; row < rows; row++) keys[row] = BigInt(row);
for (const { connectivity, expansionAdd } of configs) {
  const index = new binding.CompiledIndex(dimensions, "cos", "i8", connectivity, expansionAdd, 128, false);
  const buildStart = performance.now();
  for (let start = 0; start < rows; start += 8192) {
    const end = Math.min(rows, start + 8192);
    index.add(keys.subarray(start, end), matrix.subarray(start * dimensions, end * dimensions), threads);
  }
  const buildSeconds = +((performance.now() - buildStart) / 1000).toFixed(1);
  const recall: { candidates: number; overlap: number; searchP50Ms: number }[] = [];
  for (const candidates of grid) {
    let overlap = 0;
    const times: number[] = [];
    for (const [i, query] of queries.entries()) {
      const searchStart = performance.now();
      const [found, , counts] = index.search(query, Math.min(candidates, rows), 1);
      times.push(performance.now() - searchStart);
      const rowsFound: number[] = [];
      for (let j = 0; j < Number(counts[0] ?? 0n); j++) rowsFound.push(Number(found[j]));
      const truth = truths[i] as Set<number>;
      overlap += topTen(query, rowsFound).filter((row) => truth.has(row)).length / 10;
    }
    recall.push({
      candidates,
      overlap: +(overlap / queries.length).toFixed(3),
      searchP50Ms: +percentile(times, 50).toFixed(2),
    });
  }
  results.push({ connectivity, expansionAdd, buildSeconds, recall });
  console.log(
    `M ${connectivity}, ef_construction ${expansionAdd}: build ${buildSeconds} s (${threads} threads); ${recall
      .map((r) => `${r.candidates} candidates: overlap ${r.overlap}, graph search p50 ${r.searchP50Ms} ms`)
      .join("; ")}`,
  );
  // saved after each config: a sweep stopped halfway keeps what it measured
  console.log(`saved ${saveResult("hnsw-params", { rows, dimensions, threads, results })}`);
}
