/**
 * How to start a worker thread of Engram's: the compiled `.js` beside its caller when running from dist/; from src/
 * (vitest, tsx) only the `.ts` exists, so a small bootstrap registers tsx's loader (a dev dependency) in the worker and
 * then imports it (`execArgv: ["--import", "tsx"]` does not reach a worker's entry on Node 20). Used by the fact
 * extraction pool (core), `engram serve`'s recall workers (cli) and the memory network's training runs (apps). The
 * local embedder's pool (providers/local-model-pool.ts) keeps a copy of its own: providers may not import core.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The `new Worker(code, { eval })` arguments for the module `name` (without extension) beside `base`. */
export function workerEntry(base: string, name: string): { code: string | URL; eval: boolean } {
  const compiled = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(compiled))) return { code: compiled, eval: false };
  const source = new URL(`./${name}.ts`, base);
  if (!existsSync(fileURLToPath(source))) {
    throw new Error(
      `the worker module ${fileURLToPath(compiled)} is missing (neither .js nor .ts): reinstall the package`,
    );
  }
  const api = tsxApiUrl();
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return { code, eval: true };
}

/** The file URL of tsx's ESM API (`tsx/esm/api`), found through its package.json so that any working directory works. */
function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports?.["./esm/api"];
  const relative = typeof entry === "object" ? entry.import?.default : undefined;
  if (!relative) throw new Error(`${manifestPath} has no "./esm/api" import entry`);
  return new URL(relative, pathToFileURL(manifestPath)).href;
}
