/**
 * The knowledge graph as the engine exposes it. The shapes of the first nine operations match the reference MCP
 * knowledge-graph memory server (entities with a type and observations, relations between entity names), so that
 * its tools map one to one; Engram adds ids, time and provenance.
 */

export interface GraphScope {
  tenant?: string;
  user?: string;
  agent?: string;
}

export interface EntityInput {
  name: string;
  entityType: string;
  observations?: string[];
}

export interface RelationInput {
  from: string;
  to: string;
  relationType: string;
}

export interface ObservationInput {
  entityName: string;
  contents: string[];
}

export interface ObservationDeletion {
  entityName: string;
  observations: string[];
}

/** An entity as read back: the reference server's shape plus Engram's id and aliases. */
export interface GraphEntity {
  id: string;
  name: string;
  entityType: string;
  observations: string[];
  aliases: string[];
}

/** A relation as read back, with valid time (true in the world) and record time (known to Engram). */
export interface GraphRelation {
  id: string;
  from: string;
  to: string;
  relationType: string;
  /** ISO times; null when open. */
  validFrom: string | null;
  validTo: string | null;
  recordedAt: string;
  retiredAt: string | null;
  /** Memories (episodes) this relation was learned from. */
  sourceMemoryIds: string[];
}

export interface KnowledgeGraph {
  entities: GraphEntity[];
  relations: GraphRelation[];
}

/** The graph operations of the engine (engine.graph). */
export interface GraphApi {
  createEntities(scope: GraphScope, entities: EntityInput[]): Promise<GraphEntity[]>;
  createRelations(scope: GraphScope, relations: RelationInput[]): Promise<GraphRelation[]>;
  addObservations(
    scope: GraphScope,
    observations: ObservationInput[],
  ): Promise<{ entityName: string; addedObservations: string[] }[]>;
  deleteEntities(scope: GraphScope, entityNames: string[]): Promise<void>;
  deleteObservations(scope: GraphScope, deletions: ObservationDeletion[]): Promise<void>;
  deleteRelations(scope: GraphScope, relations: RelationInput[]): Promise<void>;
  readGraph(scope: GraphScope): Promise<KnowledgeGraph>;
  searchNodes(scope: GraphScope, query: string): Promise<KnowledgeGraph>;
  openNodes(scope: GraphScope, names: string[]): Promise<KnowledgeGraph>;
  /** Entities within `depth` (1 or 2) hops of `name`, with the relations between them. */
  neighbours(scope: GraphScope, name: string, depth?: 1 | 2): Promise<KnowledgeGraph>;
}

/** The exact scope a graph belongs to: entity resolution never crosses it. A missing user or agent is null. */
export interface GraphScopeKey {
  tenant: string;
  user: string | null;
  agent: string | null;
}

/** An entity as a store keeps it. Times are milliseconds since the epoch. */
export interface EntityRecord extends GraphScopeKey {
  id: string;
  name: string;
  entityType: string;
  /** Other names it goes by, as told ("Mel", "my sister"); the name itself is not repeated here. */
  aliases: string[];
  observations: string[];
  createdAt: number;
}

/**
 * The structured side of a memory of kind "fact": subject–predicate–object with valid time (true in the world)
 * and record time (known to Engram). A superseded fact keeps its row, its validity closed and linked to the new one.
 */
export interface FactRecord extends GraphScopeKey {
  /** The id of the fact's memory (kind "fact"). */
  memoryId: string;
  subjectId: string;
  predicate: string;
  object: string;
  /** The object as an entity, when it is one (a place, an organisation, a person). */
  objectId: string | null;
  validFrom: number | null;
  validTo: number | null;
  recordedAt: number;
  retiredAt: number | null;
  supersededBy: string | null;
  /** The episodes it was derived from, oldest first. */
  sourceMemoryIds: string[];
}

/** A typed relation between two entities. Relations derived from a fact follow its validity and sources. */
export interface RelationRecord extends GraphScopeKey {
  id: string;
  fromId: string;
  toId: string;
  relationType: string;
  validFrom: number | null;
  validTo: number | null;
  recordedAt: number;
  retiredAt: number | null;
  /** The fact memory it mirrors, or null for a relation made through the graph API. */
  factId: string | null;
}

/** A memory (an episode) that names an entity. */
export interface MentionRecord {
  memoryId: string;
  entityId: string;
}

/** Graph changes committed with a write batch, in the same transaction. Upserts replace the whole row. */
export interface GraphWrite {
  entities?: EntityRecord[];
  facts?: FactRecord[];
  relations?: RelationRecord[];
  mentions?: MentionRecord[];
  /** Entities to remove, with their relations and mentions. */
  deleteEntityIds?: { tenant: string; ids: string[] };
  deleteRelationIds?: { tenant: string; ids: string[] };
}

/** One line of a graph export, in dependency order: entities, then facts, relations and mentions. */
export type GraphExportRecord =
  | { type: "entity"; entity: EntityRecord }
  | { type: "fact"; fact: FactRecord }
  | { type: "relation"; relation: RelationRecord }
  | { type: "mention"; mention: MentionRecord };

/** Reads of the knowledge graph a store offers; writes go through Store.write's `graph`. */
export interface GraphStore {
  entities(scope: GraphScopeKey): Promise<EntityRecord[]>;
  /** Entities by id in any tenant (an import checks the ids its lines name); unknown ids are left out. */
  entitiesById(ids: string[]): Promise<EntityRecord[]>;
  relations(scope: GraphScopeKey, options?: { includeRetired?: boolean }): Promise<RelationRecord[]>;
  /** Facts by memory id within a tenant; unknown ids are left out. */
  facts(tenant: string, memoryIds: string[]): Promise<FactRecord[]>;
  /** Facts of a scope, optionally of one subject and predicate, oldest validity first (one with no start, a former value, first). */
  listFacts(
    scope: GraphScopeKey,
    options?: { subjectId?: string; predicate?: string; includeRetired?: boolean },
  ): Promise<FactRecord[]>;
  /** Entity ids each memory is linked to: a fact's subject and object, an episode's mentions. */
  entitiesOfMemories(tenant: string, memoryIds: string[]): Promise<Map<string, string[]>>;
  /** Facts derived from any of these memories (episodes), with their sources. */
  factsFromSources(tenant: string, memoryIds: string[]): Promise<FactRecord[]>;
  /** Fact memories every source of which is among `memoryIds` (forgetting those episodes forgets these facts). */
  factsDerivedOnlyFrom(tenant: string, memoryIds: string[]): Promise<string[]>;
  /** Every graph row of a tenant (or of all tenants), in dependency order. */
  exportAll(tenant?: string): AsyncIterable<GraphExportRecord>;
}
