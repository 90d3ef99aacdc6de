/**
 * Calibration of recall's fusion on the LoCoMo dev file: ingest once (embeddings cached on disk under bench/results),
 * then evaluate a grid of read options on the same stores. Used to choose the defaults in src/core/schemas.ts;
 * the defaults are then fixed, and `npm run bench:locomo` reports them.
 * Usage: tsx bench/locomo-tune.ts [--embedder local|hash] [--grid '<json array of option objects>'] [--write '<json>']
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type EngineOptionsInput } from "../src/core/index.js";
import { turnText } from "../src/evaluation/locomo.js";
import { loadLocomo } from "../src/evaluation/locomo-data.js";
import { createEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine } from "./common.js";

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

/** Vectors cached on disk by text, so repeated calibration runs embed each turn once. */
function diskCached(inner: Embedder): Embedder & { save(): void } {
  const path = resolve(
    import.meta.dirname,
    "results",
    `embeddings-${inner.id.replace(/[^a-z0-9.-]/gi, "_")}.json`,
  );
  const cache = new Map<string, number[] | null>(
    existsSync(path) ? Object.entries(JSON.parse(readFileSync(path, "utf8"))) : [],
  );
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length > 0) {
        const vectors = await inner.embed(missing);
        missing.forEach((t, i) => {
          cache.set(t, vectors[i] ? Array.from(vectors[i] as Float32Array) : null);
        });
      }
      return texts.map((t) => {
        const v = cache.get(t);
        return v ? Float32Array.from(v) : null;
      });
    },
    save() {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, JSON.stringify(Object.fromEntries(cache)));
    },
  };
}

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
  const items = conversation.turns.map((turn) => ({
    text: turnText(turn),
    user: conversation.id,
    session: `session_${turn.session}`,
    speaker: turn.speaker,
    at: turn.at,
    source: turn.diaId,
  }));
  for (let i = 0; i < items.length; i += 64) await engine.remember(items.slice(i, i + 64));
  stores.push({ conversation, store });
}
embedder.save();

for (const options of grid) {
  const sums: Record<string, number[]> = {};
  const counts: Record<string, number> = {};
  for (const { conversation, store } of stores) {
    const engine = createEngine({ store, embedder, options: { recallGain: 0, ...writeOptions, ...options } });
    for (const q of conversation.questions) {
      const { results } = await engine.recall({
        query: q.question,
        user: conversation.id,
        k: Math.max(...ks),
        now: conversation.lastSessionAt,
      });
      const ranked = results.map((r) => r.sources.map((s) => s.source));
      for (const key of ["all", String(q.category)]) {
        sums[key] ??= ks.map(() => 0);
        counts[key] = (counts[key] ?? 0) + 1;
        ks.forEach((k, i) => {
          const found = new Set(ranked.slice(0, k).flat());
          (sums[key] as number[])[i] =
            ((sums[key] as number[])[i] as number) +
            q.evidence.filter((e) => found.has(e)).length / q.evidence.length;
        });
      }
    }
  }
  const cell = (key: string, i: number) => (((sums[key]?.[i] ?? 0) * 100) / (counts[key] ?? 1)).toFixed(1);
  const i10 = ks.indexOf(10);
  console.log(
    `${JSON.stringify(options).padEnd(70)} all ${ks.map((_, i) => cell("all", i)).join("/")}  @10 by cat 1:${cell("1", i10)} 2:${cell("2", i10)} 3:${cell("3", i10)} 4:${cell("4", i10)} 5:${cell("5", i10)}`,
  );
}
for (const { store } of stores) await store.close();
rmSync(dir, { recursive: true, force: true });
