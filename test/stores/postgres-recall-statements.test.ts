/**
 * What one recall sends to PostgreSQL: each statement is a round trip to a server that in a deployment sits on another
 * host. The reinforcement a recall writes (strength and last-seen time) is one UPDATE on its own, not a transaction
 * of four statements; a change of status still moves the keys' status in the same transaction.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { reindexStore } from "../../src/core/reindex.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import {
  analyzedPlanNodes,
  capturedStatements,
  dropSchema,
  type PlanNode,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const opened: { store: PostgresStore; schema: string }[] = [];
afterAll(async () => {
  for (const { store, schema } of opened) {
    await store.close();
    await dropSchema(TEST_DATABASE_URL as string, schema);
  }
});

const TURNS = [
  "I moved to Lisbon last spring.",
  "Did you like the city?",
  "Yes, I love the tiles and the trams.",
  "My sister Maria works at the hospital in Porto.",
];

describe.skipIf(TEST_DATABASE_URL === undefined)("a recall's statements on PostgreSQL", () => {
  async function filled(exactScanLimit?: number) {
    const schema = uniqueSchema("recall_statements");
    const store = createPostgresStore({ url: TEST_DATABASE_URL as string, schema, exactScanLimit });
    opened.push({ store, schema });
    const engine = createEngine({ store, embedder: createHashEmbedder() });
    await engine.remember(TURNS.map((text) => ({ text, user: "ana", session: "s1", speaker: "Ana" })));
    // the background merge of the new keys into the HNSW graph sends statements of its own: done before any is counted
    await store.pendingMerged();
    return { store, engine, schema };
  }

  /** Another store object on the same schema (another process): it has read nothing yet. */
  function fresh(schema: string, exactScanLimit?: number) {
    const store = createPostgresStore({ url: TEST_DATABASE_URL as string, schema, exactScanLimit });
    opened.push({ store, schema: `${schema}_unused` });
    return store;
  }

  const ana = { tenant: "default", user: "ana" };

  /** The scans of engram_keys a one-time filter decides on (the filter's own subquery, which runs, is not one). */
  function keyScansBehindOneTimeFilters(nodes: PlanNode[]): PlanNode[] {
    return nodes
      .filter((node) => "One-Time Filter" in node)
      .flatMap((node) => node.Plans ?? [])
      .filter((node) => node["Relation Name"] === "engram_keys");
  }

  it("searches a user's vectors in one statement once the store object has read the vector state", async () => {
    const { store, schema } = await filled();
    const [query] = await createHashEmbedder().embed(["Where did Ana move?"]);
    if (!query) throw new Error("no vector");
    const first = await store.searchVectors(ana, query, 3);
    const plan = store.lastVectorPlan;
    expect(plan?.method).toBe("exact");
    const statements = await capturedStatements(/./, () => store.searchVectors(ana, query, 3));
    expect(statements).toHaveLength(1);
    const again = await store.searchVectors(ana, query, 3);
    expect(again).toEqual(first);
    expect(again.length).toBeGreaterThan(0);
    expect(store.lastVectorPlan).toEqual(plan);
    // a store object that has read nothing answers alike (two round trips)
    expect(await fresh(schema).searchVectors(ana, query, 3)).toEqual(first);
  });

  it("skips that statement's scan for a user over the exact-scan limit, searches the graph, and counts first after", async () => {
    const { store, schema } = await filled(2);
    const [query] = await createHashEmbedder().embed(["Where did Ana move?"]);
    if (!query) throw new Error("no vector");
    const first = await fresh(schema, 2).searchVectors(ana, query, 3);
    // the store object reads the vector state on another user's search, so ana's is its first one-statement try
    await store.searchVectors({ tenant: "default", user: "nobody" }, query, 3);
    const statements = await capturedStatements(/./, () => store.searchVectors(ana, query, 3));
    expect(store.lastVectorPlan?.method).toBe("hnsw");
    const assumed = statements[0];
    if (!assumed) throw new Error("no statement");
    expect(assumed.text).toMatch(/^WITH state AS MATERIALIZED/);
    // then the filter's own keys counted (the user's count is only an upper bound), and the graph: BEGIN with the
    // scan's settings, one statement for the graph and the keys waiting beside it, COMMIT
    expect(statements.slice(1).map((s) => s.text.trim().split(/\s+/)[0])).toEqual([
      "SELECT",
      "BEGIN",
      "(SELECT",
      "COMMIT",
    ]);
    // the user's keys were never scanned by it: the one-time filter said no
    const nodes = await analyzedPlanNodes(TEST_DATABASE_URL as string, schema, assumed);
    const gatedScans = keyScansBehindOneTimeFilters(nodes);
    expect(gatedScans.map((node) => node["Actual Loops"])).toEqual([0]);
    // known over the limit now: the next search reads the state and count on their own, never plans the skipped scan
    const next = await capturedStatements(/./, () => store.searchVectors(ana, query, 3));
    expect(next.map((s) => s.text).filter((text) => /^WITH state/.test(text))).toEqual([]);
    expect(await store.searchVectors(ana, query, 3)).toEqual(first);
    expect(store.lastVectorPlan?.method).toBe("hnsw");
  });

  it("answers as a fresh store object does after another one re-embedded the store", async () => {
    const { store, schema } = await filled();
    const [old] = await createHashEmbedder().embed(["Where did Ana move?"]);
    if (!old) throw new Error("no vector");
    await store.searchVectors(ana, old, 3);
    const narrow = createHashEmbedder({ dimensions: 128 });
    await reindexStore(fresh(schema), narrow, { all: true });
    // the old size is refused with the error a store object that read the new state gives
    const refused = await fresh(schema)
      .searchVectors(ana, old, 3)
      .then(
        () => null,
        (error: Error) => error.message,
      );
    expect(refused).toMatch(/dims/);
    await expect(store.searchVectors(ana, old, 3)).rejects.toThrow(refused as string);
    const [query] = await narrow.embed(["Where did Ana move?"]);
    if (!query) throw new Error("no vector");
    const expected = await fresh(schema).searchVectors(ana, query, 3);
    expect(expected.length).toBeGreaterThan(0);
    expect(await store.searchVectors(ana, query, 3)).toEqual(expected);
  });

  it("searches a user's terms in one statement: the user's keys counted and ranked by their own statistics", async () => {
    const { store, schema } = await filled();
    const statements = await capturedStatements(/./, () => store.searchTerms(ana, ["lisbon", "city"], 3));
    expect(statements).toHaveLength(1);
    const hits = await store.searchTerms(ana, ["lisbon", "city"], 3);
    expect(hits.length).toBe(2);
    expect(await fresh(schema).searchTerms(ana, ["lisbon", "city"], 3)).toEqual(hits);
    // a user with no keys: the count's row comes back alone, and nothing is found
    expect(await store.searchTerms({ tenant: "default", user: "nobody" }, ["lisbon"], 3)).toEqual([]);
  });

  it("skips that statement's ranking for a user over the statistics limit and ranks by the tenant's", async () => {
    const { store, schema, engine } = await filled();
    const stored = (await engine.stats()).memories;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL as string });
    await client.connect();
    try {
      // 5,000 more keys of one of ana's memories (as a user with thousands of memories has), written directly
      await client.query(
        `INSERT INTO "${schema}".engram_keys (tenant, memory_id, position, key_kind, text, terms, lexemes, frequencies,
                length, scale, dimensions, embedding, user_id, agent_id, session_id, kind, status, occurred_at)
         SELECT k.tenant, k.memory_id, k.position + n, k.key_kind, k.text, k.terms, k.lexemes, k.frequencies, k.length,
                k.scale, NULL, NULL, k.user_id, k.agent_id, k.session_id, k.kind, k.status, k.occurred_at
           FROM "${schema}".engram_keys AS k CROSS JOIN generate_series(1000, 5999) AS n
          WHERE k.position = 0 AND k.text LIKE 'Did you like%'`,
      );
    } finally {
      await client.end();
    }
    expect((await engine.stats()).memories).toBe(stored);
    const statements = await capturedStatements(/./, () => store.searchTerms(ana, ["lisbon"], 3));
    const counted = statements[0];
    if (!counted) throw new Error("no statement");
    expect(counted.text).toMatch(/user_keys AS MATERIALIZED/);
    expect(statements.length).toBeGreaterThan(1);
    const nodes = await analyzedPlanNodes(TEST_DATABASE_URL as string, schema, counted);
    const gatedScans = keyScansBehindOneTimeFilters(nodes);
    expect(gatedScans.length).toBe(2); // the matching keys, and the keys' lengths of the user's statistics
    expect(gatedScans.map((node) => node["Actual Loops"])).toEqual([0, 0]);
    const hits = await store.searchTerms(ana, ["lisbon"], 3);
    expect(hits.length).toBeGreaterThan(0);
    expect(await fresh(schema).searchTerms(ana, ["lisbon"], 3)).toEqual(hits);
    // known over the limit now: counted on its own first, the ranking never planned beside the count
    const next = await capturedStatements(/./, () => store.searchTerms(ana, ["lisbon"], 3));
    expect(next.filter((s) => /user_keys AS MATERIALIZED/.test(s.text))).toEqual([]);
    expect(next[0]?.text).toMatch(/^SELECT \(SELECT count/);
  });

  it("writes a recall's reinforcement as one UPDATE, outside a transaction, and the strengths move", async () => {
    const { store, engine } = await filled();
    const before = await engine.recall({ query: "Where did Ana move?", user: "ana", k: 2 });
    const first = before.results[0];
    if (!first) throw new Error("no result");
    const statements = await capturedStatements(/./, () =>
      engine.recall({ query: "Where did Ana move?", user: "ana", k: 2, now: Date.now() + 60_000 }),
    );
    const texts = statements.map((s) => s.text.trim().split(/\s+/).slice(0, 3).join(" "));
    expect(texts.filter((t) => /^UPDATE engram_memories/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /^(BEGIN|COMMIT|ROLLBACK)/.test(t))).toEqual([]);
    expect(texts.filter((t) => /^UPDATE engram_keys/.test(t))).toEqual([]);
    const [after] = await store.get("default", [first.id]);
    expect(after?.strength).toBeGreaterThan(first.strength);
  });

  it("changes a status in one transaction with its keys, which searches then leave out", async () => {
    const { store } = await filled();
    const [hit] = await store.searchTerms({ tenant: "default", user: "ana" }, ["lisbon"], 5);
    if (!hit) throw new Error("no hit for lisbon");
    const statements = await capturedStatements(/./, () =>
      store.updateMemories("default", [{ id: hit.memoryId, status: "archived" }]),
    );
    const texts = statements.map((s) => s.text.trim().split(/\s+/).slice(0, 3).join(" "));
    expect(texts[0]).toBe("BEGIN");
    expect(texts.filter((t) => /^UPDATE engram_keys/.test(t))).toHaveLength(1);
    expect(texts.at(-1)).toBe("COMMIT");
    const after = await store.searchTerms({ tenant: "default", user: "ana" }, ["lisbon"], 5);
    expect(after.map((h) => h.memoryId)).not.toContain(hit.memoryId);
  });
});
