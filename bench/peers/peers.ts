/**
 * Engram beside mem0, Mastra memory and LangChain.js on the LoCoMo dev conversations, in one run: every system fed
 * the same cached local-model vectors, in interleaved rounds (each system once, then each again), and one table of
 * evidence recall@k, recall@10 per category, ingest rate and recall latency, with ratios to Engram.
 * Usage: npm run bench:peers [-- --rounds 2] [--limit 1] [--systems Engram,mem0] [--fill-cache]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createRecallTable, LOCOMO_CATEGORIES, type RecallTable } from "../../src/evaluation/locomo.js";
import { loadLocomo } from "../../src/evaluation/locomo-data.js";
import { createLocalEmbedder, LOCAL_EMBEDDER_ID } from "../../src/providers/index.js";
import { dataFile, describeMachine, machineInfo, percentile, saveResult } from "../common.js";
import { createVectorCache, type VectorCache } from "./cached-vectors.js";
import {
  engramSystem,
  langchainEnsembleSystem,
  langchainVectorSystem,
  mastraSystem,
  mem0System,
  type PeerSystem,
  storeDir,
} from "./peer-systems.js";
import { formatPeersTable, type SystemRound } from "./peers-table.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "2" },
    limit: { type: "string" },
    systems: { type: "string" },
    "fill-cache": { type: "boolean", default: false },
  },
});
const KS = [5, 10, 25, 50];
const PEER_PACKAGES = [
  "mem0ai",
  "@mastra/memory",
  "@mastra/libsql",
  "@mastra/core",
  "@langchain/classic",
  "@langchain/community",
  "@langchain/core",
];

// Offline: mem0's telemetry is off, and any request a system still makes fails loudly instead of reaching out
process.env.MEM0_TELEMETRY = "false";
process.env.MASTRA_TELEMETRY_DISABLED = "true";
const blocked: string[] = [];
globalThis.fetch = async (input: string | URL | Request) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  blocked.push(url);
  throw new Error(`bench:peers runs offline: a request to ${url} was refused`);
};

const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.error(
    "LoCoMo dev file not found: set ENGRAM_DATA_DIR to the folder that holds locomo/locomo-dev.json",
  );
  process.exit(2);
}
const data = loadLocomo(file);
const conversations = data.conversations.slice(0, values.limit ? Number(values.limit) : undefined);
const cachePath = resolve(import.meta.dirname, "..", "results", "embeddings-use-lite_0.2.0.json");
const cache = createVectorCache(cachePath, { id: LOCAL_EMBEDDER_ID, recording: values["fill-cache"] });
const allSystems = [
  engramSystem,
  mem0System,
  mastraSystem,
  langchainVectorSystem,
  langchainEnsembleSystem,
].map((make) => make(cache));
const wanted = values.systems?.split(",").map((s) => s.trim().toLowerCase());
const systems = allSystems.filter((s) => !wanted || wanted.includes(s.name.toLowerCase()));

function mergeTables(tables: Map<number, { table(): RecallTable }>): RecallTable {
  const out: RecallTable = {};
  for (const [k, table] of tables)
    for (const [key, row] of Object.entries(table.table()))
      out[key] = { ...out[key], [String(k)]: row[String(k)] as number };
  return out;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** One system over every conversation: ingest timed, each question recalled and scored. */
async function runSystem(system: PeerSystem, round: number, root: string): Promise<SystemRound> {
  // one table per k, so that a system answering a set per k (not a ranking) is scored on the set it gave for that k
  const tables = new Map(KS.map((k) => [k, createRecallTable([k])]));
  const latencies: number[] = [];
  let ingestMs = 0;
  let ingestCpuMs = 0;
  let recallCpuMs = 0;
  let turns = 0;
  const maxK = KS[KS.length - 1] as number;
  for (const conversation of conversations) {
    const open = await system.open(conversation, storeDir(root, system.name, conversation.id, round));
    try {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await open.ingest();
      ingestMs += performance.now() - started;
      ingestCpuMs += cpuMs(cpu);
      turns += conversation.turns.length;
      for (const q of conversation.questions) {
        const cpuBefore = process.cpuUsage();
        const t0 = performance.now();
        const ranked = await open.recall(q.question, maxK);
        latencies.push(performance.now() - t0);
        recallCpuMs += cpuMs(cpuBefore);
        for (const [k, table] of tables) {
          const hits = system.ranked || k === maxK ? ranked : await open.recall(q.question, k);
          table.add(q.category, hits, q.evidence);
        }
      }
    } finally {
      await open.close();
    }
  }
  return {
    system: system.name,
    round,
    recall: mergeTables(tables),
    ingestTurnsPerSecond: turns / (ingestMs / 1000),
    ingestTurnsPerCpuSecond: turns / (ingestCpuMs / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    recallCpuMs: recallCpuMs / latencies.length,
    questions: latencies.length,
  };
}

function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  const read = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  out["engram-memory"] = read(resolve(import.meta.dirname, "..", "..", "package.json"));
  for (const name of PEER_PACKAGES)
    out[name] = read(resolve(import.meta.dirname, "node_modules", name, "package.json"));
  return out;
}

/** Fill mode: one pass that notes every text a system asks for and the cache lacks, then embeds those once. */
async function fillCache(root: string, store: VectorCache): Promise<void> {
  for (const system of systems) await runSystem(system, 0, root);
  const missing = new Set<string>();
  for (const [who, texts] of store.misses()) {
    console.log(`  ${who}: ${texts.size} texts not in the cache`);
    for (const text of texts) missing.add(text);
  }
  if (missing.size === 0) {
    console.log("the cache holds every text: nothing to embed");
    return;
  }
  console.log(`embedding ${missing.size} texts with the local model (${LOCAL_EMBEDDER_ID})…`);
  const local = createLocalEmbedder();
  const texts = [...missing];
  for (let i = 0; i < texts.length; i += 64) {
    const batch = texts.slice(i, i + 64);
    const vectors = await local.embed(batch);
    store.add(batch.map((text, j) => [text, vectors[j] ? Array.from(vectors[j] as Float32Array) : null]));
    if ((i / 64) % 10 === 0) console.log(`  ${Math.min(i + 64, texts.length)} / ${texts.length}`);
  }
  await local.close?.();
  store.save();
  console.log(`saved ${store.size} vectors to ${cachePath}`);
}

const root = mkdtempSync(join(tmpdir(), "engram-peers-"));
try {
  console.log(`LoCoMo dev, ${conversations.length} conversations, on ${describeMachine()}`);
  if (values["fill-cache"]) {
    await fillCache(root, cache);
  } else {
    const rows: SystemRound[] = [];
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const system of systems) {
        const row = await runSystem(system, round, root);
        console.log(
          `round ${round} ${system.name}: @10 ${row.recall.all?.["10"]}, ingest ${row.ingestTurnsPerSecond.toFixed(0)} turns/s, p50 ${row.p50.toFixed(1)} ms`,
        );
        rows.push(row);
      }
    }
    const packages = versions();
    console.log(`\n${formatPeersTable(rows, LOCOMO_CATEGORIES)}`);
    console.log(
      `\nversions: ${Object.entries(packages)
        .map(([n, v]) => `${n} ${v}`)
        .join(", ")}`,
    );
    console.log(`machine: ${describeMachine()}; requests refused: ${blocked.length}`);
    const saved = saveResult("peers", { machine: machineInfo(), packages, blocked, rows });
    console.log(`saved ${saved}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
