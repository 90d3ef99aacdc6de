/**
 * The PostgreSQL lexical channel's bound: a query whose terms match more key rows than `exactRows` (by the tenant's
 * term counts) is ranked over its rarest terms' rows and the newest rows matching any term, rescored with every
 * term, as SQLite's store ranks it; the rows it examines stay within the bound whatever the tenant holds.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import type { LexicalHit, MemoryFilter } from "../../src/spec/store.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { rarestLexemes } from "../../src/stores/postgres/lexical-search.js";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";
import {
  analyzedPlanNodes,
  dropSchema,
  capturedStatements as statements,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory } = storeFixtures;
const BOUNDS = { exactRows: 300, newestRows: 100 };

function note(id: string, user: string, terms: string[]): NewMemory {
  return memory({ id, user, terms, tenant: "t", vector: null });
}

/**
 * Ids sort in the order the rows are written, as the engine's ids do: an old row of ana's with a rare word, a user
 * of 5,100 rows (past the user-statistics rule) whose short rows match the common word best, 1,000 rows of ana's
 * with common words, and a new row dense in the common word.
 */
function rows(): NewMemory[] {
  const written: NewMemory[] = [note("a-old-rare", "ana", ["zebra", "common", "filler", "filler"])];
  for (let i = 0; i < 5100; i++)
    written.push(note(`b-${String(i).padStart(4, "0")}`, "bo", ["common", `v${i % 7}`]));
  for (let i = 0; i < 1000; i++)
    written.push(note(`m-${String(i).padStart(4, "0")}`, "ana", ["common", "filler", `w${i}`]));
  written.push(note("n-new-dense", "ana", ["common", "common"]));
  return written;
}

