/** The store contract, run unchanged on a PostgreSQL store: each store gets its own fresh schema, dropped afterwards. */
import { describe, it } from "vitest";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../stores/postgres-helpers.js";
import { runStoreContract } from "./store-contract.js";

if (TEST_DATABASE_URL === undefined) {
  describe("store contract: postgres", () => {
    it.skip("needs ENGRAM_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)", () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  runStoreContract("postgres", async () => {
    const schema = uniqueSchema("contract");
    const store = createPostgresStore({ url, schema, poolSize: 4 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  });
}
