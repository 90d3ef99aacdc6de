/**
 * HNSW candidates against overlap with the exact top-10 on a filled scale store (bench/scale.ts --db): the whole
 * tenant searched through the graph with each `minCandidates` given, beside the exact scan's answer, and the search's
 * p50. The graph's recall at a fixed candidate count falls as the index grows, so this is the curve a deployment picks
 * its `hnsw.minCandidates` from. Usage: npm run bench:hnsw-candidates -- --db <filled.db> [--candidates 400,1000,2000]
 *   [--queries 100]
 */
import { parseArgs } from "node:util";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, percentile, saveResult } from "./common.js";
import { scaleCorpus } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    candidates: { type: "string", default: "400,1000,2000,4000" },
    queries: { type: "string", default: "100" },
  },
});
if (!values.db) {
  console.error(
    "give a filled store: --db <file> (npm run bench:scale -- --memories 1000000 --db <file> fills one)",
  );
  process.exit(2);
}
const path = values.db;
const grid = values.candidates.split(",").map(Number);
const hash = createHashEmbedder();
// the queries bench:scale uses: the first words of turns of the same generator
const texts: string[] = [];
for (const turn of scaleCorpus({ memories: Number(values.queries), users: 1, seed: 99 }))
  texts.push(turn.text.split(" ").slice(0, 7).join(" "));
const vectors = (await hash.embed(texts)) as Float32Array[];
const tenant = { tenant: "default" };

const exact = createSqliteStore({ path, hnsw: false });
const truths: Set<string>[] = [];
for (const vector of vectors)
  truths.push(new Set((await exact.searchVectors(tenant, vector, 10)).map((hit) => hit.memoryId)));
await exact.close();

console.log(`HNSW candidates on ${path}, ${vectors.length} queries, whole tenant, on ${describeMachine()}`);
const rows: { minCandidates: number; overlap: number; p50Ms: number; rows: number }[] = [];
for (const minCandidates of grid) {
  const graph = createSqliteStore({
    path,
    hnsw: { minCandidates, maxCandidates: Math.max(4096, minCandidates) },
  });
  await graph.searchVectors(tenant, vectors[0] as Float32Array, 10); // loads the vectors and the graph
  let overlap = 0;
  const times: number[] = [];
  for (const [i, vector] of vectors.entries()) {
    const started = performance.now();
    const hits = await graph.searchVectors(tenant, vector, 10);
    times.push(performance.now() - started);
    overlap += hits.filter((hit) => truths[i]?.has(hit.memoryId)).length / 10;
  }
  const stats = graph.vectorIndexStats().default;
  await graph.close();
  if (!stats?.graphSearches)
    throw new Error(`no search went through the graph at ${minCandidates}: is it built?`);
  const row = {
    minCandidates,
    overlap: +(overlap / vectors.length).toFixed(3),
    p50Ms: +percentile(times, 50).toFixed(2),
    rows: stats.rows,
  };
  rows.push(row);
  console.log(
    `minCandidates ${minCandidates}: overlap with the exact top-10 ${row.overlap}, search p50 ${row.p50Ms} ms`,
  );
}
console.log(`saved ${saveResult("hnsw-candidates", { rows })}`);
