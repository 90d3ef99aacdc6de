/**
 * HNSW candidates against overlap with the exact top-10 on a filled scale store (bench/scale.ts --db): the whole
 * tenant searched through the graph with the count its file carries ("measured"), with the count measured after the
 * store was searched with `--warmup` other queries of the same kind ("learned"), and with each `minCandidates` given
 * (the measure off), beside the exact scan's answer, and the search's p50. The graph's recall at a fixed count falls
 * as the index grows; this checks the measured count on queries no measure saw. Usage: npm run bench:hnsw-candidates
 *   -- --db <filled.db> [--candidates measured,learned,400,1000,2000,4000] [--queries 100] [--warmup 200]
 */
import { parseArgs } from "node:util";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, percentile, saveResult } from "./common.js";
import { scaleQueries } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    candidates: { type: "string", default: "measured,learned,400,1000,2000,4000" },
    warmup: { type: "string", default: "200" },
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
// "measured": the store's defaults, the count its file carries; "learned": the store's defaults after `--warmup` other
// queries of the same kind were searched (the store then measures its graph on them); a number: that many candidates,
// the measure off
type Entry = number | "measured" | "learned";
const grid = values.candidates
  .split(",")
  .map((entry): Entry => (entry === "measured" || entry === "learned" ? entry : Number(entry)));
const hash = createHashEmbedder();
// the queries bench:scale uses: the first words of turns of the same generator
const vectors = (await hash.embed(scaleQueries(Number(values.queries)))) as Float32Array[];
// other texts of the same generator (another seed), never among the queries measured
const warmup = (await hash.embed(scaleQueries(Number(values.warmup), 98))) as Float32Array[];
const tenant = { tenant: "default" };

const exact = createSqliteStore({ path, hnsw: false });
const truths: Set<string>[] = [];
/** The exact 10th similarity of each query: a result scoring as high is as near as the 10th (a tie). */
const tenths: number[] = [];
for (const vector of vectors) {
  const hits = await exact.searchVectors(tenant, vector, 10);
  truths.push(new Set(hits.map((hit) => hit.memoryId)));
  tenths.push(hits.at(-1)?.similarity ?? Number.NEGATIVE_INFINITY);
}
await exact.close();

console.log(`HNSW candidates on ${path}, ${vectors.length} queries, whole tenant, on ${describeMachine()}`);
const rows: {
  minCandidates: Entry;
  candidates: number;
  overlap: number;
  overlapWithTies: number;
  p50Ms: number;
  rows: number;
}[] = [];
for (const minCandidates of grid) {
  const graph = createSqliteStore({
    path,
    hnsw:
      typeof minCandidates === "string"
        ? { calibrationQueries: Number(values.warmup) }
        : { minCandidates, maxCandidates: Math.max(4096, minCandidates), recall: 0 },
  });
  // loads the vectors and the graph (with a warm-up query: a measure must never see the queries measured here)
  await graph.searchVectors(tenant, warmup[0] as Float32Array, 10);
  // a build that is due (a file from another release's parameters, rows written since) runs to its end first
  const buildStarted = performance.now();
  await graph.vectorIndexesIdle();
  const waited = (performance.now() - buildStarted) / 1000;
  if (waited > 1) console.log(`a due build of the graph ran first: ${waited.toFixed(0)} s`);
  if (minCandidates === "learned") {
    const learnStarted = performance.now();
    for (const vector of warmup) await graph.searchVectors(tenant, vector, 10);
    await graph.vectorIndexesIdle();
    console.log(
      `${warmup.length} other queries searched, and the graph measured on them: ${((performance.now() - learnStarted) / 1000).toFixed(0)} s`,
    );
  }
  let overlap = 0;
  let withTies = 0;
  const times: number[] = [];
  for (const [i, vector] of vectors.entries()) {
    const started = performance.now();
    const hits = await graph.searchVectors(tenant, vector, 10);
    times.push(performance.now() - started);
    overlap += hits.filter((hit) => truths[i]?.has(hit.memoryId)).length / 10;
    // results are exactly re-ranked, so a result's similarity is its true one
    const tenth = tenths[i] as number;
    withTies +=
      hits.filter((hit) => truths[i]?.has(hit.memoryId) || hit.similarity >= tenth - 1e-6).length / 10;
  }
  const stats = graph.vectorIndexStats().default;
  await graph.close();
  if (!stats?.graphSearches)
    throw new Error(`no search went through the graph at ${minCandidates}: is it built?`);
  const row = {
    minCandidates,
    candidates: stats.candidates,
    overlap: +(overlap / vectors.length).toFixed(3),
    overlapWithTies: +(withTies / vectors.length).toFixed(3),
    p50Ms: +percentile(times, 50).toFixed(2),
    rows: stats.rows,
  };
  rows.push(row);
  console.log(
    `${typeof minCandidates === "string" ? `${minCandidates} (defaults): ${row.candidates} candidates, measured on ${stats.measuredOn}` : `minCandidates ${minCandidates}`}: overlap with the exact top-10 ${row.overlap} (a result as near as the 10th counted: ${row.overlapWithTies}), search p50 ${row.p50Ms} ms${stats.calibration.length > 0 ? `; this process's build measured ${JSON.stringify(stats.calibration)}` : ""}`,
  );
}
console.log(`saved ${saveResult("hnsw-candidates", { rows })}`);
