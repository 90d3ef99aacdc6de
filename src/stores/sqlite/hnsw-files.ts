/**
 * The files and native parts behind the HNSW index (hnsw-index.ts): usearch's native binding when it loads, the
 * worker that builds an index file off the main thread, and the naming of a tenant's files by the key id they cover.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * usearch's graph parameters for every build (a file keeps those it was built with; one with another M is rebuilt).
 * M 32 / 128 against 16 / 64 at 1M: 0.950 of the exact top-10 at 1,000 candidates against 0.903, for a build three
 * times as long (`npm run bench:hnsw-params`, docs/benchmarks.md).
 */
export const CONNECTIVITY = 32;
export const EXPANSION_ADD = 128;
export const EXPANSION_SEARCH = 128;

/**
 * `<tenant>-<highest key id covered>[-<c|q><candidates its build measured>].usearch`: c when measured on the tenant's
 * own vectors, q on queries searched.
 */
const FILE_PATTERN =
  /^(?<tenant>[0-9a-f]{16})-(?<covered>\d+)(?:-(?<source>[cq])(?<candidates>\d+))?\.usearch$/;

export interface CompiledIndex {
  add(keys: BigUint64Array, vectors: Int8Array, threads: number): void;
  search(query: Int8Array, k: number, threads: number): [BigUint64Array, Float32Array, BigUint64Array];
  view(path: string): void;
  save(path: string): void;
  load(path: string): void;
  size(): number;
  dimensions(): number;
  /** The M the graph was built with (a viewed file's own, read from its header). */
  connectivity(): number;
}
export type CompiledIndexConstructor = new (
  dimensions: number,
  metric: string,
  quantization: string,
  connectivity: number,
  expansionAdd: number,
  expansionSearch: number,
  multi: boolean,
) => CompiledIndex;

export interface NativeBinding {
  CompiledIndex: CompiledIndexConstructor;
  /** Absolute paths the build worker loads the same binding from. */
  gypPath: string;
  root: string;
}

let native: NativeBinding | null | undefined;

/**
 * usearch's compiled index, loaded directly (its JS wrapper turns an Int8Array into floats, which loses the int8
 * vectors' own scale), or null where the prebuilt binary does not load: then every search stays exact.
 */
export function usearchBinding(): NativeBinding | null {
  if (native === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const root = join(dirname(require.resolve("usearch")), "..", "..", "..");
      const gypPath = require.resolve("node-gyp-build", { paths: [root] });
      const load = require(gypPath) as (path: string) => { CompiledIndex: CompiledIndexConstructor };
      native = { CompiledIndex: load(root).CompiledIndex, gypPath, root };
    } catch {
      native = null;
    }
  }
  return native;
}

/**
 * The build worker: loads the base file (if any), adds the rows, measures the graph against the exact scan (below),
 * writes a temporary file and renames it to `<stem>[-c<candidates>].usearch`.
 *
 * The measure: queries the store was searched with (`calibration.searched`, a sample kept while it served), or else
 * `calibration.queries` of the tenant's own vectors spread evenly over its rows (a query's own row left out of both
 * answers), are searched exactly (usearch's brute force over every row) and through the graph with each count of the
 * ladder in turn. The first count whose top-10 holds `calibration.recall` of the exact top-10 (the one-sided 95 %
 * lower bound of the sample's mean, so that queries outside the sample keep it too) is the one searches fetch (the
 * last count if none does): the candidates follow the graph's size and the vectors' spread instead of a constant
 * chosen on one corpus. Returned beside the file as what each count measured.
 */
