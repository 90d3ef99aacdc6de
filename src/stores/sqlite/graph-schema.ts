/** The knowledge graph's tables in the SQLite store: entities with aliases, facts with their sources, relations, mentions. */

/**
 * Schema version 2. Every graph row keeps its tenant (and scope) so that a scope's graph is read through one
 * index; rows that hang off a memory cascade with it, so forgetting a memory leaves nothing of it in the graph.
 */
export const GRAPH_MIGRATION_STATEMENTS: readonly string[] = [
  `CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    user_id TEXT,
    agent_id TEXT,
    name TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    observations TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  "CREATE INDEX entities_scope ON entities (tenant, user_id, agent_id)",
  `CREATE TABLE facts (
    memory_id TEXT PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    user_id TEXT,
    agent_id TEXT,
    subject_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    predicate TEXT NOT NULL,
    object TEXT NOT NULL,
    object_id TEXT REFERENCES entities (id) ON DELETE SET NULL,
    valid_from INTEGER,
    valid_to INTEGER,
    recorded_at INTEGER NOT NULL,
    retired_at INTEGER,
    superseded_by TEXT
  )`,
  "CREATE INDEX facts_subject ON facts (tenant, subject_id, predicate)",
  `CREATE TABLE fact_sources (
    fact_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (fact_id, memory_id)
  )`,
  "CREATE INDEX fact_sources_memory ON fact_sources (memory_id)",
  `CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    user_id TEXT,
    agent_id TEXT,
    from_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    to_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    relation_type TEXT NOT NULL,
    valid_from INTEGER,
    valid_to INTEGER,
    recorded_at INTEGER NOT NULL,
    retired_at INTEGER,
    fact_id TEXT REFERENCES memories (id) ON DELETE CASCADE
  )`,
  "CREATE INDEX relations_scope ON relations (tenant, user_id, agent_id)",
  "CREATE INDEX relations_fact ON relations (fact_id)",
  `CREATE TABLE mentions (
    memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    PRIMARY KEY (memory_id, entity_id)
  )`,
  "CREATE INDEX mentions_entity ON mentions (entity_id)",
];
