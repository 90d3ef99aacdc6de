/**
 * Plans of the PostgreSQL store's statements, read back with EXPLAIN. The BM25 statement for a user with few keys (ranked by the user's own statistics) counts each
 * query term's documents once per term. Its plan is read back with EXPLAIN ANALYZE: when PostgreSQL inlined the
 * per-term count, it ran it as a subplan once for every matching key row, and a user of 4,000 keys waited 2–4 s for a
 * recall (docs/benchmarks.md, issue 18, follow-up 9). Store.adjacent walks the session index (schema 8) rather than
 * the tenant's memories, which a recall with no user scanned once per anchor.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import {
  analyzedPlanNodes,
  dropSchema,
  capturedStatements as statements,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory, seededRandom } = storeFixtures;
const WORDS = ["apple", "pear", "plum", "river", "garden", "winter", "coffee", "book"];

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL statement plans", () => {
  const url = TEST_DATABASE_URL as string;
  const schema = uniqueSchema("lexplan");
  let store: PostgresStore;

  beforeAll(async () => {
    store = createPostgresStore({ url, schema, poolSize: 2 });
    const random = seededRandom(18);
    const inserts: NewMemory[] = Array.from({ length: 300 }, () =>
      memory({
        tenant: "plan",
        user: "ana",
        session: `s${Math.floor(random() * 10)}`,
        terms: Array.from({ length: 6 }, () => WORDS[Math.floor(random() * WORDS.length)] as string),
        vector: null,
      }),
    );
    await store.write({ inserts, reinforcements: [] });
  });

  afterAll(async () => {
    await store?.close();
    await dropSchema(url, schema);
  });

  it("counts each query term's documents once per term, not once per matching key", async () => {
    const terms = ["apple", "pear", "plum"];
    let hits: Awaited<ReturnType<PostgresStore["searchTerms"]>> = [];
    const seen = await statements(/\bscope AS MATERIALIZED\b/, async () => {
      hits = await store.searchTerms({ tenant: "plan", user: "ana" }, terms, 25);
    });
    // most of the 300 keys hold one of the three words: the per-key plan would count them hundreds of times
    expect(hits).toHaveLength(25);
    expect(seen).toHaveLength(1);
    const plan = await analyzedPlanNodes(url, schema, seen[0] as { text: string; values: unknown[] });
    const subplans = plan.filter((node) => node["Parent Relationship"] === "SubPlan");
    expect(subplans.length).toBeGreaterThan(0);
    for (const node of subplans) expect(node["Actual Loops"]).toBeLessThanOrEqual(terms.length);
  });

  it("reads a user's keys through the scope index, for the statistics and the candidates alike", async () => {
    // a second user whose keys share the table, and a word only three of ana's keys hold
    const random = seededRandom(27);
    const more = (user: string, count: number, rare: boolean) =>
      Array.from({ length: count }, (_, i) =>
        memory({
          tenant: "plan",
          user,
          terms: [
            ...(rare && i % 70 === 0 ? ["kiwi"] : []),
            WORDS[Math.floor(random() * WORDS.length)] as string,
          ],
          vector: null,
        }),
      );
    await store.write({
      inserts: [...more("ana", 200, true), ...more("bo", 500, false)],
      reinforcements: [],
    });
    let hits: Awaited<ReturnType<PostgresStore["searchTerms"]>> = [];
    const seen = await statements(/\bscope AS MATERIALIZED\b/, async () => {
      hits = await store.searchTerms({ tenant: "plan", user: "ana" }, ["kiwi"], 10);
    });
    expect(hits).toHaveLength(3);
    expect(seen).toHaveLength(1);
    // the table is small enough for a sequential scan; with it off, the planner shows which index it walks
    const plan = await analyzedPlanNodes(url, schema, seen[0] as { text: string; values: unknown[] }, [
      `ANALYZE ${schema}.engram_keys`,
      "SET enable_seqscan = off",
    ]);
    const reads = plan.filter((node) => node["Relation Name"] === "engram_keys");
    const indexes = plan.flatMap((node) => node["Index Name"] ?? []);
    // ana's 500 keys counted (whether her own statistics rank, then their lengths), and her three keys with the word
    // read, through B-tree indexes that lead with the user: no full-text index search (which walks the tenant's
    // posting list)
    expect(reads.map((node) => [node["Actual Rows"], node["Actual Loops"]]).sort()).toEqual([
      [3, 1],
      [500, 1],
      [500, 1],
    ]);
    expect(indexes).toHaveLength(3);
    for (const index of indexes) expect(["engram_keys_scope", "engram_keys_user_length"]).toContain(index);
  });

  it("finds a recalled memory's session neighbours through the session index, with or without a user", async () => {
    const [anchor] = await store.list({ tenant: "plan", session: "s3" }, { limit: 1, offset: 5 });
    if (anchor === undefined) throw new Error("no memory in session s3");
    for (const filter of [{ tenant: "plan" }, { tenant: "plan", user: "ana" }]) {
      let found: Awaited<ReturnType<PostgresStore["adjacent"]>> = [];
      const seen = await statements(/\bWITH ORDINALITY\b/, async () => {
        found = await store.adjacent(filter, [{ session: "s3", occurredAt: anchor.occurredAt }]);
      });
      expect(found).toHaveLength(1);
      expect(seen).toHaveLength(1);
      const { text, values } = seen[0] as { text: string; values: unknown[] };
      // the table is small enough for a sequential scan; with it off, the planner shows which index it can walk
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`SET search_path = ${schema}, public`);
        await client.query("ANALYZE engram_memories");
        await client.query("SET enable_seqscan = off");
        const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${text}`, values);
        const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
        expect(plan).toContain("engram_memories_session");
        expect(plan).not.toContain("Seq Scan on engram_memories");
      } finally {
        await client.end();
      }
    }
  });
});
