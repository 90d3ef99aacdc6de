/**
 * The PostgreSQL store's options: what each means, their bounds (checked before any pool opens) and the environment
 * variables a server or the CLI takes them from (`ENGRAM_PG_*`), so a deployment tunes the store without code.
 */
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { type Refusal, refusedOption, wholeNumberOption } from "../runtime/store-errors.js";
import { SCHEMA_NAME } from "./connection.js";
import type { PostgresLexicalBounds } from "./lexical-search.js";
import { DEFAULT_GRAPH_PARAMETERS, defaultEfConstruction, type GraphParameters } from "./schema.js";
import { MAX_EF_SEARCH } from "./vector-search.js";

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections in the pool, 1 to 1,000. Default 10. */
  poolSize?: number;
  /** The Postgres schema that holds Engram's tables (created when missing). Default "public". */
  schema?: string;
  /**
   * Up to this many key vectors in a search's filter (0 to 10,000,000), the search is an exact scan through the scope
   * index; above it, the HNSW index with iterative scanning, re-ranked exactly. Default 20,000.
   */
  exactScanLimit?: number;
  /**
   * Build the typed HNSW index when the embedder is bound. Default true. Keeping it costs write throughput (every
   * insert updates the graph); without it, a large scope is scanned exactly (correct, slower).
   */
  hnswIndex?: boolean;
  /**
   * Where the lexical channel stops ranking every matching key row: a query whose terms match more than
   * `exactRows` rows (by the tenant's term counts; 20,000) is ranked over its rarest terms' rows and the newest
   * `newestRows` (2,000) rows matching any term, as SQLite's store does. Lower them in tests of that path.
   */
  lexical?: Partial<PostgresLexicalBounds>;
  /**
   * With the HNSW index kept, how many key vectors a tenant may have waiting outside the graph (0 to 1,000,000): a
   * write stores them beside it (searched exactly with it) and a background merge moves them in, so a write does not
   * pay pgvector's graph insert, which grows with the graph. Past this many a write inserts into the graph itself.
   * 0: every write inserts into the graph. Default 5,000 (what a search through the graph also scans exactly, at most).
   */
  pendingVectors?: number;
  /**
   * How long after this store object's last write the background merge of waiting key vectors waits before it runs
   * (ms, 0 to 60,000): a burst of writes keeps the cores, and the merge follows it. Half of `pendingVectors` waiting
   * starts it regardless. 0 merges at once. Default 250.
   */
  mergeQuietMs?: number;
  /** hnsw.ef_search for the HNSW path (at least the candidates fetched), 1 to 1,000 (pgvector's ceiling). Default 200. */
  efSearch?: number;
  /**
   * How the store builds an HNSW graph it does not have yet: pgvector's `m` (2 to 100; default 16) and
   * `ef_construction` (4 to 1,000, at least 2·m; default 64, or 4·m when more). `{ m: 32 }` keeps more of the exact
   * top 10 in a large scope for graph inserts about three times as costly (docs/postgres.md). A graph already built
   * keeps the parameters it was built with (docs/postgres.md shows how to rebuild one).
   */
  hnswGraph?: Partial<GraphParameters>;
  /** How long an operation keeps trying to reach a server that went away (restart, failover). Default 10 s. */
  reconnectTimeoutMs?: number;
  /** The application_name the server shows for this store's connections. Default "engram". */
  applicationName?: string;
}

/** The options a store runs with once checked: every bound applied, every default filled in. */
export interface PostgresStoreSettings {
  poolSize: number;
  exactScanLimit: number;
  hnswIndex: boolean;
  /** 0 when the HNSW index is not kept. */
  pendingVectors: number;
  mergeQuietMs: number;
  efSearch: number;
  graph: GraphParameters;
}

export const POSTGRES_STORE_DEFAULTS = {
  poolSize: 10,
  exactScanLimit: 20_000,
  pendingVectors: 5_000,
  mergeQuietMs: 250,
  efSearch: 200,
} as const;

/**
 * The settings `options` ask for, within their bounds (pgvector's for the graph and ef_search), or the defaults; an
 * option out of bounds is refused with `config_invalid` naming it.
 * @example postgresStoreSettings({ url, efSearch: 400 }).efSearch // 400
 */
