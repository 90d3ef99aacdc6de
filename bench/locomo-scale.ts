/**
 * What the scale paths cost in recall: LoCoMo dev (hash embedder, so that a store of generated memories can hold the
 * conversations too) with each conversation in a small store of its own, with the lexical bound forced far below the
 * conversation's size, with every vector search going through HNSW, and planted as new users inside a large store
 * (a copy of a bench:scale database). Engram's evidence recall@10 for each, in one run.
 * Usage: npm run bench:locomo-scale -- [--planted path/to/scale.db] [--skip-variants (only the small stores and the planted run)]
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runLocomo } from "../src/evaluation/locomo.js";
import { createHashEmbedder } from "../src/providers/index.js";
import type { Store } from "../src/spec/store.js";
import { createSqliteStore, type SqliteStoreOptions } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine, machineInfo, saveResult } from "./common.js";

const { values } = parseArgs({
  options: { planted: { type: "string" }, "skip-variants": { type: "boolean", default: false } },
});
const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.error("LoCoMo dev file not found: set ENGRAM_DATA_DIR");
  process.exit(2);
}
const embedder = createHashEmbedder();
const dir = mkdtempSync(join(tmpdir(), "engram-locomo-scale-"));
let counter = 0;

/** A store that waits for its HNSW index before each vector search, so that every search can use it. */
function builtFirst(options: SqliteStoreOptions): Store {
  const store = createSqliteStore(options);
  return {
    ...store,
    async searchVectors(filter, query, limit) {
      await store.vectorIndexesIdle();
      return store.searchVectors(filter, query, limit);
    },
  };
}

async function run(label: string, engramStore: (label: string) => Store) {
  const started = performance.now();
  const report = await runLocomo({
    path: file as string,
    ks: [5, 10, 25],
    embedder,
    createStore: (name) =>
      name.endsWith("-engram")
        ? engramStore(name)
        : createSqliteStore({ path: join(dir, `${counter++}-baseline.db`) }),
  });
  const row = {
    label,
    recallAt10: report.recall.all?.["10"],
    recallAt5: report.recall.all?.["5"],
    recallAt25: report.recall.all?.["25"],
    latencyP50: report.latency.p50,
    seconds: +((performance.now() - started) / 1000).toFixed(0),
  };
  console.log(JSON.stringify(row));
  return row;
}

console.log(`LoCoMo dev at scale (hash embedder) on ${describeMachine()}`);
const rows = [
  await run("small store per conversation", () => createSqliteStore({ path: join(dir, `${counter++}.db`) })),
];
if (!values["skip-variants"]) {
  rows.push(
    await run("lexical bound forced (exact up to 50 matching rows, then the 100 newest)", () =>
      createSqliteStore({ path: join(dir, `${counter++}.db`), lexical: { exactRows: 50, newestRows: 100 } }),
    ),
    await run("every vector search through HNSW", () =>
      builtFirst({ path: join(dir, `${counter++}.db`), hnsw: { minRows: 100, exactRows: 0, quietMs: 0 } }),
    ),
  );
}
if (values.planted && existsSync(values.planted)) {
  const copy = join(dir, "planted.db");
  // the file with its write-ahead log and its HNSW index, as a running deployment has them
  copyFileSync(values.planted, copy);
  for (const suffix of ["-wal", "-shm"])
    if (existsSync(`${values.planted}${suffix}`))
      copyFileSync(`${values.planted}${suffix}`, `${copy}${suffix}`);
  if (existsSync(`${values.planted}.hnsw`))
    cpSync(`${values.planted}.hnsw`, `${copy}.hnsw`, { recursive: true });
  rows.push(
    await run(`planted as 5 new users in a copy of ${values.planted}`, () =>
      createSqliteStore({ path: copy }),
    ),
  );
}
console.log(`saved ${saveResult("locomo-scale", { machine: machineInfo(), rows })}`);
rmSync(dir, { recursive: true, force: true });
