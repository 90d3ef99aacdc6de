/** Memories read as records, for apps, shells and inspectors: by id, by exact text, and as a timeline of a scope. */
import { z } from "zod";
import { DEFAULT_TENANT, type MemoryRecord } from "../spec/memory.js";
import type { MemoryFilter } from "../spec/store.js";
import { textHash } from "../text/index.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { memoryKindSchema, metadataSchema, scopeFields } from "./schemas.js";
import { timeSchema } from "./time.js";
import { parseInput } from "./validate.js";

const idSchema = z
  .string()
  .trim()
  .min(1, "must be a non-empty string")
  .max(256, "must be at most 256 characters");

export const getInputSchema = z.strictObject({
  tenant: scopeFields.tenant,
  ids: z.array(idSchema),
});
export type GetInput = z.input<typeof getInputSchema>;

export const findByTextInputSchema = z.strictObject({
  ...scopeFields,
  text: z.string().min(1, "must be a non-empty string"),
  kinds: z.array(memoryKindSchema).optional(),
  metadata: metadataSchema.optional(),
});
export type FindByTextInput = z.input<typeof findByTextInputSchema>;

export const timelineInputSchema = z.strictObject({
  ...scopeFields,
  kinds: z.array(memoryKindSchema).optional(),
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  /** Default both: a timeline shows what was archived too. */
  statuses: z.array(z.enum(["active", "archived"])).default(["active", "archived"]),
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).default(0),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export type TimelineInput = z.input<typeof timelineInputSchema>;

/** Memories by id within a tenant, in the order asked; unknown ids (and other tenants' memories) are left out. */
export async function getMemories(runtime: EngineRuntime, input: GetInput): Promise<MemoryRecord[]> {
  const { tenant, ids } = parseInput(getInputSchema, input);
  return runtime.store.get(tenant ?? DEFAULT_TENANT, ids);
}

/** Active memories of a scope whose normalised text is the given one: the write gate's exact-duplicate test. */
export async function findByText(runtime: EngineRuntime, input: FindByTextInput): Promise<MemoryRecord[]> {
  const query = parseInput(findByTextInputSchema, input);
  const filter: MemoryFilter = {
    tenant: query.tenant ?? DEFAULT_TENANT,
    user: query.user,
    agent: query.agent,
    session: query.session,
    kinds: query.kinds,
    metadata: query.metadata,
  };
  return runtime.store.findByTextHash(filter, [textHash(query.text)]);
}

/** Memories of a scope by the time they happened (then id), a page at a time. */
export async function timeline(runtime: EngineRuntime, input: TimelineInput = {}): Promise<MemoryRecord[]> {
  const query = parseInput(timelineInputSchema, input);
  return runtime.store.list(
    {
      tenant: query.tenant ?? DEFAULT_TENANT,
      user: query.user,
      agent: query.agent,
      session: query.session,
      kinds: query.kinds,
      from: query.from,
      to: query.to,
      statuses: query.statuses,
    },
    { limit: query.limit, offset: query.offset, order: query.order },
  );
}
