/** The contract every ApiKeyStore meets, as one vitest suite: run it unchanged against each backend with runApiKeyStoreContract. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyStore } from "../spec/api-keys.js";
import { EngramError, ERROR_CODES, type ErrorCode } from "../spec/errors.js";
import { hashApiKey } from "../stores/api-key-common.js";

export interface OpenedApiKeyStore {
  keys: ApiKeyStore;
  /** Another store object over the same database, as a second server process opens it; closed by cleanup. */
  openAgain(): ApiKeyStore;
  /** Every stored key row with all its columns, read past the store. */
  storedRows(): Promise<Record<string, unknown>[]>;
  /** Closes the stores and removes whatever they created. Must tolerate a store already closed. */
  cleanup(): Promise<void>;
}

/** Opens an empty key store whose clock is `now`. */
export type OpenApiKeyStore = (now: () => number) => Promise<OpenedApiKeyStore>;

const BASE_TIME = Date.UTC(2025, 0, 1);
const COLUMNS = ["admin", "created_at", "id", "key_hash", "name", "prefix", "revoked_at", "tenant"];

async function expectError(promise: Promise<unknown>, code: ErrorCode): Promise<EngramError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(EngramError.isInstance(error), `expected an EngramError ${code}, got ${String(error)}`).toBe(true);
  expect((error as EngramError).code).toBe(code);
  return error as EngramError;
}

/**
 * Runs the API key store contract. `open(now)` gives an empty key store whose clock is `now`.
 * @example
 * runApiKeyStoreContract("memory", async (now) => {
 *   const table = createMemoryApiKeyTable();
 *   const keys = createMemoryApiKeyStore({ table, now });
 *   return { keys, openAgain: () => createMemoryApiKeyStore({ table, now }), storedRows: async () => [...table.rows.values()], cleanup: () => keys.close() };
 * });
 */
