/** The SQLite connection's page cache: 64 MiB unless asked otherwise, and a size out of bounds refused. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteConnection } from "../../src/stores/sqlite/connection.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { DEFAULT_PAGE_CACHE_MIB } from "../../src/stores/sqlite/open-database.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";

/** SQLite's cache_size of a connection opened with this page cache (negative: KiB). */
function cacheSize(path: string, readonly: boolean, mib?: number): number {
  const connection = openSqliteConnection(path, readonly, "inline", mib);
  try {
    return connection.db.pragma("cache_size", { simple: true }) as number;
  } finally {
    connection.close();
  }
}

describe("SQLite page cache", () => {
  it("opens writable and read-only connections with 64 MiB, or the size asked for", async () => {
    const path = join(tempDir(), "engram.db");
    expect(DEFAULT_PAGE_CACHE_MIB).toBe(64);
    expect(cacheSize(path, false)).toBe(-64 * 1024);
    expect(cacheSize(path, false, 16)).toBe(-16 * 1024);
    expect(cacheSize(path, true, 512)).toBe(-512 * 1024);
    // a store asked for a small cache still reads and writes
    const store = createSqliteStore({ path, hnsw: false, pageCacheMiB: 1 });
    await store.write({
      inserts: [storeFixtures.memory({ id: "m-1", text: "the kettle is in the attic" })],
      reinforcements: [],
    });
    expect((await store.countRows()).memories).toBe(1);
    await store.close();
  });

  it.each([0, -8, 1.5, 65_537, Number.NaN, "64"])(
    "refuses pageCacheMiB %s, naming it, before opening anything",
    (size) => {
      const path = join(tempDir(), "never.db");
      expect(() => createSqliteStore({ path, pageCacheMiB: size as number })).toThrowError(
        expect.objectContaining({ code: "config_invalid", where: "pageCacheMiB" }) as unknown as Error,
      );
      expect(existsSync(path)).toBe(false);
    },
  );
});
