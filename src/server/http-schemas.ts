/** What the HTTP layer adds around the engine's schemas: a batch wrapper, query strings and the key-admin body. */
import { z } from "zod";
import { memoryKindSchema, rememberInputSchema } from "../core/schemas.js";
import { timeSchema } from "../core/time.js";

/** POST /v1/memories with several items: one transaction. */
export const rememberBatchSchema = z.strictObject({
  items: z.array(rememberInputSchema).min(1).max(10_000),
});

const scopeParam = z.string().trim().min(1).max(256).optional();

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
  tenant: z.string().trim().min(1).max(256),
  admin: z.boolean().default(false),
  name: z.string().trim().min(1).max(256).optional(),
});
