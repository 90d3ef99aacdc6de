/** The graph store contract lives in src/testing (shipped as engram-memory/testing); the repository's tests import it from here. */
export type { OpenedGraphStore } from "../../src/testing/graph-store-contract.js";
export { runGraphStoreContract } from "../../src/testing/graph-store-contract.js";
