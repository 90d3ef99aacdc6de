/**
 * The PostgreSQL graph's writes, on the store's transaction client: upserts of entities, facts, relations and
 * mentions in batch order, the tenant of each mention, and forgetting a scope's graph.
 */
import type { PoolClient } from "pg";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { GraphWrite, MentionRecord } from "../../spec/graph.js";
import { tenantParameters, tenantStatement } from "./tenant-sql.js";

/** Rows per multi-row upsert: one array parameter a column, so this only bounds the statement's memory. */
const UPSERT_CHUNK = 5000;
const FOREIGN_KEY_VIOLATION = "23503";

/**
 * The last row of each key, at the position of its first: a batch that upserts a row twice ends as SQLite's
 * statement-by-statement upserts end (last values, first insertion order), in one statement.
 */
function lastOfEach<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

function groupByTenant<T>(rows: readonly T[], tenant: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(tenant(row)) ?? [];
    group.push(row);
    groups.set(tenant(row), group);
  }
  return groups;
}

/** `INSERT … SELECT FROM unnest(…) WITH ORDINALITY … ORDER BY ord`: one array a column, rows inserted in order. */
async function upsertRows<T>(
  client: PoolClient,
  rows: readonly T[],
  table: string,
  columns: readonly { name: string; type: string; cast?: string; value: (row: T) => unknown }[],
  conflict: string,
): Promise<void> {
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
    const chunk = rows.slice(start, start + UPSERT_CHUNK);
    const names = columns.map((column) => column.name).join(", ");
    await client.query(
      `INSERT INTO ${table} (${names})
       SELECT ${columns.map((column) => `u.${column.name}${column.cast ?? ""}`).join(", ")}
         FROM unnest(${columns.map((column, i) => `$${i + 1}::${column.type}[]`).join(", ")})
              WITH ORDINALITY AS u(${names}, ord)
        ORDER BY u.ord
       ${conflict}`,
      columns.map((column) => chunk.map(column.value)),
    );
  }
}

function missingRow(error: unknown): EngramError {
  const detail = (error as { detail?: string }).detail ?? (error as Error).message;
  return new EngramError({
    code: ERROR_CODES.storeFailure,
    category: "system",
    where: "graph",
    message: `a graph row names a memory or entity that its tenant does not hold (${detail}): nothing was written; write the memory or entity first`,
    cause: error,
  });
}

async function resolveMentionTenants(
  client: PoolClient,
  write: GraphWrite,
  batchTenants: readonly string[],
): Promise<(MentionRecord & { tenant: string })[]> {
  const mentions = write.mentions ?? [];
  if (mentions.length === 0) return [];
  const tenants = new Set(batchTenants);
  for (const row of [...(write.entities ?? []), ...(write.facts ?? []), ...(write.relations ?? [])]) {
    tenants.add(row.tenant);
  }
  if (tenants.size === 1) {
    const [tenant] = tenants as Set<string>;
    return mentions.map((mention) => ({ ...mention, tenant: tenant as string }));
  }
  // A batch over several tenants (an import of a whole store): the tenants that hold both ends of the mention.
  // It runs after the batch's memories and entities are written, so the transaction sees them. This is the one
  // statement that looks across tenants on purpose: a mention names none.
  const rows = await client.query<{ memory_id: string; entity_id: string; tenant: string }>(
    `SELECT w.memory_id, w.entity_id, e.tenant
       FROM unnest($1::text[], $2::text[]) AS w(memory_id, entity_id)
       JOIN engram_entities e ON e.id = w.entity_id
       JOIN engram_memories m ON m.tenant = e.tenant AND m.id = w.memory_id
      ORDER BY e.tenant`,
    [mentions.map((mention) => mention.memoryId), mentions.map((mention) => mention.entityId)],
  );
  const found = new Map<string, string[]>();
  for (const row of rows.rows) {
    const pair = `${row.memory_id}\u0000${row.entity_id}`;
    found.set(pair, [...(found.get(pair) ?? []), row.tenant]);
  }
  return mentions.flatMap((mention) => {
    const tenants = found.get(`${mention.memoryId}\u0000${mention.entityId}`);
    if (tenants === undefined) {
      throw new EngramError({
        code: ERROR_CODES.storeFailure,
        category: "system",
        where: "graph.mentions",
        message: `no tenant holds both memory ${mention.memoryId} and entity ${mention.entityId}: nothing was written; write the memory and the entity first`,
      });
    }
    // Ids are random, so two tenants holding both ends is all but impossible; each then gets the mention.
    return [...new Set(tenants)].map((tenant) => ({ ...mention, tenant }));
  });
}

