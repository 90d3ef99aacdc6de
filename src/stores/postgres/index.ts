/** `engram-memory/postgres`, the PostgreSQL store (pgvector, full-text BM25) and its API key store: factories, options, and the schema they migrate. */
export type { PostgresApiKeyStoreOptions } from "./api-key-store.js";
export { createPostgresApiKeyStore } from "./api-key-store.js";
export { checkPostgresStore } from "./doctor.js";
export type {
  PostgresRowCounts,
  PostgresStore,
  PostgresStoreOptions,
  VectorSearchPlan,
} from "./postgres-store.js";
export { createPostgresStore } from "./postgres-store.js";
export type { GraphParameters, PostgresMigration } from "./schema.js";
export { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from "./schema.js";
export type { PostgresEnvOptions } from "./store-options.js";
export { POSTGRES_ENV, postgresOptionsFromEnv } from "./store-options.js";
