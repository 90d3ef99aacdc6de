/** The API key store contract, run on the SQLite key store in a temporary Engram file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { ApiKeyStore } from "../../src/spec/api-keys.js";
import { createSqliteApiKeyStore } from "../../src/stores/sqlite/api-key-store.js";
import { runApiKeyStoreContract } from "./api-key-store-contract.js";

runApiKeyStoreContract("sqlite", async (now) => {
  const folder = mkdtempSync(join(tmpdir(), "engram-keys-contract-"));
  const path = join(folder, "engram.db");
  const stores: ApiKeyStore[] = [createSqliteApiKeyStore({ path, now })];
  return {
    keys: stores[0] as ApiKeyStore,
    openAgain() {
      const store = createSqliteApiKeyStore({ path, now });
      stores.push(store);
      return store;
    },
    async storedRows() {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare("SELECT * FROM api_keys ORDER BY created_at, id").all() as Record<
          string,
          unknown
        >[];
      } finally {
        db.close();
      }
    },
    async cleanup() {
      for (const store of stores) await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
});
