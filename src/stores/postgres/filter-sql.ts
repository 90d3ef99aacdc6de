/** The WHERE clauses of a memory filter over memories (alias `m`) or keys (alias `k`), and the reads built on them. */
import type pg from "pg";
import type { JsonValue, MemoryRecord } from "../../spec/memory.js";
import type { MemoryFilter, TextHashFilter } from "../../spec/store.js";
import { type MemoryRow, memoryFromRow } from "../memory-row.js";
import { DEFAULT_STATUSES } from "../runtime/store-rules.js";
import {
  runStatement as run,
  type TenantParameters,
  tenantParameters,
  tenantStatement,
} from "./tenant-sql.js";

/** A condition on one metadata entry that compares JSON types as well as values (1 ≠ "1" ≠ true), as SQLite does. */
function metadataCondition(key: string, value: JsonValue, parameters: TenantParameters): string {
  const entry = `(m.metadata -> ${parameters.bind(key)})`;
  const type = `json_typeof${entry}`;
  if (value === null) return `${type} = 'null'`;
  if (typeof value === "boolean") return `(${type} = 'boolean' AND ${entry}::text = '${value}')`;
  if (typeof value === "number") {
    return `(CASE WHEN ${type} = 'number' THEN ${entry}::text::numeric = ${parameters.bind(String(value))}::numeric ELSE false END)`;
  }
  if (typeof value === "string") {
    return `(${type} = 'string' AND (m.metadata ->> ${parameters.bind(key)}) = ${parameters.bind(value)})`;
  }
  // Arrays and objects compare as minified JSON text (key order matters), as stored.
  const kind = Array.isArray(value) ? "array" : "object";
  return `(${type} = '${kind}' AND ${entry}::text = ${parameters.bind(JSON.stringify(value))})`;
}

/** The conditions on scope, kind, time and status, over alias `m` (memories) or `k` (keys, which copy them). */
export function scopeConditions(
  alias: "m" | "k",
  filter: TextHashFilter,
  parameters: TenantParameters,
): string[] {
  const conditions = [`${alias}.tenant = $1`];
  if (filter.user === null) conditions.push(`${alias}.user_id IS NULL`);
  else if (filter.user !== undefined) conditions.push(`${alias}.user_id = ${parameters.bind(filter.user)}`);
  if (filter.agent !== undefined) conditions.push(`${alias}.agent_id = ${parameters.bind(filter.agent)}`);
  if (filter.session !== undefined)
    conditions.push(`${alias}.session_id = ${parameters.bind(filter.session)}`);
  if (filter.kinds !== undefined)
    conditions.push(`${alias}.kind = ANY(${parameters.bind(filter.kinds)}::text[])`);
  if (filter.from !== undefined) conditions.push(`${alias}.occurred_at >= ${parameters.bind(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`${alias}.occurred_at <= ${parameters.bind(filter.to)}`);
  conditions.push(`${alias}.status = ANY(${parameters.bind(filter.statuses ?? DEFAULT_STATUSES)}::text[])`);
  return conditions;
}

/**
 * A user's keys of any kind, status or vector, counted up to `stop` (an index-only count that ends there): an upper
 * bound for any filter on that user. As a scalar subquery, `user` and `stop` the placeholders bound to them; the
 * tenant is $1.
 */
export function userKeysCount(user: string, stop: string): string {
  return `(SELECT count(*)::int FROM (
     SELECT 1 FROM engram_keys AS k WHERE k.tenant = $1 AND k.user_id = ${user} LIMIT ${stop}
   ) AS few)`;
}

/** userKeysCount, read on its own. */
export async function countUserKeys(
  client: pg.PoolClient,
  tenant: string,
  user: string,
  stop: number,
): Promise<number> {
  const parameters = tenantParameters(tenant);
  const result = await run(
    client,
    tenantStatement(
      `SELECT ${userKeysCount(parameters.bind(user), parameters.bind(stop))} AS keys`,
      parameters,
    ),
  );
  return (result.rows[0] as { keys: number }).keys;
}

export function memoryConditions(filter: TextHashFilter, parameters: TenantParameters): string {
  const conditions = scopeConditions("m", filter, parameters);
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    conditions.push(metadataCondition(key, value, parameters));
  }
  return conditions.join(" AND ");
}

/** Whether the filter has metadata conditions (searches over key rows resolve them to memory ids first). */
export function hasMetadata(filter: MemoryFilter): boolean {
  return filter.metadata !== undefined && Object.keys(filter.metadata).length > 0;
}

/** The memories of a filter, with more conditions and an ORDER BY / LIMIT tail. */
export async function selectMemories(
  client: pg.PoolClient,
  filter: TextHashFilter,
  extra: (parameters: TenantParameters) => string,
  tail: (parameters: TenantParameters) => string,
): Promise<MemoryRecord[]> {
  const parameters = tenantParameters(filter.tenant);
  const conditions = memoryConditions(filter, parameters);
  const more = extra(parameters);
  const result = await run(
    client,
    tenantStatement(
      `SELECT m.* FROM engram_memories AS m WHERE ${conditions}${more ? ` AND ${more}` : ""} ${tail(parameters)}`,
      parameters,
    ),
  );
  return (result.rows as MemoryRow[]).map(memoryFromRow);
}

/** The tenant's memories with these ids (in no particular order; an id that is not there is left out). */
export async function memoriesById(
  client: pg.PoolClient,
  tenant: string,
  ids: readonly string[],
): Promise<MemoryRecord[]> {
  const parameters = tenantParameters(tenant);
  const result = await run(
    client,
    tenantStatement(
      `SELECT m.* FROM engram_memories AS m WHERE m.tenant = $1 AND m.id = ANY(${parameters.bind(ids)}::text[])`,
      parameters,
    ),
  );
  return (result.rows as MemoryRow[]).map(memoryFromRow);
}

/** The ids of the memories a metadata filter allows, for searches over key rows. */
export async function metadataIds(client: pg.PoolClient, filter: MemoryFilter): Promise<string[]> {
  const parameters = tenantParameters(filter.tenant);
  const result = await run(
    client,
    tenantStatement(
      `SELECT m.id FROM engram_memories AS m WHERE ${memoryConditions(filter, parameters)}`,
      parameters,
    ),
  );
  return result.rows.map((row: { id: string }) => row.id);
}

/** Conditions over key rows (alias k) for a filter, with metadata already resolved to memory ids. */
export function keyConditions(
  filter: MemoryFilter,
  parameters: TenantParameters,
  ids: string[] | null,
): string {
  const conditions = scopeConditions("k", filter, parameters);
  if (ids !== null) conditions.push(`k.memory_id = ANY(${parameters.bind(ids)}::text[])`);
  return conditions.join(" AND ");
}
