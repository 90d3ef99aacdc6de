/** What the PostgreSQL store keeps in engram_meta and reads back: the embedder binding, the stored vector size, a reindex job. */
import type pg from "pg";
import type { ReindexJob } from "../../spec/store.js";
import type { VectorState } from "../runtime/store-rules.js";
import { userKeysCount } from "./filter-sql.js";
import { META_KEYS } from "./schema.js";
import { assertTenantBound } from "./tenant-sql.js";

export const UPSERT_META =
  "INSERT INTO engram_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/** The reindex job under way, or null. */
export async function storedJob(client: pg.PoolClient): Promise<ReindexJob | null> {
  const rows = await client.query<{ value: string }>("SELECT value FROM engram_meta WHERE key = $1", [
    META_KEYS.reindexJob,
  ]);
  const value = rows.rows[0]?.value;
  return value === undefined ? null : (JSON.parse(value) as ReindexJob);
}

/**
 * The vector state the runtime's rules decide on, in one statement (one round trip before every vector search): the
 * binding saved by bindEmbedder, and the size of the stored vectors (all tenants: one store, one embedder), from two
 * one-row reads of partial indexes. One snapshot: a key waiting outside the HNSW graph holds its size in
 * pending_dimensions (pending-vectors.ts), and a merge committing between two statements would hide every vector.
 */
export async function vectorState(client: pg.PoolClient): Promise<VectorState> {
  return (await vectorStateAndUserKeys(client, null)).state;
}

/** The columns of a vector-state row; `id` and `bound` are the placeholders of META_KEYS.embedderId and .embedderDimensions. */
export function vectorStateColumns(id: string, bound: string): string {
  return `(SELECT value FROM engram_meta WHERE key = ${id}) AS id,
            (SELECT value FROM engram_meta WHERE key = ${bound}) AS bound,
            coalesce(
              (SELECT dimensions FROM engram_keys WHERE dimensions IS NOT NULL LIMIT 1),
              (SELECT pending_dimensions FROM engram_keys WHERE pending_dimensions IS NOT NULL LIMIT 1)) AS dimensions`;
}

/** A row of vectorStateColumns, read back. */
export interface VectorStateRow {
  id: string | null;
  bound: string | null;
  dimensions: number | null;
}

export function vectorStateOf(row: VectorStateRow | undefined): VectorState {
  const binding =
    row !== undefined && row.id !== null && row.bound !== null
      ? { id: row.id, dimensions: Number(row.bound) }
      : null;
  return { binding, dimensions: row?.dimensions ?? null };
}

/**
 * The vector state and, in the same statement, how many keys a user has, counted up to `stop` (what a user-scoped
 * search decides its plan on): a search's first round trip does both.
 */
export async function vectorStateAndUserKeys(
  client: pg.PoolClient,
  user: { tenant: string; user: string; stop: number } | null,
): Promise<{ state: VectorState; userKeys: number | null }> {
  // the vector size is the store's, read across tenants (one store, one embedder); the user's count is a tenant's
  // rows, so that part binds the tenant as $1 and passes tenant-sql's check like every statement over a tenant's rows
  const userKeys = user ? userKeysCount("$2", "$3") : "NULL::int";
  if (user) assertTenantBound(userKeys);
  const meta = user ? ["$4", "$5"] : ["$1", "$2"];
  const rows = await client.query<VectorStateRow & { user_keys: number | null }>(
    `SELECT ${vectorStateColumns(meta[0] as string, meta[1] as string)}, ${userKeys} AS user_keys`,
    user
      ? [user.tenant, user.user, user.stop, META_KEYS.embedderId, META_KEYS.embedderDimensions]
      : [META_KEYS.embedderId, META_KEYS.embedderDimensions],
  );
  const row = rows.rows[0];
  return { state: vectorStateOf(row), userKeys: row?.user_keys ?? null };
}
