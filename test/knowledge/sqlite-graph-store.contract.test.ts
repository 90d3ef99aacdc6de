/** The graph store contract against the SQLite store. */
import { join } from "node:path";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { tempDir } from "../helpers.js";
import { runGraphStoreContract } from "./graph-store-contract.js";

runGraphStoreContract("sqlite", async () => {
  const store = createSqliteStore({ path: join(tempDir(), "graph.db") });
  return { store, cleanup: () => store.close() };
});
