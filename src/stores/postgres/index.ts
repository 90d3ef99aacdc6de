/** The PostgreSQL store (pgvector, full-text BM25): a factory, its options, and the schema it migrates. */

export type {
  PostgresRowCounts,
  PostgresStore,
  PostgresStoreOptions,
  VectorSearchPlan,
} from "./postgres-store.js";
export { createPostgresStore } from "./postgres-store.js";
export type { PostgresMigration } from "./schema.js";
export { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from "./schema.js";
