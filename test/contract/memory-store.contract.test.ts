/** The store, graph store and API key store contracts, run unchanged on the in-memory stores. */
import {
  createMemoryApiKeyStore,
  createMemoryApiKeyTable,
  createMemoryStore,
} from "../../src/stores/memory/index.js";
import { runApiKeyStoreContract, runGraphStoreContract, runStoreContract } from "../../src/testing/index.js";

runStoreContract("memory", async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});

runGraphStoreContract("memory", async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});

runApiKeyStoreContract("memory", async (now) => {
  const table = createMemoryApiKeyTable();
  const opened = [createMemoryApiKeyStore({ table, now })];
  return {
    keys: opened[0] as ReturnType<typeof createMemoryApiKeyStore>,
    openAgain() {
      const keys = createMemoryApiKeyStore({ table, now });
      opened.push(keys);
      return keys;
    },
    storedRows: async () => [...table.rows.values()].map((row) => ({ ...row })),
    async cleanup() {
      for (const keys of opened) await keys.close();
    },
  };
});
