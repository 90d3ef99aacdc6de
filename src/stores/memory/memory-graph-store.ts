/**
 * The in-memory store's knowledge graph: the same rows, references and cascades as the SQLite store's tables
 * (a fact hangs on its memory and its subject; forgetting either removes it), kept in maps.
 */
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
import { storeFailure } from "../runtime/store-errors.js";
import { compareIds, uniqueIds } from "../runtime/store-rules.js";
import { copy, createSequence, type Journal, type MemoryDatabase } from "./memory-database.js";

interface Row<T> {
  value: T;
  /** The order rows were first written in (a rowid): upserts keep it. */
  sequence: number;
}

/** The graph part of an in-memory store: `apply` and the forgets run inside the store's write. */
export interface MemoryGraphStore extends GraphStore {
  apply(write: GraphWrite, journal: Journal): void;
  /** Removes what hangs on these memories: their fact rows, their place among facts' sources, relations, mentions. */
  forgetMemories(ids: readonly string[], journal: Journal): void;
  /** Removes the graph of every scope the selector covers (forget by scope). */
  forgetScope(selector: { tenant: string; user?: string; agent?: string }, journal: Journal): void;
}

function inScope(row: GraphScopeKey, scope: GraphScopeKey): boolean {
  return row.tenant === scope.tenant && row.user === scope.user && row.agent === scope.agent;
}

function brokenReference(what: string): Error {
  return storeFailure(
    `the graph rows break a reference (${what}): nothing was written; write the memories and entities they name first`,
  );
}

const bySequence = <T>(a: Row<T>, b: Row<T>) => a.sequence - b.sequence;

/**
 * The graph over an in-memory store's tables.
 * @example
 * const graph = createMemoryGraphStore(database);
 * database.transaction((journal) => graph.apply({ entities: [ana] }, journal));
 */
