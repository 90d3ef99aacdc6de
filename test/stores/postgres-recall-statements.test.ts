/**
 * What one recall sends to PostgreSQL: each statement is a round trip to a server that in a deployment sits on another
 * host. The reinforcement a recall writes (strength and last-seen time) is one UPDATE on its own, not a transaction
 * of four statements; a change of status still moves the keys' status in the same transaction.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { capturedStatements, dropSchema, TEST_DATABASE_URL, uniqueSchema } from "./postgres-helpers.js";

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
  async function filled() {
    const schema = uniqueSchema("recall_statements");
    const store = createPostgresStore({ url: TEST_DATABASE_URL as string, schema });
    opened.push({ store, schema });
    const engine = createEngine({ store, embedder: createHashEmbedder() });
    await engine.remember(TURNS.map((text) => ({ text, user: "ana", session: "s1", speaker: "Ana" })));
    return { store, engine };
  }

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