async function applyWrite(client: PoolClient, write: GraphWrite, batchTenants: readonly string[]) {
  if (write.deleteRelationIds && write.deleteRelationIds.ids.length > 0) {
    const parameters = tenantParameters(write.deleteRelationIds.tenant);
    const statement = tenantStatement(
      `DELETE FROM engram_relations AS r WHERE r.tenant = $1 AND r.id = ANY(${parameters.bind(write.deleteRelationIds.ids)}::text[])`,
      parameters,
    );
    await client.query(statement.text, statement.values);
  }
  if (write.deleteEntityIds && write.deleteEntityIds.ids.length > 0) {
    const parameters = tenantParameters(write.deleteEntityIds.tenant);
    const statement = tenantStatement(
      `DELETE FROM engram_entities AS e WHERE e.tenant = $1 AND e.id = ANY(${parameters.bind(write.deleteEntityIds.ids)}::text[])`,
      parameters,
    );
    await client.query(statement.text, statement.values);
  }

  await upsertRows(
    client,
    lastOfEach(write.entities ?? [], (entity) => `${entity.tenant}\u0000${entity.id}`),
    "engram_entities",
    [
      { name: "tenant", type: "text", value: (entity) => entity.tenant },
      { name: "id", type: "text", value: (entity) => entity.id },
      { name: "user_id", type: "text", value: (entity) => entity.user },
      { name: "agent_id", type: "text", value: (entity) => entity.agent },
      { name: "name", type: "text", value: (entity) => entity.name },
      { name: "entity_type", type: "text", value: (entity) => entity.entityType },
      { name: "aliases", type: "text", cast: "::json", value: (entity) => JSON.stringify(entity.aliases) },
      {
        name: "observations",
        type: "text",
        cast: "::json",
        value: (entity) => JSON.stringify(entity.observations),
      },
      { name: "created_at", type: "bigint", value: (entity) => entity.createdAt },
    ],
    `ON CONFLICT (tenant, id) DO UPDATE SET name = excluded.name, entity_type = excluded.entity_type,
       aliases = excluded.aliases, observations = excluded.observations`,
  );

  const facts = lastOfEach(write.facts ?? [], (fact) => `${fact.tenant}\u0000${fact.memoryId}`);
  await upsertRows(
    client,
    facts,
    "engram_facts",
    [
      { name: "tenant", type: "text", value: (fact) => fact.tenant },
      { name: "memory_id", type: "text", value: (fact) => fact.memoryId },
      { name: "user_id", type: "text", value: (fact) => fact.user },
      { name: "agent_id", type: "text", value: (fact) => fact.agent },
      { name: "subject_id", type: "text", value: (fact) => fact.subjectId },
      { name: "predicate", type: "text", value: (fact) => fact.predicate },
      { name: "object", type: "text", value: (fact) => fact.object },
      { name: "object_id", type: "text", value: (fact) => fact.objectId },
      { name: "valid_from", type: "bigint", value: (fact) => fact.validFrom },
      { name: "valid_to", type: "bigint", value: (fact) => fact.validTo },
      { name: "recorded_at", type: "bigint", value: (fact) => fact.recordedAt },
      { name: "retired_at", type: "bigint", value: (fact) => fact.retiredAt },
      { name: "superseded_by", type: "text", value: (fact) => fact.supersededBy },
    ],
    `ON CONFLICT (tenant, memory_id) DO UPDATE SET subject_id = excluded.subject_id,
       predicate = excluded.predicate, object = excluded.object, object_id = excluded.object_id,
       valid_from = excluded.valid_from, valid_to = excluded.valid_to, retired_at = excluded.retired_at,
       superseded_by = excluded.superseded_by`,
  );
  // A fact's sources are replaced whole: cleared per tenant, then written in order (a repeated source once).
  for (const [tenant, group] of groupByTenant(facts, (fact) => fact.tenant)) {
    const parameters = tenantParameters(tenant);
    const statement = tenantStatement(
      `DELETE FROM engram_fact_sources AS s WHERE s.tenant = $1 AND s.fact_id = ANY(${parameters.bind(
        group.map((fact) => fact.memoryId),
      )}::text[])`,
      parameters,
    );
    await client.query(statement.text, statement.values);
  }
  const sources = facts.flatMap((fact) =>
    fact.sourceMemoryIds.map((memoryId, position) => ({ fact, memoryId, position })),
  );
  await upsertRows(
    client,
    sources,
    "engram_fact_sources",
    [
      { name: "tenant", type: "text", value: (source) => source.fact.tenant },
      { name: "fact_id", type: "text", value: (source) => source.fact.memoryId },
      { name: "memory_id", type: "text", value: (source) => source.memoryId },
      { name: "position", type: "integer", value: (source) => source.position },
    ],
    "ON CONFLICT (tenant, fact_id, memory_id) DO NOTHING",
  );

  await upsertRows(
    client,
    lastOfEach(write.relations ?? [], (relation) => `${relation.tenant}\u0000${relation.id}`),
    "engram_relations",
    [
      { name: "tenant", type: "text", value: (relation) => relation.tenant },
      { name: "id", type: "text", value: (relation) => relation.id },
      { name: "user_id", type: "text", value: (relation) => relation.user },
      { name: "agent_id", type: "text", value: (relation) => relation.agent },
      { name: "from_id", type: "text", value: (relation) => relation.fromId },
      { name: "to_id", type: "text", value: (relation) => relation.toId },
      { name: "relation_type", type: "text", value: (relation) => relation.relationType },
      { name: "valid_from", type: "bigint", value: (relation) => relation.validFrom },
      { name: "valid_to", type: "bigint", value: (relation) => relation.validTo },
      { name: "recorded_at", type: "bigint", value: (relation) => relation.recordedAt },
      { name: "retired_at", type: "bigint", value: (relation) => relation.retiredAt },
      { name: "fact_id", type: "text", value: (relation) => relation.factId },
    ],
    `ON CONFLICT (tenant, id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id,
       relation_type = excluded.relation_type, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
       retired_at = excluded.retired_at, fact_id = excluded.fact_id`,
  );

  const mentions = await resolveMentionTenants(client, write, batchTenants);
  await upsertRows(
    client,
    mentions,
    "engram_mentions",
    [
      { name: "tenant", type: "text", value: (mention) => mention.tenant },
      { name: "memory_id", type: "text", value: (mention) => mention.memoryId },
      { name: "entity_id", type: "text", value: (mention) => mention.entityId },
    ],
    "ON CONFLICT (tenant, memory_id, entity_id) DO NOTHING",
  );
}

