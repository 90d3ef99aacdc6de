/** What the PostgreSQL store reads in bulk: export pages (memories with their keys), the counts stats() folds, row counts. */
import type pg from "pg";
import type { MemoryKey, NewMemory } from "../../spec/memory.js";
import { type MemoryRow, memoryFromRow } from "../memory-row.js";
import type { ExportCursor } from "../runtime/store-dialect.js";
import type { StoreCounts } from "../runtime/store-rules.js";
import { type KeyRow, toKey } from "./key-row.js";

/** Rows in the database, for tests that check nothing is left behind. */
export interface PostgresRowCounts {
  memories: number;
  keys: number;
  vectors: number;
  termStats: number;
}

/** Up to `limit` memories with their keys (in key order), by (tenant, occurredAt, id), after `after`. */
export async function exportPage(
  client: pg.PoolClient,
  tenant: string | undefined,
  after: ExportCursor | null,
  limit: number,
): Promise<NewMemory[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (tenant !== undefined) {
    values.push(tenant);
    conditions.push(`m.tenant = $${values.length}`);
  }
  if (after) {
    values.push(after.tenant, after.occurredAt, after.id);
    conditions.push(
      `(m.tenant, m.occurred_at, m.id) > ($${values.length - 2}, $${values.length - 1}, $${values.length})`,
    );
  }
  values.push(limit);
  // The one read that may span tenants on purpose (a whole-store export), so it is written out here.
  const records = await client.query(
    `SELECT m.* FROM engram_memories AS m ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
      ORDER BY m.tenant, m.occurred_at, m.id LIMIT $${values.length}`,
    values,
  );
  const rows = records.rows as MemoryRow[];
  if (rows.length === 0) return [];
  const keyRows = await client.query(
    `SELECT k.memory_id, k.tenant, k.key_kind, k.text, k.terms, k.scale, k.embedding::text AS embedding
       FROM engram_keys AS k JOIN unnest($1::text[], $2::text[]) AS w(tenant, id)
         ON k.tenant = w.tenant AND k.memory_id = w.id
      ORDER BY k.tenant, k.memory_id, k.position`,
    [rows.map((row) => row.tenant), rows.map((row) => row.id)],
  );
  const keysById = new Map<string, MemoryKey[]>();
  for (const row of keyRows.rows as (KeyRow & { tenant: string })[]) {
    const id = `${row.tenant}\u0000${row.memory_id}`;
    const keys = keysById.get(id) ?? [];
    keys.push(toKey(row));
    keysById.set(id, keys);
  }
  return rows.map((row) => ({
    record: memoryFromRow(row),
    keys: keysById.get(`${row.tenant}\u0000${row.id}`) ?? [],
  }));
}

/** Memories per (kind, status), keys, vectors, tenants and users: of one tenant, or of the whole store. */
export async function countStore(client: pg.PoolClient, tenant: string | undefined): Promise<StoreCounts> {
  const where = tenant === undefined ? "" : "WHERE tenant = $1";
  const values = tenant === undefined ? [] : [tenant];
  const groups = await client.query<{ kind: string; status: string; count: number }>(
    `SELECT kind, status, count(*) AS count FROM engram_memories ${where} GROUP BY kind, status ORDER BY kind, status`,
    values,
  );
  const keys = await client.query<{ keys: number; vectors: number }>(
    `SELECT count(*) AS keys, count(embedding) AS vectors FROM engram_keys ${where}`,
    values,
  );
  const people = await client.query<{ tenants: number; users: number }>(
    `SELECT count(DISTINCT tenant) AS tenants,
            (SELECT count(*) FROM (SELECT DISTINCT tenant, user_id FROM engram_memories
               ${where === "" ? "WHERE" : `${where} AND`} user_id IS NOT NULL) AS u) AS users
       FROM engram_memories ${where}`,
    values,
  );
  const counts = keys.rows[0] as { keys: number; vectors: number };
  return {
    groups: groups.rows,
    keys: counts.keys,
    vectors: counts.vectors,
    ...(people.rows[0] as { tenants: number; users: number }),
  };
}

/** Rows of each table, the BM25 term statistics included. */
export async function countRows(client: pg.PoolClient): Promise<PostgresRowCounts> {
  const result = await client.query<PostgresRowCounts>(
    `SELECT (SELECT count(*) FROM engram_memories) AS memories, (SELECT count(*) FROM engram_keys) AS keys,
            (SELECT count(embedding) FROM engram_keys) AS vectors,
            (SELECT count(*) FROM engram_term_stats) AS "termStats"`,
  );
  return result.rows[0] as PostgresRowCounts;
}
