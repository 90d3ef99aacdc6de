/**
 * Scale: the generated corpus (bench/scale-corpus.ts) written through the engine, then writes and recalls timed at that
 * size. Reports the bulk write rate, single-write p50 into an empty store, a store holding the probe user alone, the
 * full one, and the full one as a user it did not hold (alternating), recall p50/p99 for one user among many against
 * a store holding that user alone, the HNSW index against the exact scan (top-10 overlap, with and without a scope
 * filter), its build time and size, and peak RSS.
 * Usage: npm run bench:scale -- --memories 100000 --users 50 [--end-to-end] [--db path/to/keep.db] [--queries 200]
 *   [--write-rounds 100] [--write-order rotate|fixed] [--scoped-only] [--checkpoints background|inline] (a filled --db is reused; --scoped-only
 *   stops after the writes and the one-user recall)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type Engine } from "../src/core/index.js";
import { createHashEmbedder, createLocalEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import type { HnswOptions } from "../src/stores/sqlite/hnsw-index.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, machineInfo, peakRssMiB, percentile, saveResult } from "./common.js";
import { type ScaleTurn, scaleCorpus, scaleQueries } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    memories: { type: "string", default: "100000" },
    users: { type: "string", default: "50" },
    queries: { type: "string", default: "200" },
    batch: { type: "string", default: "1000" },
    db: { type: "string" },
    "end-to-end": { type: "boolean", default: false },
    // writes and the scoped recall only: no HNSW build wait, no whole-tenant recall, no index comparison
    "scoped-only": { type: "boolean", default: false },
    // rounds of 10 single writes per store (the p50 of 60 moves by ±15 % between quiet runs)
    "write-rounds": { type: "string", default: "100" },
    // "fixed": every round writes empty, alone, full, new user in that order (follow-ups 7–22); "rotate": each round
    // starts one store later, so no store always follows the same one
    "write-order": { type: "string", default: "fixed" },
    // where every store of the run folds its WAL: "background" (the default) or "inline" (SQLite's own)
    checkpoints: { type: "string", default: "background" },
  },
});
const checkpoints = values.checkpoints as "background" | "inline";
const memories = Number(values.memories);
const users = Number(values.users);
const queryCount = Number(values.queries);
const batch = Number(values.batch);
const probeUser = "user-0001";
const dir = mkdtempSync(join(tmpdir(), "engram-scale-"));
const path = values.db ?? join(dir, "scale.db");
const options = { deriveFacts: false, recallGain: 0 };

function engineOn(dbPath: string, embedder: Embedder, hnsw?: false): Engine {
  return createEngine({ store: createSqliteStore({ path: dbPath, hnsw, checkpoints }), embedder, options });
}

/**
 * CPU ms (this process, all threads) the write probes took, by store or writer: with wall times, it tells work from
 * waiting.
 */
const probeCpuMs = new Map<object, number>();

/** A round's probe turns, made before any is timed (the corpus generator allocates enough to set off collections). */
function probeTurns(seed: number, count: number): ScaleTurn[] {
  return [...scaleCorpus({ memories: count, users: 1, seed })];
}

/** Single remember() calls into a user of the store, timed one by one. */
async function writeProbes(
  engine: Engine,
  turns: ScaleTurn[],
  seed: number,
  user = probeUser,
  cpuKey: object = engine,
): Promise<number[]> {
  const times: number[] = [];
  let i = 0;
  for (const turn of turns) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await engine.remember({
      ...turn,
      user,
      session: `probe-${seed}`,
      text: `${turn.text} ${i++}`,
    });
    const used = process.cpuUsage(cpu);
    probeCpuMs.set(cpuKey, (probeCpuMs.get(cpuKey) ?? 0) + (used.user + used.system) / 1000);
    times.push(performance.now() - started);
  }
  return times;
}

/** The last fill's CPU seconds (this process, all threads): a rate that a loaded machine does not distort. */
let fillCpuSeconds = 0;

