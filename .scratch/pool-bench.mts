import { createEngine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { createRecallPool } from "../src/server/recall-pool.js";
import { syntheticSentences } from "../bench/common.js";
const path = "/tmp/hp/prof.db";
const engine = createEngine({ store: createSqliteStore({ path }), embedder: createHashEmbedder() });
const queries = syntheticSentences(200, 11).map((s) => s.split(" ").slice(0, 6).join(" "));
const flushMs = Number(process.argv[2] ?? 500);
const pool = createRecallPool({ size: 2, store: { kind: "sqlite", path }, embedder: { kind: "hash" }, reinforce: (t, p) => engine.store.updateMemories(t, p), flushMs });
for (let i = 0; i < 4; i++) await pool.recall({ query: queries[i]!, user: `u${i}` });
await new Promise((r) => setTimeout(r, 3000));
for (const mode of ["main", "pool"]) {
  const t = performance.now(); let n = 0;
  const lanes = Array.from({ length: 8 }, async (_, l) => { for (let i = 0; i < 10; i++) { const q = { query: queries[(l * 10 + i) % 200]!, user: `u${(l * 10 + i) % 50}`, k: 10 }; if (mode === "main") await engine.recall(q); else await pool.recall(q); n++; } });
  await Promise.all(lanes);
  console.log(mode, "flushMs", flushMs, "req/s", (n / ((performance.now() - t) / 1000)).toFixed(1));
}
await pool.close(); await engine.close();
