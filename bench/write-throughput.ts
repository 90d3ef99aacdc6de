/**
 * Write throughput: memories per second through the engine (embedding, write gate, SQLite transaction), with the
 * local model and with the hash embedder, in one run. Usage: npm run bench:write [-- --local 2000 --hash 20000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine } from "../src/core/index.js";
import { createHashEmbedder, createLocalEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
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
  },
});
const batch = Number(values.batch);

async function measure(name: string, embedder: Embedder, texts: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "engram-bench-"));
  const engine = createEngine({ store: createSqliteStore({ path: join(dir, "bench.db") }), embedder });
  try {
    await engine.remember({ text: "warm-up", user: "warm" }); // loads the model, so load time is not counted
    const started = performance.now();
    let inserted = 0;
    for (let i = 0; i < texts.length; i += batch) {
      const result = await engine.remember(
        texts.slice(i, i + batch).map((text, j) => ({ text, user: "bench", session: `s${(i + j) % 20}` })),
      );
      inserted += result.inserted;
    }
    const seconds = (performance.now() - started) / 1000;
    const row = {
      embedder: name,
      memories: texts.length,
      inserted,
      seconds: +seconds.toFixed(2),
      perSecond: Math.round(texts.length / seconds),
    };
    console.log(
      `${name.padEnd(16)} ${String(row.memories).padStart(6)} memories in ${row.seconds.toFixed(1)} s: ${row.perSecond} memories/s`,
    );
    return row;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const corpus = locomoSentences() ?? syntheticSentences(50_000);
const pick = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    i < corpus.length ? (corpus[i] as string) : `${corpus[i % corpus.length]} (${i})`,
  );

console.log(`write throughput, batches of ${batch}, on ${describeMachine()}`);
console.log(`texts: ${corpus.length > 40_000 ? "synthetic" : "LoCoMo dialogue turns"}`);
const rows = [
  await measure("use-lite (local)", createLocalEmbedder(), pick(Number(values.local))),
  await measure("hash-512", createHashEmbedder(), pick(Number(values.hash))),
];
const path = saveResult("write-throughput", {
  machine: machineInfo(),
  batch,
  rows,
  peakRssMiB: peakRssMiB(),
});
console.log(`peak RSS ${peakRssMiB()} MiB; saved ${path}`);