async function fill(engine: Engine, turns: Iterable<ScaleTurn>, total: number): Promise<number> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let pending: ScaleTurn[] = [];
  let done = 0;
  let lastReport = started;
  for (const turn of turns) {
    pending.push(turn);
    if (pending.length < batch) continue;
    await engine.remember(pending);
    done += pending.length;
    pending = [];
    if (performance.now() - lastReport > 30_000) {
      lastReport = performance.now();
      const rate = done / ((lastReport - started) / 1000);
      console.log(`  ${done.toLocaleString()} / ${total.toLocaleString()} written, ${rate.toFixed(0)}/s`);
    }
  }
  if (pending.length > 0) await engine.remember(pending);
  const cpu = process.cpuUsage(cpuBefore);
  fillCpuSeconds = (cpu.user + cpu.system) / 1e6;
  return (performance.now() - started) / 1000;
}

interface RecallFigures {
  p50: number;
  p99: number;
  /** CPU milliseconds of this process (all threads) per recall: what a loaded machine does not inflate. */
  cpuMs: number;
}

async function recallTimes(
  engine: Engine,
  user: string | undefined,
  texts: string[],
): Promise<RecallFigures> {
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (const query of texts) {
    const started = performance.now();
    await engine.recall({ query, user, k: 10 });
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    p50: +percentile(times, 50).toFixed(2),
    p99: +percentile(times, 99).toFixed(2),
    cpuMs: +((cpu.user + cpu.system) / 1000 / texts.length).toFixed(2),
  };
}

/** Top-10 overlap of the HNSW path with the exact scan over the same file. */
async function hnswOverlap(
  embedder: Embedder,
  texts: string[],
  user: string | undefined,
  hnsw: Partial<HnswOptions> = user ? { exactRows: 0 } : {},
) {
  const graph = createSqliteStore({ path, hnsw });
  const exact = createSqliteStore({ path, hnsw: false });
  let overlap = 0;
  const times: number[] = [];
  try {
    for (const query of texts) {
      const [vector] = await embedder.embed([query]);
      if (!vector) continue;
      const filter = { tenant: "default", ...(user ? { user } : {}) };
      const started = performance.now();
      const fromGraph = await graph.searchVectors(filter, vector, 10);
      times.push(performance.now() - started);
      const truth = new Set((await exact.searchVectors(filter, vector, 10)).map((hit) => hit.memoryId));
      overlap += fromGraph.filter((hit) => truth.has(hit.memoryId)).length / Math.max(1, truth.size);
    }
    const stats = graph.vectorIndexStats().default;
    return {
      recallOfExactTop10: +(overlap / texts.length).toFixed(3),
      searchP50Ms: +percentile(times, 50).toFixed(2),
      graphSearches: stats?.graphSearches ?? 0,
      exactSearches: stats?.exactSearches ?? 0,
    };
  } finally {
    await graph.close();
    await exact.close();
  }
}

function folderSize(folder: string): number {
  if (!existsSync(folder)) return 0;
  return readdirSync(folder).reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
}

console.log(
  `scale: ${memories.toLocaleString()} memories, ${users} users, WAL checkpoints ${checkpoints}, on ${describeMachine()}`,
);
const hash = createHashEmbedder();
const texts = scaleQueries(queryCount);
const result: Record<string, unknown> = { machine: machineInfo(), memories, users, batch };

// 1. writes into an empty store, then the bulk fill
const emptyDir = mkdtempSync(join(tmpdir(), "engram-scale-empty-"));
const empty = engineOn(join(emptyDir, "empty.db"), hash);
await empty.remember({ text: "warm-up", user: probeUser });

