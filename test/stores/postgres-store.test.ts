/** What only the PostgreSQL store has to show: filtered HNSW recall, tenant isolation by construction, exact BM25 statistics, migrations. */
import { afterEach, describe, expect, it } from "vitest";
import { EngramError, ERROR_CODES } from "../../src/spec/errors.js";
import type { NewMemory } from "../../src/spec/memory.js";
import type { Store, VectorHit } from "../../src/spec/store.js";
import {
  createPostgresStore,
  POSTGRES_SCHEMA_VERSION,
  type PostgresStore,
} from "../../src/stores/postgres/index.js";
import { orQuery, queryLexemes } from "../../src/stores/postgres/lexical.js";
import { assertTenantBound } from "../../src/stores/postgres/tenant-sql.js";
import { storeFixtures } from "../contract/store-contract.js";
import { adminQuery, dropSchema, SKIP_REASON, TEST_DATABASE_URL, uniqueSchema } from "./postgres-helpers.js";

const { memory, seededRandom, randomUnit, axis } = storeFixtures;

describe("tenant-bound SQL (no server needed)", () => {
  it("accepts a statement whose every Engram table is aliased and bound to $1", () => {
    expect(() =>
      assertTenantBound(
        "SELECT m.id FROM engram_memories AS m JOIN engram_keys AS k ON k.tenant = $1 WHERE m.tenant = $1",
      ),
    ).not.toThrow();
  });

  it("refuses a table without an alias, and an alias without its tenant condition", () => {
    expect(() => assertTenantBound("SELECT id FROM engram_memories WHERE id = $1")).toThrow(/no alias/);
    expect(() => assertTenantBound("SELECT m.id FROM engram_memories AS m WHERE m.id = $2")).toThrow(
      /not bound to the tenant/,
    );
    expect(() =>
      assertTenantBound(
        "SELECT m.id FROM engram_memories AS m JOIN engram_keys AS k ON true WHERE m.tenant = $1",
      ),
    ).toThrow(/engram_keys AS k is not bound/);
    expect(() => assertTenantBound("SELECT m.id FROM engram_memories AS m WHERE m.tenant = $10")).toThrow();
  });

  it("builds tsqueries from quoted lexemes only: operators and quotes in terms stay text", () => {
    expect(orQuery(queryLexemes(["star", "*", "a'b", "NEAR(x y)", "café", "北京"]))).toBe(
      "'star' | 'a' | 'b' | 'near' | 'x' | 'y' | 'cafe' | '北京'",
    );
    expect(orQuery(queryLexemes(["", "!", "&|"]))).toBeNull();
  });
});

const stores: { store: Store; schema: string }[] = [];

