/** The graph tables' rows as SQLite and PostgreSQL return them (JSON columns as text or parsed), and the records they store. */
import type { EntityRecord, FactRecord, RelationRecord } from "../spec/graph.js";
import { clampOptionalTime, clampTime } from "../spec/limits.js";

export interface EntityRow {
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

export interface FactRow {
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

export interface RelationRow {
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

function strings(value: unknown): string[] {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

export function toEntity(row: EntityRow): EntityRecord {
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

export function toFact(row: FactRow): FactRecord {
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

export function toRelation(row: RelationRow): RelationRecord {
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
