/** What the HTTP layer adds around the engine's schemas: a batch wrapper, query strings and the key-admin body. */
import { z } from "zod";
import { idSchema, memoryKindSchema, nameSchema, rememberInputSchema } from "../core/schemas.js";
import { timeSchema } from "../core/time.js";
import { BATCH_MAX_ITEMS } from "../spec/limits.js";

/** POST /v1/memories with several items: one transaction. */
export const rememberBatchSchema = z.strictObject({
  items: z.array(rememberInputSchema).min(1).max(BATCH_MAX_ITEMS),
});

const scopeParam = idSchema.optional();

/** GET /v1/timeline and GET /v1/memories: memories in time order. */
export const timelineQuerySchema = z.strictObject({
  user: scopeParam,
  agent: scopeParam,
  session: scopeParam,
  /** Comma-separated kinds; the timeline defaults to episodes. */
  kinds: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((k) => k.trim()) : undefined))
    .pipe(z.array(memoryKindSchema).optional()),
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(["asc", "desc"]).default("asc"),
});

/** GET /v1/graph, /v1/graph/search and /v1/graph/neighbours take their input from the query string. */
export const graphQuerySchema = z.strictObject({
  user: scopeParam,
  agent: scopeParam,
  query: z.string().optional(),
  name: z.string().optional(),
  depth: z.coerce.number().int().min(1).max(2).optional(),
});

/** POST /v1/keys (admin only). */
export const createKeySchema = z.strictObject({
  tenant: idSchema,
  admin: z.boolean().default(false),
  name: nameSchema.optional(),
});
