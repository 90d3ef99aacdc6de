/** The inputs of every engine operation as zod schemas: defaults live here, and the HTTP API and CLI reuse them. */
import { z } from "zod";
import { MEMORY_KINDS } from "../spec/memory.js";
import { timeSchema } from "./time.js";

const id = z.string().trim().min(1, "must be a non-empty string").max(256, "must be at most 256 characters");

export const jsonValueSchema: z.ZodType<import("../spec/memory.js").JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

export const metadataSchema = z.record(z.string(), jsonValueSchema);

export const scopeFields = {
  tenant: id.optional(),
  user: id.optional(),
  agent: id.optional(),
  session: id.optional(),
};

export const memoryKindSchema = z
  .enum(MEMORY_KINDS as [string, ...string[]])
  .transform((k) => k as import("../spec/memory.js").MemoryKind);

/** One thing to remember: a turn, an event, a statement. */
export const rememberInputSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "must be a non-empty string: the text to remember")
    .max(100_000, "is longer than 100,000 characters: split it into smaller memories"),
  ...scopeFields,
  kind: memoryKindSchema.default("episode"),
  role: id.optional(),
  speaker: id.optional(),
  /** When it happened; default now. */
  at: timeSchema.optional(),
  source: z.string().max(2000).optional(),
  metadata: metadataSchema.optional(),
  /** Extra keys (text) that should also point to this memory. */
  keys: z.array(z.string().trim().min(1).max(10_000)).max(64).optional(),
});
export type RememberInput = z.input<typeof rememberInputSchema>;
export type RememberItem = z.output<typeof rememberInputSchema>;

export const recallInputSchema = z.strictObject({
  query: z.string().trim().min(1, "must be a non-empty string: what to recall").max(10_000),
  ...scopeFields,
  k: z.number().int().min(1).max(1000).default(10),
  kinds: z.array(memoryKindSchema).optional(),
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  metadata: metadataSchema.optional(),
  includeArchived: z.boolean().default(false),
  /** The time recency is measured from; default now. */
  now: timeSchema.optional(),
});
export type RecallInput = z.input<typeof recallInputSchema>;
export type RecallQuery = z.output<typeof recallInputSchema>;

export const forgetInputSchema = z
  .strictObject({
    ids: z.array(id).min(1).optional(),
    ...scopeFields,
  })
  .refine(
    (v) =>
      v.ids !== undefined ||
      v.user !== undefined ||
      v.agent !== undefined ||
      v.session !== undefined ||
      v.tenant !== undefined,
    {
      message: "say what to forget: ids, or a scope (user, agent, session or tenant)",
    },
  );
export type ForgetInput = z.input<typeof forgetInputSchema>;

/** The engine's tunable parameters, with their defaults. */
export const engineOptionsSchema = z.strictObject({
  /** Temperature τ of the vector channel: the score is cosine/τ. */
  temperature: z.number().positive().default(0.1),
  /** Weight of the lexical (BM25) match, normalised to [0, 1] over the candidates. */
  lexicalWeight: z.number().min(0).default(3),
  /** Weight of recency 2^(−age/half-life). */
  recencyWeight: z.number().min(0).default(0.5),
  recencyHalfLifeDays: z.number().positive().default(30),
  /** Weight of strength (grows with use, decays with time). */
  strengthWeight: z.number().min(0).default(0.5),
  strengthHalfLifeDays: z.number().positive().default(90),
  initialStrength: z.number().min(0).max(1).default(0.5),
  /** How much one repeat reinforces strength (the input gate). */
  reinforceGain: z.number().min(0).max(1).default(0.5),
  /** Cosine at or above which a new memory is a near-duplicate of a stored one (same scope, speaker and kind). */
  duplicateThreshold: z.number().min(0).max(1).default(0.97),
  /** Candidates taken from each channel before the softmax. */
  candidatesPerChannel: z.number().int().min(1).max(5000).default(100),
  /** Items per write transaction during imports. */
  batchSize: z.number().int().min(1).max(10_000).default(256),
});
export type EngineOptionsInput = z.input<typeof engineOptionsSchema>;
export type EngineOptions = z.output<typeof engineOptionsSchema>;
