/**
 * The PostgreSQL store's HNSW graphs: a store builds its graph over half-precision copies of the key vectors and
 * walks it with the index's own expression, re-ranking the candidates by their exact distance; a store made before
 * keeps its full-precision graph (no second graph built at bind) and is still searched through it; vectors larger
 * than a full-precision graph could hold (2,000 dimensions) get a graph too.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/spec/errors.js";
import type { NewMemory } from "../../src/spec/memory.js";
import type { VectorHit } from "../../src/spec/store.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import {
  adminQuery,
  analyzedPlanNodes,
  capturedStatements,
  dropSchema,
  SKIP_REASON,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory, seededRandom, randomUnit } = storeFixtures;

const opened: PostgresStore[] = [];
const schemas: string[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  if (TEST_DATABASE_URL) for (const schema of schemas.splice(0)) await dropSchema(TEST_DATABASE_URL, schema);
});

describe("the graph search's setting (no server needed)", () => {
  it("refuses an ef_search that is not a whole number from 1 to pgvector's 1,000, naming the option", () => {
    const url = "postgres://nobody@127.0.0.1:1/none";
    for (const options of [
      { efSearch: 0 },
      { efSearch: 1001 },
      { efSearch: 2.5 },
      { efSearch: Number.NaN },
      { efSearch: -200 },
    ]) {
      expect(() => createPostgresStore({ url, ...options })).toThrow(
        expect.objectContaining({ code: ERROR_CODES.configInvalid, where: "efSearch" }),
      );
    }
    // in range: accepted (the store connects only when first used)
    const store = createPostgresStore({ url, efSearch: 1000 });
    return store.close();
  });

  it("refuses graph parameters outside pgvector's bounds, naming the parameter", async () => {
    const url = "postgres://nobody@127.0.0.1:1/none";
    for (const [hnswGraph, where] of [
      [{ m: 1 }, "hnswGraph.m"],
      [{ m: 101 }, "hnswGraph.m"],
      [{ m: 12.5 }, "hnswGraph.m"],
      [{ efConstruction: 3 }, "hnswGraph.efConstruction"],
      [{ efConstruction: 1001 }, "hnswGraph.efConstruction"],
      // pgvector needs ef_construction ≥ 2·m: refused here, not by the server at the first bind
      [{ m: 40, efConstruction: 64 }, "hnswGraph.efConstruction"],
    ] as const) {
      expect(() => createPostgresStore({ url, hnswGraph })).toThrow(
        expect.objectContaining({ code: ERROR_CODES.configInvalid, where }),
      );
    }
    // in range, and an m whose ef_construction (4·m when over 64) is left to the store: accepted
    for (const hnswGraph of [{ m: 2, efConstruction: 4 }, { m: 100 }, { efConstruction: 1000 }])
      await createPostgresStore({ url, hnswGraph }).close();
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL HNSW graphs", () => {
  const url = TEST_DATABASE_URL as string;

  /** A schema of the test's own, dropped after it. */
  function freshSchema(label: string): string {
    const schema = uniqueSchema(label);
    schemas.push(schema);
    return schema;
  }

  function open(
    schema: string,
    exactScanLimit: number,
    hnswGraph?: { m?: number; efConstruction?: number },
  ): PostgresStore {
    const store = createPostgresStore({ url, schema, poolSize: 2, exactScanLimit, hnswGraph });
    opened.push(store);
    return store;
  }

  /** `count` memories of 12 users with random unit vectors of `dimensions`, every key merged into the graph. */
  async function fill(store: PostgresStore, dimensions: number, count: number, seed: number) {
    const random = seededRandom(seed);
    const inserts: NewMemory[] = [];
    for (let i = 0; i < count; i++) {
      inserts.push(
        memory({
          id: `g-${String(i).padStart(5, "0")}`,
          tenant: "t",
          user: `u-${i % 12}`,
          vector: randomUnit(random, dimensions),
        }),
      );
    }
    await store.write({ inserts, reinforcements: [] });
    await store.pendingMerged();
  }

  async function graphIndexes(schema: string): Promise<{ name: string; definition: string }[]> {
    return adminQuery<{ name: string; definition: string }>(
      url,
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE schemaname = $1 AND indexdef LIKE '%USING hnsw%' ORDER BY indexname`,
      [schema],
    );
  }

  /**
   * The HNSW statement the tenant's search ran (captured), and the indexes its plan walks with sequential scans and
   * sorts off (a table this small would otherwise be read whole and sorted): a plan can then keep the statement's
   * order only by walking an index that gives it, so the graph shows up only when the order is the graph's own.
   */
  async function searchedIndexes(store: PostgresStore, schema: string, query: Float32Array) {
    let hits: VectorHit[] = [];
    const seen = await capturedStatements(/\bin_graph\b/, async () => {
      hits = await store.searchVectors({ tenant: "t" }, query, 10);
    });
    expect(store.lastVectorPlan?.method).toBe("hnsw");
    expect(seen).toHaveLength(1);
    const nodes = await analyzedPlanNodes(url, schema, seen[0] as { text: string; values: unknown[] }, [
      "SET enable_seqscan = off",
      "SET enable_sort = off",
      "SET hnsw.iterative_scan = relaxed_order",
    ]);
    return { hits, indexes: nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])) };
  }

  it("builds a half-precision graph, walks it, and returns exact similarities in exact order", async () => {
    const schema = freshSchema("halfgraph");
    const indexed = open(schema, 0);
    const exact = open(schema, 1_000_000);
    await indexed.bindEmbedder({ id: "test-24", dimensions: 24 });
    await fill(indexed, 24, 1200, 5);
    const graphs = await graphIndexes(schema);
    expect(graphs.map((graph) => graph.name)).toEqual(["engram_keys_hnsw_half_24"]);
    expect(graphs[0]?.definition).toContain("halfvec_ip_ops");
    expect(graphs[0]?.definition).toContain("m='16', ef_construction='64'");

    const random = seededRandom(8);
    let found = 0;
    for (let round = 0; round < 5; round++) {
      const query = randomUnit(random, 24);
      const { hits, indexes } = await searchedIndexes(indexed, schema, query);
      expect(indexes).toContain("engram_keys_hnsw_half_24");
      const truth = await exact.searchVectors({ tenant: "t" }, query, 10);
      expect(exact.lastVectorPlan?.method).toBe("exact");
      const truthById = new Map(truth.map((hit) => [hit.memoryId, hit.similarity]));
      // half precision orders the graph's walk; what comes back is each key's full-precision similarity
      for (const hit of hits) {
        if (truthById.has(hit.memoryId)) {
          expect(hit.similarity).toBeCloseTo(truthById.get(hit.memoryId) as number, 6);
          found++;
        }
      }
      for (let i = 1; i < hits.length; i++)
        expect((hits[i - 1] as VectorHit).similarity).toBeGreaterThanOrEqual(
          (hits[i] as VectorHit).similarity,
        );
    }
    expect(found / 50).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps the full-precision graph of a store made before, builds no second one, and searches through it", async () => {
    const schema = freshSchema("fullgraph");
    const first = open(schema, 0);
    await first.bindEmbedder({ id: "test-24", dimensions: 24 });
    await fill(first, 24, 1200, 6);
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    // the graph an older Engram built (its statement, kept here as it was)
    await adminQuery(
      url,
      `DROP INDEX ${schema}.engram_keys_hnsw_half_24;
       CREATE INDEX engram_keys_hnsw_24 ON ${schema}.engram_keys
         USING hnsw ((embedding::vector(24)) vector_ip_ops) WITH (m = 16, ef_construction = 64)
         WHERE dimensions = 24`,
    );
    const reopened = open(schema, 0);
    await reopened.bindEmbedder({ id: "test-24", dimensions: 24 });
    expect((await graphIndexes(schema)).map((graph) => graph.name)).toEqual(["engram_keys_hnsw_24"]);
    const query = randomUnit(seededRandom(9), 24);
    const { hits, indexes } = await searchedIndexes(reopened, schema, query);
    expect(indexes).toContain("engram_keys_hnsw_24");
    const exact = open(schema, 1_000_000);
    const truth = await exact.searchVectors({ tenant: "t" }, query, 10);
    expect(
      hits.map((hit) => hit.memoryId).filter((id) => truth.some((hit) => hit.memoryId === id)).length,
    ).toBeGreaterThanOrEqual(9);

    // a store object that never bound (a tool reading the store) finds the graph at its first search
    const reader = open(schema, 0);
    const read = await searchedIndexes(reader, schema, query);
    expect(read.indexes).toContain("engram_keys_hnsw_24");
    expect(read.hits).toEqual(hits);
  });

  it("builds a graph with the parameters asked for, and a store asking for others keeps the one built", async () => {
    const schema = freshSchema("graphparams");
    // m alone: ef_construction follows it (4·m), as pgvector's own defaults do
    const first = open(schema, 0, { m: 32 });
    await first.bindEmbedder({ id: "test-24", dimensions: 24 });
    await fill(first, 24, 300, 11);
    const built = await graphIndexes(schema);
    expect(built.map((graph) => graph.name)).toEqual(["engram_keys_hnsw_half_24"]);
    expect(built[0]?.definition).toContain("m='32', ef_construction='128'");
    const other = open(schema, 0, { m: 8, efConstruction: 40 });
    await other.bindEmbedder({ id: "test-24", dimensions: 24 });
    expect(await graphIndexes(schema)).toEqual(built);
    const { hits, indexes } = await searchedIndexes(other, schema, randomUnit(seededRandom(12), 24));
    expect(indexes).toContain("engram_keys_hnsw_half_24");
    expect(hits).toHaveLength(10);
  });

  it("gives vectors of more than 2,000 dimensions a graph (a full-precision one could not hold them)", async () => {
    const schema = freshSchema("widegraph");
    const store = open(schema, 0);
    await store.bindEmbedder({ id: "test-3072", dimensions: 3072 });
    await fill(store, 3072, 120, 7);
    expect((await graphIndexes(schema)).map((graph) => graph.name)).toEqual(["engram_keys_hnsw_half_3072"]);
    const query = randomUnit(seededRandom(10), 3072);
    const { hits, indexes } = await searchedIndexes(store, schema, query);
    expect(indexes).toContain("engram_keys_hnsw_half_3072");
    expect(hits).toHaveLength(10);
  });
});

describe.skipIf(TEST_DATABASE_URL !== undefined)("PostgreSQL HNSW graphs (skipped)", () => {
  it.skip(SKIP_REASON, () => {});
});
