/**
 * Calibration of recall's fusion on the LoCoMo dev file: ingest once (embeddings cached on disk under bench/results),
 * then evaluate a grid of read options on the same stores. Used to choose the defaults in src/core/schemas.ts;
 * the defaults are then fixed, and `npm run bench:locomo` reports them.
 * Usage: tsx bench/locomo-tune.ts [--embedder local|hash] [--grid '<json array of option objects>'] [--write '<json>']
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type EngineOptionsInput } from "../src/core/index.js";
import { createRecallTable, ingestConversation, recalledTurns } from "../src/evaluation/locomo.js";
import { loadLocomo } from "../src/evaluation/locomo-data.js";
import { createEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine } from "./common.js";
import { diskCached } from "./embedding-cache.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    grid: { type: "string", default: "[{}]" },
    write: { type: "string", default: "{}" },
    ks: { type: "string", default: "5,10,25,50" },
    kinds: { type: "string" },
  },
});
const ks = values.ks.split(",").map(Number);
const grid = JSON.parse(values.grid) as EngineOptionsInput[];
const writeOptions = JSON.parse(values.write) as EngineOptionsInput;

const path = dataFile("locomo", "locomo-dev.json");
if (!path) throw new Error("LoCoMo dev file not found: set ENGRAM_DATA_DIR");
const data = loadLocomo(path);
const embedder = diskCached(createEmbedder({ kind: values.embedder as "local" | "hash" }));
const dir = mkdtempSync(join(tmpdir(), "engram-tune-"));
console.log(
  `calibration on ${describeMachine()}, embedder ${embedder.id}, write ${JSON.stringify(writeOptions)}`,
);

const stores = [];
for (const conversation of data.conversations) {
  const store = createSqliteStore({ path: join(dir, `${conversation.id}.db`) });
  const engine = createEngine({ store, embedder, options: writeOptions });
  await ingestConversation(engine, conversation);
  stores.push({ conversation, store });
}
embedder.save();

for (const options of grid) {
  const table = createRecallTable(ks);
  for (const { conversation, store } of stores) {
    const engine = createEngine({ store, embedder, options: { recallGain: 0, ...writeOptions, ...options } });
    for (const q of conversation.questions) {
      const { results } = await engine.recall({
        query: q.question,
        user: conversation.id,
        k: Math.max(...ks),
        now: conversation.lastSessionAt,
        kinds: values.kinds?.split(",") as never,
      });
      table.add(q.category, await recalledTurns(store, "default", results), q.evidence);
    }
  }
  const recall = table.table();
  const at10 = ["1", "2", "3", "4", "5"].map((c) => `${c}:${recall[c]?.["10"] ?? "–"}`).join(" ");
  console.log(
    `${JSON.stringify(options).padEnd(70)} all ${ks.map((k) => recall.all?.[String(k)]).join("/")}  @10 by cat ${at10}`,
  );
}
for (const { store } of stores) await store.close();
rmSync(dir, { recursive: true, force: true });
