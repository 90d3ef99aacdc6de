import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { percentile } from "./common.js";
import { scaleCorpus } from "./scale-corpus.js";

const rounds = Number(process.argv[2] ?? 150);
const embedder = createHashEmbedder();
const options = { deriveFacts: false, recallGain: 0 };
const dir = mkdtempSync(join(tmpdir(), "ab-"));
const paths = [join(dir, "empty.db"), "/tmp/scale/s1m-b.db"];
const stores = paths.map((path) => {
  const store = createSqliteStore({ path, hnsw: false });
  return { path, engine: createEngine({ store, embedder, options }), times: [] as number[] };
});
const texts = [...scaleCorpus({ memories: rounds * 10, users: 1, seed: 77 })].map((t, i) => `${t.text} ${i}`);
const user = `ab-${Date.now()}`;
for (const s of stores) await s.engine.remember({ text: `warm-up ${user}`, user, session: "w" });
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? stores : [...stores].reverse();
  for (const s of order)
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await s.engine.remember({ text: texts[round * 10 + i] as string, user, session: `r${round}` });
      s.times.push(performance.now() - t0);
    }
}
const [e, m] = stores as [(typeof stores)[0], (typeof stores)[0]];
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
console.log(`cache=${process.env.AB_CACHE ?? "default"} empty p50 ${percentile(e.times, 50).toFixed(3)} mean ${mean(e.times).toFixed(3)} | 1M p50 ${percentile(m.times, 50).toFixed(3)} mean ${mean(m.times).toFixed(3)} ratio ${(percentile(m.times, 50) / percentile(e.times, 50)).toFixed(3)}`);
for (const s of stores) await s.engine.close();
