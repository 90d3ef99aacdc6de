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
  addObservations(scope: GraphScope, observations: ObservationInput[]): Promise<{ entityName: string; addedObservations: string[] }[]>;
  deleteEntities(scope: GraphScope, entityNames: string[]): Promise<void>;
  deleteObservations(scope: GraphScope, deletions: ObservationDeletion[]): Promise<void>;
  deleteRelations(scope: GraphScope, relations: RelationInput[]): Promise<void>;
  readGraph(scope: GraphScope): Promise<KnowledgeGraph>;
  searchNodes(scope: GraphScope, query: string): Promise<KnowledgeGraph>;
  openNodes(scope: GraphScope, names: string[]): Promise<KnowledgeGraph>;
  /** Entities within `depth` (1 or 2) hops of `name`, with the relations between them. */
  neighbours(scope: GraphScope, name: string, depth?: 1 | 2): Promise<KnowledgeGraph>;
}
