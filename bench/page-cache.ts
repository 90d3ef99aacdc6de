/**
 * What the SQLite connection's page cache (`pageCacheMiB`) does to single writes and a user's recall, in one process:
 * two empty stores and two copies of one large file (bench:scale's 1M file), one of each pair with SQLite's default
 * of 2 MiB and one with `--mib` (default: the store's default), then rounds of ten single writes of a new user into
 * each store in turn (the order reversed every round) and, in the large copies, one recall of a user they hold.
 * Prints p50 / p90 / mean a write for each store, the large store's p50 over the empty one's for each cache size
 * (issue 18's ±20 % target), and recall p50 / p90. `--swap` gives each large copy the other cache, so a second run
 * cancels what differs between the copies.
 * Usage: npm run bench:page-cache -- --db <1M file> --db-b <a copy of it> [--rounds 150] [--mib 64] [--swap]
 *   [--writes-only]
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type Engine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { DEFAULT_PAGE_CACHE_MIB } from "../src/stores/sqlite/open-database.js";
import { describeMachine, percentile } from "./common.js";
import { scaleCorpus } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    "db-b": { type: "string" },
    rounds: { type: "string", default: "150" },
    mib: { type: "string", default: String(DEFAULT_PAGE_CACHE_MIB) },
    user: { type: "string", default: "user-0001" },
    swap: { type: "boolean", default: false },
    // writes only: no recall between the rounds (what a recall reads may take the write's pages out of the cache)
    "writes-only": { type: "boolean", default: false },
  },
});
const large = [values.db, values["db-b"]];
if (!large.every((path) => path !== undefined && existsSync(path))) {
  console.error(
    "--db and --db-b must both exist: two copies of one filled store (e.g. bench:scale's 1M file)",
  );
  process.exit(2);
}
const rounds = Number(values.rounds);
const mib = Number(values.mib);
const sizes = values.swap ? [mib, 2] : [2, mib];
const dir = mkdtempSync(join(tmpdir(), "engram-page-cache-"));
const embedder = createHashEmbedder();
const options = { deriveFacts: false, recallGain: 0 };

interface Probe {
  label: string;
  mib: number;
  engine: Engine;
  writes: number[];
  recalls: number[];
  large: boolean;
}
const probes: Probe[] = [
  { path: join(dir, "empty-a.db"), mib: 2, large: false },
  { path: join(dir, "empty-b.db"), mib, large: false },
  { path: large[0] as string, mib: sizes[0] as number, large: true },
  { path: large[1] as string, mib: sizes[1] as number, large: true },
].map(({ path, mib, large }) => ({
  label: `${large ? path : "empty"}, ${mib} MiB`,
  mib,
  large,
  // no HNSW graph: a user's writes and recalls never search it, and a copy without its graph folder would build one
  engine: createEngine({
    store: createSqliteStore({ path, hnsw: false, pageCacheMiB: mib }),
    embedder,
    options,
  }),
  writes: [],
  recalls: [],
}));
console.log(`${describeMachine()}; ${rounds} rounds of 10 single writes a store and 1 recall a large store`);

// the texts are made before anything is timed; the first write and recall of a large file read it from disk
const texts = [...scaleCorpus({ memories: rounds * 11, users: 1, seed: 20 })].map((t, i) => `${t.text} ${i}`);
const user = `page-cache-${Date.now()}`;
for (const p of probes) {
  await p.engine.remember({ text: `warm-up ${user}`, user, session: "warm-up" });
  if (p.large && !values["writes-only"])
    await p.engine.recall({ query: "warm up", user: values.user, k: 10 });
}
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? probes : [...probes].reverse();
  for (const p of order) {
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await p.engine.remember({ text: texts[round * 10 + i] as string, user, session: `cache-${round}` });
      p.writes.push(performance.now() - started);
    }
    if (!p.large || values["writes-only"]) continue;
    const started = performance.now();
    await p.engine.recall({ query: texts[rounds * 10 + round] as string, user: values.user, k: 10 });
    p.recalls.push(performance.now() - started);
  }
}

const ms = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log("\n| store, page cache | writes | p50 ms | p90 | mean | recall p50 ms | recall p90 |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const p of probes) {
  const recall =
    p.recalls.length > 0 ? `${ms(percentile(p.recalls, 50))} | ${ms(percentile(p.recalls, 90))}` : "| ";
  console.log(
    `| ${p.label} | ${p.writes.length} | ${ms(percentile(p.writes, 50))} | ${ms(percentile(p.writes, 90))} | ${ms(mean(p.writes))} | ${recall} |`,
  );
}
for (const size of [2, mib]) {
  const [empty, full] = [false, true].map(
    (l) => probes.find((p) => p.large === l && p.mib === size) as Probe,
  );
  const ratio = percentile((full as Probe).writes, 50) / percentile((empty as Probe).writes, 50);
  console.log(`${size} MiB: large store's write p50 over the empty store's ${ratio.toFixed(3)}`);
}
for (const p of probes) await p.engine.close();
rmSync(dir, { recursive: true, force: true });
