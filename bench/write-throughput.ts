/**
 * Write throughput: memories per second through the engine (embedding, write gate, SQLite transaction), with the
 * local model and with the hash embedder (facts derived, and not), in one run; rates per wall second and per CPU second
 * of this process (the second is what a loaded machine does not distort). Usage: npm run bench:write [-- --local 2000
 * --hash 20000 --batch 1000 --facts on|off|both] (`--local 0` skips the local model's row). Beyond the corpus's size the texts repeat, each
 * pass over the corpus as another user: a user's texts are all distinct, so nothing is a duplicate of a padded copy.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine } from "../src/core/index.js";
import { createHashEmbedder, createLocalEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";
import { extractFacts } from "../src/text/facts/index.js";
import {
  describeMachine,
  locomoSentences,
  machineInfo,
  peakRssMiB,
  saveResult,
  syntheticSentences,
} from "./common.js";

const { values } = parseArgs({
  options: {
    local: { type: "string", default: "2000" },
    hash: { type: "string", default: "20000" },
    batch: { type: "string", default: "64" },
    facts: { type: "string", default: "both" },
    /** Worker threads for fact extraction (default: the engine's, every core but one, at most 3). */
    workers: { type: "string" },
  },
});
const batch = Number(values.batch);

/**
 * CPU milliseconds of this process's main thread so far (Linux: utime + stime of /proc/self/task/<pid>/stat, in
 * ticks of 10 ms), or null where that file is not there. It leaves out V8's optimising compiler and GC threads, which
 * another process's load shifts from run to run (a short run's compiler thread is a third of its CPU).
 */
function mainThreadCpuMs(): number | null {
  try {
    const fields =
      readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** A store whose calls add their time to `spent` (SQLite's work is synchronous: the time until a call returns). */
function timedStore(store: SqliteStore, spent: Map<string, number>): SqliteStore {
  const timed = <T extends (...args: never[]) => unknown>(name: string, work: T): T =>
    ((...args: never[]) => {
      const started = performance.now();
      const result = work(...args);
      spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
      return result;
    }) as T;
  return {
    ...store,
    write: timed("store write", store.write),
    searchVectors: timed("near-duplicate search", store.searchVectors),
    searchVectorsMany: timed("near-duplicate search", store.searchVectorsMany),
    findByTextHash: timed("exact-duplicate look-up", store.findByTextHash),
  };
}

/** Timed embedding calls. */
function timedEmbedder(embedder: Embedder, spent: Map<string, number>): Embedder {
  return {
    ...embedder,
    id: embedder.id,
    dimensions: embedder.dimensions,
    async embed(texts) {
      const started = performance.now();
      try {
        return await embedder.embed(texts);
      } finally {
        spent.set("embedding", (spent.get("embedding") ?? 0) + performance.now() - started);
      }
    },
  };
}

async function measure(name: string, embedder: Embedder, texts: string[], deriveFacts = true) {
  const dir = mkdtempSync(join(tmpdir(), "engram-bench-"));
  const spent = new Map<string, number>();
  const engine = createEngine({
    store: timedStore(createSqliteStore({ path: join(dir, "bench.db") }), spent),
    embedder: timedEmbedder(embedder, spent),
    options: {
      deriveFacts,
      ...(values.workers === undefined ? {} : { extractionWorkers: Number(values.workers) }),
    },
  });
  try {
    // Load time is not counted: the embedding model, the parsers (wink-nlp, compromise, chrono load on the first text
    // that needs them) and the extraction workers (a batch of 64 or more reaches them) are loaded by a batch of the
    // corpus's own texts written as a user of their own, as a server that has run a while has them loaded.
    await engine.remember(texts.slice(0, 128).map((text) => ({ text, user: "warm-up" })));
    spent.clear();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    let inserted = 0;
    for (let i = 0; i < texts.length; i += batch) {
      const result = await engine.remember(
        texts.slice(i, i + batch).map((text, j) => ({
          text,
          user: `bench-${Math.floor((i + j) / corpus.length)}`,
          session: `s${(i + j) % 20}`,
        })),
      );
      inserted += result.inserted;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const mainAfter = mainThreadCpuMs();
    const mainSeconds = mainBefore === null || mainAfter === null ? null : (mainAfter - mainBefore) / 1000;
    const row = {
      embedder: name,
      deriveFacts,
      cpuSeconds: +cpuSeconds.toFixed(2),
      perCpuSecond: Math.round(texts.length / cpuSeconds),
      perMainThreadCpuSecond: mainSeconds ? Math.round(texts.length / mainSeconds) : null,
      memories: texts.length,
      inserted,
      seconds: +seconds.toFixed(2),
      perSecond: Math.round(texts.length / seconds),
      breakdownMsPerMemory: breakdown(spent, seconds * 1000, texts, deriveFacts),
    };
    console.log(
      `${name.padEnd(16)} facts ${deriveFacts ? "on " : "off"} ${String(row.memories).padStart(6)} memories in ${row.seconds.toFixed(1)} s: ${row.perSecond} memories/s (${row.perCpuSecond} per CPU second${row.perMainThreadCpuSecond === null ? "" : `, ${row.perMainThreadCpuSecond} per main-thread CPU second`})`,
    );
    console.log(
      `${"".padEnd(16)} ms per memory: ${Object.entries(row.breakdownMsPerMemory)
        .map(([part, ms]) => `${part} ${ms}`)
        .join(", ")}`,
    );
    return row;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Milliseconds per memory in each part. Rule-based fact extraction runs inside the engine (and on its worker threads)
 * where it cannot be timed from here, so with facts on it is timed again on its own over the same texts (the words of
 * a turn decide its cost); with workers, part of it overlaps the rest, and "rest" reads low.
 */
function breakdown(
  spent: Map<string, number>,
  totalMs: number,
  texts: string[],
  deriveFacts: boolean,
): Record<string, number> {
  const at = Date.UTC(2024, 0, 1);
  const started = performance.now();
  if (deriveFacts) for (const text of texts) extractFacts(text, at);
  const extraction = performance.now() - started;
  const out: Record<string, number> = deriveFacts
    ? { "fact extraction (timed alone)": +(extraction / texts.length).toFixed(2) }
    : {};
  let known = extraction;
  for (const [part, ms] of spent) {
    out[part] = +(ms / texts.length).toFixed(2);
    known += ms;
  }
  out.rest = +(Math.max(0, totalMs - known) / texts.length).toFixed(2);
  return out;
}

const corpus = locomoSentences() ?? syntheticSentences(50_000);
const pick = (n: number) => Array.from({ length: n }, (_, i) => corpus[i % corpus.length] as string);

console.log(`write throughput, batches of ${batch}, on ${describeMachine()}`);
console.log(
  `texts: ${corpus.length > 40_000 ? "synthetic" : "LoCoMo dialogue turns"} (${corpus.length}; each pass over them as another user)`,
);
const rows = [];
if (Number(values.local) > 0)
  rows.push(await measure("use-lite (local)", createLocalEmbedder(), pick(Number(values.local))));
if (Number(values.hash) > 0) {
  if (values.facts !== "off")
    rows.push(await measure("hash-512", createHashEmbedder(), pick(Number(values.hash))));
  if (values.facts !== "on")
    rows.push(await measure("hash-512", createHashEmbedder(), pick(Number(values.hash)), false));
}
const path = saveResult("write-throughput", {
  machine: machineInfo(),
  batch,
  rows,
  peakRssMiB: peakRssMiB(),
});
console.log(`peak RSS ${peakRssMiB()} MiB; saved ${path}`);
