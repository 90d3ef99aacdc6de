/** The store contract, run on the third-party array store with the contract suite the package ships. */
import { runStoreContract } from "engram-memory/testing";
import { createArrayStore } from "./array-store.js";

runStoreContract("array", async () => {
  const store = createArrayStore();
  return { store, cleanup: () => store.close() };
});
