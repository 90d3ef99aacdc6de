/**
 * The package as a user gets it, offline: `npm pack` the built package, install the tarball into an empty folder
 * with `npm ci --offline` (every package from the npm cache that the project's own `npm ci` filled). The folder's
 * lockfile is cut from the project's: the same pinned versions, only what the tarball (and the `extra` packages:
 * vitest, the frameworks) need. The suite's package tests share one such install (`installPackedPackage`);
 * `npm run bench:package` makes its own to report sizes and install times.
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
/** The frameworks the adapters bridge: installed beside the tarball for the examples. */
export const FRAMEWORKS = ["ai", "@langchain/core", "@langchain/langgraph", "@mastra/core"] as const;
export const EXAMPLES = ["ai-sdk", "langchain", "langgraph", "mastra"] as const;

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  license?: string;
}

export interface Packed {
  file: string;
  /** Bytes of the .tgz. */
  size: number;
  /** Bytes of the files in it. */
  unpackedSize: number;
  files: number;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** `npm pack` of the built package (dist/ must be there: `npm run build`). */
export function pack(destination: string): Packed {
  if (!existsSync(join(ROOT, "dist", "index.js")))
    throw new Error("dist/ is missing: run `npm run build` first");
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [info] = JSON.parse(out) as {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
  }[];
  if (!info) throw new Error(`npm pack printed no result: ${out}`);
  return {
    file: join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.entryCount,
  };
}

/** The lock path a dependency `name` of the package at `from` resolves to, as Node finds it (nearest node_modules). */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return null;
    const at = base.lastIndexOf("/node_modules/");
    base = at === -1 ? "" : base.slice(0, at);
  }
}

/**
 * A lockfile for a folder that installs the tarball (and `extra` packages from the project's lock): the entries
 * reachable from them in the project's lock, where they lie there. Entries reachable only through optional
 * dependencies are marked optional, so `--omit=optional` leaves them out as it would for a user.
 */
export function lockFor(tarball: string, integrity: string, extra: readonly string[]): object {
  const project = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, "package-lock.json"));
  const manifest = readJson<PackageJson>(join(ROOT, "package.json"));
  const self: LockEntry = {
    version: manifest.version,
    resolved: `file:${tarball}`,
    integrity,
    license: manifest.license,
    dependencies: manifest.dependencies,
    optionalDependencies: manifest.optionalDependencies,
    peerDependencies: manifest.peerDependencies,
    peerDependenciesMeta: manifest.peerDependenciesMeta,
    bin: manifest.bin,
    engines: manifest.engines,
  };
  const packages: Record<string, LockEntry> = {
    ...project.packages,
    [`node_modules/${manifest.name}`]: self,
  };

  const required = new Set<string>();
  const reachable = new Set<string>();
  const walk = (path: string, viaOptional: boolean, seen: Set<string>) => {
    if (seen.has(path)) return;
    seen.add(path);
    const entry = packages[path] as LockEntry;
    const edges: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((name) => [name, false] as [string, boolean]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name) => [name, true] as [string, boolean]),
      ...Object.keys(entry.peerDependencies ?? {})
        .filter((name) => !entry.peerDependenciesMeta?.[name]?.optional)
        .map((name) => [name, false] as [string, boolean]),
    ];
    for (const [name, optional] of edges) {
      const target = resolveIn(packages, path, name);
      // an optional dependency for another platform is not in the lock: npm skips it too
      if (target && !(viaOptional || optional)) walk(target, false, required);
      if (target) walk(target, viaOptional || optional, reachable);
    }
  };
  const roots = [manifest.name, ...extra].map((name) => `node_modules/${name}`);
  for (const root of roots) walk(root, false, required);
  for (const root of roots) walk(root, false, reachable);

  const out: Record<string, LockEntry> = {
    "": {
      name: "engram-install-check",
      version: "1.0.0",
      dependencies: Object.fromEntries([
        [manifest.name, `file:${tarball}`],
        ...extra.map((name) => [name, packages[`node_modules/${name}`]?.version as string]),
      ]),
    },
  };
  const registry = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" })
    .trim()
    .replace(/\/?$/, "/");
  for (const path of [...reachable].sort()) {
    const {
      dev: _dev,
      devOptional: _devOptional,
      peer: _peer,
      optional: _optional,
      ...entry
    } = packages[path] as LockEntry;
    // the project's lock names no tarball URLs; without one, npm would ask the registry for the package's versions
    const name =
      typeof entry.name === "string" ? entry.name : path.slice(path.lastIndexOf("node_modules/") + 13);
    const resolved = entry.resolved ?? `${registry}${name}/-/${name.split("/").at(-1)}-${entry.version}.tgz`;
    out[path] = { ...entry, resolved, ...(required.has(path) ? {} : { optional: true }) };
  }
  return {
    name: "engram-install-check",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: out,
  };
}

export interface InstallResult {
  folder: string;
  /** Wall-clock seconds of `npm ci --offline`. */
  seconds: number;
  /** Bytes of every file under node_modules/. */
  bytes: number;
  /** Bytes per top-level package (scoped ones as scope/name), largest first. */
  largest: { name: string; bytes: number }[];
}