describe("the rarest lexemes of a bounded query", () => {
  it("takes terms rarest first while their rows fit the bound, and stops at the first that does not", () => {
    const counts = new Map([
      ["common", 900],
      ["zebra", 3],
      ["filler", 250],
      ["rare", 40],
    ]);
    expect(rarestLexemes(counts, 300)).toEqual(["zebra", "rare", "filler"]);
    expect(rarestLexemes(counts, 2)).toEqual([]);
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL lexical channel beyond its bound", () => {
  const url = TEST_DATABASE_URL as string;
  const schema = uniqueSchema("lexbound");
  let bounded: PostgresStore;
  let exact: PostgresStore;
  let sqlite: SqliteStore;

  beforeAll(async () => {
    bounded = createPostgresStore({ url, schema, poolSize: 2, lexical: BOUNDS });
    exact = createPostgresStore({ url, schema, poolSize: 2, lexical: { exactRows: 1_000_000 } });
    // SQLite's bound with the same figures (its in-memory scopes off, so its bounded path runs too)
    sqlite = createSqliteStore({
      path: join(tempDir(), "bound.db"),
      hnsw: false,
      lexical: { ...BOUNDS, memoryScopeRows: 0 },
    });
    const written = rows();
    for (let i = 0; i < written.length; i += 1000) {
      const batch = { inserts: written.slice(i, i + 1000), reinforcements: [] };
      await bounded.write(batch);
      await sqlite.write(batch);
    }
  }, 60_000);

  afterAll(async () => {
    await bounded?.close();
    await exact?.close();
    await sqlite?.close();
    await dropSchema(url, schema);
  });

  /** The hits of a search, and whether it ran the bounded statement. */
  async function search(store: PostgresStore, filter: MemoryFilter, terms: string[], limit: number) {
    let hits: LexicalHit[] = [];
    const seen = await statements(/candidates AS MATERIALIZED/, async () => {
      hits = await store.searchTerms(filter, terms, limit);
    });
    return { hits, bounded: seen.length > 0, statements: seen };
  }

  it("still finds a rare word's old row first, with every term's BM25", async () => {
    const rare = await search(bounded, { tenant: "t" }, ["zebra", "common"], 5);
    const truth = await search(exact, { tenant: "t" }, ["zebra", "common"], 5);
    expect(rare.bounded).toBe(true);
    expect(truth.bounded).toBe(false);
    expect(rare.hits[0]?.memoryId).toBe("a-old-rare");
    expect(rare.hits[0]?.memoryId).toBe(truth.hits[0]?.memoryId);
    expect(rare.hits[0]?.score).toBeCloseTo(truth.hits[0]?.score as number, 9);
  });

  it("finds the newest rows of a common word, the best of them as the exact ranking does", async () => {
    const common = await search(bounded, { tenant: "t" }, ["common"], 10);
    expect(common.bounded).toBe(true);
    expect(common.hits).toHaveLength(10);
    expect(common.hits[0]?.memoryId).toBe("n-new-dense");
    const [best] = (await search(exact, { tenant: "t" }, ["common"], 1)).hits;
    expect(common.hits[0]?.memoryId).toBe(best?.memoryId);
    expect(common.hits[0]?.score).toBeCloseTo(best?.score as number, 9);
    // the bound's approximation: the rest come from the newest 100 rows (ana's), where the exact ranking has bo's
    // shorter, older rows
    for (const hit of common.hits.slice(1)) expect(hit.memoryId >= "m-0901").toBe(true);
    const truth = await search(exact, { tenant: "t" }, ["common"], 10);
    expect(truth.hits.slice(1).every((hit) => hit.memoryId.startsWith("b-"))).toBe(true);
  });

  it("examines at most the rare terms' rows and the newest rows, whatever the tenant holds", async () => {
    const { statements: seen } = await search(bounded, { tenant: "t" }, ["zebra", "common", "filler"], 10);
    expect(seen).toHaveLength(1);
    const plan = await analyzedPlanNodes(url, schema, seen[0] as { text: string; values: unknown[] });
    const candidates = plan.find((node) => node["Subplan Name"] === "CTE candidates");
    if (candidates === undefined) throw new Error("the plan has no candidates CTE");
    // zebra (1 row) and filler (1,001 rows) do not fit 300 together: the rare rows are zebra's one
    expect(candidates["Actual Rows"]).toBeGreaterThan(BOUNDS.newestRows);
    expect(candidates["Actual Rows"]).toBeLessThanOrEqual(BOUNDS.newestRows + 1);
  });

  it("bounds a user with many keys by that user's rows, and keeps other users' rows out", async () => {
    const bo = await search(bounded, { tenant: "t", user: "bo" }, ["zebra", "common", "v3"], 20);
    expect(bo.bounded).toBe(true);
    expect(bo.hits).toHaveLength(20);
    for (const hit of bo.hits) expect(hit.memoryId.startsWith("b-")).toBe(true);
    // a user with few keys is ranked by its own statistics, exactly, whatever the bound
    const ana = await search(bounded, { tenant: "t", user: "ana" }, ["zebra", "common"], 5);
    expect(ana.bounded).toBe(false);
    expect(ana.hits[0]?.memoryId).toBe("a-old-rare");
  });

  it("ranks as SQLite's store ranks under the same bound: same ids, order and BM25", async () => {
    const queries: [MemoryFilter, string[]][] = [
      [{ tenant: "t" }, ["zebra", "common"]],
      [{ tenant: "t" }, ["common"]],
      [{ tenant: "t" }, ["common", "filler", "w17"]],
      [{ tenant: "t" }, ["v3", "common"]],
      [{ tenant: "t", user: "bo" }, ["common", "v5"]],
    ];
    for (const [filter, terms] of queries) {
      const postgres = await search(bounded, filter, terms, 10);
      expect(postgres.bounded).toBe(true);
      const lite = await sqlite.searchTerms(filter, terms, 10);
      expect(postgres.hits.map((hit) => hit.memoryId)).toEqual(lite.map((hit) => hit.memoryId));
      postgres.hits.forEach((hit, i) => {
        expect(hit.score).toBeCloseTo(lite[i]?.score as number, 9);
      });
    }
  });
});
