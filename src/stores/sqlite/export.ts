/** What the SQLite store reads in bulk: export pages (memories with their keys), the counts stats() folds, and the file's own checks. */
import type { MemoryKey, NewMemory } from "../../spec/memory.js";
import type { ExportCursor } from "../runtime/store-dialect.js";
import type { StoreCounts } from "../runtime/store-rules.js";
import type { SqliteConnection } from "./connection.js";
import { selectRecords } from "./filter-clause.js";
import { type KeyRow, toKey } from "./key-row.js";

/** Rows in the database itself, for tests that check nothing is left behind. */
export interface StoreRowCounts {
  memories: number;
  keys: number;
  fts: number;
  vectors: number;
}

/** Up to `limit` memories with their keys (in key order), by (tenant, occurredAt, id), after `after`. */
export function exportPage(
  { statement }: SqliteConnection,
  tenant: string | undefined,
  after: ExportCursor | null,
  limit: number,
): NewMemory[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (tenant !== undefined) {
    conditions.push("m.tenant = ?");
    params.push(tenant);
  }
  if (after) {
    conditions.push("(m.tenant, m.occurred_at, m.id) > (?, ?, ?)");
    params.push(after.tenant, after.occurredAt, after.id);
  }
  const records = selectRecords(
    statement,
    conditions.length > 0 ? conditions.join(" AND ") : "1",
    [...params, limit],
    "ORDER BY m.tenant, m.occurred_at, m.id LIMIT ?",
  );
  if (records.length === 0) return [];
  const keyRows = statement(
    "SELECT * FROM keys WHERE memory_id IN (SELECT value FROM json_each(?)) ORDER BY id",
  ).all(JSON.stringify(records.map((record) => record.id))) as KeyRow[];
  const keysById = new Map<string, MemoryKey[]>();
  for (const row of keyRows) {
    const keys = keysById.get(row.memory_id) ?? [];
    keys.push(toKey(row));
    keysById.set(row.memory_id, keys);
  }
  return records.map((record) => ({ record, keys: keysById.get(record.id) ?? [] }));
}

/** Memories per (kind, status), keys, vectors, tenants and users: of one tenant, or of the whole file. */
export function countStore({ statement }: SqliteConnection, tenant: string | undefined): StoreCounts {
  const where = tenant === undefined ? "" : "WHERE tenant = ?";
  const params = tenant === undefined ? [] : [tenant];
  const groups = statement(
    `SELECT kind, status, count(*) AS count FROM memories ${where} GROUP BY kind, status`,
  ).all(...params) as { kind: string; status: string; count: number }[];
  const keys = statement(`SELECT count(*) AS keys, count(vector) AS vectors FROM keys ${where}`).get(
    ...params,
  ) as { keys: number; vectors: number };
  const people = statement(
    `SELECT count(DISTINCT tenant) AS tenants,
            (SELECT count(*) FROM (SELECT DISTINCT tenant, user_id FROM memories
               ${where === "" ? "WHERE" : `${where} AND`} user_id IS NOT NULL)) AS users
       FROM memories ${where}`,
  ).get(...params, ...params) as { tenants: number; users: number };
  return { groups, keys: keys.keys, vectors: keys.vectors, ...people };
}

/** Rows of each table, the full-text index's included. */
export function countRows({ db }: SqliteConnection): StoreRowCounts {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM memories) AS memories, (SELECT count(*) FROM keys) AS keys,
              (SELECT count(*) FROM keys_fts) AS fts, (SELECT count(vector) FROM keys) AS vectors`,
    )
    .get() as StoreRowCounts;
}

/** `PRAGMA integrity_check`: "ok" when the file is sound, otherwise SQLite's findings, one a line. */
export function integrityCheck({ db }: SqliteConnection): string {
  return (db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[])
    .map((row) => row.integrity_check)
    .join("\n");
}
