/**
 * The package as a user gets it: `npm pack`, then the tarball installed into an empty folder with no network
 * (`npm ci --offline`), once per tarball for every test file that asks. The folder's lock file is cut from this
 * checkout's own: the tarball's dependencies and the `extra` packages (vitest, a framework) at the versions this
 * checkout tested, with integrity hashes, so npm takes every package from its cache.
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
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

const ROOT = resolve(import.meta.dirname, "..", "..");
/** Outside the checkout, so that nothing in the folder can resolve a package from this checkout's node_modules. */
const WORK = join(tmpdir(), "engram-pack");

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export interface PackedInstall {
  /** The folder the tarball is installed in: `node_modules/engram-memory` is the package. */
  folder: string;
  tarball: string;
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

/** Where `name` resolves from the package at `from` (a lock path), as Node looks for it: nearest node_modules first. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return null;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut < 0 ? "" : base.slice(0, cut);
  }
}

/** The lock entries needed by `roots` (names resolved from the top), dependencies and peers followed. */
function closure(packages: Record<string, LockEntry>, roots: string[]): Set<string> {
  const kept = new Set<string>();
  const visit = (path: string) => {
    if (kept.has(path)) return;
    kept.add(path);
    const entry = packages[path] as LockEntry;
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter(
        (name) => !entry.peerDependenciesMeta?.[name]?.optional,
      ),
    ];
    for (const name of names) {
      const found = resolveIn(packages, path, name);
      if (found) visit(found);
    }
  };
  for (const name of roots) {
    const found = resolveIn(packages, "", name);
    if (!found) throw new Error(`pack: ${name} is not in package-lock.json: add it to this checkout first`);
    visit(found);
  }
  return kept;
}

/** Copies the native builds npm would compile at install (scripts are off): the same versions, built here. */
function copyNativeBuilds(folder: string): void {
  const addon = join("better-sqlite3", "build", "Release", "better_sqlite3.node");
  const target = join(folder, "node_modules", addon);
  mkdirSync(join(target, ".."), { recursive: true });
  copyFileSync(join(ROOT, "node_modules", addon), target);
}

function install(folder: string, tarball: string, extra: string[]): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const packages = lock.packages;
  const dependencies = manifest.dependencies as Record<string, string>;
  const kept = closure(packages, [...Object.keys(dependencies), ...extra]);
  const file = `file:${tarball}`;
  const rootDependencies: Record<string, string> = { "engram-memory": file };
  for (const name of extra) rootDependencies[name] = packages[`node_modules/${name}`]?.version as string;
  const consumer: Record<string, LockEntry> = {
    "": { name: "engram-pack-consumer", dependencies: rootDependencies },
    "node_modules/engram-memory": {
      version: manifest.version as string,
      resolved: file,
      integrity: `sha512-${createHash("sha512")
        .update(readFileSync(join(folder, tarball)))
        .digest("base64")}`,
      license: manifest.license,
      dependencies,
      peerDependencies: manifest.peerDependencies as LockEntry["peerDependencies"],
      peerDependenciesMeta: manifest.peerDependenciesMeta as LockEntry["peerDependenciesMeta"],
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const path of [...kept].sort()) {
    const { dev: _dev, devOptional, ...entry } = packages[path] as LockEntry;
    consumer[path] = devOptional ? { ...entry, optional: true } : entry;
  }
  writeFileSync(
    join(folder, "package.json"),
    `${JSON.stringify({ name: "engram-pack-consumer", private: true, type: "module", dependencies: rootDependencies }, null, 2)}\n`,
  );
  writeFileSync(
    join(folder, "package-lock.json"),
    `${JSON.stringify({ name: "engram-pack-consumer", lockfileVersion: 3, requires: true, packages: consumer }, null, 2)}\n`,
  );
  execFileSync("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: folder,
    stdio: "pipe",
    env: { ...process.env, npm_config_onnxruntime_node_install: "skip" },
  });
  copyNativeBuilds(folder);
}

/**
 * The packed package installed in a folder of its own, with `extra` packages beside it (by name, at this
 * checkout's locked versions). Made once per tarball and list of extras; later calls, from any test file, reuse it.
 * @example
 * const packed = installPackedPackage(["vitest"]);
 * packed.run("node", ["--input-type=module", "-e", 'import { openEngram } from "engram-memory";']);
 */
export function installPackedPackage(extra: string[] = []): PackedInstall {
  ensureBuilt();
  mkdirSync(WORK, { recursive: true });
  const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", WORK], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const tarball = (JSON.parse(packed) as { filename: string }[])[0]?.filename as string;
  const key = createHash("sha256")
    .update(readFileSync(join(WORK, tarball)))
    .update(JSON.stringify([...extra].sort()))
    .digest("hex")
    .slice(0, 16);
  const folder = join(WORK, key);
  if (!existsSync(join(folder, "node_modules", "engram-memory", "package.json"))) {
    // built aside, then moved into place whole: a test file running beside this one never sees half an install
    const building = join(WORK, `${key}-${process.pid}`);
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    copyFileSync(join(WORK, tarball), join(building, tarball));
    install(building, tarball, extra);
    try {
      renameSync(building, folder);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  return {
    folder,
    tarball: join(folder, tarball),
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