export function postgresStoreSettings(
  options: PostgresStoreOptions,
  refuse: Refusal = refusedOption,
): PostgresStoreSettings {
  const d = POSTGRES_STORE_DEFAULTS;
  const whole = (option: string, value: number | undefined, fallback: number, most: number, least: number) =>
    wholeNumberOption(refuse, option, value, fallback, most, least);
  const efSearch = whole("efSearch", options.efSearch, d.efSearch, MAX_EF_SEARCH, 1);
  const m = whole("hnswGraph.m", options.hnswGraph?.m, DEFAULT_GRAPH_PARAMETERS.m, 100, 2);
  const efConstruction = whole(
    "hnswGraph.efConstruction",
    options.hnswGraph?.efConstruction,
    defaultEfConstruction(m),
    1000,
    Math.max(4, 2 * m),
  );
  const hnswIndex = options.hnswIndex !== false;
  const pendingVectors = whole("pendingVectors", options.pendingVectors, d.pendingVectors, 1_000_000, 0);
  return {
    poolSize: whole("poolSize", options.poolSize, d.poolSize, 1000, 1),
    exactScanLimit: whole("exactScanLimit", options.exactScanLimit, d.exactScanLimit, 10_000_000, 0),
    hnswIndex,
    pendingVectors: hnswIndex ? pendingVectors : 0,
    mergeQuietMs: whole("mergeQuietMs", options.mergeQuietMs, d.mergeQuietMs, 60_000, 0),
    efSearch,
    graph: { m, efConstruction },
  };
}

/** The environment variable each tunable option is read from. */
export const POSTGRES_ENV = {
  poolSize: "ENGRAM_PG_POOL_SIZE",
  schema: "ENGRAM_PG_SCHEMA",
  exactScanLimit: "ENGRAM_PG_EXACT_SCAN_LIMIT",
  hnswIndex: "ENGRAM_PG_HNSW_INDEX",
  pendingVectors: "ENGRAM_PG_PENDING_VECTORS",
  mergeQuietMs: "ENGRAM_PG_MERGE_QUIET_MS",
  efSearch: "ENGRAM_PG_EF_SEARCH",
  "hnswGraph.m": "ENGRAM_PG_HNSW_M",
  "hnswGraph.efConstruction": "ENGRAM_PG_HNSW_EF_CONSTRUCTION",
} as const;

type EnvOption = keyof typeof POSTGRES_ENV;

export type PostgresEnvOptions = Omit<
  PostgresStoreOptions,
  "url" | "lexical" | "reconnectTimeoutMs" | "applicationName"
>;

function envError(variable: string, raw: string, why: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.configInvalid,
    category: "user",
    where: variable,
    message: `${JSON.stringify(raw)} ${why}`,
  });
}

/**
 * The PostgreSQL store options set in the environment (`ENGRAM_PG_*`, see POSTGRES_ENV), checked as
 * `createPostgresStore` checks them: a value that is not a whole number, or out of its option's bounds, is refused
 * with `config_invalid` naming the variable. Unset or empty variables leave their option out (the default).
 * @example postgresOptionsFromEnv({ ENGRAM_PG_EF_SEARCH: "400", ENGRAM_PG_HNSW_M: "32" }) // { efSearch: 400, hnswGraph: { m: 32 } }
 */
export function postgresOptionsFromEnv(env: NodeJS.ProcessEnv): PostgresEnvOptions {
  const options: PostgresEnvOptions = {};
  const whole = (option: EnvOption): number | undefined => {
    const variable = POSTGRES_ENV[option];
    const raw = env[variable]?.trim();
    if (raw === undefined || raw.length === 0) return undefined;
    if (!/^\d{1,9}$/u.test(raw))
      throw envError(variable, raw, "is not a whole number: unset it for the default");
    return Number(raw);
  };
  const set = <K extends keyof PostgresEnvOptions>(key: K, value: PostgresEnvOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("poolSize", whole("poolSize"));
  set("exactScanLimit", whole("exactScanLimit"));
  set("pendingVectors", whole("pendingVectors"));
  set("mergeQuietMs", whole("mergeQuietMs"));
  set("efSearch", whole("efSearch"));
  const m = whole("hnswGraph.m");
  const efConstruction = whole("hnswGraph.efConstruction");
  if (m !== undefined || efConstruction !== undefined) {
    options.hnswGraph = {
      ...(m === undefined ? {} : { m }),
      ...(efConstruction === undefined ? {} : { efConstruction }),
    };
  }
  const schema = env[POSTGRES_ENV.schema]?.trim();
  if (schema) {
    if (!SCHEMA_NAME.test(schema))
      throw envError(
        POSTGRES_ENV.schema,
        schema,
        "is not a plain schema name: use lower-case letters, digits and _ (at most 63)",
      );
    options.schema = schema;
  }
  const index = env[POSTGRES_ENV.hnswIndex]?.trim().toLowerCase();
  if (index) {
    if (!["on", "off", "true", "false", "1", "0"].includes(index))
      throw envError(POSTGRES_ENV.hnswIndex, index, "is not on or off: give on or off (true/false, 1/0)");
    options.hnswIndex = ["on", "true", "1"].includes(index);
  }
  // the bounds are the store's own: an option it refuses is reported under the variable that set it
  postgresStoreSettings({ url: "", ...options }, (option, _value, bounds, fallback) => {
    const variable = POSTGRES_ENV[option as EnvOption];
    return envError(
      variable,
      env[variable]?.trim() ?? "",
      `is not a whole number ${bounds}: unset it for ${fallback.toLocaleString("en")}`,
    );
  });
  return options;
}
