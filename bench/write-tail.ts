/**
 * The single write's tail with WAL checkpoints in a worker (`checkpoints: "background"`, the default) against inside
 * the commits (`"inline"`, SQLite's default), in one process: two stores of the same size, single remember() calls of
 * a new user alternating between them in rounds of ten, then p50 / p90 / p99 / p99.9 / max for each. The two files
 * are filled from the scale corpus (bench/scale-corpus.ts) unless given (`--db`, `--db-b`: two copies of one filled
 * file, e.g. bench:scale's 1M file); `--swap` gives each file the other mode, so a second run cancels what differs
 * between the files.
 * Usage: npm run bench:write-tail [-- --memories 50000 --rounds 300] [--db a.db --db-b b.db] [--swap]
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type Engine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, percentile } from "./common.js";
import { scaleCorpus } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    memories: { type: "string", default: "50000" },
    users: { type: "string", default: "25" },
    rounds: { type: "string", default: "300" },
    db: { type: "string" },
    "db-b": { type: "string" },
    swap: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), "engram-write-tail-"));
const embedder = createHashEmbedder();
const options = { deriveFacts: false, recallGain: 0 };

let first = values.db;
let second = values["db-b"];
if (!first || !second) {
  first = join(dir, "a.db");
  second = join(dir, "b.db");
  const memories = Number(values.memories);
  console.log(`filling ${memories.toLocaleString("en")} memories (scale corpus, hash embedder)…`);
  const engine = createEngine({ store: createSqliteStore({ path: first, hnsw: false }), embedder, options });
  let pending = [];
  for (const turn of scaleCorpus({ memories, users: Number(values.users), seed: 18 })) {
    pending.push(turn);
    if (pending.length === 1000) {
      await engine.remember(pending);
      pending = [];
    }
  }
  if (pending.length > 0) await engine.remember(pending);
  await engine.close();
  copyFileSync(first, second);
} else if (!existsSync(first) || !existsSync(second)) {
  console.error(`--db ${first} and --db-b ${second} must both exist: two copies of one filled store`);
  process.exit(2);
}

const modes = values.swap ? (["inline", "background"] as const) : (["background", "inline"] as const);
const stores: { mode: string; path: string; store: SqliteStore; engine: Engine; times: number[] }[] = [
  first,
  second,
].map((path, i) => {
  // no HNSW graph: a user's writes never search it, and a copy without its graph folder would start a build
  const store = createSqliteStore({ path, checkpoints: modes[i], hnsw: false });
  return {
    mode: modes[i] as string,
    path,
    store,
    engine: createEngine({ store, embedder, options }),
    times: [],
  };
});
console.log(
  `${describeMachine()}; ${rounds} rounds of 10 single writes a store, alternating; ${first} ${modes[0]}, ${second} ${modes[1]}`,
);

// the probe texts are made before any write is timed
const texts = [...scaleCorpus({ memories: rounds * 10, users: 1, seed: 99 })].map((t, i) => `${t.text} ${i}`);
const user = `write-tail-${Date.now()}`;
// one untimed write a store first: the first write into a large file reads its indexes from disk (seconds)
for (const s of stores) await s.engine.remember({ text: `warm-up ${user}`, user, session: "warm-up" });
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? stores : [...stores].reverse();
  for (const s of order) {
    for (let i = 0; i < 10; i++) {
      const text = texts[round * 10 + i] as string;
      const started = performance.now();
      await s.engine.remember({ text, user, session: `tail-${round}` });
      s.times.push(performance.now() - started);
    }
  }
}

const ms = (x: number) => x.toFixed(2);
console.log(
  "\n| checkpoints | writes | p50 ms | p90 | p99 | p99.9 | max | worker checkpoints | WAL file MiB |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const s of stores) {
  const wal = existsSync(`${s.path}-wal`) ? statSync(`${s.path}-wal`).size / 2 ** 20 : 0;
  const runs = s.store.walCheckpoints();
  console.log(
    `| ${s.mode}${runs.background ? "" : s.mode === "background" ? " (worker not started)" : ""} | ${s.times.length} | ${ms(percentile(s.times, 50))} | ${ms(percentile(s.times, 90))} | ${ms(percentile(s.times, 99))} | ${ms(percentile(s.times, 99.9))} | ${ms(Math.max(...s.times))} | ${runs.runs} | ${wal.toFixed(1)} |`,
  );
}
for (const s of stores) await s.engine.close();
rmSync(dir, { recursive: true, force: true });
