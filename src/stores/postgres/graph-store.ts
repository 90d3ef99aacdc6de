/** The PostgreSQL store's knowledge graph: reads for the engine, and the writes a WriteBatch carries, in its transaction. */
import type { PoolClient } from "pg";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type {
  EntityRecord,
  FactRecord,
  GraphExportRecord,
  GraphScopeKey,
  GraphStore,
  GraphWrite,
  MentionRecord,
  RelationRecord,
} from "../../spec/graph.js";
import { clampOptionalTime, clampTime } from "../../spec/limits.js";
import { type TenantParameters, tenantParameters, tenantStatement } from "./tenant-sql.js";

interface EntityRow {
  tenant: string;
  id: string;
  user_id: string | null;
  agent_id: string | null;
  name: string;
  entity_type: string;
  aliases: unknown;
  observations: unknown;
  created_at: number;
}

interface FactRow {
  tenant: string;
  memory_id: string;
  user_id: string | null;
  agent_id: string | null;
  subject_id: string;
  predicate: string;
  object: string;
  object_id: string | null;
  valid_from: number | null;
  valid_to: number | null;
  recorded_at: number;
  retired_at: number | null;
  superseded_by: string | null;
  sources: unknown;
}

interface RelationRow {
  tenant: string;
  id: string;
  user_id: string | null;
  agent_id: string | null;
  from_id: string;
  to_id: string;
  relation_type: string;
  valid_from: number | null;
  valid_to: number | null;
  recorded_at: number;
  retired_at: number | null;
  fact_id: string | null;
}

/** The graph part of a PostgreSQL store: `apply` and `forgetScope` run on the store's transaction client. */
export interface PostgresGraphStore extends GraphStore {
  /**
   * Apply a batch's graph changes on `client`, which holds the transaction. `batchTenants` are the tenants of the
   * batch's memories: a mention (which names no tenant) belongs to the one tenant of its batch.
   */
  apply(client: PoolClient, write: GraphWrite, batchTenants: readonly string[]): Promise<void>;
  /** Remove the graph of every scope the selector covers (forget by scope), on the transaction's client. */
  forgetScope(client: PoolClient, selector: { tenant: string; user?: string; agent?: string }): Promise<void>;
}

/** Runs a read on a pooled connection, the way the store runs its own (readiness, retries, error mapping). */
export type PostgresRead = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

/** Rows per multi-row upsert: one array parameter a column, so this only bounds the statement's memory. */
const UPSERT_CHUNK = 5000;
const FOREIGN_KEY_VIOLATION = "23503";

/** The fact's columns plus its sources, oldest first, as a JSON array; `tenant` is $1 or, across tenants, f.tenant. */
function factColumns(tenant: "$1" | "f.tenant"): string {
  return `f.*, (SELECT coalesce(json_agg(s.memory_id ORDER BY s.position), '[]'::json)
      FROM engram_fact_sources AS s WHERE s.tenant = ${tenant} AND s.fact_id = f.memory_id) AS sources`;
}

function strings(value: unknown): string[] {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

function toEntity(row: EntityRow): EntityRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    user: row.user_id,
    agent: row.agent_id,
    name: row.name,
    entityType: row.entity_type,
    aliases: strings(row.aliases),
    observations: strings(row.observations),
    createdAt: clampTime(row.created_at),
  };
}

function toFact(row: FactRow): FactRecord {
  return {
    memoryId: row.memory_id,
    tenant: row.tenant,
    user: row.user_id,
    agent: row.agent_id,
    subjectId: row.subject_id,
    predicate: row.predicate,
    object: row.object,
    objectId: row.object_id,
    validFrom: clampOptionalTime(row.valid_from),
    validTo: clampOptionalTime(row.valid_to),
    recordedAt: clampTime(row.recorded_at),
    retiredAt: clampOptionalTime(row.retired_at),
    supersededBy: row.superseded_by,
    sourceMemoryIds: strings(row.sources),
  };
}

function toRelation(row: RelationRow): RelationRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    user: row.user_id,
    agent: row.agent_id,
    fromId: row.from_id,
    toId: row.to_id,
    relationType: row.relation_type,
    validFrom: clampOptionalTime(row.valid_from),
    validTo: clampOptionalTime(row.valid_to),
    recordedAt: clampTime(row.recorded_at),
    retiredAt: clampOptionalTime(row.retired_at),
    factId: row.fact_id,
  };
}

