/** The API key store contract lives in src/testing (shipped as engram-memory/testing); the repository's tests import it from here. */
export type { OpenApiKeyStore, OpenedApiKeyStore } from "../../src/testing/api-key-store-contract.js";
export { runApiKeyStoreContract } from "../../src/testing/api-key-store-contract.js";
