/** One PostgreSQL pool as Engram's PostgreSQL stores use it: checked options, connects that ride out a restart, migrations once, errors that say what to do. */
import pg from "pg";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { MIGRATION_LOCK, migratePostgres } from "./schema.js";

export interface PostgresConnectionOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections in the pool. */
  poolSize: number;
  /** The Postgres schema that holds Engram's tables (created when missing). Default "public". */
  schema?: string;
  /** How long an operation keeps trying to reach a server that went away (restart, failover). Default 10 s. */
  reconnectTimeoutMs?: number;
  /** The application_name the server shows for these connections. */
  applicationName: string;
  /** The factory named in the message when a closed store is used, e.g. "createPostgresStore". */
  factory: string;
}

export interface PostgresConnection {
  /** postgres:<url without its password>[#schema]: the store's name and the `where` of its errors. */
  readonly name: string;
  readonly reconnectTimeoutMs: number;
  readonly closed: boolean;
  /** A pooled client, retrying while the server is unreachable (restarting) until `deadline` (ms since the epoch). */
  connect(deadline: number): Promise<pg.PoolClient>;
  /** Migrates the schema once; a failed attempt is tried again by the next call. Refuses once closed. */
  ready(): Promise<void>;
  /**
   * `work` on a pooled client, after `ready()`; errors become EngramErrors. When `retry` is true (reads, and writes
   * that change a row only once), work whose connection died runs again on another connection (until the reconnect
   * deadline: a restart kills every idle connection of the pool, so the next may be dead too).
   */
  run<T>(work: (client: pg.PoolClient) => Promise<T>, retry: boolean): Promise<T>;
  /** Waits for a migration in flight, then ends the pool. A second call does nothing. */
  close(): Promise<void>;
}

const INT8_OID = 20;
/** A schema name Engram accepts: an unquoted identifier in lower case (it is written into statements as it is). */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTCONN",
  "57P01", // admin_shutdown: the backend was terminated
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

export function storeFailure(message: string, where?: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.storeFailure, category: "system", message, where, cause });
}

/** The SQLSTATE (or Node's error code) of what the driver threw. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** True when the connection, not the statement, failed: the server went away or refused us. */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && CONNECTION_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection error|not queryable|terminating connection|Client was closed|timeout exceeded when trying to connect/i.test(
    message,
  );
}

/** The URL without its password, for names and messages. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "postgres://(unparsable url)";
  }
}

/** Turns whatever Postgres or the driver threw into an EngramError that says what to do. */
export function toEngramError(error: unknown, where: string): EngramError {
  if (EngramError.isInstance(error)) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (isConnectionError(error)) {
    // an outage, not a fault: the HTTP API answers 503 with Retry-After, and the next call reconnects
    return new EngramError({
      code: ERROR_CODES.storeUnavailable,
      category: "system",
      where,
      message: `cannot reach PostgreSQL (${detail}): start the server, or check ENGRAM_DATABASE_URL / --database-url`,
      cause: error,
    });
  }
  if (code === "28P01" || code === "28000" || code === "3D000") {
    return new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where,
      message: `PostgreSQL refused the connection (${detail}): fix the user, password or database in ENGRAM_DATABASE_URL`,
      cause: error,
    });
  }
  if (code === "42501" || code === "25006") {
    return new EngramError({
      code: ERROR_CODES.storeUnwritable,
      category: "user",
      where,
      message: `PostgreSQL did not allow this (${detail}): grant the user rights on the schema, or connect as its owner`,
      cause: error,
    });
  }
  if (code === "22021" || code === "22P05") {
    // the caller's value, not the server: no connection details in `where`
    return new EngramError({
      code: ERROR_CODES.invalidInput,
      category: "user",
      message: `PostgreSQL refused a value (${detail}): remove NUL characters (\\u0000) from texts and metadata`,
      cause: error,
    });
  }
  if (code === "58P01" || (code === "42704" && /vector/.test(detail))) {
    return new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where,
      message: `the pgvector extension is missing on this server (${detail}): install pgvector ≥ 0.8 (scripts/setup-postgres.sh shows how)`,
      cause: error,
    });
  }
  return storeFailure(`the PostgreSQL store failed: ${detail}`, where, error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks the options and makes the pool (no connection is opened until the first use).
 * @example
 * const connection = createPostgresConnection({ url, poolSize: 10, applicationName: "engram", factory: "createPostgresStore" });
 * await connection.ready(); // the schema is migrated
 */
export function createPostgresConnection(options: PostgresConnectionOptions): PostgresConnection {
  if (typeof options.url !== "string" || !/^postgres(?:ql)?:\/\//.test(options.url)) {
    throw new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where: "url",
      message: `"${String(options.url)}" is not a PostgreSQL URL: write postgres://user:password@host:port/database`,
    });
  }
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where: "schema",
      message: `"${schema}" is not a plain schema name: use lower-case letters, digits and _ (at most 63)`,
    });
  }
  const name = `postgres:${safeUrl(options.url)}${schema === "public" ? "" : `#${schema}`}`;
  const reconnectTimeoutMs = options.reconnectTimeoutMs ?? 10_000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    options: `-c search_path=${schema},public`,
    connectionTimeoutMillis: reconnectTimeoutMs,
    application_name: options.applicationName,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID && format !== "binary"
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection whose server went away reports an error event (idle in the pool, or checked out between two
  // statements); the statement that next uses it fails, and is retried on a fresh connection.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
  });

  let closed = false;
  let migrated: Promise<void> | null = null;

  async function connect(deadline: number): Promise<pg.PoolClient> {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        return await pool.connect();
      } catch (error) {
        if (!isConnectionError(error) || Date.now() + delay > deadline || closed) throw error;
        await sleep(delay);
      }
    }
  }

  async function migrate(): Promise<void> {
    const client = await connect(Date.now() + reconnectTimeoutMs);
    let failed: unknown;
    try {
      if (schema !== "public") {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
        try {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
        }
      }
      await migratePostgres(client, name);
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      client.release(failed !== undefined && isConnectionError(failed) ? (failed as Error) : undefined);
    }
  }

  async function run<T>(work: (client: pg.PoolClient) => Promise<T>, retry: boolean): Promise<T> {
    try {
      await ready();
      const deadline = Date.now() + reconnectTimeoutMs;
      for (;;) {
        const client = await connect(deadline);
        try {
          const result = await work(client);
          client.release();
          return result;
        } catch (error) {
          const dead = isConnectionError(error);
          client.release(dead ? (error as Error) : undefined);
          // the pool's other idle connections may have died with this one (a restart ends them all): each dead one
          // is dropped as it fails, so the work goes on to the next until a live or fresh one runs it, as a
          // transaction does, within the reconnect deadline
          if (!dead || !retry || closed || Date.now() >= deadline) throw error;
        }
      }
    } catch (error) {
      throw toEngramError(error, name);
    }
  }

  async function ready(): Promise<void> {
    if (closed) throw storeFailure(`this store is closed: open it again with ${options.factory}`, name);
    if (!migrated) {
      migrated = migrate().catch((error: unknown) => {
        migrated = null;
        throw error;
      });
    }
    await migrated;
  }

  return {
    name,
    reconnectTimeoutMs,
    get closed() {
      return closed;
    },
    connect,
    run,
    ready,
    async close() {
      if (closed) return;
      closed = true;
      await migrated?.catch(() => undefined);
      await pool.end();
    },
  };
}