/** `alias.tenant = $1` and the exact user and agent (null matches null, through an index, unlike IS NOT DISTINCT FROM). */
function scopeCondition(alias: string, scope: GraphScopeKey, parameters: TenantParameters): string {
  const column = (name: string, value: string | null | undefined) =>
    value == null ? `${alias}.${name} IS NULL` : `${alias}.${name} = ${parameters.bind(value)}`;
  return `${alias}.tenant = $1 AND ${column("user_id", scope.user)} AND ${column("agent_id", scope.agent)}`;
}

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

/**
 * The graph over the Engram schema (version 2 or later) of a PostgreSQL store. Every statement over a tenant's
 * rows goes through tenant-sql, as the store's own do; reads run through the store's `read`.
 * @example
 * const graph = createPostgresGraphStore(read);
 * const entities = await graph.entities({ tenant: "default", user: "ana", agent: null });
 */
export function createPostgresGraphStore(read: PostgresRead): PostgresGraphStore {
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

  return {
    entities(scope) {
      return read(async (client) => {
        const parameters = tenantParameters(scope.tenant);
        const statement = tenantStatement(
          `SELECT e.* FROM engram_entities AS e WHERE ${scopeCondition("e", scope, parameters)}
            ORDER BY e.created_at, e.seq`,
          parameters,
        );
        return ((await client.query(statement.text, statement.values)).rows as EntityRow[]).map(toEntity);
      });
    },

    entitiesById(ids) {
      // across tenants on purpose: an import names ids, and its lines say the tenant to compare with
      return read(async (client) => {
        if (ids.length === 0) return [];
        const rows = await client.query("SELECT * FROM engram_entities WHERE id = ANY($1::text[])", [
          [...new Set(ids)],
        ]);
        return (rows.rows as EntityRow[]).map(toEntity);
      });
    },

    relations(scope, options = {}) {
      return read(async (client) => {
        const parameters = tenantParameters(scope.tenant);
        const statement = tenantStatement(
          `SELECT r.* FROM engram_relations AS r WHERE ${scopeCondition("r", scope, parameters)}
             ${options.includeRetired ? "" : "AND r.retired_at IS NULL"}
            ORDER BY r.recorded_at, r.seq`,
          parameters,
        );
        return ((await client.query(statement.text, statement.values)).rows as RelationRow[]).map(toRelation);
      });
    },

    facts(tenant, memoryIds) {
      if (memoryIds.length === 0) return read(async () => []);
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const statement = tenantStatement(
          `SELECT ${factColumns("$1")} FROM engram_facts AS f
            WHERE f.tenant = $1 AND f.memory_id = ANY(${parameters.bind(memoryIds)}::text[])`,
          parameters,
        );
        const rows = (await client.query(statement.text, statement.values)).rows as FactRow[];
        const byId = new Map(rows.map((row) => [row.memory_id, toFact(row)]));
        return [...new Set(memoryIds)].flatMap((id) => {
          const fact = byId.get(id);
          return fact ? [fact] : [];
        });
      });
    },

    listFacts(scope, options = {}) {
      return read(async (client) => {
        const parameters = tenantParameters(scope.tenant);
        const conditions = [scopeCondition("f", scope, parameters)];
        if (options.subjectId !== undefined) {
          conditions.push(`f.subject_id = ${parameters.bind(options.subjectId)}`);
        }
        if (options.predicate !== undefined) {
          conditions.push(`f.predicate = ${parameters.bind(options.predicate)}`);
        }
        if (!options.includeRetired) conditions.push("f.superseded_by IS NULL");
        const statement = tenantStatement(
          `SELECT ${factColumns("$1")} FROM engram_facts AS f WHERE ${conditions.join(" AND ")}
            ORDER BY coalesce(f.valid_from, f.recorded_at), f.recorded_at, f.seq`,
          parameters,
        );
        return ((await client.query(statement.text, statement.values)).rows as FactRow[]).map(toFact);
      });
    },

    entitiesOfMemories(tenant, memoryIds) {
      if (memoryIds.length === 0) return read(async () => new Map<string, string[]>());
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const ids = parameters.bind(memoryIds);
        const statement = tenantStatement(
          `SELECT u.memory_id, u.entity_id FROM (
             SELECT f.memory_id, f.subject_id AS entity_id FROM engram_facts AS f
              WHERE f.tenant = $1 AND f.memory_id = ANY(${ids}::text[])
             UNION SELECT o.memory_id, o.object_id FROM engram_facts AS o
              WHERE o.tenant = $1 AND o.object_id IS NOT NULL AND o.memory_id = ANY(${ids}::text[])
             UNION SELECT m.memory_id, m.entity_id FROM engram_mentions AS m
              WHERE m.tenant = $1 AND m.memory_id = ANY(${ids}::text[])
           ) AS u ORDER BY u.memory_id, u.entity_id`,
          parameters,
        );
        const result = new Map<string, string[]>();
        const rows = (await client.query(statement.text, statement.values)).rows as {
          memory_id: string;
          entity_id: string;
        }[];
        for (const row of rows) {
          const list = result.get(row.memory_id) ?? [];
          list.push(row.entity_id);
          result.set(row.memory_id, list);
        }
        return result;
      });
    },

    factsFromSources(tenant, memoryIds) {
      if (memoryIds.length === 0) return read(async () => []);
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const statement = tenantStatement(
          `SELECT ${factColumns("$1")} FROM engram_facts AS f
            WHERE f.tenant = $1 AND EXISTS (SELECT 1 FROM engram_fact_sources AS w
              WHERE w.tenant = $1 AND w.fact_id = f.memory_id AND w.memory_id = ANY(${parameters.bind(memoryIds)}::text[]))
            ORDER BY f.recorded_at, f.seq`,
          parameters,
        );
        return ((await client.query(statement.text, statement.values)).rows as FactRow[]).map(toFact);
      });
    },

    factsDerivedOnlyFrom(tenant, memoryIds) {
      if (memoryIds.length === 0) return read(async () => []);
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const ids = parameters.bind(memoryIds);
        const statement = tenantStatement(
          `SELECT f.memory_id FROM engram_facts AS f
            WHERE f.tenant = $1
              AND EXISTS (SELECT 1 FROM engram_fact_sources AS s WHERE s.tenant = $1 AND s.fact_id = f.memory_id
                            AND s.memory_id = ANY(${ids}::text[]))
              AND NOT EXISTS (SELECT 1 FROM engram_fact_sources AS x WHERE x.tenant = $1 AND x.fact_id = f.memory_id
                            AND NOT (x.memory_id = ANY(${ids}::text[])))
            ORDER BY f.memory_id`,
          parameters,
        );
        return (await client.query(statement.text, statement.values)).rows.map(
          (row: { memory_id: string }) => row.memory_id,
        );
      });
    },

    async *exportAll(tenant) {
      // Like the memories' export without a tenant, this read spans tenants on purpose, so it is written out here.
      const records = await read(async (client) => {
        const where = (alias: string) => (tenant === undefined ? "" : `WHERE ${alias}.tenant = $1`);
        const values = tenant === undefined ? [] : [tenant];
        const out: GraphExportRecord[] = [];
        const entities = await client.query(
          `SELECT e.* FROM engram_entities e ${where("e")} ORDER BY e.tenant, e.created_at, e.seq`,
          values,
        );
        for (const row of entities.rows as EntityRow[]) out.push({ type: "entity", entity: toEntity(row) });
        const facts = await client.query(
          `SELECT ${factColumns("f.tenant")} FROM engram_facts f ${where("f")} ORDER BY f.tenant, f.recorded_at, f.seq`,
          values,
        );
        for (const row of facts.rows as FactRow[]) out.push({ type: "fact", fact: toFact(row) });
        const relations = await client.query(
          `SELECT r.* FROM engram_relations r ${where("r")} ORDER BY r.tenant, r.recorded_at, r.seq`,
          values,
        );
        for (const row of relations.rows as RelationRow[]) {
          out.push({ type: "relation", relation: toRelation(row) });
        }
        const mentions = await client.query<{ memory_id: string; entity_id: string }>(
          `SELECT m.memory_id, m.entity_id FROM engram_mentions m ${where("m")}
            ORDER BY m.tenant, m.memory_id, m.entity_id`,
          values,
        );
        for (const row of mentions.rows) {
          out.push({ type: "mention", mention: { memoryId: row.memory_id, entityId: row.entity_id } });
        }
        return out;
      });
      yield* records;
    },

    async apply(client, write, batchTenants) {
      // A row naming a missing memory or entity is named here; the store's transaction then rolls it all back.
      try {
        await applyWrite(client, write, batchTenants);
      } catch (error) {
        if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) throw missingRow(error);
        throw error;
      }
    },

    async forgetScope(client, selector) {
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
    },
  };
}
