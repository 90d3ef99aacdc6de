/**
 * The SQLite store's knowledge graph: reads for the engine, and the writes a WriteBatch carries, in its transaction.
 * createSqliteGraphStore is one closure of about 280 lines: an object of a dozen short methods over the same
 * database handle (rows and their conversions are in graph-rows.ts).
 */
import type Database from "better-sqlite3";
import type {
  GraphExportRecord,
  GraphScopeKey,
  GraphStore,
  GraphWrite,
  MentionRecord,
} from "../../spec/graph.js";
import {
  type EntityRow,
  type FactRow,
  type RelationRow,
  toEntity,
  toFact,
  toRelation,
} from "../graph-rows.js";

/** The graph part of a SQLite store: `apply` runs inside the store's write transaction. */
export interface SqliteGraphStore extends GraphStore {
  /** Apply a batch's graph changes; the caller holds the transaction. */
  apply(write: GraphWrite): void;
  /** Remove the graph of every scope the selector covers (forget by scope). */
  forgetScope(selector: { tenant: string; user?: string; agent?: string }): void;
}

const SCOPE = "tenant = ? AND user_id IS ? AND agent_id IS ?";
const FACT_COLUMNS = `f.*, (SELECT json_group_array(memory_id) FROM
  (SELECT memory_id FROM fact_sources WHERE fact_id = f.memory_id ORDER BY position)) AS sources`;

/**
 * The graph over an open SQLite database (schema version 2 or later). Reads are synchronous under the hood;
 * `run` wraps them the way the store wraps its own calls (closed checks, error mapping).
 * @example
 * const graph = createSqliteGraphStore(db, (work) => Promise.resolve(work()));
 * const entities = await graph.entities({ tenant: "default", user: "ana", agent: null });
 */
