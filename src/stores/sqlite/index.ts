/** `engram-memory/sqlite`, the embedded SQLite store: its factory and options, its API key store, and the schema they migrate. */
export type { SqliteApiKeyStoreOptions } from "./api-key-store.js";
export { createSqliteApiKeyStore } from "./api-key-store.js";
export { checkSqliteStore } from "./doctor.js";
export type { Migration } from "./schema.js";
export { APP_NAME, MIGRATIONS, SCHEMA_VERSION } from "./schema.js";
export type { SqliteStore, SqliteStoreOptions, StoreRowCounts } from "./sqlite-store.js";
export { createSqliteStore } from "./sqlite-store.js";
