/** The same data in the SQLite and the PostgreSQL store ranks the same: searchTerms (BM25) and searchVectors agree in order and score. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import type { MemoryFilter, Store } from "../../src/spec/store.js";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { dropSchema, SKIP_REASON, TEST_DATABASE_URL, uniqueSchema } from "./postgres-helpers.js";

const { memory, seededRandom, randomUnit } = storeFixtures;
const DIMENSIONS = 16;
const VOCABULARY = [
  "apple",
  "pear",
  "plum",
  "river",
  "mountain",
  "city",
  "train",
  "coffee",
  "book",
  "music",
  "garden",
  "winter",
  "sister",
  "doctor",
  "paris",
  "lisbon",
  "北京",
  "上海",
  "旅游",
  "咖啡",
  "café",
  "naïve",
  "42",
  "2024",
];

/** Zipf-like picks, so some terms are in more than half the keys (the idf floor) and others are rare. */
function pickTerms(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => {
    const rank = Math.floor(VOCABULARY.length * random() ** 2.5);
    return VOCABULARY[rank] as string;
  });
}

function corpus(): NewMemory[] {
  const random = seededRandom(2024);
  const users = ["ana", "ben", "cai"];
  return Array.from({ length: 400 }, (_, i) =>
    memory({
      id: `parity-${String(i).padStart(4, "0")}`,
      tenant: "parity",
      user: users[i % users.length],
      kind: i % 5 === 0 ? "fact" : "episode",
      terms: pickTerms(random, 1 + Math.floor(random() * 12)),
      vector: i % 9 === 0 ? null : randomUnit(random, DIMENSIONS),
      extraKeys:
        i % 4 === 0
          ? [{ kind: "fact", terms: pickTerms(random, 3), vector: randomUnit(random, DIMENSIONS) }]
          : i % 7 === 0
            ? [{ kind: "entity", terms: [], vector: null }]
            : [],
    }),
  );
}

const QUERIES: string[][] = [
  ["apple"],
  ["apple", "pear"],
  ["mountain", "river", "train"],
  ["北京", "旅游"],
  ["cafe"],
  ["café", "naïve"],
  ["2024", "42", "paris"],
  ["lisbon", "doctor", "sister", "winter"],
  ["APPLE", "apple"],
  ["unknown-word", "coffee"],
];

const FILTERS: MemoryFilter[] = [
  { tenant: "parity" },
  { tenant: "parity", user: "ana" },
  { tenant: "parity", kinds: ["fact"] },
];

describe.skipIf(TEST_DATABASE_URL === undefined)(
  "SQLite and PostgreSQL rank the same data the same way",
  () => {
    let folder: string;
    let sqlite: Store;
    let postgres: Store;
    const schema = uniqueSchema("parity");

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), "engram-parity-"));
      sqlite = createSqliteStore({ path: join(folder, "parity.db") });
      postgres = createPostgresStore({ url: TEST_DATABASE_URL as string, schema });
      const data = corpus();
      await sqlite.write({ inserts: data, reinforcements: [] });
      await postgres.write({ inserts: structuredClone(data), reinforcements: [] });
      // No forgetting here: FTS5 (contentless_delete) keeps counting a deleted row in its row and token totals,
      // where PostgreSQL's statistics follow deletions exactly (postgres-store.test.ts checks that).
    });

    afterAll(async () => {
      await sqlite?.close();
      await postgres?.close();
      rmSync(folder, { recursive: true, force: true });
      if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
    });

    for (const filter of FILTERS) {
      for (const terms of QUERIES) {
        it(`searchTerms ${JSON.stringify(terms)} in ${JSON.stringify(filter)}: same ids, order and BM25`, async () => {
          const expected = await sqlite.searchTerms(filter, terms, 25);
          const actual = await postgres.searchTerms(filter, terms, 25);
          expect(actual.map((hit) => hit.memoryId)).toEqual(expected.map((hit) => hit.memoryId));
          expect(actual.map((hit) => hit.keyKind)).toEqual(expected.map((hit) => hit.keyKind));
          actual.forEach((hit, i) => {
            expect(hit.score).toBeCloseTo((expected[i] as { score: number }).score, 9);
          });
        });
      }
    }

    it("searchTerms has hits for most queries (the comparison is not vacuous)", async () => {
      let withHits = 0;
      for (const terms of QUERIES)
        if ((await sqlite.searchTerms(FILTERS[0] as MemoryFilter, terms, 5)).length > 0) withHits++;
      expect(withHits).toBe(QUERIES.length);
    });

    it("searchVectors: same ids, order, key kinds and similarities for 20 queries and three filters", async () => {
      const random = seededRandom(99);
      for (let round = 0; round < 20; round++) {
        const query = randomUnit(random, DIMENSIONS);
        for (const filter of FILTERS) {
          const expected = await sqlite.searchVectors(filter, query, 15);
          const actual = await postgres.searchVectors(filter, query, 15);
          expect(expected).toHaveLength(15);
          expect(actual.map((hit) => hit.memoryId)).toEqual(expected.map((hit) => hit.memoryId));
          expect(actual.map((hit) => hit.keyKind)).toEqual(expected.map((hit) => hit.keyKind));
          actual.forEach((hit, i) => {
            expect(
              Math.abs(hit.similarity - (expected[i] as { similarity: number }).similarity),
            ).toBeLessThan(1e-5);
          });
        }
      }
    });
  },
);

if (TEST_DATABASE_URL === undefined) {
  describe("SQLite and PostgreSQL rank the same data the same way", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
