/**
 * The write gate's near-duplicate scan (the int8 index's search with a minimum similarity of 0.97, block-norm bounds
 * on) over one user's rows, by how many rows the user holds, hash-embedder vectors of the scale corpus. With
 * `--before <dir>` (a checkout of an older commit, with node_modules) the older index runs in the same process,
 * alternating with this one, round by round. With `--store-rows <n>`, other users' rows fill each index up to n rows
 * (500 users, the same vectors over again) and, after the searches, each system takes `--writes` steps of a write's
 * work on the index (a new memory of the user added, then the gate's scan), timed one by one in alternating rounds of
 * ten: p50, p99, the largest and the first, i.e. what a scan's scratch costs once the index is large.
 * Usage: npm run bench:gate-scan [-- --users-rows 1000,4000,16000 --searches 2000] [--before <dir>]
 *   [--store-rows 1000000 --writes 2000]
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { quantizeInt8 } from "../src/mechanisms/quantization.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createVectorIndex, type VectorIndex } from "../src/stores/sqlite/vector-index.js";
import { describeMachine, percentile } from "./common.js";
import { scaleCorpus } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    "users-rows": { type: "string", default: "1000,4000,16000" },
    searches: { type: "string", default: "2000" },
    rounds: { type: "string", default: "5" },
    before: { type: "string" },
    "store-rows": { type: "string", default: "0" },
    writes: { type: "string", default: "2000" },
  },
});
const sizes = values["users-rows"].split(",").map(Number);
const searches = Number(values.searches);
const rounds = Number(values.rounds);
const storeRows = Number(values["store-rows"]);
const writes = Number(values.writes);

const systems: { name: string; create: (dimensions: number) => VectorIndex }[] = [];
if (values.before) {
  const older = (await import(join(resolve(values.before), "src/stores/sqlite/vector-index.ts"))) as {
    createVectorIndex: (dimensions: number) => VectorIndex;
  };
  systems.push({ name: "before", create: older.createVectorIndex });
}
systems.push({ name: values.before ? "after" : "this checkout", create: createVectorIndex });

const embedder = createHashEmbedder();
const largest = Math.max(...sizes);
// the user's rows, as many rows of another user beside them, and 200 other texts as the queries
const texts = [...scaleCorpus({ memories: 2 * largest + 200, users: 1, seed: 18 })].map(
  (t, i) => `${t.text} ${i}`,
);
const vectors = (await embedder.embed(texts)).map((v) => quantizeInt8(v as Float32Array));
const queries = vectors.slice(2 * largest).map((q) => ({ query: q.values, scale: q.scale }));
console.log(
  `${describeMachine()}; the write gate's scan (minimum similarity 0.97) over one user's rows, ${searches} searches a round, ${rounds} rounds`,
);
console.log("\n| rows of the user | system | µs a search (median of rounds) | rounds |");
console.log("|---:|---|---:|---|");
for (const size of sizes) {
  const indexes = systems.map((system) => {
    const index = system.create(vectors[0]?.values.length as number);
    for (let i = 0; i < 2 * size; i++) {
      const vector = vectors[i] as { values: Int8Array; scale: number };
      index.add({
        memoryId: `m${i}`,
        keyKind: "text",
        vector: vector.values,
        scale: vector.scale,
        user: i % 2 === 0 ? "probe" : "other",
        agent: null,
        session: null,
        kind: "episode",
        status: "active",
        occurredAt: i,
      });
    }
    // other users' rows around them, up to --store-rows
    for (let i = 2 * size; i < storeRows; i++) {
      const vector = vectors[i % (2 * size)] as { values: Int8Array; scale: number };
      index.add({
        memoryId: `o${i}`,
        keyKind: "text",
        vector: vector.values,
        scale: vector.scale,
        user: `user-${i % 500}`,
        agent: null,
        session: null,
        kind: "episode",
        status: "active",
        occurredAt: i,
      });
    }
    return { system, index, times: [] as number[], steps: [] as number[] };
  });
  const filter = { user: "probe", statuses: ["active"] };
  for (let round = 0; round <= rounds; round++) {
    for (const entry of round % 2 === 0 ? indexes : [...indexes].reverse()) {
      const started = performance.now();
      for (let i = 0; i < searches; i++)
        entry.index.searchMany([queries[i % queries.length] as (typeof queries)[number]], filter, 10, 0.97);
      // round 0 warms up (the block norms are made on the first scan)
      if (round > 0) entry.times.push(((performance.now() - started) / searches) * 1000);
    }
  }
  for (const { system, times } of indexes)
    console.log(
      `| ${size.toLocaleString("en")} | ${system.name} | ${percentile(times, 50).toFixed(1)} | ${times.map((t) => t.toFixed(0)).join(", ")} |`,
    );
  if (storeRows === 0) continue;
  // a write's work on the index: a new memory of the user, then the gate's scan (its vector as the query)
  for (let round = 0; round < writes / 10; round++) {
    for (const entry of round % 2 === 0 ? indexes : [...indexes].reverse()) {
      for (let i = 0; i < 10; i++) {
        const step = round * 10 + i;
        const vector = queries[step % queries.length] as (typeof queries)[number];
        const started = performance.now();
        entry.index.add({
          memoryId: `w${step}`,
          keyKind: "text",
          vector: vector.query,
          scale: vector.scale,
          user: "probe",
          agent: null,
          session: null,
          kind: "episode",
          status: "active",
          occurredAt: storeRows + step,
        });
        entry.index.searchMany([vector], filter, 10, 0.97);
        entry.steps.push((performance.now() - started) * 1000);
      }
    }
  }
  console.log(
    `\n${writes} write steps (add, then the gate's scan) on ${size.toLocaleString("en")} rows of the user among ${storeRows.toLocaleString("en")}, µs:`,
  );
  console.log("| system | first | p50 | p99 | largest |\n|---|---:|---:|---:|---:|");
  for (const { system, steps } of indexes)
    console.log(
      `| ${system.name} | ${(steps[0] ?? 0).toFixed(0)} | ${percentile(steps, 50).toFixed(1)} | ${percentile(steps, 99).toFixed(1)} | ${Math.max(...steps).toFixed(0)} |`,
    );
}
