/**
 * engine.graph: the reference knowledge-graph MCP server's nine operations (entities with observations, relations
 * between entity names) plus neighbours, over the store's graph. Names resolve the way derived facts resolve them
 * (case, accents, aliases), within one scope. Reads show relations true now.
 */
import { EngramError, ERROR_CODES, invalidInput } from "../../spec/errors.js";
import type {
  EntityRecord,
  GraphApi,
  GraphEntity,
  GraphRelation,
  GraphScope,
  GraphScopeKey,
  GraphStore,
  KnowledgeGraph,
  RelationRecord,
} from "../../spec/graph.js";
import { DEFAULT_TENANT } from "../../spec/memory.js";
import type { EngineRuntime } from "../engine-runtime.js";
import { newMemoryId } from "../ids.js";
import { graphScopeSchema } from "../schemas.js";
import { parseInput } from "../validate.js";
import { createEntityResolver, normalizeName } from "./entity-resolver.js";

/** The store's key of a scope, its ids checked and trimmed as remember and recall read them (" Jason " is "Jason"). */
function scopeKey(scope: GraphScope): GraphScopeKey {
  const { tenant, user, agent } = parseInput(graphScopeSchema, scope ?? {}, "scope");
  return { tenant: tenant ?? DEFAULT_TENANT, user: user ?? null, agent: agent ?? null };
}

function notFound(name: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.notFound,
    category: "user",
    message: `no entity named "${name}" in this scope: create it first (createEntities), or check the scope's user and agent`,
  });
}

function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function toGraphEntity(entity: EntityRecord): GraphEntity {
  return {
    id: entity.id,
    name: entity.name,
    entityType: entity.entityType,
    observations: [...entity.observations],
    aliases: [...entity.aliases],
  };
}

export async function toGraphRelations(
  graph: GraphStore,
  tenant: string,
  relations: RelationRecord[],
  names: Map<string, string>,
): Promise<GraphRelation[]> {
  const facts = new Map(
    (
      await graph.facts(
        tenant,
        relations.flatMap((r) => (r.factId ? [r.factId] : [])),
      )
    ).map((f) => [f.memoryId, f]),
  );
  return relations.map((relation) => ({
    id: relation.id,
    from: names.get(relation.fromId) ?? relation.fromId,
    to: names.get(relation.toId) ?? relation.toId,
    relationType: relation.relationType,
    validFrom: toIso(relation.validFrom),
    validTo: toIso(relation.validTo),
    recordedAt: new Date(relation.recordedAt).toISOString(),
    retiredAt: toIso(relation.retiredAt),
    sourceMemoryIds: relation.factId ? (facts.get(relation.factId)?.sourceMemoryIds ?? []) : [],
  }));
}

/**
 * The graph API over an engine's store.
 * Over 150 lines: a factory whose body is the returned object's methods, each short, sharing one closure; split, they would only pass that state around.
 * @example
 * await engine.graph.createEntities({ user: "ana" }, [{ name: "Lisbon", entityType: "place" }]);
 * const { entities, relations } = await engine.graph.neighbours({ user: "ana" }, "Ana", 2);
 */
