/** The composition root: an engine over the embedded SQLite store and a chosen embedder, as users get it by default. */
import { homedir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine, type EngineOptionsInput } from "./core/index.js";
import { createEmbedder, type EmbedderConfig, embedderConfigFromEnv } from "./providers/index.js";
import type { Embedder } from "./spec/embedder.js";
import { createSqliteStore } from "./stores/sqlite/index.js";

export interface OpenEngramOptions {
  /** Path of the SQLite file. Default: $ENGRAM_DB, else ~/.engram/engram.db. */
  db?: string;
  /** An embedder, or its config. Default: $ENGRAM_EMBEDDER, else the local model. */
  embedder?: Embedder | EmbedderConfig;
  options?: EngineOptionsInput;
  now?: () => number;
}

/** The default database path: $ENGRAM_DB, else ~/.engram/engram.db. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ENGRAM_DB && env.ENGRAM_DB.length > 0 ? env.ENGRAM_DB : join(homedir(), ".engram", "engram.db");
}

/**
 * Open Engram on a SQLite file, ready to remember and recall.
 * @example
 * const engram = await openEngram({ db: "./memory.db" });
 * await engram.remember({ text: "I moved to Lisbon in May", user: "ana" });
 * console.log((await engram.recall({ query: "Where does Ana live?", user: "ana" })).results[0]);
 * await engram.close();
 */
export async function openEngram(options: OpenEngramOptions = {}): Promise<Engine> {
  const embedder =
    options.embedder && "embed" in options.embedder
      ? options.embedder
      : createEmbedder(options.embedder ?? embedderConfigFromEnv());
  const store = createSqliteStore({ path: options.db ?? defaultDatabasePath() });
  return createEngine({ store, embedder, options: options.options, now: options.now });
}
