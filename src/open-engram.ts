/** The composition root: an engine over the embedded SQLite store and a chosen embedder, as users get it by default. */
import { homedir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine, type EngineOptionsInput } from "./core/index.js";
import {
  createEmbedder,
  createLanguageModel,
  type EmbedderConfig,
  embedderConfigFromEnv,
  type LanguageModelConfig,
  languageModelConfigFromEnv,
} from "./providers/index.js";
import type { Embedder } from "./spec/embedder.js";
import type { LanguageModel } from "./spec/language-model.js";
import {
  createPostgresStore,
  type PostgresEnvOptions,
  postgresOptionsFromEnv,
} from "./stores/postgres/index.js";
import { createSqliteStore } from "./stores/sqlite/index.js";

export interface OpenEngramOptions {
  /** Path of the SQLite file. Default: $ENGRAM_DB, else ~/.engram/engram.db. */
  db?: string;
  /**
   * A PostgreSQL (pgvector) URL, postgres://user:password@host:port/database: the store is then that server, not
   * a SQLite file. Default: $ENGRAM_DATABASE_URL, unless `db` is given.
   */
  databaseUrl?: string;
  /**
   * The PostgreSQL store's tuning (pool size, schema, exact-scan limit, ef_search, the graph's m and ef_construction,
   * the merge's wait) when `databaseUrl` is used. Default: from the `ENGRAM_PG_*` variables (`postgresOptionsFromEnv`).
   */
  postgres?: PostgresEnvOptions;
  /** An embedder, or its config. Default: $ENGRAM_EMBEDDER, else the local model. */
  embedder?: Embedder | EmbedderConfig;
  options?: EngineOptionsInput;
  now?: () => number;

  /**
   * A language model for fact extraction (and summaries), its config, or null for none (the rules). Default: from
   * $ENGRAM_LLM_GGUF or $ENGRAM_LLM_BASE_URL / $ENGRAM_LLM_MODEL / $ENGRAM_LLM_API_KEY, else none.
   */
  languageModel?: LanguageModel | LanguageModelConfig | null;
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
  const env = process.env.ENGRAM_DATABASE_URL;
  const databaseUrl =
    options.databaseUrl ??
    (options.db === undefined && env !== undefined && env.length > 0 ? env : undefined);
  const store =
    databaseUrl !== undefined
      ? createPostgresStore({
          ...(options.postgres ?? postgresOptionsFromEnv(process.env)),
          url: databaseUrl,
        })
      : createSqliteStore({ path: options.db ?? defaultDatabasePath() });
  const configured =
    options.languageModel === undefined ? languageModelConfigFromEnv() : options.languageModel;
  const languageModel =
    configured === null ? undefined : "complete" in configured ? configured : createLanguageModel(configured);
  return createEngine({ store, embedder, options: options.options, now: options.now, languageModel });
}
