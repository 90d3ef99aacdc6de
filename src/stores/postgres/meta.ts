/** What the PostgreSQL store keeps in engram_meta and reads back: the embedder binding, the stored vector size, a reindex job. */
import type pg from "pg";
import type { EmbedderBinding, ReindexJob } from "../../spec/store.js";
import type { VectorState } from "../runtime/store-rules.js";
import { META_KEYS } from "./schema.js";

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

/** The binding saved by bindEmbedder, or null. */
export async function storedBinding(client: pg.PoolClient): Promise<EmbedderBinding | null> {
  const rows = await client.query<{ key: string; value: string }>(
    "SELECT key, value FROM engram_meta WHERE key IN ($1, $2)",
    [META_KEYS.embedderId, META_KEYS.embedderDimensions],
  );
  const meta = new Map(rows.rows.map((row) => [row.key, row.value]));
  const id = meta.get(META_KEYS.embedderId);
  const dimensions = meta.get(META_KEYS.embedderDimensions);
  return id === undefined || dimensions === undefined ? null : { id, dimensions: Number(dimensions) };
}

/** The size of the stored vectors (all tenants: one store, one embedder), or null when none is stored. */
export async function storedDimensions(client: pg.PoolClient): Promise<number | null> {
  // two one-row reads of partial indexes in one statement, so one snapshot: a key waiting outside the HNSW graph
  // holds its size in pending_dimensions (pending-vectors.ts), and a merge committing between two statements would
  // otherwise hide every vector from both
  const rows = await client.query<{ dimensions: number | null }>(
    `SELECT coalesce(
       (SELECT dimensions FROM engram_keys WHERE dimensions IS NOT NULL LIMIT 1),
       (SELECT pending_dimensions FROM engram_keys WHERE pending_dimensions IS NOT NULL LIMIT 1)) AS dimensions`,
  );
  return rows.rows[0]?.dimensions ?? null;
}

/**
 * The vector state the runtime's rules decide on: the binding and the stored size in one statement (one round trip
 * before every vector search, and one snapshot).
 */
export async function vectorState(client: pg.PoolClient): Promise<VectorState> {
  const rows = await client.query<{ id: string | null; bound: string | null; dimensions: number | null }>(
    `SELECT (SELECT value FROM engram_meta WHERE key = $1) AS id,
            (SELECT value FROM engram_meta WHERE key = $2) AS bound,
            coalesce(
              (SELECT dimensions FROM engram_keys WHERE dimensions IS NOT NULL LIMIT 1),
              (SELECT pending_dimensions FROM engram_keys WHERE pending_dimensions IS NOT NULL LIMIT 1)) AS dimensions`,
    [META_KEYS.embedderId, META_KEYS.embedderDimensions],
  );
  const row = rows.rows[0];
  const binding =
    row !== undefined && row.id !== null && row.bound !== null
      ? { id: row.id, dimensions: Number(row.bound) }
      : null;
  return { binding, dimensions: row?.dimensions ?? null };
}