afterEach(async () => {
  for (const { store, schema } of stores.splice(0)) {
    await store.close();
    if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
  }
});

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL store", () => {
  const url = TEST_DATABASE_URL as string;

  function open(options: { schema?: string; exactScanLimit?: number; keep?: boolean } = {}): PostgresStore {
    const schema = options.schema ?? uniqueSchema("store");
    const store = createPostgresStore({ url, schema, poolSize: 3, exactScanLimit: options.exactScanLimit });
    if (!options.keep) stores.push({ store, schema });
    return store;
  }

  describe("vector search with a selective filter on the HNSW path", () => {
    it("returns the same top memories as an exact scan for one user among 60 (iterative scan + exact re-rank)", async () => {
      const schema = uniqueSchema("hnsw");
      const indexed = open({ schema, exactScanLimit: 0 });
      const exact = open({ schema, exactScanLimit: 1_000_000, keep: true });
      const dimensions = 24;
      await indexed.bindEmbedder({ id: "test-24", dimensions });
      const random = seededRandom(11);
      const inserts: NewMemory[] = [];
      for (let i = 0; i < 3000; i++) {
        inserts.push(
          memory({
            id: `hnsw-${String(i).padStart(5, "0")}`,
            tenant: "big",
            user: `user-${i % 60}`,
            kind: Math.floor(i / 60) % 3 === 0 ? "fact" : "episode",
            vector: randomUnit(random, dimensions),
          }),
        );
      }
      await indexed.write({ inserts, reinforcements: [] });
      // the graph itself is tested here: every key merged into it (pending-vectors.ts)
      await indexed.pendingMerged();
      const index = await adminQuery<{ name: string }>(
        url,
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND indexdef LIKE '%USING hnsw%'",
        [schema],
      );
      expect(index).toEqual([{ name: "engram_keys_hnsw_half_24" }]);

      let found = 0;
      let wanted = 0;
      for (let round = 0; round < 20; round++) {
        const query = randomUnit(random, dimensions);
        const filter = {
          tenant: "big",
          user: `user-${round}`,
          kinds: round % 2 === 0 ? undefined : ["episode" as const],
        };
        const truth = await exact.searchVectors(filter, query, 10);
        expect(exact.lastVectorPlan?.method).toBe("exact");
        const approximate: VectorHit[] = await indexed.searchVectors(filter, query, 10);
        expect(indexed.lastVectorPlan).toEqual({ method: "hnsw", counted: 1 });
        // Every hit is in the filter and carries its exact similarity; the order is exact among what was found.
        expect(approximate).toHaveLength(10);
        const truthById = new Map(truth.map((hit) => [hit.memoryId, hit.similarity]));
        for (const hit of approximate) {
          const index = Number(hit.memoryId.slice(5));
          expect(index % 60).toBe(round);
          if (truthById.has(hit.memoryId))
            expect(hit.similarity).toBeCloseTo(truthById.get(hit.memoryId) as number, 6);
        }
        for (let i = 1; i < approximate.length; i++) {
          expect((approximate[i - 1] as VectorHit).similarity).toBeGreaterThanOrEqual(
            (approximate[i] as VectorHit).similarity,
          );
        }
        wanted += truth.length;
        found += approximate.filter((hit) => truthById.has(hit.memoryId)).length;
      }
      // Without iterative scanning, HNSW with this filter returns about ef_search / 60 rows: almost nothing.
      expect(found / wanted).toBeGreaterThanOrEqual(0.95);
      await exact.close();
    });
  });

  describe("tenant isolation by construction", () => {
    it("keeps two tenants with the same ids, texts, terms and vectors apart in every read and write", async () => {
      const schema = uniqueSchema("store");
      const store = open({ schema });
      const mine = memory({
        id: "same-id",
        tenant: "tenant-a",
        terms: ["secret"],
        vector: axis(2),
        text: "A's",
      });
      const theirs = memory({
        id: "same-id",
        tenant: "tenant-b",
        terms: ["secret"],
        vector: axis(2),
        text: "B's",
      });
      // No write makes two tenants share an id any more (ids are unique in the whole store: docs/architecture.md),
      // but a database can still hold such a pair (written before schema version 4, or by two imports racing), and
      // it must keep them apart: B's memory is written under another id, then renamed past the store (one statement,
      // so the keys' foreign key is checked once both rows are renamed).
      const renamed = {
        record: { ...theirs.record, id: "b-id" },
        keys: theirs.keys.map((k) => ({ ...k, memoryId: "b-id" })),
      };
      await store.write({ inserts: [mine, renamed], reinforcements: [] });
      await adminQuery(
        url,
        `WITH keys AS (UPDATE ${schema}.engram_keys SET memory_id = 'same-id'
                        WHERE tenant = 'tenant-b' AND memory_id = 'b-id' RETURNING 1)
         UPDATE ${schema}.engram_memories SET id = 'same-id' WHERE tenant = 'tenant-b' AND id = 'b-id'`,
      );
      expect(await store.get("tenant-a", ["same-id"])).toEqual([mine.record]);
      expect(await store.get("tenant-b", ["same-id"])).toEqual([theirs.record]);
      for (const tenant of ["tenant-a", "tenant-b", "tenant-c"]) {
        const expected = tenant === "tenant-c" ? [] : ["same-id"];
        expect((await store.searchVectors({ tenant }, axis(2), 10)).map((hit) => hit.memoryId)).toEqual(
          expected,
        );
        expect((await store.searchTerms({ tenant }, ["secret"], 10)).map((hit) => hit.memoryId)).toEqual(
          expected,
        );
      }
      await store.write({
        inserts: [],
        reinforcements: [
          {
            tenant: "tenant-a",
            memoryId: "same-id",
            source: { source: "again", occurredAt: 1, recordedAt: 2, session: null },
            strength: 0.9,
          },
        ],
      });
      await store.updateMemories("tenant-a", [{ id: "same-id", status: "archived" }]);
      expect(await store.get("tenant-b", ["same-id"])).toEqual([theirs.record]);
      expect(await store.forget({ tenant: "tenant-a", ids: ["same-id"] })).toEqual(["same-id"]);
      expect(await store.get("tenant-b", ["same-id"])).toEqual([theirs.record]);
      expect(
        (await store.searchTerms({ tenant: "tenant-b" }, ["secret"], 10)).map((hit) => hit.memoryId),
      ).toEqual(["same-id"]);
    });
  });

  describe("BM25 statistics", () => {
    it("follow forgetting exactly: scores after forgetting equal those of a store that never held the forgotten memories", async () => {
      const random = seededRandom(3);
      const words = ["owl", "moss", "fern", "oak", "rain", "mist"];
      const make = (prefix: string, count: number) =>
        Array.from({ length: count }, (_, i) =>
          memory({
            id: `${prefix}-${i}`,
            tenant: "bm25",
            terms: Array.from(
              { length: 1 + (i % 5) },
              () => words[Math.floor(random() * words.length)] as string,
            ),
          }),
        );
      const kept = make("kept", 40);
      const dropped = make("dropped", 25);
      const full = open();
      const clean = open();
      await full.write({ inserts: [...kept, ...dropped], reinforcements: [] });
      await clean.write({ inserts: structuredClone(kept), reinforcements: [] });
      await full.forget({ tenant: "bm25", ids: dropped.map((item) => item.record.id) });
      for (const terms of [["owl"], ["moss", "rain"], words]) {
        expect(await full.searchTerms({ tenant: "bm25" }, terms, 50)).toEqual(
          await clean.searchTerms({ tenant: "bm25" }, terms, 50),
        );
      }
      expect(await full.countRows()).toEqual(await clean.countRows());
    });
  });

  describe("migrations", () => {
    it("lets ten stores open a new schema at once: one migration to the newest version, everything usable", async () => {
      const schema = uniqueSchema("race");
      const many = Array.from({ length: 10 }, () => open({ schema, keep: true }));
      const written = many.map((store, i) =>
        store.write({ inserts: [memory({ id: `race-${i}` })], reinforcements: [] }),
      );
      await Promise.all(written);
      const meta = await adminQuery(url, `SELECT key, value FROM ${schema}.engram_meta ORDER BY key`);
      expect(meta).toEqual([
        { key: "app", value: "engram" },
        // version 2 added the knowledge graph, version 3 the API keys, version 4 the index on memory ids, 5 the
        // per-user term index, 6 feedback and learned recall weights, 7 text hashes indexed by user, 8 the session
        // index, 9 vectors waiting outside the HNSW graph, 10 key rows kept whole up to a page, 11 user key lengths
        { key: "schema_version", value: String(POSTGRES_SCHEMA_VERSION) },
      ]);
      expect(POSTGRES_SCHEMA_VERSION).toBe(11);
      expect((await (many[0] as Store).stats()).memories).toBe(10);
      for (const store of many) await store.close();
      await dropSchema(url, schema);
    });

    it("refuses a schema of another application (not_engram_store) and a newer Engram's (schema_too_new)", async () => {
      const other = uniqueSchema("other");
      const newer = uniqueSchema("newer");
      await adminQuery(
        url,
        `CREATE SCHEMA ${other}; CREATE TABLE ${other}.engram_meta (key text PRIMARY KEY, value text)`,
      );
      await adminQuery(url, `INSERT INTO ${other}.engram_meta VALUES ('app', 'someone-else')`);
      const first = open({ schema: other });
      const error = await first.stats().catch((caught: unknown) => caught);
      expect(EngramError.isInstance(error) && error.code).toBe(ERROR_CODES.notEngramStore);

      const store = open({ schema: newer });
      await store.stats();
      await adminQuery(url, `UPDATE ${newer}.engram_meta SET value = '99' WHERE key = 'schema_version'`);
      const again = open({ schema: newer, keep: true });
      const tooNew = await again.stats().catch((caught: unknown) => caught);
      expect(EngramError.isInstance(tooNew) && tooNew.code).toBe(ERROR_CODES.schemaTooNew);
      await again.close();
    });

    it("refuses a URL that is not postgres:// with config_invalid", () => {
      expect(() => createPostgresStore({ url: "mysql://x" })).toThrow(
        expect.objectContaining({ code: ERROR_CODES.configInvalid }),
      );
    });
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL store", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
