/** The recall worker pool of `engram serve`, over the same store and embedder as the command's engine. */
import type { Engine } from "../core/index.js";
import { defaultDatabasePath } from "../open-engram.js";
import { type EmbedderKind, embedderConfigFromEnv } from "../providers/index.js";
import { postgresOptionsFromEnv } from "../stores/postgres/index.js";
import { createRecallPool, type RecallPool } from "./recall-pool.js";
import { type CliContext, databaseUrlOf } from "./shared.js";

/**
 * `count` workers reading the store `cli.open()` opened (the SQLite file read-only, or the PostgreSQL URL), writing
 * the reinforcement they collect through `engine`. 0 workers: none (recall runs in the main thread).
 */
export function openRecallPool(cli: CliContext, engine: Engine, count: number): RecallPool | undefined {
  if (count === 0) return undefined;
  const globals = cli.globals();
  const url = databaseUrlOf(globals, cli.io.env);
  const path = globals.db ?? defaultDatabasePath(cli.io.env);
  const { workers: _threads, ...embedder } = embedderConfigFromEnv(cli.io.env);
  // commander checked --embedder against the kinds
  const kind = (globals.embedder as EmbedderKind | undefined) ?? embedder.kind;
  return createRecallPool({
    size: count,
    store:
      url !== undefined
        ? { kind: "postgres", url, options: postgresOptionsFromEnv(cli.io.env) }
        : { kind: "sqlite", path },
    // the local model runs inside each recall worker (no second level of threads)
    embedder:
      kind === "local" ? { ...embedder, kind, workers: 0 } : { ...embedder, kind, workers: undefined },
    reinforce: (tenant, patches) => engine.store.updateMemories(tenant, patches),
    fallback: (input) => engine.recall(input),
  });
}
