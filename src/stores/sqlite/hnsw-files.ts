/**
 * The files and native parts behind the HNSW index (hnsw-index.ts): usearch's native binding when it loads, the
 * worker that builds an index file off the main thread, and the naming of a tenant's files by the key id they cover.
 */
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** usearch's graph parameters: every index file and every build uses these. */
export const CONNECTIVITY = 16;
export const EXPANSION_ADD = 64;
export const EXPANSION_SEARCH = 128;

const FILE_PATTERN = /^(?<tenant>[0-9a-f]{16})-(?<covered>\d+)\.usearch$/;

export interface CompiledIndex {
  add(keys: BigUint64Array, vectors: Int8Array, threads: number): void;
  search(query: Int8Array, k: number, threads: number): [BigUint64Array, Float32Array, BigUint64Array];
  view(path: string): void;
  size(): number;
  dimensions(): number;
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

/** The build worker: loads the base file (if any), adds the rows, writes a temporary file and renames it. */
export const BUILDER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { renameSync, rmSync } = require("node:fs");
const { CompiledIndex } = require(workerData.gypPath)(workerData.root);
parentPort.on("message", (job) => {
  const temporary = job.path + ".tmp-" + process.pid + "-" + job.serial;
  try {
    const index = new CompiledIndex(job.dimensions, "cos", "i8", ${CONNECTIVITY}, ${EXPANSION_ADD}, ${EXPANSION_SEARCH}, false);
    if (job.base) index.load(job.base);
    const count = job.keys.length;
    for (let start = 0; start < count; start += 8192) {
      const end = Math.min(count, start + 8192);
      index.add(job.keys.subarray(start, end), job.vectors.subarray(start * job.dimensions, end * job.dimensions), job.threads);
    }
    index.save(temporary);
    renameSync(temporary, job.path);
    parentPort.postMessage({ ok: true });
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

/** The tenant's index files in `folder`, newest (highest key id covered) first. */
export function indexFiles(folder: string, tenant: string): { path: string; covered: number }[] {
  if (!existsSync(folder)) return [];
  const key = tenantFileKey(tenant);
  return readdirSync(folder)
    .flatMap((name) => {
      const match = FILE_PATTERN.exec(name);
      if (!match?.groups || match.groups.tenant !== key) return [];
      return [{ path: join(folder, name), covered: Number(match.groups.covered) }];
    })
    .sort((a, b) => b.covered - a.covered);
}
