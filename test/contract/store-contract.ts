/** The store contract lives in src/testing (shipped as engram-memory/testing); the repository's tests import it from here. */
export type { OpenedStore } from "../../src/testing/store-contract.js";
export { runStoreContract, storeFixtures } from "../../src/testing/store-contract.js";
