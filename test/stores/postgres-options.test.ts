/**
 * The PostgreSQL store's options: every one checked before a pool opens, and the `ENGRAM_PG_*` variables through
 * which `engram serve`, the CLI and `openEngram` take them (a deployment tunes the store without code).
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { openEngram } from "../../src/open-engram.js";
import { ERROR_CODES } from "../../src/spec/errors.js";
import {
  createPostgresStore,
  type PostgresStore,
  postgresOptionsFromEnv,
} from "../../src/stores/postgres/index.js";
import { runEngram, tempDir } from "../helpers.js";
import { adminQuery, dropSchema, SKIP_REASON, TEST_DATABASE_URL, uniqueSchema } from "./postgres-helpers.js";

const NOWHERE = "postgres://nobody@127.0.0.1:1/none";

describe("the PostgreSQL store's options (no server needed)", () => {
  it("refuses a pool size, exact-scan limit or pending count out of bounds, naming the option, before any pool opens", () => {
    for (const [options, where] of [
      [{ poolSize: 0 }, "poolSize"],
      [{ poolSize: 1001 }, "poolSize"],
      [{ poolSize: 2.5 }, "poolSize"],
      [{ exactScanLimit: -1 }, "exactScanLimit"],
      [{ exactScanLimit: Number.NaN }, "exactScanLimit"],
      [{ exactScanLimit: 10_000_001 }, "exactScanLimit"],
      [{ pendingVectors: -5 }, "pendingVectors"],
      [{ pendingVectors: 0.5 }, "pendingVectors"],
      [{ mergeQuietMs: 60_001 }, "mergeQuietMs"],
    ] as const) {
      expect(() => createPostgresStore({ url: NOWHERE, ...options })).toThrow(
        expect.objectContaining({ code: ERROR_CODES.configInvalid, where }),
      );
    }
  });

  it("reads every ENGRAM_PG_* variable into its option; unset or empty ones leave the default", () => {
    expect(
      postgresOptionsFromEnv({
        ENGRAM_PG_POOL_SIZE: "20",
        ENGRAM_PG_SCHEMA: "engram_prod",
        ENGRAM_PG_EXACT_SCAN_LIMIT: "50000",
        ENGRAM_PG_HNSW_INDEX: "off",
        ENGRAM_PG_PENDING_VECTORS: "0",
        ENGRAM_PG_MERGE_QUIET_MS: " 500 ",
        ENGRAM_PG_EF_SEARCH: "400",
        ENGRAM_PG_HNSW_M: "32",
        ENGRAM_PG_HNSW_EF_CONSTRUCTION: "200",
      }),
    ).toEqual({
      poolSize: 20,
      schema: "engram_prod",
      exactScanLimit: 50_000,
      hnswIndex: false,
      pendingVectors: 0,
      mergeQuietMs: 500,
      efSearch: 400,
      hnswGraph: { m: 32, efConstruction: 200 },
    });
    expect(postgresOptionsFromEnv({ ENGRAM_PG_EF_SEARCH: "", ENGRAM_PG_HNSW_INDEX: "" })).toEqual({});
    expect(postgresOptionsFromEnv({ ENGRAM_PG_HNSW_M: "24" })).toEqual({ hnswGraph: { m: 24 } });
    expect(postgresOptionsFromEnv({ ENGRAM_PG_HNSW_INDEX: "TRUE" })).toEqual({ hnswIndex: true });
  });

  it("refuses a variable that is not a whole number, out of its option's bounds or not a schema name, naming the variable", () => {
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        postgresOptionsFromEnv(env);
      } catch (error) {
        return error as { code: string; where: string; message: string };
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    for (const [env, where, says] of [
      [{ ENGRAM_PG_EF_SEARCH: "abc" }, "ENGRAM_PG_EF_SEARCH", /"abc" is not a whole number: unset it/],
      [{ ENGRAM_PG_POOL_SIZE: "-3" }, "ENGRAM_PG_POOL_SIZE", /"-3" is not a whole number/],
      [{ ENGRAM_PG_EXACT_SCAN_LIMIT: "1e5" }, "ENGRAM_PG_EXACT_SCAN_LIMIT", /"1e5" is not a whole number/],
      [{ ENGRAM_PG_MERGE_QUIET_MS: "99999999999" }, "ENGRAM_PG_MERGE_QUIET_MS", /is not a whole number/],
      [
        { ENGRAM_PG_EF_SEARCH: "5000" },
        "ENGRAM_PG_EF_SEARCH",
        /"5000" is not a whole number from 1 to 1,000: unset it for 200/,
      ],
      [{ ENGRAM_PG_POOL_SIZE: "0" }, "ENGRAM_PG_POOL_SIZE", /from 1 to 1,000/],
      // pgvector needs ef_construction ≥ 2·m
      [
        { ENGRAM_PG_HNSW_M: "40", ENGRAM_PG_HNSW_EF_CONSTRUCTION: "64" },
        "ENGRAM_PG_HNSW_EF_CONSTRUCTION",
        /"64" is not a whole number from 80 to 1,000/,
      ],
      [{ ENGRAM_PG_HNSW_INDEX: "maybe" }, "ENGRAM_PG_HNSW_INDEX", /give on or off/],
      [{ ENGRAM_PG_SCHEMA: "Engram; DROP TABLE x" }, "ENGRAM_PG_SCHEMA", /not a plain schema name/],
    ] as const) {
      const error = refused(env);
      expect(error).toMatchObject({ code: ERROR_CODES.configInvalid, where });
      expect(error.message).toMatch(says);
    }
  });

  it("the CLI refuses a bad ENGRAM_PG_* only when PostgreSQL is the store, and says which variable", async () => {
    const dir = tempDir();
    const bad = { ENGRAM_PG_EF_SEARCH: "lots", HOME: dir, ENGRAM_DATABASE_URL: "" };
    const withPostgres = await runEngram(
      ["--database-url", NOWHERE, "--embedder", "hash", "remember", "hello", "--user", "ana"],
      bad,
    );
    expect(withPostgres.code).toBe(EXIT.user);
    expect(withPostgres.stderr).toMatch(/ENGRAM_PG_EF_SEARCH: "lots" is not a whole number/);
    // a SQLite store does not read them
    const withSqlite = await runEngram(
      ["--db", `${dir}/engram.db`, "--embedder", "hash", "remember", "hello", "--user", "ana"],
      bad,
    );
    expect(withSqlite.code).toBe(EXIT.ok);
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("ENGRAM_PG_* on a PostgreSQL server", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  const schemas: string[] = [];
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const engine of opened.splice(0)) await engine.close();
    for (const schema of schemas.splice(0)) await dropSchema(url, schema);
  });

  describe("ENGRAM_PG_* on a PostgreSQL server", () => {
    it("the CLI writes into ENGRAM_PG_SCHEMA, builds its graph with ENGRAM_PG_HNSW_M, and keeps the API keys there too", async () => {
      const schema = uniqueSchema("env");
      schemas.push(schema);
      const env = {
        ENGRAM_DATABASE_URL: "",
        HOME: tempDir(),
        ENGRAM_PG_SCHEMA: schema,
        ENGRAM_PG_HNSW_M: "24",
      };
      const remembered = await runEngram(
        [
          "--database-url",
          url,
          "--embedder",
          "hash",
          "--json",
          "remember",
          "I moved to Lisbon in May",
          "--user",
          "ana",
        ],
        env,
      );
      expect(remembered.stderr).toBe("");
      expect(remembered.code).toBe(EXIT.ok);
      const rows = await adminQuery<{ text: string }>(url, `SELECT text FROM ${schema}.engram_memories`);
      // the turn, and what was derived from it
      expect(rows.map((row) => row.text)).toContain("I moved to Lisbon in May");
      const graphs = await adminQuery<{ options: string[] | null }>(
        url,
        `SELECT c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = $1 AND a.amname = 'hnsw'`,
        [schema],
      );
      expect(graphs.length).toBeGreaterThan(0);
      for (const graph of graphs) expect(graph.options).toEqual(["m=24", "ef_construction=96"]);

      const key = await runEngram(
        ["--database-url", url, "--json", "keys", "create", "--tenant", "acme", "--name", "ci"],
        env,
      );
      expect(key.code).toBe(EXIT.ok);
      const keys = await adminQuery<{ name: string }>(url, `SELECT name FROM ${schema}.engram_api_keys`);
      expect(keys.map((row) => row.name)).toEqual(["ci"]);
      // and the doctor checks that schema
      const doctor = await runEngram(["--database-url", url, "--json", "doctor"], env);
      expect(doctor.code).toBe(EXIT.ok);
      expect(doctor.json().store).toContain(`#${schema}`);
    });

    it("openEngram takes the search settings from the environment: an exact-scan limit of 0 sends a user's search through the graph", async () => {
      const schema = uniqueSchema("envplan");
      schemas.push(schema);
      const recallWith = async (env: NodeJS.ProcessEnv) => {
        const engine = await openEngram({
          databaseUrl: url,
          embedder: { kind: "hash" },
          postgres: postgresOptionsFromEnv({ ENGRAM_PG_SCHEMA: schema, ...env }),
          languageModel: null,
        });
        opened.push(engine);
        await engine.remember([
          { text: "Ana moved to Lisbon in May", user: "ana" },
          { text: "Ana's sister lives in Porto", user: "ana" },
        ]);
        const result = await engine.recall({ query: "Where does Ana live?", user: "ana" });
        expect(result.results.length).toBeGreaterThan(0);
        return (engine.store as PostgresStore).lastVectorPlan?.method;
      };
      expect(await recallWith({})).toBe("exact");
      expect(await recallWith({ ENGRAM_PG_EXACT_SCAN_LIMIT: "0" })).toBe("hnsw");
    });
  });
}