export function runApiKeyStoreContract(name: string, open: OpenApiKeyStore): void {
  describe(`API key store contract: ${name}`, () => {
    let opened: OpenedApiKeyStore;
    let keys: ApiKeyStore;
    let time: number;

    beforeEach(async () => {
      time = BASE_TIME;
      opened = await open(() => time);
      keys = opened.keys;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    it("creates a key once: egk_ and 43 base64url characters, its record, the prefix shown in lists", async () => {
      const { key, record } = await keys.create({ tenant: "  acme  " });
      expect(key).toMatch(/^egk_[A-Za-z0-9_-]{43}$/);
      expect(record.id).toMatch(/^key_[0-9a-f]{16}$/);
      expect(record).toEqual({
        id: record.id,
        tenant: "acme",
        admin: false,
        name: null,
        prefix: key.slice(0, 10),
        createdAt: BASE_TIME,
        revokedAt: null,
      });
      time = BASE_TIME + 1000;
      const admin = await keys.create({ tenant: "ops", admin: true, name: "deploy" });
      expect(admin.record).toEqual({
        id: admin.record.id,
        tenant: "ops",
        admin: true,
        name: "deploy",
        prefix: admin.key.slice(0, 10),
        createdAt: BASE_TIME + 1000,
        revokedAt: null,
      });
      expect(admin.key).not.toBe(key);
      expect(admin.record.id).not.toBe(record.id);
    });

    it("stores a SHA-256 hash of the key and its first 10 characters, never the key", async () => {
      const { key, record } = await keys.create({ tenant: "acme", name: "ci" });
      const rows = await opened.storedRows();
      expect(rows).toHaveLength(1);
      const row = rows[0] as Record<string, unknown>;
      expect(Object.keys(row).sort()).toEqual(COLUMNS);
      expect(row.key_hash).toBe(hashApiKey(key));
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toBe(record.id);
      expect(row.prefix).toBe(key.slice(0, 10));
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(10));
    });

    it("verifies an active key to its record, and nothing else", async () => {
      const { key, record } = await keys.create({ tenant: "acme" });
      expect(await keys.verify(key)).toEqual(record);
      // the same shape, another secret; a key without the prefix; a prefix alone; the hash itself
      expect(await keys.verify(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)).toBeNull();
      expect(await keys.verify(key.slice(4))).toBeNull();
      expect(await keys.verify(record.prefix)).toBeNull();
      expect(await keys.verify(hashApiKey(key))).toBeNull();
      expect(await keys.verify("")).toBeNull();
    });

    it("lists every key newest first, ties by id from the last, revoked ones included", async () => {
      const first = await keys.create({ tenant: "a" });
      time = BASE_TIME + 2000;
      const third = await keys.create({ tenant: "c" });
      const tiedA = await keys.create({ tenant: "c2" });
      time = BASE_TIME + 1000;
      const second = await keys.create({ tenant: "b" });
      time = BASE_TIME + 5000;
      const revoked = await keys.revoke(second.record.id);
      const tied = [third.record, tiedA.record].sort((x, y) => (x.id < y.id ? 1 : -1));
      expect(await keys.list()).toEqual([...tied, revoked, first.record]);
      expect(revoked).toEqual({ ...second.record, revokedAt: BASE_TIME + 5000 });
    });

    it("revokes by id: the key stops verifying at once, a second revoke changes nothing", async () => {
      const kept = await keys.create({ tenant: "acme" });
      const { key, record } = await keys.create({ tenant: "acme", admin: true });
      time = BASE_TIME + 60_000;
      expect(await keys.revoke(record.id)).toEqual({ ...record, revokedAt: BASE_TIME + 60_000 });
      expect(await keys.verify(key)).toBeNull();
      time = BASE_TIME + 120_000;
      expect(await keys.revoke(record.id)).toEqual({ ...record, revokedAt: BASE_TIME + 60_000 });
      expect(await keys.verify(kept.key)).toEqual(kept.record);
      expect((await opened.storedRows()).length).toBe(2);
    });

    it("refuses to revoke an unknown id (not_found), changing nothing", async () => {
      const { key, record } = await keys.create({ tenant: "acme" });
      const error = await expectError(keys.revoke("key_0000000000000000"), ERROR_CODES.notFound);
      expect(error.category).toBe("user");
      expect(error.where).toBe("key_0000000000000000");
      expect(error.message).toBe(
        "key_0000000000000000: no API key has this id: list the keys with `engram keys list`",
      );
      expect(await keys.verify(key)).toEqual(record);
      expect(await keys.list()).toEqual([record]);
    });

    it("refuses a key without a tenant id of 1 to 128 id characters (invalid_input), storing nothing", async () => {
      for (const tenant of ["", "   ", "t".repeat(129), 'a"b', "line\nbreak", "semi;colon"]) {
        const error = await expectError(keys.create({ tenant }), ERROR_CODES.invalidInput);
        expect(error.where).toBe("tenant");
        expect(error.category).toBe("user");
      }
      expect(await keys.list()).toEqual([]);
      expect(await opened.storedRows()).toEqual([]);
      expect((await keys.create({ tenant: "t".repeat(128) })).record.tenant).toBe("t".repeat(128));
      expect((await keys.create({ tenant: "租户" })).record.tenant).toBe("租户");
    });

    it("says whether any key is active", async () => {
      expect(await keys.hasActiveKeys()).toBe(false);
      const one = await keys.create({ tenant: "a" });
      const two = await keys.create({ tenant: "b" });
      expect(await keys.hasActiveKeys()).toBe(true);
      await keys.revoke(one.record.id);
      expect(await keys.hasActiveKeys()).toBe(true);
      await keys.revoke(two.record.id);
      expect(await keys.hasActiveKeys()).toBe(false);
    });

    it("shares the keys with every store object over the same database", async () => {
      const other = opened.openAgain();
      const { key, record } = await keys.create({ tenant: "acme", name: "shared" });
      expect(await other.verify(key)).toEqual(record);
      expect(await other.list()).toEqual([record]);
      time = BASE_TIME + 7000;
      await other.revoke(record.id);
      expect(await keys.verify(key)).toBeNull();
      expect(await keys.hasActiveKeys()).toBe(false);
      expect(await keys.list()).toEqual([{ ...record, revokedAt: BASE_TIME + 7000 }]);
    });

    it("refuses every call once closed (store_failure); closing twice is fine", async () => {
      const { key, record } = await keys.create({ tenant: "acme" });
      await keys.close();
      await keys.close();
      await expectError(keys.verify(key), ERROR_CODES.storeFailure);
      await expectError(keys.list(), ERROR_CODES.storeFailure);
      await expectError(keys.create({ tenant: "acme" }), ERROR_CODES.storeFailure);
      await expectError(keys.revoke(record.id), ERROR_CODES.storeFailure);
      await expectError(keys.hasActiveKeys(), ERROR_CODES.storeFailure);
      // the key was stored: a store opened again still knows it
      expect(await opened.openAgain().verify(key)).toEqual(record);
    });
  });
}
