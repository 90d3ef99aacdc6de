/** Shared benchmark helpers: the machine's size, percentiles, data paths and a deterministic text generator. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import type { Engine } from "../src/core/index.js";
import { createEngine } from "../src/core/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import type { Store } from "../src/spec/store.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { extractFacts } from "../src/text/facts/index.js";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function describeMachine(info: MachineInfo = machineInfo()): string {
  return `${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, Node ${info.node}, ${info.platform}`;
}

/** The p-th percentile (0–100) of `values`, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** ../shared/data by default, or $ENGRAM_DATA_DIR. */
export function dataDir(): string {
  return process.env.ENGRAM_DATA_DIR ?? resolve(import.meta.dirname, "..", "..", "shared", "data");
}

export function dataFile(...parts: string[]): string | null {
  const path = join(dataDir(), ...parts);
  return existsSync(path) ? path : null;
}

/** A seeded pseudo-random generator (mulberry32), so every run writes the same data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "morning coffee hiking mountain sister brother moved city job nurse teacher kitten dog garden book library concert guitar painting travel Paris Lisbon Tokyo budget meeting project deadline birthday party cake recipe pasta soccer marathon training doctor appointment vacation beach camping photo museum movie weekend friend neighbour school university exam lecture piano violin bakery market bicycle train flight hotel".split(
    " ",
  );

/** Sentences of 8–20 words from a fixed vocabulary, deterministic for a seed. */
export function syntheticSentences(count: number, seed = 1): string[] {
  const random = seeded(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 8 + Math.floor(random() * 13);
    const words: string[] = [];
    for (let j = 0; j < n; j++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    out.push(`${words.join(" ")} #${i}`);
  }
  return out;
}

/** LoCoMo's dialogue turns as plain sentences, when the data set is present. */
export function locomoSentences(): string[] | null {
  const path = dataFile("locomo", "locomo-dev.json");
  if (!path) return null;
  const conversations = JSON.parse(readFileSync(path, "utf8")) as { conversation: Record<string, unknown> }[];
  const out: string[] = [];
  for (const c of conversations) {
    for (const [key, value] of Object.entries(c.conversation)) {
      if (!/^session_\d+$/.test(key) || !Array.isArray(value)) continue;
      for (const turn of value as { text?: string }[]) if (turn.text) out.push(turn.text);
    }
  }
  return out;
}

/** Write a result file under bench/results/ (ignored by git) and return its path. */
export function saveResult(name: string, value: unknown): string {
  const dir = resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

/** An engine and a SQLite store, from this checkout or an older one. */
export interface EngramSystem {
  name: string;
  createEngine: (config: { store: Store; embedder: Embedder; options?: { deriveFacts: boolean } }) => Engine;
  createSqliteStore: (options: { path: string }) => Store;
}

/**
 * The systems a before/after bench runs in one process: an older checkout's own engine and store, loaded from its
 * sources (tsx compiles them as it does ours), when `before` names one, then this checkout's.
 */
export async function systemsToCompare(before: string | undefined): Promise<EngramSystem[]> {
  const systems: EngramSystem[] = [];
  if (before) {
    const root = resolve(before);
    const core = (await import(join(root, "src/core/index.ts"))) as Pick<EngramSystem, "createEngine">;
    const sqlite = (await import(join(root, "src/stores/sqlite/index.ts"))) as Pick<
      EngramSystem,
      "createSqliteStore"
    >;
    systems.push({
      name: "before",
      createEngine: core.createEngine,
      createSqliteStore: sqlite.createSqliteStore,
    });
  }
  systems.push({
    name: before ? "after" : "this checkout",
    createEngine: (config) => createEngine(config),
    createSqliteStore: (options) => createSqliteStore(options),
  });
  return systems;
}

/**
 * A module a before/after bench runs in one process: an older checkout's (loaded from its sources at `path`, relative
 * to the checkout) when `before` names one, then this checkout's; each named as the report prints it.
 */
export async function modulesToCompare<T>(
  before: string | undefined,
  path: string,
  current: T,
): Promise<[string, T][]> {
  const modules: [string, T][] = [];
  if (before) modules.push(["before", (await import(join(resolve(before), path))) as T]);
  modules.push([before ? "after" : "this checkout", current]);
  return modules;
}

/** The fact extractors a before/after bench runs in one process (see modulesToCompare). */
export async function extractorsToCompare(
  before: string | undefined,
): Promise<[string, typeof extractFacts][]> {
  const modules = await modulesToCompare(before, "src/text/facts/index.ts", { extractFacts });
  return modules.map(([name, module]) => [name, module.extractFacts]);
}
