/** The memories table's row, as every store keeps it, and the one way to turn it into a MemoryRecord (with checks). */
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import { clampTime } from "../spec/limits.js";
import type { MemoryKind, MemoryRecord, MemorySource, MemoryStatus, Metadata } from "../spec/memory.js";

/** A row of `memories`. `sources` and `metadata` are JSON text (SQLite) or already parsed (PostgreSQL jsonb). */
export interface MemoryRow {
  id: string;
  tenant: string;
  user_id: string | null;
  agent_id: string | null;
  session_id: string | null;
  kind: string;
  text: string;
  role: string | null;
  speaker: string | null;
  occurred_at: number;
  recorded_at: number;
  source: string | null;
  sources: unknown;
  metadata: unknown;
  text_hash: string;
  count: number;
  last_seen_at: number;
  strength: number;
  status: string;
}

function corrupt(message: string, memoryId: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.storeFailure,
    category: "system",
    message: `${message}: restore the store from a backup, or forget this memory`,
    where: memoryId,
    cause,
  });
}

function json(value: unknown, field: string, memoryId: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw corrupt(`the stored ${field} of memory ${memoryId} is not valid JSON`, memoryId, error);
  }
}

/** A stored source with its times brought into range (an out-of-range time is reported by `engram doctor`). */
function readSource(value: unknown): MemorySource {
  const source = value as MemorySource;
  return { ...source, occurredAt: clampTime(source.occurredAt), recordedAt: clampTime(source.recordedAt) };
}

/**
 * The record a row holds; a row whose JSON is malformed fails with `store_failure` instead of crashing later. Times
 * outside years 0001–9999 (from an older version or a hand-edited file) are clamped into range, so a read never fails.
 */
export function memoryFromRow(row: MemoryRow): MemoryRecord {
  const sources = json(row.sources, "sources", row.id);
  const metadata = json(row.metadata, "metadata", row.id);
  if (!Array.isArray(sources))
    throw corrupt(`the stored sources of memory ${row.id} are not a JSON array`, row.id);
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw corrupt(`the stored metadata of memory ${row.id} is not a JSON object`, row.id);
  }
  return {
    id: row.id,
    tenant: row.tenant,
    user: row.user_id,
    agent: row.agent_id,
    session: row.session_id,
    kind: row.kind as MemoryKind,
    text: row.text,
    role: row.role,
    speaker: row.speaker,
    occurredAt: clampTime(row.occurred_at),
    recordedAt: clampTime(row.recorded_at),
    source: row.source,
    sources: sources.map(readSource),
    metadata: metadata as Metadata,
    count: row.count,
    lastSeenAt: clampTime(row.last_seen_at),
    strength: row.strength,
    status: row.status as MemoryStatus,
    textHash: row.text_hash,
  };
}

/** The memories table's columns as every store writes them, in the order of memoryRowValues. */
export const MEMORY_COLUMNS =
  "id, tenant, user_id, agent_id, session_id, kind, text, role, speaker, occurred_at, recorded_at, source, sources, metadata, text_hash, count, last_seen_at, strength, status";

/**
 * MEMORY_COLUMNS over alias `m`, for a SELECT whose rows are read as value arrays (better-sqlite3's raw mode): the
 * driver builds an object of 19 named properties per row at about the cost of the query itself (200 rows: 1.13 ms as
 * objects, 0.65 ms as arrays).
 */
export const MEMORY_SELECT = MEMORY_COLUMNS.split(", ")
  .map((column) => `m.${column}`)
  .join(", ");

/** The record of a row read as the values of MEMORY_COLUMNS, in that order (checks as memoryFromRow). */
export function memoryFromValues(v: readonly unknown[]): MemoryRecord {
  return memoryFromRow({
    id: v[0] as string,
    tenant: v[1] as string,
    user_id: v[2] as string | null,
    agent_id: v[3] as string | null,
    session_id: v[4] as string | null,
    kind: v[5] as string,
    text: v[6] as string,
    role: v[7] as string | null,
    speaker: v[8] as string | null,
    occurred_at: v[9] as number,
    recorded_at: v[10] as number,
    source: v[11] as string | null,
    sources: v[12],
    metadata: v[13],
    text_hash: v[14] as string,
    count: v[15] as number,
    last_seen_at: v[16] as number,
    strength: v[17] as number,
    status: v[18] as string,
  });
}

/** How many columns MEMORY_COLUMNS names. */
export const MEMORY_COLUMN_COUNT = MEMORY_COLUMNS.split(", ").length;

/** A record as the values of MEMORY_COLUMNS (sources and metadata as JSON text). */
export function memoryRowValues(record: MemoryRecord): unknown[] {
  return [
    record.id,
    record.tenant,
    record.user,
    record.agent,
    record.session,
    record.kind,
    record.text,
    record.role,
    record.speaker,
    record.occurredAt,
    record.recordedAt,
    record.source,
    JSON.stringify(record.sources),
    JSON.stringify(record.metadata),
    record.textHash,
    record.count,
    record.lastSeenAt,
    record.strength,
    record.status,
  ];
}
