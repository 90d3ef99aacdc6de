/** The API key store of `engram serve`, `engram mcp --http` and `engram keys`: beside the memories, in PostgreSQL or in the SQLite file. */
import { defaultDatabasePath } from "../open-engram.js";
import type { ApiKeyStore } from "../spec/api-keys.js";
import { createPostgresApiKeyStore, postgresOptionsFromEnv } from "../stores/postgres/index.js";
import { createSqliteApiKeyStore } from "../stores/sqlite/api-key-store.js";
import { type CliContext, databaseUrlOf } from "./shared.js";

/**
 * The keys in the database `cli.open()` opens: PostgreSQL with --database-url (or $ENGRAM_DATABASE_URL and no --db),
 * so every server over that database shares them; else the SQLite file (--db, $ENGRAM_DB or ~/.engram/engram.db).
 */
export function openApiKeyStore(cli: CliContext): ApiKeyStore {
  const globals = cli.globals();
  const url = databaseUrlOf(globals, cli.io.env);
  // in the memories' schema ($ENGRAM_PG_SCHEMA) when one is set
  if (url !== undefined)
    return createPostgresApiKeyStore({ url, schema: postgresOptionsFromEnv(cli.io.env).schema });
  return createSqliteApiKeyStore({ path: globals.db ?? defaultDatabasePath(cli.io.env) });
}

/**
 * Runs `start` (listen, with the keys deciding the host); when it throws (the port is taken, the database is
 * unreachable), closes the key store before passing the error on: an open PostgreSQL pool would keep the process alive.
 */
export async function startWithKeys<T>(keys: ApiKeyStore, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await keys.close().catch(() => undefined);
    throw error;
  }
}