// scoped-only: no HNSW index (a scoped recall scans its scope exactly; a background rebuild would skew CPU time)
let engine = engineOn(path, hash, values["scoped-only"] ? false : undefined);
const existing = (await engine.stats()).memories;
if (existing < memories) {
  console.log(`filling ${path} (${existing.toLocaleString()} memories there)…`);
  const seconds = await fill(engine, scaleCorpus({ memories, users }), memories);
  result.fill = {
    seconds: +seconds.toFixed(1),
    perSecond: Math.round(memories / seconds),
    cpuSeconds: +fillCpuSeconds.toFixed(1),
    perCpuSecond: Math.round(memories / fillCpuSeconds),
  };
  console.log("fill:", result.fill);
}
// the first recall loads the vectors; the HNSW build waits for the writes to go quiet, in the background
const loadStarted = performance.now();
await engine.recall({ query: "warm up", user: probeUser });
const loadSeconds = (performance.now() - loadStarted) / 1000;
// the probe user's memories alone in a store of their own: its writes scan the same scope as the full store's, so
// empty → alone is what the scope's size costs a write, alone → full what the rest of the store costs
const aloneDir = mkdtempSync(join(tmpdir(), "engram-scale-alone-"));
const alone = engineOn(join(aloneDir, "alone.db"), hash);
await fill(
  alone,
  [...scaleCorpus({ memories, users })].filter((turn) => turn.user === probeUser),
  memories / users,
);
// single writes into the empty store, the user alone and the full one, in alternating rounds of ten (one shared
// machine: a burst of load lands on all of them). 100 rounds by default: the p50 of 60 or 300 writes a store moved by
// 7–20 points between quiet runs of the same code, more than the ±20 % band it is compared with.
const emptyProbes: number[] = [];
const aloneProbes: number[] = [];
const fullProbes: number[] = [];
// a user the full store does not hold yet, as the empty store's writer starts: the same scope, another store size
const newcomerProbes: number[] = [];
const newcomer = { user: `newcomer-${Date.now()}` };
const writeRounds = Number(values["write-rounds"]);
const writeOrder = values["write-order"];
if (writeOrder !== "rotate" && writeOrder !== "fixed") throw new Error("--write-order is rotate or fixed");
const roundTurns = Array.from({ length: writeRounds }, (_, round) => ({
  own: probeTurns(10 + round, 10),
  probe: probeTurns(20 + round, 10),
}));
// whether the full store's graph was being built in the background while the probes wrote (it competes for the cores)
const buildingDuringWrites = (engine.store as SqliteStore).vectorIndexStats().default?.building ?? false;
const roundRatios: number[] = [];
for (const [round, turns] of roundTurns.entries()) {
  let emptyRound: number[] = [];
  let newcomerRound: number[] = [];
  const writers = [
    async () => {
      emptyRound = await writeProbes(empty, turns.own, 10 + round);
    },
    async () => {
      aloneProbes.push(...(await writeProbes(alone, turns.probe, 20 + round)));
    },
    async () => {
      fullProbes.push(...(await writeProbes(engine, turns.probe, 20 + round)));
    },
    async () => {
      newcomerRound = await writeProbes(engine, turns.own, 10 + round, newcomer.user, newcomer);
    },
  ];
  // "rotate": each round starts one writer later, so no store always writes right after the same other one
  const first = writeOrder === "rotate" ? round % writers.length : 0;
  for (let i = 0; i < writers.length; i++) await writers[(first + i) % writers.length]?.();
  emptyProbes.push(...emptyRound);
  newcomerProbes.push(...newcomerRound);
  roundRatios.push(percentile(newcomerRound, 50) / percentile(emptyRound, 50));
}
const buildingAfterWrites = (engine.store as SqliteStore).vectorIndexStats().default?.building ?? false;
await empty.close();
rmSync(emptyDir, { recursive: true, force: true });
result.writeP50Ms = {
  empty: +percentile(emptyProbes, 50).toFixed(2),
  userAlone: +percentile(aloneProbes, 50).toFixed(2),
  full: +percentile(fullProbes, 50).toFixed(2),
  newUserInFull: +percentile(newcomerProbes, 50).toFixed(2),
};
result.writeCpuMs = {
  empty: +((probeCpuMs.get(empty) ?? 0) / emptyProbes.length).toFixed(2),
  userAlone: +((probeCpuMs.get(alone) ?? 0) / aloneProbes.length).toFixed(2),
  full: +((probeCpuMs.get(engine) ?? 0) / fullProbes.length).toFixed(2),
  newUserInFull: +((probeCpuMs.get(newcomer) ?? 0) / newcomerProbes.length).toFixed(2),
};
// a round's ratio (a new user in the full store ÷ the empty store, p50 of its ten writes each): the spread shows how
// much of the overall ratio is the machine's noise
result.writeRatioNewUserToEmpty = {
  writeOrder,
  overall: +(percentile(newcomerProbes, 50) / percentile(emptyProbes, 50)).toFixed(3),
  roundMedian: +percentile(roundRatios, 50).toFixed(3),
  roundQuartiles: [+percentile(roundRatios, 25).toFixed(3), +percentile(roundRatios, 75).toFixed(3)],
  graphBuildRunning: { atStart: buildingDuringWrites, atEnd: buildingAfterWrites },
};
console.log("single write p50 ms:", result.writeP50Ms, "CPU ms a write:", result.writeCpuMs);
console.log("new user in the full store ÷ empty store:", JSON.stringify(result.writeRatioNewUserToEmpty));
const save = () => saveResult(`scale-${memories}`, { ...result, peakRssMiB: peakRssMiB() });
save();

