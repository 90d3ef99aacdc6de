/** BM25 after forgetting: the full-text statistics (row count, average length) forget the rows too, in new and migrated files. */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { MIGRATIONS, migrate, SCHEMA_VERSION } from "../../src/stores/sqlite/schema.js";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/sqlite-store.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";

const { memory } = storeFixtures;
const opened: SqliteStore[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

function open(name: string): SqliteStore {
  const store = createSqliteStore({ path: join(tempDir(), `${name}.db`) });
  opened.push(store);
  return store;
}

/** Memories that stay: short keys, some sharing "paris". */
function kept(): NewMemory[] {
  return [
    memory({ id: "keep-1", terms: ["ana", "paris"] }),
    memory({ id: "keep-2", terms: ["paris", "museum", "walk"] }),
    memory({ id: "keep-3", terms: ["lisbon", "tram"] }),
    memory({ id: "keep-4", terms: ["coffee"] }),
  ];
}

/** Memories to forget: long keys full of "paris", so they move every statistic BM25 reads. */
function forgotten(): NewMemory[] {
  return Array.from({ length: 6 }, (_, i) =>
    memory({
      id: `gone-${i}`,
      terms: ["paris", "paris", "lisbon", "tram", "coffee", "station", "river", "bridge", `word${i}`],
    }),
  );
}

const query = ["paris", "lisbon", "coffee", "tram"];

describe("sqlite store: full-text statistics after forget", () => {
  it("scores as a store that never held the forgotten memories, whether forgotten by id or by scope", async () => {
    const clean = open("clean");
    await clean.write({ inserts: kept(), reinforcements: [] });
    const expected = await clean.searchTerms({ tenant: "tenant-a" }, query, 10);
    expect(expected.map((hit) => hit.memoryId).sort()).toEqual(["keep-1", "keep-2", "keep-3", "keep-4"]);

    const byId = open("by-id");
    const extra = forgotten();
    await byId.write({ inserts: [...extra.slice(0, 3), ...kept(), ...extra.slice(3)], reinforcements: [] });
    const before = await byId.searchTerms({ tenant: "tenant-a", user: "ana" }, query, 20);
    expect(before).toHaveLength(10);
    expect(before.find((hit) => hit.memoryId === "keep-1")?.score).not.toBe(
      expected.find((hit) => hit.memoryId === "keep-1")?.score,
    );
    expect(await byId.forget({ tenant: "tenant-a", ids: extra.map((m) => m.record.id) })).toHaveLength(6);
    expect(await byId.searchTerms({ tenant: "tenant-a" }, query, 10)).toEqual(expected);
    expect(await byId.integrityCheck()).toBe("ok");

    const byScope = open("by-scope");
    const others = forgotten().map((m) => ({ ...m, record: { ...m.record, user: "bo" } }));
    await byScope.write({ inserts: [...others, ...kept()], reinforcements: [] });
    expect(await byScope.forget({ tenant: "tenant-a", user: "bo" })).toHaveLength(6);
    expect(await byScope.searchTerms({ tenant: "tenant-a" }, query, 10)).toEqual(expected);
    expect((await byScope.countRows()).fts).toBe(4);
    expect(await byScope.integrityCheck()).toBe("ok");
  });

  it("migrates a version 2 file: its terms move to the new index and forget keeps the statistics exact", async () => {
    const path = join(tempDir(), "old.db");
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.slice(0, 2));
    // What version 2 wrote for one memory, and the api_keys table the key store used to add by itself.
    raw.exec(
      "CREATE TABLE api_keys (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, admin INTEGER NOT NULL, name TEXT, prefix TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER)",
    );
    raw
      .prepare("INSERT INTO api_keys VALUES ('key_1', 'hash', 'tenant-a', 0, NULL, 'egk_abcdef', 1, NULL)")
      .run();
    for (const { record, keys } of [...kept(), ...forgotten()]) {
      raw
        .prepare(
          `INSERT INTO memories (id, tenant, user_id, agent_id, session_id, kind, text, role, speaker, occurred_at,
             recorded_at, source, sources, metadata, text_hash, count, last_seen_at, strength, status)
           VALUES (?, ?, ?, NULL, NULL, 'episode', ?, NULL, NULL, ?, ?, NULL, '[]', '{}', ?, 1, ?, 0.5, 'active')`,
        )
        .run(
          record.id,
          record.tenant,
          record.user,
          record.text,
          record.occurredAt,
          record.recordedAt,
          record.textHash,
          record.lastSeenAt,
        );
      for (const key of keys) {
        const id = raw
          .prepare(
            "INSERT INTO keys (memory_id, tenant, kind, text, terms, vector, scale) VALUES (?, ?, ?, ?, ?, NULL, 0)",
          )
          .run(record.id, record.tenant, key.kind, key.text, JSON.stringify(key.terms)).lastInsertRowid;
        raw.prepare("INSERT INTO keys_fts (rowid, terms) VALUES (?, ?)").run(id, key.terms.join(" "));
      }
    }
    raw.close();

    const store = createSqliteStore({ path });
    opened.push(store);
    await store.forget({ tenant: "tenant-a", ids: forgotten().map((m) => m.record.id) });
    const clean = open("clean");
    await clean.write({ inserts: kept(), reinforcements: [] });
    expect(await store.searchTerms({ tenant: "tenant-a" }, query, 10)).toEqual(
      await clean.searchTerms({ tenant: "tenant-a" }, query, 10),
    );
    expect(await store.integrityCheck()).toBe("ok");
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(
      String(SCHEMA_VERSION),
    );
    expect(check.prepare("SELECT id FROM api_keys").pluck().all()).toEqual(["key_1"]);
    check.close();
  });
});
