/**
 * A connection's caches and other connections' commits: a commit of strength alone (the server's reinforcement,
 * every 2 s while recall workers read) leaves a reader's vector cache in place; a commit that changes what the cache
 * holds (a new or forgotten memory, a status, a time, a moved scope) is seen by the next search.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";

const { memory, axis } = storeFixtures;
const opened: SqliteStore[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

function open(path: string): SqliteStore {
  const store = createSqliteStore({ path, hnsw: false });
  opened.push(store);
  return store;
}

describe("SQLite caches across connections", () => {
  it("keep the vectors through another connection's reinforcement, and drop them for a change they hold", async () => {
    const path = join(tempDir(), "generation.db");
    const writer = open(path);
    const reader = open(path);
    const notes = [0, 1, 2].map((i) => memory({ id: `m${i}`, tenant: "t", user: "ana", vector: axis(i) }));
    await writer.write({ inserts: notes, reinforcements: [] });
    const filter = { tenant: "t", user: "ana", statuses: ["active" as const] };
    const search = async () => (await reader.searchVectors(filter, axis(1), 3)).map((hit) => hit.memoryId);
    const searchesOnCache = () => reader.vectorIndexStats().t?.exactSearches ?? 0;

    expect(await search()).toContain("m1");
    expect(searchesOnCache()).toBe(1);
    // strength and last seen only: the reader's cached vectors stay (its second search runs on the same cache)
    await writer.updateMemories("t", [{ id: "m1", strength: 0.9, lastSeenAt: Date.now() }]);
    expect(await search()).toContain("m1");
    expect(searchesOnCache()).toBe(2);
    // a batch of reinforcements alone (the write gate's exact duplicates) inserts no key: the cache stays too
    const source = { source: null, occurredAt: Date.now(), recordedAt: Date.now(), session: null };
    await writer.write({
      inserts: [],
      reinforcements: [{ tenant: "t", memoryId: "m2", source, strength: 0.8 }],
    });
    expect(await search()).toContain("m1");
    expect(searchesOnCache()).toBe(3);

    // a status the cache filters on: the next search reloads and leaves the archived memory out
    await writer.updateMemories("t", [{ id: "m1", status: "archived" }]);
    expect(await search()).not.toContain("m1");
    expect(searchesOnCache()).toBe(1);

    // a new memory and a forgotten one are seen too
    await writer.write({
      inserts: [memory({ id: "m3", tenant: "t", user: "ana", vector: axis(1) })],
      reinforcements: [],
    });
    expect((await search())[0]).toBe("m3");
    await writer.forget({ tenant: "t", ids: ["m3"] });
    expect(await search()).not.toContain("m3");
  });
});
