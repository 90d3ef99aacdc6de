/** The embedded SQLite store: a factory, its options, and the schema it migrates. */
export { checkSqliteStore } from "./doctor.js";
export type { Migration } from "./schema.js";
export { APP_NAME, MIGRATIONS, SCHEMA_VERSION } from "./schema.js";
export type { SqliteStore, SqliteStoreOptions, StoreRowCounts } from "./sqlite-store.js";
export { createSqliteStore } from "./sqlite-store.js";
