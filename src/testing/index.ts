/**
 * `engram-memory/testing`: the contract suites every store runs, for a store written outside Engram. They are vitest
 * suites: call them at the top level of a test file and run it with vitest (an optional peer dependency).
 */
export type { OpenApiKeyStore, OpenedApiKeyStore } from "./api-key-store-contract.js";
export { runApiKeyStoreContract } from "./api-key-store-contract.js";
export type { OpenedGraphStore } from "./graph-store-contract.js";
export { runGraphStoreContract } from "./graph-store-contract.js";
export type { OpenedStore } from "./store-contract.js";
export { runStoreContract, storeFixtures } from "./store-contract.js";
