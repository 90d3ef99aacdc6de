/** The WHERE clause of a memory filter over the memories table (alias `m`), shared by lists, look-ups and searches, and the select that reads records by one. */
import type Database from "better-sqlite3";
import type { JsonValue, MemoryRecord } from "../../spec/memory.js";
import type { TextHashFilter } from "../../spec/store.js";
import { MEMORY_SELECT, memoryFromValues } from "../memory-row.js";
import { DEFAULT_STATUSES } from "../runtime/store-rules.js";

/** A condition on one metadata entry that compares JSON types as well as values (1 ≠ "1" ≠ true). */
function metadataCondition(key: string, value: JsonValue): { sql: string; params: unknown[] } {
  const entry = "SELECT 1 FROM json_each(m.metadata) AS j WHERE j.key = ?";
  if (value === null) return { sql: `EXISTS (${entry} AND j.type = 'null')`, params: [key] };
  if (typeof value === "boolean") {
    return { sql: `EXISTS (${entry} AND j.type = '${value ? "true" : "false"}')`, params: [key] };
  }
  if (typeof value === "number") {
    return {
      sql: `EXISTS (${entry} AND j.type IN ('integer', 'real') AND j.atom = ?)`,
      params: [key, value],
    };
  }
  if (typeof value === "string") {
    return { sql: `EXISTS (${entry} AND j.type = 'text' AND j.atom = ?)`, params: [key, value] };
  }
  // Arrays and objects compare as minified JSON text (object key order matters).
  const type = Array.isArray(value) ? "array" : "object";
  return {
    sql: `EXISTS (${entry} AND j.type = '${type}' AND json(j.value) = json(?))`,
    params: [key, JSON.stringify(value)],
  };
}

/** The WHERE clause (over alias `m`) shared by list, findByTextHash and both searches; a null user: none. */
export function filterClause(filter: TextHashFilter): { sql: string; params: unknown[] } {
  const conditions = ["m.tenant = ?"];
  const params: unknown[] = [filter.tenant];
  if (filter.user === null) {
    conditions.push("m.user_id IS NULL");
  } else if (filter.user !== undefined) {
    conditions.push("m.user_id = ?");
    params.push(filter.user);
  }
  if (filter.agent !== undefined) {
    conditions.push("m.agent_id = ?");
    params.push(filter.agent);
  }
  if (filter.session !== undefined) {
    conditions.push("m.session_id = ?");
    params.push(filter.session);
  }
  if (filter.kinds !== undefined) {
    conditions.push("m.kind IN (SELECT value FROM json_each(?))");
    params.push(JSON.stringify(filter.kinds));
  }
  if (filter.from !== undefined) {
    conditions.push("m.occurred_at >= ?");
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    conditions.push("m.occurred_at <= ?");
    params.push(filter.to);
  }
  conditions.push("m.status IN (SELECT value FROM json_each(?))");
  params.push(JSON.stringify(filter.statuses ?? DEFAULT_STATUSES));
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    const condition = metadataCondition(key, value);
    conditions.push(condition.sql);
    params.push(...condition.params);
  }
  return { sql: conditions.join(" AND "), params };
}

/** The memories a WHERE clause (over alias `m`) selects, with an ORDER BY / LIMIT tail. */
export function selectRecords(
  statement: (sql: string) => Database.Statement,
  where: string,
  params: unknown[],
  tail = "",
): MemoryRecord[] {
  const rows = statement(`SELECT ${MEMORY_SELECT} FROM memories AS m WHERE ${where} ${tail}`)
    .raw(true)
    .all(...params) as unknown[][];
  return rows.map(memoryFromValues);
}
