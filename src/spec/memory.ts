/** The records Engram stores: scopes, memories (episodes, facts, summaries, segments), their keys and sources. */

/** Where a memory lives. No tenant means the default tenant. Every other part is optional. */
export interface Scope {
  tenant?: string;
  user?: string;
  agent?: string;
  session?: string;
}

export const DEFAULT_TENANT = "default";

/** What kind of memory a record is. Episodes are the source of truth; the others are derived. */
export type MemoryKind = "episode" | "fact" | "summary" | "segment" | "unit";

/** "unit": a translation unit of a translation memory, its source text as the memory's text. */
export const MEMORY_KINDS: readonly MemoryKind[] = ["episode", "fact", "summary", "segment", "unit"];

export type MemoryStatus = "active" | "archived";

/** One place a memory was told: a reinforcing write adds one. */
export interface MemorySource {
  /** Free text naming the origin: a file and line, a dialogue id, a URL. */
  source: string | null;
  /** When it happened in the world (ms since epoch). */
  occurredAt: number;
  /** When Engram recorded it (ms since epoch). */
  recordedAt: number;
  session: string | null;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Metadata = Record<string, JsonValue>;

/** A stored memory, as the store returns it. Times are milliseconds since the epoch. */
export interface MemoryRecord {
  id: string;
  tenant: string;
  user: string | null;
  agent: string | null;
  session: string | null;
  kind: MemoryKind;
  text: string;
  /** Role in a conversation ("user", "assistant", …) or null. */
  role: string | null;
  /** Who said it, by name, or null. */
  speaker: string | null;
  occurredAt: number;
  recordedAt: number;
  /** The first source; all of them are in `sources`. */
  source: string | null;
  sources: MemorySource[];
  metadata: Metadata;
  /** How many times this memory was told (1 for a new memory). */
  count: number;
  /**
   * When it was last told (the latest occurredAt of its sources) or reinforced by a recall (ms): the time
   * `strength` refers to.
   */
  lastSeenAt: number;
  /** Strength in [0, 1] as of lastSeenAt: grows with use, decays with time from then (half-life). */
  strength: number;
  status: MemoryStatus;
  /** Normalised-text hash used by the write gate for exact duplicates. */
  textHash: string;
}

/** A key that points to a memory: its text and, when the embedder can represent it, an int8 vector. */
export interface MemoryKey {
  memoryId: string;
  /** "text" for the memory's own text; other kinds for expanded keys (facts, keyphrases, entities). */
  kind: string;
  text: string;
  /** Lexical terms for the full-text index (already tokenised: words, jieba words for Chinese). */
  terms: string[];
  /** int8-quantised unit vector, or null when the text is routed to the lexical channel only. */
  vector: Int8Array | null;
  /** Dequantisation scale: float ≈ int8 × scale. */
  scale: number;
}

/** A new memory with its keys, ready for the store. */
export interface NewMemory {
  record: MemoryRecord;
  keys: MemoryKey[];
}
