/** The store contract, run on a SQLite store in a temporary file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { runStoreContract } from "./store-contract.js";

runStoreContract("sqlite", async () => {
  const folder = mkdtempSync(join(tmpdir(), "engram-contract-"));
  const store = createSqliteStore({ path: join(folder, "nested", "engram.db") });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
});