export function createGraphApi(runtime: EngineRuntime): GraphApi {
  const graphStore = (): GraphStore => {
    const graph = runtime.store.graph;
    if (!graph) {
      throw new EngramError({
        code: ERROR_CODES.notAvailable,
        category: "user",
        message: `the store ${runtime.store.name} keeps no knowledge graph: use the SQLite store`,
      });
    }
    return graph;
  };

  async function load(scope: GraphScope) {
    const key = scopeKey(scope);
    const graph = graphStore();
    const entities = await graph.entities(key);
    const resolver = createEntityResolver(key, entities, runtime.now());
    const find = (name: string) => {
      const wanted = normalizeName(name);
      return entities.find(
        (e) => normalizeName(e.name) === wanted || e.aliases.some((a) => normalizeName(a) === wanted),
      );
    };
    return { key, graph, entities, resolver, find };
  }

  async function view(
    graph: GraphStore,
    key: GraphScopeKey,
    entities: EntityRecord[],
    keepRelation: (r: RelationRecord) => boolean,
  ): Promise<KnowledgeGraph> {
    const all = await graph.entities(key);
    const names = new Map(all.map((e) => [e.id, e.name]));
    const relations = (await graph.relations(key)).filter(keepRelation);
    return {
      entities: entities.map(toGraphEntity),
      relations: await toGraphRelations(graph, key.tenant, relations, names),
    };
  }

  const write = (graph: Parameters<typeof runtime.store.write>[0]["graph"]) =>
    runtime.store.write({ inserts: [], reinforcements: [], graph });

  return {
    async createEntities(scope, inputs) {
      const { resolver, find } = await load(scope);
      const created: EntityRecord[] = [];
      for (const input of inputs) {
        if (!input.name?.trim() || !input.entityType?.trim()) {
          throw invalidInput("each entity needs a non-empty name and entityType", "createEntities");
        }
        if (find(input.name) || created.some((e) => normalizeName(e.name) === normalizeName(input.name)))
          continue;
        const entity = resolver.resolve(input.name.trim(), input.entityType.trim());
        entity.observations = [...new Set(input.observations ?? [])];
        created.push(entity);
      }
      if (created.length > 0) await write({ entities: created });
      return created.map(toGraphEntity);
    },

    async createRelations(scope, inputs) {
      const { key, graph, find } = await load(scope);
      const existing = await graph.relations(key);
      const now = runtime.now();
      const created: RelationRecord[] = [];
      for (const input of inputs) {
        const from = find(input.from);
        const to = find(input.to);
        if (!from) throw notFound(input.from);
        if (!to) throw notFound(input.to);
        const duplicate = [...existing, ...created].some(
          (r) => r.fromId === from.id && r.toId === to.id && r.relationType === input.relationType,
        );
        if (duplicate) continue;
        created.push({
          ...key,
          id: newMemoryId(now).replace(/^mem_/, "rel_"),
          fromId: from.id,
          toId: to.id,
          relationType: input.relationType,
          validFrom: now,
          validTo: null,
          recordedAt: now,
          retiredAt: null,
          factId: null,
        });
      }
      if (created.length > 0) await write({ relations: created });
      const names = new Map((await graph.entities(key)).map((e) => [e.id, e.name]));
      return toGraphRelations(graph, key.tenant, created, names);
    },

    async addObservations(scope, inputs) {
      const { find } = await load(scope);
      const changed: EntityRecord[] = [];
      const results: { entityName: string; addedObservations: string[] }[] = [];
      for (const input of inputs) {
        const entity =
          changed.find((e) => normalizeName(e.name) === normalizeName(input.entityName)) ??
          find(input.entityName);
        if (!entity) throw notFound(input.entityName);
        const added = input.contents.filter((c) => !entity.observations.includes(c));
        entity.observations.push(...added);
        if (!changed.includes(entity)) changed.push(entity);
        results.push({ entityName: entity.name, addedObservations: added });
      }
      if (changed.length > 0) await write({ entities: changed });
      return results;
    },

    async deleteEntities(scope, names) {
      const { key, find } = await load(scope);
      const ids = names.flatMap((name) => {
        const entity = find(name);
        return entity ? [entity.id] : [];
      });
      if (ids.length > 0) await write({ deleteEntityIds: { tenant: key.tenant, ids } });
    },

    async deleteObservations(scope, deletions) {
      const { find } = await load(scope);
      const changed: EntityRecord[] = [];
      for (const deletion of deletions) {
        const entity = find(deletion.entityName);
        if (!entity) continue;
        entity.observations = entity.observations.filter((o) => !deletion.observations.includes(o));
        changed.push(entity);
      }
      if (changed.length > 0) await write({ entities: changed });
    },

    async deleteRelations(scope, inputs) {
      const { key, graph, find } = await load(scope);
      const relations = await graph.relations(key, { includeRetired: true });
      const ids = inputs.flatMap((input) => {
        const from = find(input.from);
        const to = find(input.to);
        if (!from || !to) return [];
        return relations
          .filter((r) => r.fromId === from.id && r.toId === to.id && r.relationType === input.relationType)
          .map((r) => r.id);
      });
      if (ids.length > 0) await write({ deleteRelationIds: { tenant: key.tenant, ids } });
    },

    async readGraph(scope) {
      const { key, graph, entities } = await load(scope);
      return view(graph, key, entities, () => true);
    },

    async searchNodes(scope, query) {
      const { key, graph, entities } = await load(scope);
      const needle = query.trim().toLowerCase();
      if (needle.length === 0)
        throw invalidInput("the search query is empty: pass a word to look for", "searchNodes");
      const matches = entities.filter((e) =>
        [e.name, e.entityType, ...e.aliases, ...e.observations].some((text) =>
          text.toLowerCase().includes(needle),
        ),
      );
      const ids = new Set(matches.map((e) => e.id));
      return view(graph, key, matches, (r) => ids.has(r.fromId) && ids.has(r.toId));
    },

    async openNodes(scope, names) {
      const { key, graph, find } = await load(scope);
      const found = names.flatMap((name) => {
        const entity = find(name);
        return entity ? [entity] : [];
      });
      const unique = [...new Map(found.map((e) => [e.id, e])).values()];
      const ids = new Set(unique.map((e) => e.id));
      return view(graph, key, unique, (r) => ids.has(r.fromId) && ids.has(r.toId));
    },

    async neighbours(scope, name, depth = 1) {
      if (depth !== 1 && depth !== 2)
        throw invalidInput(`depth must be 1 or 2, not ${String(depth)}`, "neighbours");
      const { key, graph, entities, find } = await load(scope);
      const start = find(name);
      if (!start) throw notFound(name);
      const relations = await graph.relations(key);
      const reached = new Set([start.id]);
      let frontier = new Set([start.id]);
      const used = new Set<string>();
      for (let hop = 0; hop < depth; hop++) {
        const next = new Set<string>();
        for (const relation of relations) {
          for (const [a, b] of [
            [relation.fromId, relation.toId],
            [relation.toId, relation.fromId],
          ] as const) {
            if (!frontier.has(a)) continue;
            used.add(relation.id);
            if (!reached.has(b)) {
              reached.add(b);
              next.add(b);
            }
          }
        }
        frontier = next;
      }
      const byId = new Map(entities.map((e) => [e.id, e]));
      const found = [...reached].flatMap((id) => (byId.has(id) ? [byId.get(id) as EntityRecord] : []));
      return view(graph, key, found, (r) => used.has(r.id));
    },
  };
}