export function createSqliteGraphStore(
  db: Database.Database,
  run: <T>(work: () => T) => Promise<T>,
  // the connection's statement cache: preparing a statement costs more than most of these reads
  statement: (sql: string) => Database.Statement = (sql) => db.prepare(sql),
): SqliteGraphStore {
  const scopeParams = (scope: GraphScopeKey) => [scope.tenant, scope.user, scope.agent];

  return {
    entities(scope) {
      return run(() =>
        (
          statement(`SELECT * FROM entities WHERE ${SCOPE} ORDER BY created_at, rowid`).all(
            ...scopeParams(scope),
          ) as EntityRow[]
        ).map(toEntity),
      );
    },

    entitiesById(ids) {
      return run(() =>
        (
          statement("SELECT * FROM entities WHERE id IN (SELECT value FROM json_each(?))").all(
            JSON.stringify([...new Set(ids)]),
          ) as EntityRow[]
        ).map(toEntity),
      );
    },

    relations(scope, options = {}) {
      return run(() =>
        (
          statement(
            `SELECT * FROM relations WHERE ${SCOPE} ${options.includeRetired ? "" : "AND retired_at IS NULL"}
               ORDER BY recorded_at, rowid`,
          ).all(...scopeParams(scope)) as RelationRow[]
        ).map(toRelation),
      );
    },

    facts(tenant, memoryIds) {
      return run(() => {
        if (memoryIds.length === 0) return [];
        const rows = statement(
          `SELECT ${FACT_COLUMNS} FROM facts AS f
              WHERE +f.tenant = ? AND f.memory_id IN (SELECT value FROM json_each(?))`,
        ).all(tenant, JSON.stringify(memoryIds)) as FactRow[];
        const byId = new Map(rows.map((row) => [row.memory_id, toFact(row)]));
        return [...new Set(memoryIds)].flatMap((id) => {
          const fact = byId.get(id);
          return fact ? [fact] : [];
        });
      });
    },

    listFacts(scope, options = {}) {
      return run(() => {
        const conditions = ["f.tenant = ? AND f.user_id IS ? AND f.agent_id IS ?"];
        const params: unknown[] = scopeParams(scope);
        if (options.subjectId !== undefined) {
          conditions.push("f.subject_id = ?");
          params.push(options.subjectId);
        }
        if (options.predicate !== undefined) {
          conditions.push("f.predicate = ?");
          params.push(options.predicate);
        }
        if (!options.includeRetired) conditions.push("f.superseded_by IS NULL");
        return (
          statement(
            `SELECT ${FACT_COLUMNS} FROM facts AS f WHERE ${conditions.join(" AND ")}
                ORDER BY f.valid_from IS NOT NULL, coalesce(f.valid_from, f.recorded_at), f.recorded_at, f.rowid`,
          ).all(...params) as FactRow[]
        ).map(toFact);
      });
    },

    // "+tenant" in these id-list reads keeps SQLite off the tenant index (which would walk every row of a tenant):
    // the ids lead, through their primary keys, so a read costs what it returns at any store size.
    entitiesOfMemories(tenant, memoryIds) {
      return run(() => {
        const result = new Map<string, string[]>();
        if (memoryIds.length === 0) return result;
        const rows = statement(
          `SELECT f.memory_id AS memoryId, f.subject_id AS entityId FROM facts AS f
              WHERE +f.tenant = @tenant AND f.memory_id IN (SELECT value FROM json_each(@ids))
             UNION SELECT f.memory_id, f.object_id FROM facts AS f
              WHERE +f.tenant = @tenant AND f.object_id IS NOT NULL
                AND f.memory_id IN (SELECT value FROM json_each(@ids))
             UNION SELECT m.memory_id, m.entity_id FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id
              WHERE +e.tenant = @tenant AND m.memory_id IN (SELECT value FROM json_each(@ids))`,
        ).all({ tenant, ids: JSON.stringify(memoryIds) }) as { memoryId: string; entityId: string }[];
        for (const row of rows) {
          const list = result.get(row.memoryId) ?? [];
          if (!list.includes(row.entityId)) list.push(row.entityId);
          result.set(row.memoryId, list);
        }
        return result;
      });
    },

    factsFromSources(tenant, memoryIds) {
      return run(() => {
        if (memoryIds.length === 0) return [];
        return (
          statement(
            `SELECT ${FACT_COLUMNS} FROM facts AS f
                WHERE +f.tenant = ? AND f.memory_id IN (SELECT fact_id FROM fact_sources
                  WHERE memory_id IN (SELECT value FROM json_each(?)))`,
          ).all(tenant, JSON.stringify(memoryIds)) as FactRow[]
        ).map(toFact);
      });
    },

    factsDerivedOnlyFrom(tenant, memoryIds) {
      return run(() => {
        if (memoryIds.length === 0) return [];
        return statement(
          `SELECT f.memory_id FROM facts AS f
              WHERE +f.tenant = @tenant
                AND f.memory_id IN (SELECT s.fact_id FROM fact_sources AS s
                              WHERE s.memory_id IN (SELECT value FROM json_each(@ids)))
                AND NOT EXISTS (SELECT 1 FROM fact_sources AS s WHERE s.fact_id = f.memory_id
                              AND s.memory_id NOT IN (SELECT value FROM json_each(@ids)))
              ORDER BY f.memory_id`,
        )
          .pluck()
          .all({ tenant, ids: JSON.stringify(memoryIds) }) as string[];
      });
    },

    async *exportAll(tenant) {
      const where = tenant === undefined ? "" : "WHERE tenant = ?";
      const params = tenant === undefined ? [] : [tenant];
      const rows = await run(() => {
        const out: GraphExportRecord[] = [];
        for (const row of statement(`SELECT * FROM entities ${where} ORDER BY tenant, created_at, rowid`).all(
          ...params,
        ) as EntityRow[]) {
          out.push({ type: "entity", entity: toEntity(row) });
        }
        for (const row of statement(
          `SELECT ${FACT_COLUMNS} FROM facts AS f ${where.replace("tenant", "f.tenant")}
              ORDER BY f.tenant, f.recorded_at, f.rowid`,
        ).all(...params) as FactRow[]) {
          out.push({ type: "fact", fact: toFact(row) });
        }
        for (const row of statement(
          `SELECT * FROM relations ${where} ORDER BY tenant, recorded_at, rowid`,
        ).all(...params) as RelationRow[]) {
          out.push({ type: "relation", relation: toRelation(row) });
        }
        for (const row of statement(
          `SELECT m.memory_id AS memoryId, m.entity_id AS entityId FROM mentions AS m
               JOIN entities AS e ON e.id = m.entity_id ${where.replace("tenant", "e.tenant")}
              ORDER BY e.tenant, m.memory_id, m.entity_id`,
        ).all(...params) as MentionRecord[]) {
          out.push({ type: "mention", mention: row });
        }
        return out;
      });
      yield* rows;
    },

    apply(write) {
      if (write.deleteRelationIds && write.deleteRelationIds.ids.length > 0) {
        statement("DELETE FROM relations WHERE +tenant = ? AND id IN (SELECT value FROM json_each(?))").run(
          write.deleteRelationIds.tenant,
          JSON.stringify(write.deleteRelationIds.ids),
        );
      }
      if (write.deleteEntityIds && write.deleteEntityIds.ids.length > 0) {
        statement("DELETE FROM entities WHERE +tenant = ? AND id IN (SELECT value FROM json_each(?))").run(
          write.deleteEntityIds.tenant,
          JSON.stringify(write.deleteEntityIds.ids),
        );
      }
      const upsertEntity = statement(
        `INSERT INTO entities (id, tenant, user_id, agent_id, name, entity_type, aliases, observations, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, entity_type = excluded.entity_type,
           aliases = excluded.aliases, observations = excluded.observations`,
      );
      for (const entity of write.entities ?? []) {
        upsertEntity.run(
          entity.id,
          entity.tenant,
          entity.user,
          entity.agent,
          entity.name,
          entity.entityType,
          JSON.stringify(entity.aliases),
          JSON.stringify(entity.observations),
          entity.createdAt,
        );
      }
      const upsertFact = statement(
        `INSERT INTO facts (memory_id, tenant, user_id, agent_id, subject_id, predicate, object, object_id,
           valid_from, valid_to, recorded_at, retired_at, superseded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (memory_id) DO UPDATE SET subject_id = excluded.subject_id, predicate = excluded.predicate,
           object = excluded.object, object_id = excluded.object_id, valid_from = excluded.valid_from,
           valid_to = excluded.valid_to, retired_at = excluded.retired_at, superseded_by = excluded.superseded_by`,
      );
      const clearSources = statement("DELETE FROM fact_sources WHERE fact_id = ?");
      const addSource = statement(
        "INSERT OR IGNORE INTO fact_sources (fact_id, memory_id, position) VALUES (?, ?, ?)",
      );
      for (const fact of write.facts ?? []) {
        upsertFact.run(
          fact.memoryId,
          fact.tenant,
          fact.user,
          fact.agent,
          fact.subjectId,
          fact.predicate,
          fact.object,
          fact.objectId,
          fact.validFrom,
          fact.validTo,
          fact.recordedAt,
          fact.retiredAt,
          fact.supersededBy,
        );
        clearSources.run(fact.memoryId);
        fact.sourceMemoryIds.forEach((source, position) => {
          addSource.run(fact.memoryId, source, position);
        });
      }
      const upsertRelation = statement(
        `INSERT INTO relations (id, tenant, user_id, agent_id, from_id, to_id, relation_type, valid_from, valid_to,
           recorded_at, retired_at, fact_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id,
           relation_type = excluded.relation_type, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
           retired_at = excluded.retired_at, fact_id = excluded.fact_id`,
      );
      for (const relation of write.relations ?? []) {
        upsertRelation.run(
          relation.id,
          relation.tenant,
          relation.user,
          relation.agent,
          relation.fromId,
          relation.toId,
          relation.relationType,
          relation.validFrom,
          relation.validTo,
          relation.recordedAt,
          relation.retiredAt,
          relation.factId,
        );
      }
      const addMention = statement("INSERT OR IGNORE INTO mentions (memory_id, entity_id) VALUES (?, ?)");
      for (const mention of write.mentions ?? []) addMention.run(mention.memoryId, mention.entityId);
    },

    forgetScope(selector) {
      const conditions = ["tenant = ?"];
      const params: unknown[] = [selector.tenant];
      if (selector.user !== undefined) {
        conditions.push("user_id = ?");
        params.push(selector.user);
      }
      if (selector.agent !== undefined) {
        conditions.push("agent_id = ?");
        params.push(selector.agent);
      }
      statement(`DELETE FROM relations WHERE ${conditions.join(" AND ")}`).run(...params);
      statement(`DELETE FROM entities WHERE ${conditions.join(" AND ")}`).run(...params);
    },
  };
}