function bytesUnder(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

/** Install the packed tarball (and `extra` frameworks) into `folder` with `npm ci --offline`; sizes and time. */
export interface InstallOptions {
  /** Leave out optional dependencies (the local embedding model), as `npm install --omit=optional` does. */
  omitOptional?: boolean;
  /**
   * Skip install scripts and copy the project's own build of better-sqlite3 (the same pinned version, built for this
   * Node by the project's `npm ci`) instead of compiling it again: offline there is no prebuilt binary to fetch, and
   * the compile takes minutes on two cores. The package is otherwise installed exactly as a user's would be.
   */
  reuseNativeBuild?: boolean;
}

export function installOffline(
  packed: Packed,
  folder: string,
  extra: readonly string[],
  options: InstallOptions = {},
): InstallResult {
  mkdirSync(folder, { recursive: true });
  const local = join(folder, "engram-memory.tgz");
  copyFileSync(packed.file, local);
  const integrity = `sha512-${execFileSync("openssl", ["dgst", "-sha512", "-binary", local]).toString("base64")}`;
  const lock = lockFor("engram-memory.tgz", integrity, extra) as {
    packages: Record<string, LockEntry & { dependencies?: Record<string, string> }>;
  };
  writeFileSync(
    join(folder, "package.json"),
    JSON.stringify(
      {
        name: "engram-install-check",
        version: "1.0.0",
        private: true,
        type: "module",
        dependencies: lock.packages[""]?.dependencies,
      },
      null,
      2,
    ),
  );
  writeFileSync(join(folder, "package-lock.json"), JSON.stringify(lock, null, 2));
  const args = [
    "ci",
    "--offline",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    ...(options.omitOptional ? ["--omit=optional"] : []),
    ...(options.reuseNativeBuild ? ["--ignore-scripts"] : []),
  ];
  const started = performance.now();
  const run = spawnSync("npm", args, { cwd: folder, encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0)
    throw new Error(`npm ${args.join(" ")} failed in ${folder}:\n${run.stdout}\n${run.stderr}`);
  const modules = join(folder, "node_modules");
  if (options.reuseNativeBuild) {
    const release = join("better-sqlite3", "build", "Release");
    mkdirSync(join(modules, release), { recursive: true });
    copyFileSync(
      join(ROOT, "node_modules", release, "better_sqlite3.node"),
      join(modules, release, "better_sqlite3.node"),
    );
  }
  const largest = readdirSync(modules)
    .filter((name) => !name.startsWith("."))
    .flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name],
    )
    .map((name) => ({ name, bytes: bytesUnder(join(modules, name)) }))
    .sort((a, b) => b.bytes - a.bytes);
  return { folder, seconds, bytes: largest.reduce((sum, p) => sum + p.bytes, 0), largest };
}

/** Run one README example (examples/<name>.mjs) in the install folder, in a fresh database. */
export function runExample(
  folder: string,
  name: string,
): { status: number | null; stdout: string; stderr: string } {
  const work = join(folder, `run-${name}`);
  mkdirSync(work, { recursive: true });
  copyFileSync(join(ROOT, "examples", `${name}.mjs`), join(folder, `${name}.mjs`));
  const run = spawnSync("node", [join(folder, `${name}.mjs`)], {
    cwd: work,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, ENGRAM_DB: "", ENGRAM_DATABASE_URL: "" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every package the suite's package tests need beside the tarball: one install serves them all. */
export const PACKAGE_TEST_EXTRAS = ["vitest", "typescript", "@types/node", ...FRAMEWORKS];

/** Outside the checkout, so that nothing in the folder can resolve a package from this checkout's node_modules. */
const WORK = join(tmpdir(), "engram-pack");

export interface PackedInstall {
  /** The folder the tarball is installed in: `node_modules/engram-memory` is the package. */
  folder: string;
  /** Runs a command in the folder, offline (no proxy, no registry), and returns what it printed. */
  run(command: string, args: string[], options?: { timeoutMs?: number }): SpawnSyncReturns<string>;
}

/** The newest modification time under a folder (files only). */
function newest(folder: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** dist/ as the tarball will hold it: built again when any source is newer. */
function ensureBuilt(): void {
  const built = join(ROOT, "dist", "index.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(ROOT, "src"))) return;
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe" });
}

/**
 * The packed package installed in a folder of its own with `extra` packages beside it (at this checkout's locked
 * versions), made once per tarball and list of extras: later calls, from any test file, reuse it.
 * @example
 * const packed = installPackedPackage();
 * packed.run("node", ["--input-type=module", "-e", 'import { openEngram } from "engram-memory";']);
 */
export function installPackedPackage(extra: readonly string[] = PACKAGE_TEST_EXTRAS): PackedInstall {
  ensureBuilt();
  mkdirSync(WORK, { recursive: true });
  const packed = pack(WORK);
  const key = createHash("sha256")
    .update(readFileSync(packed.file))
    .update(JSON.stringify([...extra].sort()))
    .digest("hex")
    .slice(0, 16);
  const folder = join(WORK, key);
  if (!existsSync(join(folder, "node_modules", "engram-memory", "package.json"))) {
    // built aside, then moved into place whole: a test file running beside this one never sees half an install
    const building = join(WORK, `${key}-${process.pid}`);
    rmSync(building, { recursive: true, force: true });
    installOffline(packed, building, extra, { reuseNativeBuild: true });
    try {
      renameSync(building, folder);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  return {
    folder,
    run(command, args, options = {}) {
      return spawnSync(command, args, {
        cwd: folder,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 120_000,
        env: {
          // the user's own settings: none of this checkout's test servers or stores
          ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("ENGRAM_"))),
          // offline: any attempt to reach a registry or a model hub fails at once
          npm_config_offline: "true",
          NO_COLOR: "1",
          HTTP_PROXY: "http://127.0.0.1:9",
          HTTPS_PROXY: "http://127.0.0.1:9",
          NO_PROXY: "",
        },
      });
    },
  };
}