/** Applies a batch's graph changes on the store's transaction client; a row naming a missing memory or entity fails it. */
export async function applyGraphWrite(
  client: PoolClient,
  write: GraphWrite,
  batchTenants: readonly string[],
): Promise<void> {
  // A row naming a missing memory or entity is named here; the store's transaction then rolls it all back.
  try {
    await applyWrite(client, write, batchTenants);
  } catch (error) {
    if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) throw missingRow(error);
    throw error;
  }
}

/** Removes the graph of every scope the selector covers (forget by scope), on the transaction client. */
export async function forgetGraphScope(
  client: PoolClient,
  selector: { tenant: string; user?: string; agent?: string },
): Promise<void> {
  for (const table of ["engram_relations", "engram_entities"] as const) {
    const parameters = tenantParameters(selector.tenant);
    const conditions = ["g.tenant = $1"];
    if (selector.user !== undefined) conditions.push(`g.user_id = ${parameters.bind(selector.user)}`);
    if (selector.agent !== undefined) conditions.push(`g.agent_id = ${parameters.bind(selector.agent)}`);
    const statement = tenantStatement(
      `DELETE FROM ${table} AS g WHERE ${conditions.join(" AND ")}`,
      parameters,
    );
    await client.query(statement.text, statement.values);
  }
}
