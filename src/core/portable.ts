/**
 * Engram's open export format, JSON Lines: a header line, then one line per memory with its keys (vectors as
 * base64 int8 with their scale), so an import into an empty store reproduces every memory exactly.
 * Import also takes plain "remember" lines ({"text", "user", "session", "speaker", "at", …}).
 */
import { z } from "zod";
import type { GraphExportRecord } from "../spec/graph.js";
import { MEMORY_KINDS, type MemoryKind, type NewMemory } from "../spec/memory.js";
import type { EmbedderBinding } from "../spec/store.js";
import { decodeGraphRecord, isGraphLineType } from "./knowledge/graph-lines.js";
import { decodeLearningLine, isLearningLineType, type LearningLine } from "./learning-lines.js";
import { idSchema, metadataSchema, nameSchema, type RememberItem, rememberInputSchema } from "./schemas.js";
import { storedTimeSchema } from "./time.js";
import { parseInput } from "./validate.js";

export const EXPORT_FORMAT = "engram-export";
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  type: "header";
  format: typeof EXPORT_FORMAT;
  version: number;
  embedder: EmbedderBinding;
  exportedAt: string;
}

const nullableId = idSchema.nullable();
const nullableName = nameSchema.nullable();
const time = storedTimeSchema;

const sourceSchema = z.strictObject({
  source: z.string().nullable(),
  occurredAt: time,
  recordedAt: time,
  session: nullableId,
});

export const memoryLineSchema = z.strictObject({
  type: z.literal("memory"),
  memory: z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9_:.-]{1,128}$/, "must be 1–128 letters, digits or _:.-"),
    tenant: idSchema,
    user: nullableId,
    agent: nullableId,
    session: nullableId,
    kind: z.enum(MEMORY_KINDS as [MemoryKind, ...MemoryKind[]]),
    text: z.string().min(1),
    role: nullableName,
    speaker: nullableName,
    occurredAt: time,
    recordedAt: time,
    source: z.string().nullable(),
    sources: z.array(sourceSchema).min(1),
    metadata: metadataSchema,
    count: z.number().int().min(1),
    lastSeenAt: time,
    strength: z.number().min(0).max(1),
    status: z.enum(["active", "archived"]),
    textHash: z.string().min(1),
  }),
  keys: z
    .array(
      z.strictObject({
        kind: z.string().min(1),
        text: z.string(),
        terms: z.array(z.string()),
        vector: z.string().nullable(),
        scale: z.number(),
      }),
    )
    // a fact that restates its turn has no key of its own: its sentence is a key of that turn's episode
    .min(0),
});

const headerSchema = z.strictObject({
  type: z.literal("header"),
  format: z.literal(EXPORT_FORMAT),
  version: z
    .number()
    .int()
    .min(1)
    .max(EXPORT_VERSION, `is newer than this Engram reads (${EXPORT_VERSION}): upgrade Engram`),
  embedder: z.strictObject({ id: z.string(), dimensions: z.number().int().min(0) }),
  exportedAt: z.string(),
});

export type ImportLine =
  | { type: "header"; header: ExportHeader }
  | { type: "memory"; memory: NewMemory }
  | { type: "remember"; item: RememberItem }
  // entities, facts, relations and mentions
  | { type: "graph"; record: GraphExportRecord }
  // learned recall weights and feedback
  | LearningLine;

export function encodeHeader(embedder: EmbedderBinding, exportedAt: number): string {
  const header: ExportHeader = {
    type: "header",
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    embedder,
    exportedAt: new Date(exportedAt).toISOString(),
  };
  return JSON.stringify(header);
}

export function encodeMemory(memory: NewMemory): string {
  return JSON.stringify({
    type: "memory",
    memory: memory.record,
    keys: memory.keys.map((key) => ({
      kind: key.kind,
      text: key.text,
      terms: key.terms,
      vector: key.vector
        ? Buffer.from(key.vector.buffer, key.vector.byteOffset, key.vector.byteLength).toString("base64")
        : null,
      scale: key.scale,
    })),
  });
}

/** Parse one line of an import file; `lineNumber` is 1-based and goes into every error. */
export function decodeLine(line: string, lineNumber: number): ImportLine {
  const where = `line ${lineNumber}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return parseInput(
      z.never({
        error: `is not valid JSON (${(error as Error).message}): each line must be one JSON object`,
      }),
      line,
      where,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return parseInput(
      z.never({ error: 'must be a JSON object such as {"text":"…","user":"u1"}' }),
      value,
      where,
    );
  }
  const type = (value as { type?: unknown }).type;
  if (type === "header")
    return { type: "header", header: parseInput(headerSchema, value, where) as ExportHeader };
  if (type === "memory") {
    const parsed = parseInput(memoryLineSchema, value, where);
    return {
      type: "memory",
      memory: {
        record: parsed.memory,
        keys: parsed.keys.map((key) => ({
          memoryId: parsed.memory.id,
          kind: key.kind,
          text: key.text,
          terms: key.terms,
          vector: key.vector === null ? null : decodeVector(key.vector),
          scale: key.scale,
        })),
      },
    };
  }
  if (isGraphLineType(type)) return { type: "graph", record: decodeGraphRecord(value, where) };
  if (isLearningLineType(type)) return decodeLearningLine(value, where);
  const { type: _ignored, ...rest } = value as Record<string, unknown>;
  if (type !== undefined && type !== "remember") {
    return parseInput(
      z.never({
        error: `has an unknown "type" ${JSON.stringify(type)}: use "memory", "header", "remember", "entity", "fact", "relation", "mention", "scorer", "feedback" or none`,
      }),
      value,
      where,
    );
  }
  return { type: "remember", item: parseInput(rememberInputSchema, rest, where) };
}

function decodeVector(base64: string): Int8Array {
  const bytes = Buffer.from(base64, "base64");
  return new Int8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
