/** What only the SQLite store promises: its file format, migrations, what is left on disk, and two connections at once. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EngramError, ERROR_CODES, type ErrorCode } from "../../src/spec/errors.js";
import { inspectSchema, MIGRATIONS, migrate, SCHEMA_VERSION } from "../../src/stores/sqlite/schema.js";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/sqlite-store.js";
import { storeFixtures } from "../contract/store-contract.js";

const { axis, memory } = storeFixtures;

function expectThrows(open: () => unknown, code: ErrorCode): EngramError {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(EngramError.isInstance(caught), `expected ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as EngramError).code).toBe(code);
  return caught as EngramError;
}

async function expectRejects(promise: Promise<unknown>, code: ErrorCode): Promise<EngramError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(EngramError.isInstance(caught), `expected ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as EngramError).code).toBe(code);
  return caught as EngramError;
}

describe("sqlite store", () => {
  let folder: string;
  const opened: SqliteStore[] = [];
  const open = (path: string, readonly = false): SqliteStore => {
    const store = createSqliteStore({ path, readonly });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "engram-sqlite-"));
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  describe("opening", () => {
    it("creates missing folders and a WAL file marked as an Engram store", async () => {
      const path = join(folder, "a", "b", "engram.db");
      const store = open(path);
      expect(store.name).toBe(`sqlite:${path}`);
      await store.write({ inserts: [memory()], reinforcements: [] });
      const raw = new Database(path, { readonly: true });
      try {
        const meta = Object.fromEntries(
          (raw.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[]).map(
            (row) => [row.key, row.value],
          ),
        );
        expect(meta).toMatchObject({ app: "engram", schema_version: String(SCHEMA_VERSION) });
        expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        raw.close();
      }
    });

    it("reopens a store with its data and its embedder binding", async () => {
      const path = join(folder, "engram.db");
      const first = open(path);
      await first.bindEmbedder({ id: "hash-8", dimensions: 8 });
      const written = memory();
      await first.write({ inserts: [written], reinforcements: [] });
      await first.close();
      const second = open(path);
      expect(await second.get("tenant-a", [written.record.id])).toEqual([written.record]);
      await expectRejects(second.bindEmbedder({ id: "other", dimensions: 8 }), ERROR_CODES.embedderMismatch);
    });

    it("refuses a text file as not an Engram store, and leaves it as it was", () => {
      const path = join(folder, "notes.txt");
      writeFileSync(path, "these are my notes, not a database\n".repeat(10));
      const error = expectThrows(() => open(path), ERROR_CODES.notEngramStore);
      expect(error.category).toBe("user");
      expect(error.message).toContain("is not an Engram store");
      expect(error.message).toContain("--db / ENGRAM_DB");
      expect(readFileSync(path, "utf8")).toBe("these are my notes, not a database\n".repeat(10));
    });

    it("refuses a short non-SQLite file", () => {
      const path = join(folder, "tiny");
      writeFileSync(path, "x");
      expectThrows(() => open(path), ERROR_CODES.notEngramStore);
    });

    it("refuses another application's SQLite database without changing it", () => {
      const path = join(folder, "other.db");
      const raw = new Database(path);
      raw.exec(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')",
      );
      raw.close();
      const before = readFileSync(path);
      const error = expectThrows(() => open(path), ERROR_CODES.notEngramStore);
      expect(error.message).toContain("customers");
      expect(readFileSync(path).equals(before)).toBe(true);
    });

    it("refuses a database whose meta table belongs to another application", () => {
      const path = join(folder, "other-meta.db");
      const raw = new Database(path);
      raw.exec(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('app', 'other')",
      );
      raw.close();
      expectThrows(() => open(path), ERROR_CODES.notEngramStore);
    });

    it("refuses a store from a newer Engram with schema_too_new", async () => {
      const path = join(folder, "future.db");
      await open(path).close();
      const raw = new Database(path);
      raw.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
      raw.close();
      const error = expectThrows(() => open(path), ERROR_CODES.schemaTooNew);
      expect(error.message).toContain("upgrade Engram");
    });

    it("says how to fix a path whose folder cannot be created or that is a folder", () => {
      const blocker = join(folder, "plain-file");
      writeFileSync(blocker, "");
      const error = expectThrows(() => open(join(blocker, "sub", "engram.db")), ERROR_CODES.storeUnwritable);
      expect(error.message).toContain("writable folder");
      expectThrows(() => open(folder), ERROR_CODES.storeUnwritable);
    });

    it("opens read-only: reads work, writes fail with store_unwritable, a missing file is refused", async () => {
      const path = join(folder, "engram.db");
      const writer = open(path);
      const written = memory();
      await writer.write({ inserts: [written], reinforcements: [] });
      const reader = open(path, true);
      expect(await reader.get("tenant-a", [written.record.id])).toEqual([written.record]);
      expect(ids(await reader.searchVectors({ tenant: "tenant-a" }, axis(0), 5))).toEqual([
        written.record.id,
      ]);
      await expectRejects(
        reader.write({ inserts: [memory()], reinforcements: [] }),
        ERROR_CODES.storeUnwritable,
      );
      expectThrows(() => open(join(folder, "missing.db"), true), ERROR_CODES.notEngramStore);
    });

    it("fails with store_failure once closed", async () => {
      const store = open(join(folder, "engram.db"));
      await store.close();
      await expectRejects(store.get("tenant-a", ["x"]), ERROR_CODES.storeFailure);
    });
  });

  describe("migrations", () => {
    it("applies only the migrations a store lacks, once", () => {
      const path = join(folder, "migrate.db");
      const raw = new Database(path);
      try {
        expect(migrate(raw, path)).toEqual({ from: 0, to: SCHEMA_VERSION });
        expect(migrate(raw, path)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
        const next = [
          ...MIGRATIONS,
          {
            version: SCHEMA_VERSION + 1,
            statements: ["CREATE TABLE extra (x TEXT)", "INSERT INTO extra VALUES ('y')"],
          },
        ];
        expect(migrate(raw, path, next)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION + 1 });
        expect(migrate(raw, path, next)).toEqual({ from: SCHEMA_VERSION + 1, to: SCHEMA_VERSION + 1 });
        expect(raw.prepare("SELECT count(*) FROM extra").pluck().get()).toBe(1);
        expect(inspectSchema(raw, path, next)).toBe(SCHEMA_VERSION + 1);
        // The code without the new migration now meets a newer store.
        expectThrows(() => inspectSchema(raw, path), ERROR_CODES.schemaTooNew);
      } finally {
        raw.close();
      }
    });

    it("leaves nothing half-made when a migration fails", () => {
      const path = join(folder, "broken.db");
      const raw = new Database(path);
      try {
        migrate(raw, path);
        const broken = [
          ...MIGRATIONS,
          { version: SCHEMA_VERSION + 1, statements: ["CREATE TABLE half (x)", "THIS IS NOT SQL"] },
        ];
        expect(() => migrate(raw, path, broken)).toThrow();
        expect(inspectSchema(raw, path)).toBe(SCHEMA_VERSION);
        expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
      } finally {
        raw.close();
      }
    });
  });

  describe("on disk", () => {
    it("leaves no row of forgotten memories in any table or index, and stays sound", async () => {
      const store = open(join(folder, "engram.db"));
      const inserts = Array.from({ length: 40 }, (_, i) =>
        memory({
          user: i % 2 === 0 ? "ana" : "ben",
          terms: ["lighthouse", `w${i}`],
          vector: i % 3 === 0 ? null : axis(i % 8),
          extraKeys: [{ kind: "fact", terms: ["北京", "harbour"], vector: axis((i + 1) % 8) }],
        }),
      );
      await store.write({ inserts, reinforcements: [] });
      expect(await store.countRows()).toEqual({ memories: 40, keys: 80, fts: 80, vectors: 66 });
      await store.searchVectors({ tenant: "tenant-a" }, axis(1), 10);

      const removed = await store.forget({ tenant: "tenant-a", user: "ana" });
      expect(removed).toHaveLength(20);
      expect(await store.countRows()).toEqual({ memories: 20, keys: 40, fts: 40, vectors: 33 });
      await store.forget({ tenant: "tenant-a" });
      expect(await store.countRows()).toEqual({ memories: 0, keys: 0, fts: 0, vectors: 0 });
      expect(await store.integrityCheck()).toBe("ok");
      expect(await store.searchTerms({ tenant: "tenant-a" }, ["lighthouse", "北京", "harbour"], 10)).toEqual(
        [],
      );
      expect(await store.searchVectors({ tenant: "tenant-a" }, axis(1), 10)).toEqual([]);
    });

    it("reports malformed stored JSON as store_failure instead of guessing", async () => {
      const path = join(folder, "engram.db");
      const store = open(path);
      const written = memory();
      await store.write({ inserts: [written], reinforcements: [] });
      const raw = new Database(path);
      raw.prepare("UPDATE memories SET metadata = '{broken' WHERE id = ?").run(written.record.id);
      raw.close();
      await expectRejects(store.get("tenant-a", [written.record.id]), ERROR_CODES.storeFailure);
      await expectRejects(store.list({ tenant: "tenant-a" }), ERROR_CODES.storeFailure);
      await expectRejects(
        store.list({ tenant: "tenant-a", metadata: { topic: "x" } }),
        ERROR_CODES.storeFailure,
      );
    });
  });

  describe("two connections", () => {
    it("notices another connection's writes and forgets through PRAGMA data_version", async () => {
      const path = join(folder, "shared.db");
      const reader = open(path);
      const writer = open(path);
      const first = memory({ vector: axis(2) });
      await reader.write({ inserts: [first], reinforcements: [] });
      expect(ids(await reader.searchVectors({ tenant: "tenant-a" }, axis(2), 5))).toEqual([first.record.id]);

      const second = memory({ vector: axis(2) });
      await writer.write({ inserts: [second], reinforcements: [] });
      expect(ids(await reader.searchVectors({ tenant: "tenant-a" }, axis(2), 5)).sort()).toEqual(
        [first.record.id, second.record.id].sort(),
      );

      await writer.forget({ tenant: "tenant-a", ids: [first.record.id] });
      expect(ids(await reader.searchVectors({ tenant: "tenant-a" }, axis(2), 5))).toEqual([second.record.id]);

      await writer.bindEmbedder({ id: "hash-8", dimensions: 8 });
      await expectRejects(reader.bindEmbedder({ id: "other", dimensions: 8 }), ERROR_CODES.embedderMismatch);
    });
  });
});

function ids(hits: readonly { memoryId: string }[]): string[] {
  return hits.map((hit) => hit.memoryId);
}