export const BUILDER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { renameSync, rmSync } = require("node:fs");
const { CompiledIndex, exactSearch } = require(workerData.gypPath)(workerData.root);
const K = 10;
function calibrate(index, job) {
  const d = job.dimensions;
  const rows = job.allKeys.length;
  if (rows <= K) return [];
  let queries = job.calibration.searched;
  let count = queries ? queries.length / d : Math.min(job.calibration.queries, rows);
  const selves = [];
  if (!queries) {
    queries = new Int8Array(count * d);
    for (let i = 0; i < count; i++) {
      const row = Math.floor((i * rows) / count);
      queries.set(job.allVectors.subarray(row * d, row * d + d), i * d);
      selves.push(job.allKeys[row]);
    }
  }
  if (count === 0) return [];
  const [matches] = exactSearch(job.allVectors, queries, d, K + 1, "cos", job.threads);
  const truths = [];
  for (let i = 0; i < count; i++) {
    const truth = new Set();
    for (let j = 0; j <= K && truth.size < K; j++) {
      const key = job.allKeys[Number(matches[i * (K + 1) + j])];
      if (key !== selves[i]) truth.add(key);
    }
    truths.push(truth);
  }
  const tried = [];
  for (const candidates of job.calibration.ladder) {
    // each query's share of its exact top-10 kept; the count is enough when the mean's one-sided 95 % lower bound
    // (1.645 standard errors under it) reaches the recall asked, so that other queries of the kind keep it too
    const shares = [];
    for (let i = 0; i < count; i++) {
      const [found, , counts] = index.search(queries.subarray(i * d, i * d + d), Math.min(candidates, rows), 1);
      let taken = 0;
      let kept = 0;
      for (let j = 0; j < Number(counts[0]) && taken < truths[i].size; j++) {
        if (found[j] === selves[i]) continue;
        taken++;
        if (truths[i].has(found[j])) kept++;
      }
      if (truths[i].size > 0) shares.push(kept / truths[i].size);
    }
    const n = shares.length;
    const mean = n === 0 ? 1 : shares.reduce((sum, share) => sum + share, 0) / n;
    const variance = n < 2 ? 0 : shares.reduce((sum, share) => sum + (share - mean) ** 2, 0) / (n - 1);
    const lowerBound = mean - 1.645 * Math.sqrt(variance / Math.max(1, n));
    tried.push({ candidates, recall: mean, lowerBound });
    if (lowerBound >= job.calibration.recall) break;
  }
  return tried;
}
parentPort.on("message", (job) => {
  const temporary = job.stem + ".tmp-" + process.pid + "-" + job.serial;
  try {
    const index = new CompiledIndex(job.dimensions, "cos", "i8", ${CONNECTIVITY}, ${EXPANSION_ADD}, ${EXPANSION_SEARCH}, false);
    if (job.base) index.load(job.base);
    // keys null: every row sent is to be added
    const keys = job.keys || job.allKeys;
    const vectors = job.vectors || job.allVectors;
    for (let start = 0; start < keys.length; start += 8192) {
      const end = Math.min(keys.length, start + 8192);
      index.add(keys.subarray(start, end), vectors.subarray(start * job.dimensions, end * job.dimensions), job.threads);
    }
    const tried = job.calibration ? calibrate(index, job) : [];
    const chosen = tried.length > 0 ? tried[tried.length - 1].candidates : 0;
    const source = job.calibration && job.calibration.searched ? "-q" : "-c";
    const path = job.stem + (chosen > 0 ? source + chosen : "") + ".usearch";
    index.save(temporary);
    renameSync(temporary, path);
    parentPort.postMessage({ ok: true, path, tried });
  } catch (error) {
    try { rmSync(temporary, { force: true }); } catch {}
    parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
  }
});`;

/** FNV-1a 64-bit of the tenant, as 16 hex digits: a file name any tenant string can have. */
export function tenantFileKey(tenant: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(tenant, "utf8")) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

/** One count of a build's measure: the share of the exact top-10 kept (mean, and its one-sided 95 % lower bound). */
export interface CalibrationStep {
  candidates: number;
  recall: number;
  lowerBound: number;
}

const MEASURED_ON: Record<string, "rows" | "searches"> = { c: "rows", q: "searches" };

export interface IndexFile {
  path: string;
  /** The highest key id the file holds. */
  covered: number;
  /** The candidates its build measured as enough for the recall asked (0: not measured, an older file). */
  candidates: number;
  /** What that was measured on: the tenant's own vectors, or queries searched; null when not measured. */
  measuredOn: "rows" | "searches" | null;
  modified: number;
}

/** The tenant's index files in `folder`, newest (highest key id covered, then last written) first. */
export function indexFiles(folder: string, tenant: string): IndexFile[] {
  if (!existsSync(folder)) return [];
  const key = tenantFileKey(tenant);
  return readdirSync(folder)
    .flatMap((name) => {
      const match = FILE_PATTERN.exec(name);
      if (!match?.groups || match.groups.tenant !== key) return [];
      const path = join(folder, name);
      let modified = 0;
      try {
        modified = statSync(path).mtimeMs;
      } catch {
        return []; // removed meanwhile
      }
      return [
        {
          path,
          covered: Number(match.groups.covered),
          candidates: Number(match.groups.candidates ?? 0),
          measuredOn: MEASURED_ON[match.groups.source ?? ""] ?? null,
          modified,
        },
      ];
    })
    .sort((a, b) => b.covered - a.covered || b.modified - a.modified);
}
