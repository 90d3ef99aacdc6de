/**
 * The write gate's near-duplicate scan (the int8 index's search with a minimum similarity of 0.97, block-norm bounds
 * on) over one user's rows, by how many rows the user holds, hash-embedder vectors of the scale corpus. With
 * `--before <dir>` (a checkout of an older commit, with node_modules) the older index runs in the same process,
 * alternating with this one, round by round.
 * Usage: npm run bench:gate-scan [-- --users-rows 1000,4000,16000 --searches 2000] [--before <dir>]
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
  },
});
const sizes = values["users-rows"].split(",").map(Number);
const searches = Number(values.searches);
const rounds = Number(values.rounds);

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
    return { system, index, times: [] as number[] };
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
}
