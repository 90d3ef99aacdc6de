/** The graph store contract on a PostgreSQL store: each store gets its own fresh schema, dropped afterwards. */
import { describe, it } from "vitest";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { runGraphStoreContract } from "../knowledge/graph-store-contract.js";
import { dropSchema, SKIP_REASON, TEST_DATABASE_URL, uniqueSchema } from "../stores/postgres-helpers.js";

if (TEST_DATABASE_URL === undefined) {
  describe("graph store contract: postgres", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  runGraphStoreContract("postgres", async () => {
    const schema = uniqueSchema("graph");
    const store = createPostgresStore({ url, schema, poolSize: 2, hnswIndex: false });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  });
}
