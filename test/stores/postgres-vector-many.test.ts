/**
 * The PostgreSQL store's searchVectorsMany (the write gate's near duplicates of a batch, one call per scope): the
 * scope's key vectors are read in one statement whatever the number of queries (a statement per query made a batch's
 * write cost grow with the size of its users' scopes, every vector detoasted once per query), and each answer is the
 * one-query search's, on the exact path, on its fallback, and on the HNSW path.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import {
  capturedStatements,
  dropSchema,
  SKIP_REASON,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory, seededRandom, randomUnit } = storeFixtures;

const opened: { store: PostgresStore; schema: string }[] = [];
const query = pg.Client.prototype.query;

afterEach(async () => {
  pg.Client.prototype.query = query;
  for (const { store, schema } of opened.splice(0)) {
    await store.close();
    if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
  }
});

/** The statements that read engram_keys while `work` runs. */
async function keyStatements(work: () => Promise<unknown>): Promise<string[]> {
  return (await capturedStatements(/\bengram_keys\b/, work)).map((statement) => statement.text);
}

/** A unit vector near `base`: base plus a little noise. */
function near(base: Float32Array, random: () => number, noise: number): Float32Array {
  const out = new Float32Array(base.length);
  let norm = 0;
  for (let i = 0; i < base.length; i++) {
    out[i] = (base[i] as number) + (random() - 0.5) * noise;
    norm += (out[i] as number) ** 2;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / Math.sqrt(norm);
  return out;
}

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL searchVectorsMany", () => {
  const url = TEST_DATABASE_URL as string;

  function open(exactScanLimit?: number): PostgresStore {
    const schema = uniqueSchema("many");
    const store = createPostgresStore({ url, schema, poolSize: 2, exactScanLimit });
    opened.push({ store, schema });
    return store;
  }

  it("reads the scope's key vectors once for any number of queries, each answer the one-query search's", async () => {
    const store = open();
    const random = seededRandom(71);
    const inserts: NewMemory[] = Array.from({ length: 240 }, (_, i) =>
      memory({
        vector: randomUnit(random, 16),
        user: i % 2 === 0 ? "bo" : "ana",
        extraKeys: i % 3 === 0 ? [{ kind: "fact", vector: randomUnit(random, 16) }] : [],
      }),
    );
    await store.write({ inserts, reinforcements: [] });
    // the background merge of the new vectors into the HNSW graph reads engram_keys too: let it finish first
    await store.pendingMerged();
    const filter = { tenant: "tenant-a", user: "bo" };
    const few = Array.from({ length: 2 }, () => randomUnit(random, 16));
    const many = Array.from({ length: 24 }, () => randomUnit(random, 16));
    let answers: Awaited<ReturnType<PostgresStore["searchVectorsMany"]>> = [];
    const forFew = await keyStatements(() => store.searchVectorsMany(filter, few, 5));
    const forMany = await keyStatements(async () => {
      answers = await store.searchVectorsMany(filter, many, 5);
    });
    // the vector size with the user's key count that picks the plan (one statement), one scan: the same two for 2
    // queries and for 24
    expect(forMany).toHaveLength(2);
    expect(forFew).toHaveLength(forMany.length);
    expect(store.lastVectorPlan).toEqual({ method: "exact", counted: 160 });
    expect(answers).toHaveLength(24);
    for (const [n, vector] of many.entries()) {
      expect(answers[n]).toHaveLength(5);
      expect(answers[n]).toEqual(await store.searchVectors(filter, vector, 5));
    }
  });

  it("decides a user's plan by the user's keys when they are within the limit, by the key vectors past it", async () => {
    const random = seededRandom(74);
    const inserts = [
      ...Array.from({ length: 30 }, () => memory({ user: "ana", vector: randomUnit(random, 16) })),
      ...Array.from({ length: 20 }, () => memory({ user: "ana", vector: null })),
      ...Array.from({ length: 30 }, () => memory({ user: "bo", vector: randomUnit(random, 16) })),
    ];
    const target = randomUnit(random, 16);
    const filter = { tenant: "tenant-a", user: "ana" };
    const answers: unknown[] = [];
    // 60: ana's 50 keys are within it, and their count (from an index) decides
    // 40: her 50 keys are not, so her 30 key vectors are counted (within it: exact all the same)
    for (const [limit, counted] of [
      [60, 50],
      [40, 30],
    ] as const) {
      const store = open(limit);
      await store.bindEmbedder({ id: "test-16", dimensions: 16 });
      await store.write({ inserts, reinforcements: [] });
      answers.push(await store.searchVectors(filter, target, 5));
      expect(store.lastVectorPlan).toEqual({ method: "exact", counted });
    }
    expect(answers[0]).toHaveLength(5);
    expect(answers[0]).toEqual(answers[1]);
  });

  it("answers a query whose nearest keys all belong to one memory as the one-query search does", async () => {
    const store = open();
    const random = seededRandom(72);
    const target = randomUnit(random, 16);
    // one memory with 40 keys near the query: the nearest rows fetched for it name one memory, not the 3 asked for
    const crowded = memory({
      vector: near(target, random, 0.05),
      extraKeys: Array.from({ length: 40 }, () => ({ kind: "fact", vector: near(target, random, 0.05) })),
    });
    const others = Array.from({ length: 30 }, () => memory({ vector: randomUnit(random, 16) }));
    await store.write({ inserts: [crowded, ...others], reinforcements: [] });
    const filter = { tenant: "tenant-a" };
    const [answer] = await store.searchVectorsMany(filter, [target], 3);
    expect(answer).toHaveLength(3);
    expect(answer?.[0]?.memoryId).toBe(crowded.record.id);
    expect(answer).toEqual(await store.searchVectors(filter, target, 3));
  });

  it("takes the HNSW path per query above the exact-scan limit, each answer the one-query search's", async () => {
    const store = open(10);
    await store.bindEmbedder({ id: "test-16", dimensions: 16 });
    const random = seededRandom(73);
    const inserts = Array.from({ length: 300 }, (_, i) =>
      memory({ vector: randomUnit(random, 16), user: `user-${i % 3}` }),
    );
    await store.write({ inserts, reinforcements: [] });
    // into the graph first (a key still waiting beside it would be scanned exactly: pending-vectors.ts)
    await store.pendingMerged();
    const filter = { tenant: "tenant-a", user: "user-1" };
    const queries = Array.from({ length: 4 }, () => randomUnit(random, 16));
    const answers = await store.searchVectorsMany(filter, queries, 5);
    expect(store.lastVectorPlan).toEqual({ method: "hnsw", counted: 11 });
    for (const [n, vector] of queries.entries()) {
      expect(answers[n]).toHaveLength(5);
      expect(answers[n]).toEqual(await store.searchVectors(filter, vector, 5));
    }
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL searchVectorsMany", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
