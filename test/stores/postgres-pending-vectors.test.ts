/**
 * Key vectors waiting outside the HNSW graph (src/stores/postgres/pending-vectors.ts): a write with the index kept
 * stores them beside the graph instead of paying pgvector's graph insert, a search through the graph finds them at
 * once, a background merge moves them in (skipping rows another transaction holds), and past the store's limit a
 * write inserts into the graph itself.
 */

import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import {
  adminQuery,
  capturedStatements,
  dropSchema,
  SKIP_REASON,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory, seededRandom, randomUnit } = storeFixtures;
const DIMENSIONS = 16;
const opened: PostgresStore[] = [];
const schemas: string[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const schema of schemas.splice(0)) if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
});

interface Counts {
  pending: number;
  inGraph: number;
}

describe.skipIf(TEST_DATABASE_URL === undefined)(
  "PostgreSQL key vectors waiting outside the HNSW graph",
  () => {
    const url = TEST_DATABASE_URL as string;

    async function open(
      schema: string,
      options: { pendingVectors?: number; exactScanLimit?: number; mergeQuietMs?: number } = {},
    ) {
      const store = createPostgresStore({ url, schema, poolSize: 2, ...options });
      opened.push(store);
      await store.bindEmbedder({ id: "test-16", dimensions: DIMENSIONS });
      return store;
    }

    function newSchema(): string {
      const schema = uniqueSchema("pending");
      schemas.push(schema);
      return schema;
    }

    async function counts(schema: string): Promise<Counts> {
      const [row] = await adminQuery<Counts>(
        url,
        `SELECT count(*) FILTER (WHERE pending_dimensions IS NOT NULL)::int AS pending,
              count(*) FILTER (WHERE dimensions IS NOT NULL)::int AS "inGraph"
         FROM ${schema}.engram_keys WHERE embedding IS NOT NULL`,
      );
      return row as Counts;
    }

    function notes(random: () => number, count: number, user = "ana"): NewMemory[] {
      return Array.from({ length: count }, () => memory({ user, vector: randomUnit(random, DIMENSIONS) }));
    }

    it("writes vectors beside the graph, then merges them in; every key ends in the graph once", async () => {
      const schema = newSchema();
      const store = await open(schema);
      const random = seededRandom(5);
      const inserts = notes(random, 250);
      const seen = await capturedStatements(/INSERT INTO engram_keys/, () =>
        store.write({ inserts, reinforcements: [] }),
      );
      // the insert's dimensions column is null and pending_dimensions holds the size, for every vector key
      const values = seen.flatMap((statement) => statement.values);
      const perRow = 19;
      expect(values.length).toBe(250 * perRow);
      for (let row = 0; row < 250; row++) {
        expect(values[row * perRow + 10]).toBeNull();
        expect(values[row * perRow + 11]).toBe(DIMENSIONS);
      }
      await store.pendingMerged();
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 250 });
    });

    /** Makes the first `count` keys (by memory id) wait outside the graph, as a crash right after their write would. */
    async function makeWaiting(schema: string, count: number): Promise<void> {
      await adminQuery(
        url,
        `UPDATE ${schema}.engram_keys SET pending_dimensions = dimensions, dimensions = NULL
        WHERE memory_id IN (SELECT memory_id FROM ${schema}.engram_keys ORDER BY memory_id LIMIT ${count})`,
      );
    }

    it("a search through the graph finds keys still waiting, with their exact similarity, through its filter", async () => {
      const schema = newSchema();
      const writer = await open(schema, { pendingVectors: 0 });
      const random = seededRandom(6);
      const inserts = Array.from({ length: 300 }, (_, i) =>
        memory({ user: i % 2 === 0 ? "ana" : "bo", vector: randomUnit(random, DIMENSIONS) }),
      );
      await writer.write({ inserts, reinforcements: [] });
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 300 });
      await makeWaiting(schema, 40);
      const indexed = await open(schema, { exactScanLimit: 10 });
      const exact = await open(schema, { exactScanLimit: 1_000_000 });
      const waiting = [...inserts].sort((a, b) => (a.record.id < b.record.id ? -1 : 1)).slice(0, 40);
      const asQuery = (written: NewMemory) =>
        Float32Array.from(written.keys[0]?.vector as ArrayLike<number>, (value) => value / 127);
      for (const target of waiting.slice(0, 10)) {
        const hits = await indexed.searchVectors({ tenant: "tenant-a" }, asQuery(target), 5);
        expect(indexed.lastVectorPlan?.method).toBe("hnsw");
        expect(hits[0]?.memoryId).toBe(target.record.id);
        const truth = await exact.searchVectors({ tenant: "tenant-a" }, asQuery(target), 5);
        expect(exact.lastVectorPlan?.method).toBe("exact");
        expect(hits[0]?.similarity).toBeCloseTo(truth[0]?.similarity as number, 6);
      }
      // the filter holds for the waiting keys: ana's search with bo's waiting vector returns only ana's memories
      const bos = waiting.find((written) => written.record.user === "bo") as NewMemory;
      const anas = await indexed.searchVectors({ tenant: "tenant-a", user: "ana" }, asQuery(bos), 5);
      expect(indexed.lastVectorPlan?.method).toBe("hnsw");
      expect(anas).toHaveLength(5);
      const users = new Map(inserts.map((written) => [written.record.id, written.record.user]));
      for (const hit of anas) expect(users.get(hit.memoryId)).toBe("ana");
    });

    it("a store whose every vector waits still knows its vector size, and refuses another", async () => {
      const schema = newSchema();
      const writer = await open(schema, { pendingVectors: 0 });
      const random = seededRandom(10);
      const inserts = notes(random, 20);
      await writer.write({ inserts, reinforcements: [] });
      await makeWaiting(schema, 20);
      expect(await counts(schema)).toEqual({ pending: 20, inGraph: 0 });
      const reader = createPostgresStore({ url, schema, poolSize: 2 });
      opened.push(reader);
      const hits = await reader.searchVectors({ tenant: "tenant-a" }, randomUnit(random, DIMENSIONS), 5);
      expect(hits).toHaveLength(5);
      await expect(
        reader.write({ inserts: [memory({ vector: randomUnit(random, 8) })], reinforcements: [] }),
      ).rejects.toThrow(/16/);
    });

    it("merges around rows another transaction holds, and takes them on the next write", async () => {
      const schema = newSchema();
      const writer = await open(schema, { pendingVectors: 0 });
      const random = seededRandom(7);
      await writer.write({ inserts: notes(random, 120), reinforcements: [] });
      await makeWaiting(schema, 120);
      const store = await open(schema);
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query("BEGIN");
        await admin.query(
          `SELECT memory_id FROM ${schema}.engram_keys WHERE pending_dimensions IS NOT NULL
          ORDER BY memory_id LIMIT 20 FOR UPDATE`,
        );
        // the write's own 5 keys wait too; the merge it starts moves all but the 20 held rows
        await store.write({ inserts: notes(random, 5), reinforcements: [] });
        await store.pendingMerged();
        expect(await counts(schema)).toEqual({ pending: 20, inGraph: 105 });
        await admin.query("COMMIT");
      } finally {
        await admin.end();
      }
      await store.write({ inserts: notes(random, 1), reinforcements: [] });
      await store.pendingMerged();
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 126 });
    });

    it("past its limit a write inserts into the graph itself, and starts the merge", async () => {
      const schema = newSchema();
      const store = await open(schema, { pendingVectors: 10 });
      const random = seededRandom(8);
      await store.write({ inserts: notes(random, 30), reinforcements: [] });
      await store.pendingMerged();
      // 10 keys waiting: the tenant is at the limit
      await makeWaiting(schema, 10);
      const full = await open(schema, { pendingVectors: 10 });
      const seen = await capturedStatements(/INSERT INTO engram_keys/, () =>
        full.write({ inserts: notes(random, 3), reinforcements: [] }),
      );
      const values = seen.flatMap((statement) => statement.values);
      for (let row = 0; row < 3; row++) {
        expect(values[row * 19 + 10]).toBe(DIMENSIONS);
        expect(values[row * 19 + 11]).toBeNull();
      }
      // the write found the tenant at its limit, so it started the merge of the 10 waiting keys
      await full.pendingMerged();
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 33 });
      await makeWaiting(schema, 10);
      // another tenant has room of its own
      const elsewhere = memory({ tenant: "tenant-b", vector: randomUnit(random, DIMENSIONS) });
      const other = await capturedStatements(/INSERT INTO engram_keys/, () =>
        full.write({ inserts: [elsewhere], reinforcements: [] }),
      );
      expect(other[0]?.values[10]).toBeNull();
      expect(other[0]?.values[11]).toBe(DIMENSIONS);
      await full.pendingMerged();
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 34 });
    });

    it("the merge waits while writes keep coming, goes on once half the limit waits, and runs now when asked", async () => {
      const schema = newSchema();
      // a quiet time no test reaches: only the pressure of waiting keys, or pendingMerged, starts a merge
      const store = await open(schema, { pendingVectors: 100, mergeQuietMs: 60_000 });
      const random = seededRandom(10);
      await store.write({ inserts: notes(random, 30), reinforcements: [] });
      await store.write({ inserts: notes(random, 15), reinforcements: [] });
      // a merge due right away would have moved these by now (one batch of 100 takes milliseconds)
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await counts(schema)).toEqual({ pending: 45, inGraph: 0 });
      // 50 waiting is half the limit: the merge no longer waits for the writes to stop
      await store.write({ inserts: notes(random, 5), reinforcements: [] });
      const deadline = Date.now() + 20_000;
      while ((await counts(schema)).pending > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 50 });
      // below the pressure again: pendingMerged merges what waits without waiting for quiet
      await store.write({ inserts: notes(random, 7), reinforcements: [] });
      expect((await counts(schema)).pending).toBe(7);
      await store.pendingMerged();
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 57 });
      // closing a store whose merge waits for quiet does not wait the quiet time out
      await store.write({ inserts: notes(random, 3), reinforcements: [] });
      const closed = Date.now();
      await store.close();
      opened.splice(opened.indexOf(store), 1);
      expect(Date.now() - closed).toBeLessThan(30_000);
      expect(await counts(schema)).toEqual({ pending: 3, inGraph: 57 });
    });

    it("refuses a quiet time outside 0 to 60,000 ms, naming the option", () => {
      for (const mergeQuietMs of [-1, 60_001, 2.5])
        expect(() => createPostgresStore({ url, schema: "unused", mergeQuietMs })).toThrow(
          expect.objectContaining({ where: "mergeQuietMs" }),
        );
    });

    it("a store without the HNSW index never leaves keys waiting", async () => {
      const schema = newSchema();
      const store = createPostgresStore({ url, schema, poolSize: 2, hnswIndex: false });
      opened.push(store);
      await store.bindEmbedder({ id: "test-16", dimensions: DIMENSIONS });
      await store.write({ inserts: notes(seededRandom(9), 20), reinforcements: [] });
      expect(await counts(schema)).toEqual({ pending: 0, inGraph: 20 });
    });
  },
);

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL key vectors waiting outside the HNSW graph", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