// 2. recall for one user among many against the same user alone, interleaved rounds (a user's scope is scanned
// exactly whatever the HNSW index is doing, so this needs no wait for it)
const rounds: Record<string, RecallFigures[]> = { oneUser: [], alone: [] };
for (let round = 0; round < 2; round++) {
  rounds.oneUser?.push(await recallTimes(engine, probeUser, texts));
  rounds.alone?.push(await recallTimes(alone, probeUser, texts));
}
result.recallStoreAlone = rounds;
console.log("recall (hash embedder, store alone), per round:", JSON.stringify(rounds));
await alone.close();
rmSync(aloneDir, { recursive: true, force: true });
save();
if (values["scoped-only"]) {
  await engine.close();
  console.log(`peak RSS ${peakRssMiB()} MiB; saved ${save()}`);
  process.exit(0);
}

// 3. the HNSW build, then the tenant as a whole
const buildStarted = performance.now();
await (engine.store as SqliteStore).vectorIndexesIdle();
result.vectorIndex = {
  loadSeconds: +loadSeconds.toFixed(1),
  hnswBuildSecondsAfterRecalls: +((performance.now() - buildStarted) / 1000).toFixed(1),
  hnswFileMiB: +(folderSize(`${path}.hnsw`) / 2 ** 20).toFixed(1),
  databaseMiB: +(statSync(path).size / 2 ** 20).toFixed(1),
};
console.log("vector index:", result.vectorIndex);
result.recallTenant = await recallTimes(engine, undefined, texts);
console.log("recall, whole tenant:", result.recallTenant);
save();

// 4. end to end: the local model embeds each query (the stored vectors stay the hash embedder's)
if (values["end-to-end"]) {
  const local = createLocalEmbedder();
  await local.embed(["warm up"]);
  const timedQuery: Embedder = {
    id: hash.id,
    dimensions: hash.dimensions,
    async embed(batchTexts) {
      await local.embed(batchTexts);
      return hash.embed(batchTexts);
    },
  };
  await engine.close();
  engine = engineOn(path, timedQuery);
  await engine.recall({ query: "warm up", user: probeUser });
  result.recallEndToEnd = {
    oneUser: await recallTimes(engine, probeUser, texts),
    tenant: await recallTimes(engine, undefined, texts),
  };
  console.log("recall end to end (use-lite query embedding):", result.recallEndToEnd);
  await local.close?.();
  save();
}
await engine.close();

// 4. the HNSW index against the exact scan
result.hnsw = {
  tenant: await hnswOverlap(hash, texts, undefined),
  oneUserThroughGraph: await hnswOverlap(hash, texts, probeUser),
  // the default sends a filter that would need more than maxCandidates to the exact scan; this forces the graph anyway
  oneUserForcedThroughGraph: await hnswOverlap(hash, texts, probeUser, {
    exactRows: 0,
    maxCandidates: Number.POSITIVE_INFINITY,
  }),
};
console.log("HNSW vs exact:", result.hnsw);
result.peakRssMiB = peakRssMiB();
console.log(`peak RSS ${result.peakRssMiB} MiB; saved ${save()}`);
if (!values.db) rmSync(dir, { recursive: true, force: true });
