/** The SQLite lexical channel within a scope, and its bound: what a query matching too many rows still finds. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";

const { memory } = storeFixtures;
const opened: SqliteStore[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

function open(
  path: string,
  lexical?: { exactRows?: number; newestRows?: number; scoreAllRows?: number; memoryScopeRows?: number },
): SqliteStore {
  const store = createSqliteStore({ path, lexical, hnsw: false });
  opened.push(store);
  return store;
}

function note(id: string, user: string, terms: string[]): NewMemory {
  return memory({ id, user, terms, tenant: "t", vector: null });
}

describe("SQLite lexical channel", () => {
  it("finds one user's memories among 2,000 better-matching rows of another user", async () => {
    const mixed = open(join(tempDir(), "mixed.db"));
    const ana = [
      note("ana-1", "ana", ["river", "boat", "summer"]),
      note("ana-2", "ana", ["river", "bridge"]),
      note("ana-3", "ana", ["boat", "engine", "repair", "river", "river"]),
    ];
    // 2,000 rows of another user that match the query better than any of ana's
    const others = Array.from({ length: 2000 }, (_, i) => note(`bo-${i}`, "bo", ["river", "boat"]));
    for (let i = 0; i < others.length; i += 500)
      await mixed.write({ inserts: others.slice(i, i + 500), reinforcements: [] });
    await mixed.write({ inserts: ana, reinforcements: [] });
    const hits = await mixed.searchTerms({ tenant: "t", user: "ana" }, ["river", "boat"], 10);
    expect(hits.map((hit) => hit.memoryId).sort()).toEqual(["ana-1", "ana-2", "ana-3"]);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score as number);
    const tenantWide = await mixed.searchTerms({ tenant: "t" }, ["river", "boat"], 5);
    expect(tenantWide.every((hit) => hit.memoryId.startsWith("bo-"))).toBe(true);
  });

  it("beyond its bound still finds a rare word's old rows and the newest rows of common words", async () => {
    const path = join(tempDir(), "bounded.db");
    // the scope is small enough to be held in memory: that is turned off here, so the bound itself is tested
    const bounded = open(path, { exactRows: 300, newestRows: 100, memoryScopeRows: 0 });
    const rows: NewMemory[] = [note("old-rare", "ana", ["zebra", "common", "filler", "filler"])];
    for (let i = 0; i < 1000; i++)
      rows.push(note(`m-${String(i).padStart(4, "0")}`, "ana", ["common", "filler", `w${i}`]));
    rows.push(note("new-dense", "ana", ["common", "common"]));
    await bounded.write({ inserts: rows, reinforcements: [] });
    const exact = open(path, { exactRows: 1_000_000, memoryScopeRows: 0 });

    const rare = await bounded.searchTerms({ tenant: "t" }, ["zebra", "common"], 5);
    expect(rare[0]?.memoryId).toBe("old-rare");
    // the bounded query's scores are the full BM25 of the rows it returns
    const truth = await exact.searchTerms({ tenant: "t" }, ["zebra", "common"], 5);
    // scores are FTS5's BM25 over every term (computed from its statistics for the rows the bound proposed)
    expect(rare[0]?.memoryId).toBe(truth[0]?.memoryId);
    rare.forEach((hit, i) => {
      expect(hit.score).toBeCloseTo(truth[i]?.score as number, 9);
    });

    const common = await bounded.searchTerms({ tenant: "t" }, ["common"], 10);
    expect(common).toHaveLength(10);
    expect(common[0]?.memoryId).toBe("new-dense");
    const [best] = await exact.searchTerms({ tenant: "t" }, ["common"], 1);
    expect(common[0]?.memoryId).toBe(best?.memoryId);
    expect(common[0]?.score).toBeCloseTo(best?.score as number, 9);
  });

  it("ranks alike whether every matching row is scored here or FTS5 ranks them first, through any filter", async () => {
    const path = join(tempDir(), "paths.db");
    const words = ["river", "boat", "summer", "bridge", "engine", "stone", "field", "lamp"];
    const rows: NewMemory[] = [];
    for (let i = 0; i < 600; i++) {
      // a deterministic mix: each row holds 2–5 of the words, some twice
      const terms = words.filter((_, w) => (i * 7 + w * 3) % 5 < 2);
      if (i % 4 === 0) terms.push(words[i % words.length] as string);
      rows.push(note(`m-${String(i).padStart(3, "0")}`, i % 3 === 0 ? "ana" : "bo", terms));
    }
    const writer = open(path);
    await writer.write({ inserts: rows, reinforcements: [] });
    const scoredHere = open(path, { scoreAllRows: 1_000_000, memoryScopeRows: 0 });
    const rankedByFts = open(path, { scoreAllRows: 0, memoryScopeRows: 0 });
    for (const filter of [{ tenant: "t" }, { tenant: "t", user: "ana" }]) {
      for (const terms of [["river"], ["boat", "lamp"], ["stone", "field", "summer", "absent"]]) {
        const a = await scoredHere.searchTerms(filter, terms, 20);
        const b = await rankedByFts.searchTerms(filter, terms, 20);
        expect(a.length).toBeGreaterThan(0);
        expect(a.map((hit) => hit.score)).toEqual(b.map((hit) => hit.score));
        expect(a.map((hit) => hit.memoryId)).toEqual(b.map((hit) => hit.memoryId));
      }
    }
  });

  it("scores with the token counts of the index as it is now, after its own writes and forgets and another connection's", async () => {
    const path = join(tempDir(), "counts.db");
    const reader = open(path);
    const other = open(path);
    await reader.write({
      inserts: [note("a", "ana", ["owl", "night"]), note("b", "ana", ["owl"])],
      reinforcements: [],
    });
    const fresh = async () => {
      const store = open(path);
      return store.searchTerms({ tenant: "t" }, ["owl", "night"], 10);
    };
    const check = async () => {
      const hits = await reader.searchTerms({ tenant: "t" }, ["owl", "night"], 10);
      expect(hits).toEqual(await fresh());
      return hits;
    };
    const before = await check();
    // "owl" becomes common, which lowers its idf: the cached counts would keep the old scores
    await other.write({
      inserts: Array.from({ length: 6 }, (_, i) => note(`o${i}`, "bo", ["owl", `x${i}`])),
      reinforcements: [],
    });
    const afterOther = await check();
    expect(afterOther.find((hit) => hit.memoryId === "a")?.score).not.toBe(
      before.find((hit) => hit.memoryId === "a")?.score,
    );
    await reader.write({ inserts: [note("c", "ana", ["night", "night"])], reinforcements: [] });
    await check();
    await reader.forget({ tenant: "t", ids: ["o0", "o1", "o2"] });
    await check();
  });
  it("holds a small scope in memory and ranks it as SQLite ranks a store of that scope alone, through every filter", async () => {
    const words = ["river", "boat", "summer", "bridge", "engine", "stone", "don't", "lamp"];
    const kinds = ["episode", "fact", "segment"] as const;
    const rows: NewMemory[] = [];
    for (let i = 0; i < 300; i++) {
      const terms = words.filter((_, w) => (i * 5 + w * 3) % 7 < 3);
      // a two-token term ("don't" is "don" "t" to FTS5): a phrase, so "don" alone in a row does not match it
      if (i % 9 === 0) terms.push("don");
      // the other user writes other words: its rows would change global statistics, never a held scope's
      if (i % 3 !== 0) terms.push("river", "river", `w${i % 13}`);
      rows.push(
        memory({
          id: `m-${String(i).padStart(3, "0")}`,
          tenant: "t",
          user: i % 3 === 0 ? "ana" : "bo",
          agent: i % 4 === 0 ? "helper" : null,
          session: `s${i % 6}`,
          kind: kinds[i % 3],
          occurredAt: Date.UTC(2024, 0, 1) + i * 86_400_000,
          metadata: { topic: i % 2 === 0 ? "work" : "home" },
          terms,
          vector: null,
        }),
      );
    }
    const archived = [
      { id: "m-003", status: "archived" as const },
      { id: "m-010", status: "archived" as const },
    ];
    // the shared store, and each user's memories in a store of their own (SQLite's paths, nothing held)
    const paths = {
      shared: join(tempDir(), "shared.db"),
      ana: join(tempDir(), "ana.db"),
      bo: join(tempDir(), "bo.db"),
    };
    const alone = {
      shared: open(paths.shared, { memoryScopeRows: 0 }),
      ana: open(paths.ana),
      bo: open(paths.bo),
    };
    await alone.shared.write({ inserts: rows, reinforcements: [] });
    await alone.shared.updateMemories("t", archived);
    for (const user of ["ana", "bo"] as const) {
      const own = rows.filter((row) => row.record.user === user);
      const store = open(paths[user], { memoryScopeRows: 0 });
      await store.write({ inserts: own, reinforcements: [] });
      await store.updateMemories("t", archived);
      alone[user] = store;
    }
    const inMemory = open(paths.shared, { memoryScopeRows: 1_000_000 });
    const filters = [
      { tenant: "t" },
      { tenant: "t", user: "ana" },
      { tenant: "t", user: "bo", agent: "helper" },
      { tenant: "t", session: "s2" },
      { tenant: "t", user: "ana", kinds: ["fact" as const, "segment" as const] },
      { tenant: "t", kinds: [] },
      { tenant: "t", statuses: ["active" as const, "archived" as const] },
      { tenant: "t", user: "bo", from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 5, 1) },
      // metadata is read by SQLite, not in memory: the held scope still lends its statistics
      { tenant: "t", user: "ana", metadata: { topic: "work" } },
      { tenant: "t", user: "nobody" },
      { tenant: "other" },
    ];
    let compared = 0;
    let differsFromGlobal = 0;
    for (const filter of filters) {
      const truth = filter.user === "ana" ? alone.ana : filter.user === "bo" ? alone.bo : alone.shared;
      for (const terms of [["river"], ["don't", "lamp"], ["don't"], ["stone", "field", "summer", "absent"]]) {
        const expected = await truth.searchTerms(filter, terms, 25);
        const held = await inMemory.searchTerms(filter, terms, 25);
        expect(held).toEqual(expected);
        compared += expected.length;
        const global = await alone.shared.searchTerms(filter, terms, 25);
        if (JSON.stringify(global) !== JSON.stringify(held)) differsFromGlobal += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
    // the user scopes' rankings would have moved with the other user's rows under the store-wide statistics
    expect(differsFromGlobal).toBeGreaterThan(3);
  });

  it("a held scope follows its own connection's writes, forgets and status changes, and another connection's", async () => {
    const path = join(tempDir(), "held.db");
    const reader = open(path, { memoryScopeRows: 1_000_000 });
    const other = open(path);
    const ids = async () =>
      (await reader.searchTerms({ tenant: "t", user: "ana" }, ["owl"], 10)).map((hit) => hit.memoryId).sort();
    await reader.write({
      inserts: [note("a", "ana", ["owl"]), note("b", "ana", ["owl", "night"])],
      reinforcements: [],
    });
    expect(await ids()).toEqual(["a", "b"]);
    await reader.write({ inserts: [note("c", "ana", ["owl"])], reinforcements: [] });
    expect(await ids()).toEqual(["a", "b", "c"]);
    await reader.forget({ tenant: "t", ids: ["a"] });
    expect(await ids()).toEqual(["b", "c"]);
    await reader.updateMemories("t", [{ id: "b", status: "archived" }]);
    expect(await ids()).toEqual(["c"]);
    await other.write({ inserts: [note("d", "ana", ["owl"])], reinforcements: [] });
    expect(await ids()).toEqual(["c", "d"]);
    await other.updateMemories("t", [{ id: "c", status: "archived" }]);
    expect(await ids()).toEqual(["d"]);
    await other.updateMemories("t", [{ id: "b", status: "active" }]);
    expect(await ids()).toEqual(["b", "d"]);
  });
});
