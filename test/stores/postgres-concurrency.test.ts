/** Two processes writing to one server at once, and a server that drops every connection mid-run: no acknowledged write is lost. */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/spec/store.js";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { adminQuery, dropSchema, SKIP_REASON, TEST_DATABASE_URL, uniqueSchema } from "./postgres-helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const WRITER = resolve(import.meta.dirname, "postgres-writer.ts");
const TSX = resolve(ROOT, "node_modules", ".bin", "tsx");

/** Runs the writer script in its own Node process; resolves with the ids it acknowledged and the ones refused. */
function runWriter(url: string, schema: string, label: string, count: number) {
  return new Promise<{ acknowledged: string[]; failed: string[]; exitCode: number | null }>((done, fail) => {
    const child = spawn(TSX, [WRITER, url, schema, label, String(count)], { cwd: ROOT });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on("error", fail);
    child.on("close", (exitCode) => {
      const lines = output.split("\n").filter((line) => line.length > 0);
      if (exitCode !== 0) process.stderr.write(errors);
      done({
        acknowledged: lines.filter((line) => line.startsWith("ack ")).map((line) => line.slice(4)),
        failed: lines.filter((line) => line.startsWith("fail ")),
        exitCode,
      });
    });
  });
}

const opened: { store: Store; schema: string }[] = [];

afterEach(async () => {
  for (const { store, schema } of opened.splice(0)) {
    await store.close();
    if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
  }
});

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL store under concurrency and failure", () => {
  const url = TEST_DATABASE_URL as string;

  it("two processes writing to the same tenant at once: every acknowledged write is there, counted exactly", async () => {
    const schema = uniqueSchema("two");
    const store = createPostgresStore({ url, schema });
    opened.push({ store, schema });
    await store.bindEmbedder({ id: "hash-8", dimensions: 8 });
    const count = 150;
    const [first, second] = await Promise.all([
      runWriter(url, schema, "alpha", count),
      runWriter(url, schema, "beta", count),
    ]);
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(first.failed).toEqual([]);
    expect(second.failed).toEqual([]);
    const acknowledged = [...first.acknowledged, ...second.acknowledged];
    expect(acknowledged).toHaveLength(2 * count);

    const stored = await store.list({ tenant: "shared" });
    expect(stored.map((record) => record.id).sort()).toEqual([...acknowledged].sort());
    expect(await store.stats("shared")).toMatchObject({
      memories: 2 * count,
      keys: 2 * count,
      vectors: 2 * count,
    });
    // The BM25 statistics both writers updated are exact: "race" is in every key, each label in half.
    const stats = await adminQuery<{ term: string; documents: number }>(
      url,
      `SELECT term, documents::integer AS documents FROM ${schema}.engram_term_stats WHERE term IN ('race', 'alpha', 'beta') ORDER BY term`,
    );
    expect(stats).toEqual([
      { term: "alpha", documents: count },
      { term: "beta", documents: count },
      { term: "race", documents: 2 * count },
    ]);
    const totals = await adminQuery<{ keys: number }>(
      url,
      `SELECT keys::integer AS keys FROM ${schema}.engram_tenant_stats`,
    );
    expect(totals).toEqual([{ keys: 2 * count }]);
  });

  it("the server drops every connection during a run: Engram reconnects, and no acknowledged write is lost", async () => {
    const schema = uniqueSchema("restart");
    const store = createPostgresStore({ url, schema, poolSize: 3, applicationName: "engram-restart-test" });
    opened.push({ store, schema });
    await store.bindEmbedder({ id: "hash-8", dimensions: 8 });
    const random = storeFixtures.seededRandom(5);
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let terminations = 0;
    let writing = true;

    // What a server restart does to clients: every backend of this database is terminated, several times.
    const killer = (async () => {
      while (writing) {
        await new Promise((wait) => setTimeout(wait, 40));
        const killed = await adminQuery<{ n: number }>(
          url,
          `SELECT count(pg_terminate_backend(pid))::integer AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'engram-restart-test'`,
        );
        terminations += killed[0]?.n ?? 0;
      }
    })();

    for (let i = 0; i < 300; i++) {
      const item = storeFixtures.memory({
        id: `restart-${String(i).padStart(4, "0")}`,
        tenant: "restart",
        terms: ["survive"],
        vector: storeFixtures.randomUnit(random, 8),
      });
      try {
        await store.write({ inserts: [item], reinforcements: [] });
        acknowledged.push(item.record.id);
      } catch (error) {
        refused.push(`${item.record.id}: ${(error as Error).message}`);
      }
      // Reads keep working too (retried on another connection while theirs died).
      if (i % 25 === 0) await store.searchTerms({ tenant: "restart" }, ["survive"], 3);
    }
    writing = false;
    await killer;

    expect(terminations).toBeGreaterThan(5);
    const stored = (await store.list({ tenant: "restart" })).map((record) => record.id);
    for (const id of acknowledged) expect(stored).toContain(id);
    expect(acknowledged.length + refused.length).toBe(300);
    // Every other failure was retried on a fresh connection: the only refusals are connections lost while the
    // server was committing, whose outcome nobody can know (they are reported, never retried twice).
    for (const message of refused) expect(message).toContain("lost while committing");
    expect(acknowledged.length).toBeGreaterThanOrEqual(250);
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(stored.length).toBeLessThanOrEqual(300);
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL store under concurrency and failure", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
