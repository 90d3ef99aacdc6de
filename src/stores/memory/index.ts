/** The in-memory store, its knowledge graph and its API key store: for tests, examples and short scripts. */
export type {
  MemoryApiKeyRow,
  MemoryApiKeyStoreOptions,
  MemoryApiKeyTable,
} from "./memory-api-key-store.js";
export { createMemoryApiKeyStore, createMemoryApiKeyTable } from "./memory-api-key-store.js";
export type { MemoryStore, MemoryStoreOptions } from "./memory-store.js";
export { createMemoryStore } from "./memory-store.js";
