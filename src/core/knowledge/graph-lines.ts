/** The knowledge graph in the export file: one JSON line per entity, fact, relation and mention, validated on import. */
import { z } from "zod";
import type { GraphExportRecord } from "../../spec/graph.js";
import { idSchema } from "../schemas.js";
import { storedTimeSchema } from "../time.js";
import { parseInput } from "../validate.js";

const id = z.string().regex(/^[A-Za-z0-9_:.-]{1,128}$/, "must be 1–128 letters, digits or _:.-");
const nullableId = idSchema.nullable();
const time = storedTimeSchema;
const scope = { tenant: idSchema, user: nullableId, agent: nullableId };

const entityLine = z.strictObject({
  type: z.literal("entity"),
  entity: z.strictObject({
    ...scope,
    id,
    name: z.string().min(1),
    entityType: z.string().min(1),
    aliases: z.array(z.string()),
    observations: z.array(z.string()),
    createdAt: time,
  }),
});

const factLine = z.strictObject({
  type: z.literal("fact"),
  fact: z.strictObject({
    ...scope,
    memoryId: id,
    subjectId: id,
    predicate: z.string().min(1),
    object: z.string(),
    objectId: id.nullable(),
    validFrom: time.nullable(),
    validTo: time.nullable(),
    recordedAt: time,
    retiredAt: time.nullable(),
    supersededBy: id.nullable(),
    sourceMemoryIds: z.array(id),
  }),
});

const relationLine = z.strictObject({
  type: z.literal("relation"),
  relation: z.strictObject({
    ...scope,
    id,
    fromId: id,
    toId: id,
    relationType: z.string().min(1),
    validFrom: time.nullable(),
    validTo: time.nullable(),
    recordedAt: time,
    retiredAt: time.nullable(),
    factId: id.nullable(),
  }),
});

const mentionLine = z.strictObject({
  type: z.literal("mention"),
  mention: z.strictObject({ memoryId: id, entityId: id }),
});

const SCHEMAS = { entity: entityLine, fact: factLine, relation: relationLine, mention: mentionLine } as const;

/** The `type` values of graph lines. */
export function isGraphLineType(type: unknown): type is keyof typeof SCHEMAS {
  return typeof type === "string" && type in SCHEMAS;
}

export function encodeGraphRecord(record: GraphExportRecord): string {
  return JSON.stringify(record);
}

/** Parse a graph line already known to be JSON with a graph `type`. */
export function decodeGraphRecord(value: unknown, where: string): GraphExportRecord {
  const type = (value as { type: keyof typeof SCHEMAS }).type;
  return parseInput(SCHEMAS[type], value, where) as GraphExportRecord;
}