export function createMemoryGraphStore(database: MemoryDatabase): MemoryGraphStore {
  const entities = new Map<string, Row<EntityRecord>>();
  const facts = new Map<string, Row<FactRecord>>();
  const relations = new Map<string, Row<RelationRecord>>();
  const mentions = new Map<string, Row<MentionRecord>>();
  const sequence = createSequence();
  const mentionKey = (mention: MentionRecord) => `${mention.memoryId}\u0000${mention.entityId}`;

  function requireMemory(id: string, what: string): void {
    if (!database.memories.has(id)) throw brokenReference(`${what} names memory ${id}, which does not exist`);
  }
  function requireEntity(id: string, what: string): void {
    if (!entities.has(id)) throw brokenReference(`${what} names entity ${id}, which does not exist`);
  }

  function removeEntity(id: string, journal: Journal): void {
    journal.delete(entities, id);
    for (const [key, row] of facts) {
      if (row.value.subjectId === id) journal.delete(facts, key);
      else if (row.value.objectId === id) {
        journal.set(facts, key, { ...row, value: { ...row.value, objectId: null } });
      }
    }
    for (const [key, row] of relations) {
      if (row.value.fromId === id || row.value.toId === id) journal.delete(relations, key);
    }
    for (const [key, row] of mentions) if (row.value.entityId === id) journal.delete(mentions, key);
  }

  function upsert<T>(map: Map<string, Row<T>>, key: string, value: T, journal: Journal): void {
    const existing = map.get(key);
    journal.set(map, key, { value, sequence: existing?.sequence ?? sequence() });
  }

  function factRows(tenant: string): Row<FactRecord>[] {
    return [...facts.values()].filter((row) => row.value.tenant === tenant).sort(bySequence);
  }

  return {
    async entities(scope) {
      return [...entities.values()]
        .filter((row) => inScope(row.value, scope))
        .sort((a, b) => a.value.createdAt - b.value.createdAt || a.sequence - b.sequence)
        .map((row) => copy(row.value));
    },

    async entitiesById(ids) {
      const wanted = new Set(ids);
      return [...entities.values()].filter((row) => wanted.has(row.value.id)).map((row) => copy(row.value));
    },

    async relations(scope, options = {}) {
      return [...relations.values()]
        .filter(
          (row) => inScope(row.value, scope) && (options.includeRetired || row.value.retiredAt === null),
        )
        .sort((a, b) => a.value.recordedAt - b.value.recordedAt || a.sequence - b.sequence)
        .map((row) => copy(row.value));
    },

    async facts(tenant, memoryIds) {
      return uniqueIds(memoryIds).flatMap((id) => {
        const row = facts.get(id);
        return row && row.value.tenant === tenant ? [copy(row.value)] : [];
      });
    },

    async listFacts(scope, options = {}) {
      return [...facts.values()]
        .filter(
          (row) =>
            inScope(row.value, scope) &&
            (options.subjectId === undefined || row.value.subjectId === options.subjectId) &&
            (options.predicate === undefined || row.value.predicate === options.predicate) &&
            (options.includeRetired || row.value.supersededBy === null),
        )
        .sort(
          (a, b) =>
            (a.value.validFrom ?? Number.NEGATIVE_INFINITY) -
              (b.value.validFrom ?? Number.NEGATIVE_INFINITY) ||
            a.value.recordedAt - b.value.recordedAt ||
            a.sequence - b.sequence,
        )
        .map((row) => copy(row.value));
    },

    async entitiesOfMemories(tenant, memoryIds) {
      const wanted = new Set(memoryIds);
      const pairs: [string, string][] = [];
      for (const { value } of facts.values()) {
        if (value.tenant !== tenant || !wanted.has(value.memoryId)) continue;
        pairs.push([value.memoryId, value.subjectId]);
        if (value.objectId !== null) pairs.push([value.memoryId, value.objectId]);
      }
      for (const { value } of mentions.values()) {
        if (wanted.has(value.memoryId) && entities.get(value.entityId)?.value.tenant === tenant) {
          pairs.push([value.memoryId, value.entityId]);
        }
      }
      // As SQL's UNION gives them: each pair once, by memory then entity.
      pairs.sort((a, b) => compareIds(a[0], b[0]) || compareIds(a[1], b[1]));
      const result = new Map<string, string[]>();
      for (const [memoryId, entityId] of pairs) {
        const list = result.get(memoryId) ?? [];
        if (!list.includes(entityId)) list.push(entityId);
        result.set(memoryId, list);
      }
      return result;
    },

    async factsFromSources(tenant, memoryIds) {
      const wanted = new Set(memoryIds);
      return factRows(tenant)
        .filter((row) => row.value.sourceMemoryIds.some((id) => wanted.has(id)))
        .map((row) => copy(row.value));
    },

    async factsDerivedOnlyFrom(tenant, memoryIds) {
      const wanted = new Set(memoryIds);
      return factRows(tenant)
        .filter(
          (row) =>
            row.value.sourceMemoryIds.length > 0 && row.value.sourceMemoryIds.every((id) => wanted.has(id)),
        )
        .map((row) => row.value.memoryId)
        .sort(compareIds);
    },

    async *exportAll(tenant) {
      const ofTenant = <T extends { tenant: string }>(rows: Iterable<Row<T>>) =>
        [...rows].filter((row) => tenant === undefined || row.value.tenant === tenant);
      const out: GraphExportRecord[] = [];
      for (const row of ofTenant(entities.values()).sort(
        (a, b) =>
          compareIds(a.value.tenant, b.value.tenant) ||
          a.value.createdAt - b.value.createdAt ||
          a.sequence - b.sequence,
      )) {
        out.push({ type: "entity", entity: copy(row.value) });
      }
      const byRecordTime = <T extends { tenant: string; recordedAt: number }>(a: Row<T>, b: Row<T>) =>
        compareIds(a.value.tenant, b.value.tenant) ||
        a.value.recordedAt - b.value.recordedAt ||
        a.sequence - b.sequence;
      for (const row of ofTenant(facts.values()).sort(byRecordTime)) {
        out.push({ type: "fact", fact: copy(row.value) });
      }
      for (const row of ofTenant(relations.values()).sort(byRecordTime)) {
        out.push({ type: "relation", relation: copy(row.value) });
      }
      const mentionRows = [...mentions.values()]
        .map((row) => ({ mention: row.value, tenant: entities.get(row.value.entityId)?.value.tenant ?? "" }))
        .filter((row) => tenant === undefined || row.tenant === tenant)
        .sort(
          (a, b) =>
            compareIds(a.tenant, b.tenant) ||
            compareIds(a.mention.memoryId, b.mention.memoryId) ||
            compareIds(a.mention.entityId, b.mention.entityId),
        );
      for (const row of mentionRows) out.push({ type: "mention", mention: { ...row.mention } });
      yield* out;
    },

    apply(write, journal) {
      const relationDeletion = write.deleteRelationIds;
      if (relationDeletion) {
        for (const id of relationDeletion.ids) {
          if (relations.get(id)?.value.tenant === relationDeletion.tenant) journal.delete(relations, id);
        }
      }
      const entityDeletion = write.deleteEntityIds;
      if (entityDeletion) {
        for (const id of entityDeletion.ids) {
          if (entities.get(id)?.value.tenant === entityDeletion.tenant) removeEntity(id, journal);
        }
      }
      for (const entity of write.entities ?? []) {
        const existing = entities.get(entity.id)?.value;
        // As an SQL upsert: the scope and creation time of a row never change.
        const value: EntityRecord = existing
          ? {
              ...existing,
              name: entity.name,
              entityType: entity.entityType,
              aliases: [...entity.aliases],
              observations: [...entity.observations],
            }
          : copy(entity);
        upsert(entities, entity.id, value, journal);
      }
      for (const fact of write.facts ?? []) {
        const what = `fact ${fact.memoryId}`;
        requireMemory(fact.memoryId, what);
        requireEntity(fact.subjectId, what);
        if (fact.objectId !== null) requireEntity(fact.objectId, what);
        for (const source of fact.sourceMemoryIds) requireMemory(source, `a source of ${what}`);
        const existing = facts.get(fact.memoryId)?.value;
        const value: FactRecord = {
          ...copy(fact),
          ...(existing
            ? {
                tenant: existing.tenant,
                user: existing.user,
                agent: existing.agent,
                recordedAt: existing.recordedAt,
              }
            : {}),
          sourceMemoryIds: uniqueIds(fact.sourceMemoryIds),
        };
        upsert(facts, fact.memoryId, value, journal);
      }
      for (const relation of write.relations ?? []) {
        const what = `relation ${relation.id}`;
        requireEntity(relation.fromId, what);
        requireEntity(relation.toId, what);
        if (relation.factId !== null) requireMemory(relation.factId, what);
        const existing = relations.get(relation.id)?.value;
        const value: RelationRecord = {
          ...copy(relation),
          ...(existing
            ? {
                tenant: existing.tenant,
                user: existing.user,
                agent: existing.agent,
                recordedAt: existing.recordedAt,
              }
            : {}),
        };
        upsert(relations, relation.id, value, journal);
      }
      for (const mention of write.mentions ?? []) {
        const what = `the mention of ${mention.entityId} in ${mention.memoryId}`;
        requireMemory(mention.memoryId, what);
        requireEntity(mention.entityId, what);
        if (!mentions.has(mentionKey(mention)))
          upsert(mentions, mentionKey(mention), { ...mention }, journal);
      }
    },

    forgetMemories(ids, journal) {
      const gone = new Set(ids);
      for (const [key, row] of facts) {
        if (gone.has(key)) journal.delete(facts, key);
        else if (row.value.sourceMemoryIds.some((id) => gone.has(id))) {
          const sourceMemoryIds = row.value.sourceMemoryIds.filter((id) => !gone.has(id));
          journal.set(facts, key, { ...row, value: { ...row.value, sourceMemoryIds } });
        }
      }
      for (const [key, row] of relations) {
        if (row.value.factId !== null && gone.has(row.value.factId)) journal.delete(relations, key);
      }
      for (const [key, row] of mentions) if (gone.has(row.value.memoryId)) journal.delete(mentions, key);
    },

    forgetScope(selector, journal) {
      const covered = (row: GraphScopeKey) =>
        row.tenant === selector.tenant &&
        (selector.user === undefined || row.user === selector.user) &&
        (selector.agent === undefined || row.agent === selector.agent);
      for (const [key, row] of relations) if (covered(row.value)) journal.delete(relations, key);
      for (const [key, row] of entities) if (covered(row.value)) removeEntity(key, journal);
    },
  };
}
