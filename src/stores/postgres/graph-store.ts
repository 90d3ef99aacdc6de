/**
 * The PostgreSQL store's knowledge graph reads (the writes, on the store's transaction client, are in graph-write.ts;
 * rows and their conversions in graph-rows.ts). createPostgresGraphStore is one closure of about 180 lines: an object
 * of nine short reads over the same `read`.
 */
import type { PoolClient } from "pg";
import type { GraphExportRecord, GraphScopeKey, GraphStore, GraphWrite } from "../../spec/graph.js";
import {
  type EntityRow,
  type FactRow,
  type RelationRow,
  toEntity,
  toFact,
  toRelation,
} from "../graph-rows.js";
import { applyGraphWrite, forgetGraphScope } from "./graph-write.js";
import { type TenantParameters, tenantParameters, tenantStatement } from "./tenant-sql.js";

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

/** The fact's columns plus its sources, oldest first, as a JSON array; `tenant` is $1 or, across tenants, f.tenant. */
function factColumns(tenant: "$1" | "f.tenant"): string {
  return `f.*, (SELECT coalesce(json_agg(s.memory_id ORDER BY s.position), '[]'::json)
      FROM engram_fact_sources AS s WHERE s.tenant = ${tenant} AND s.fact_id = f.memory_id) AS sources`;
}

/** `alias.tenant = $1` and the exact user and agent (null matches null, through an index, unlike IS NOT DISTINCT FROM). */
function scopeCondition(alias: string, scope: GraphScopeKey, parameters: TenantParameters): string {
  const column = (name: string, value: string | null | undefined) =>
    value == null ? `${alias}.${name} IS NULL` : `${alias}.${name} = ${parameters.bind(value)}`;
  return `${alias}.tenant = $1 AND ${column("user_id", scope.user)} AND ${column("agent_id", scope.agent)}`;
}

/**
 * The graph over the Engram schema (version 2 or later) of a PostgreSQL store. Every statement over a tenant's
 * rows goes through tenant-sql, as the store's own do; reads run through the store's `read`.
 * @example
 * const graph = createPostgresGraphStore(read);
 * const entities = await graph.entities({ tenant: "default", user: "ana", agent: null });
 */
export function createPostgresGraphStore(read: PostgresRead): PostgresGraphStore {
  return {
    apply: applyGraphWrite,
    forgetScope: forgetGraphScope,

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
            ORDER BY f.valid_from ASC NULLS FIRST, f.recorded_at, f.seq`,
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
  };
}
