/** The inputs of every engine operation as zod schemas: defaults live here, and the HTTP API and CLI reuse them. */
import { z } from "zod";
import {
  ID_MAX_LENGTH,
  ID_PATTERN,
  ID_RULE_TEXT,
  METADATA_MAX_DEPTH,
  METADATA_MAX_ENTRIES,
  METADATA_MAX_STRING,
  NAME_MAX_LENGTH,
} from "../spec/limits.js";
import { MEMORY_KINDS, type Metadata } from "../spec/memory.js";
import { timeSchema } from "./time.js";

/** Tenant, user, agent, session and memory ids: one documented rule (spec/limits.ts), refused with the rule in the message. */
export const idSchema = z
  .string()
  .trim()
  .min(1, `must be an id of ${ID_RULE_TEXT}`)
  .max(ID_MAX_LENGTH, `must be an id of ${ID_RULE_TEXT}`)
  .regex(ID_PATTERN, `must be an id of ${ID_RULE_TEXT}`);
const id = idSchema;

/** A name (speaker, role, document, entity): free text without control characters. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, "must be a non-empty string")
  .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is refused
  .regex(/^[^\u0000-\u001f\u007f]*$/u, "must not contain control characters (line breaks, tabs, NUL)");

type JsonCheck = { message: string; path: (string | number)[] } | null;

/**
 * Walks a parsed JSON value without recursion: at most METADATA_MAX_DEPTH levels, METADATA_MAX_ENTRIES entries
 * (object keys and array items, all levels together) and strings (keys too) of at most METADATA_MAX_STRING characters.
 */
export function checkJsonValue(root: unknown): JsonCheck {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [
    { value: root, depth: 1, path: [] },
  ];
  let entries = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as (typeof stack)[number];
    if (typeof value === "string") {
      if (value.length > METADATA_MAX_STRING)
        return { message: `is a string over ${METADATA_MAX_STRING} characters: shorten it`, path };
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return { message: "must be a finite number", path };
      continue;
    }
    if (value === null || typeof value === "boolean") continue;
    if (typeof value !== "object")
      return { message: "must be JSON: a string, number, boolean, null, array or object", path };
    if (depth > METADATA_MAX_DEPTH)
      return { message: `nests more than ${METADATA_MAX_DEPTH} levels deep: flatten it`, path };
    const children: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : Object.entries(value as Record<string, unknown>);
    entries += children.length;
    if (entries > METADATA_MAX_ENTRIES)
      return {
        message: `holds more than ${METADATA_MAX_ENTRIES} entries (keys and items, all levels): keep metadata small`,
        path,
      };
    for (const [key, child] of children) {
      if (typeof key === "string" && key.length > METADATA_MAX_STRING)
        return { message: `has a key over ${METADATA_MAX_STRING} characters: shorten it`, path };
      stack.push({ value: child, depth: depth + 1, path: [...path, key] });
    }
  }
  return null;
}

/** Metadata: a JSON object within the documented limits, checked without recursion (deep values cannot overflow). */
export const metadataSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, context) => {
    const problem = checkJsonValue(value);
    if (problem) context.addIssue({ code: "custom", message: problem.message, path: problem.path });
  })
  .transform((value) => value as Metadata);

export const scopeFields = {
  tenant: id.optional(),
  user: id.optional(),
  agent: id.optional(),
  session: id.optional(),
};

/** The scope of a graph read or write, and of a fact listing: the ids as remember and recall read them (trimmed). */
export const graphScopeSchema = z.looseObject({
  tenant: scopeFields.tenant,
  user: scopeFields.user,
  agent: scopeFields.agent,
});

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
  role: nameSchema.optional(),
  speaker: nameSchema.optional(),
  /** When it happened; default now. */
  at: timeSchema.optional(),
  source: z.string().max(2000).optional(),
  metadata: metadataSchema.optional(),
  /** Extra keys (text) that should also point to this memory. */
  keys: z.array(z.string().trim().min(1).max(10_000)).max(64).optional(),
  // records where case and punctuation matter skip the duplicate checks.
  /** false: always store a new memory, never reinforce an exact or near duplicate (default true). */
  dedupe: z.boolean().optional(),
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
  /** The time recency is measured from; default now (or asOf). */
  now: timeSchema.optional(),

  /** Answer as of this time: facts true then (superseded ones included), memories that had happened by then. */
  asOf: timeSchema.optional(),
  /** Reads: 2 adds a second read whose query moves toward the first read's top memories (default: engine option). */
  hops: z.number().int().min(1).max(2).optional(),
});
export type RecallInput = z.input<typeof recallInputSchema>;
export type RecallQuery = z.output<typeof recallInputSchema>;

/** What an application used of a recall: the recall (by its id, or its query and scope) and the memory ids. */
export const feedbackInputSchema = z
  .strictObject({
    /** The `recallId` a recall returned (kept for the engine's latest recalls). */
    recallId: id.optional(),
    /** Or the query the recall was for, with its scope. */
    query: z
      .string()
      .trim()
      .min(1, "must be a non-empty string: the query the recall was for")
      .max(10_000)
      .optional(),
    ...scopeFields,
    used: z
      .array(id)
      .min(1, "name at least one memory the application used (empty feedback teaches nothing)")
      .max(1000, "is over 1,000 ids: report the memories one recall returned"),
    rejected: z.array(id).max(1000, "is over 1,000 ids: report the memories one recall returned").default([]),
    /** When the recall happened; default now (or the recall's time, for a recallId). */
    at: timeSchema.optional(),
  })
  .refine((v) => (v.recallId === undefined) !== (v.query === undefined), {
    message: "say which recall it is about: its recallId, or its query (one of the two)",
  });
export type FeedbackInput = z.input<typeof feedbackInputSchema>;

/** Refit a tenant's recall weights from its feedback. */
export const learnInputSchema = z.strictObject({ tenant: id.optional() });
export type LearnInput = z.input<typeof learnInputSchema>;

/** Forget a tenant's learned weights (back to the shipped defaults) and, when asked, its feedback. */
export const resetWeightsInputSchema = z.strictObject({
  tenant: id.optional(),
  /** Also delete the tenant's feedback (default false: it stays, to learn from again). */
  feedback: z.boolean().default(false),
});
export type ResetWeightsInput = z.input<typeof resetWeightsInputSchema>;

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

// context assembly, archive, restore, maintain
const budgetSchema = z
  .number()
  .int("must be a whole number of tokens")
  .min(0, "must be 0 or more tokens")
  .max(1_000_000, "is over 1,000,000 tokens: pass a smaller budget");

/** A prompt-ready context block: working memory, then recalled facts and episodes, within a token budget. */
export const contextInputSchema = z.strictObject({
  query: z.string().trim().min(1, "must be a non-empty string: what the context is for").max(10_000),
  ...scopeFields,
  /** The most tokens the block may take (o200k_base), headers and separators included. */
  budget: budgetSchema.default(2000),
  /** Answer as of this time: only what had happened by then; default now. */
  asOf: timeSchema.optional(),
  kinds: z.array(memoryKindSchema).optional(),
});
export type ContextInput = z.input<typeof contextInputSchema>;
export type ContextQuery = z.output<typeof contextInputSchema>;

/** A session's turns, as a chat history reads them back. */
export const turnsInputSchema = z.strictObject({
  tenant: id.optional(),
  user: id.optional(),
  agent: id.optional(),
  session: id,
  /** Only the latest this many turns (still oldest first); default all of them. */
  last: z.number().int().min(1).max(100_000).optional(),
});
export type TurnsInput = z.input<typeof turnsInputSchema>;

export const archiveInputSchema = z
  .strictObject({
    ids: z.array(id).min(1).optional(),
    /** Archive every active memory in the scope whose strength, decayed to `now`, is below this. */
    below: z.number().min(0).max(1).optional(),
    ...scopeFields,
    now: timeSchema.optional(),
  })
  .refine((v) => (v.ids === undefined) !== (v.below === undefined), {
    message: "say what to archive: ids, or --below <strength> (one of the two)",
  });
export type ArchiveInput = z.input<typeof archiveInputSchema>;

export const restoreInputSchema = z.strictObject({
  ids: z.array(id).min(1, "name at least one memory to restore"),
  tenant: id.optional(),
  now: timeSchema.optional(),
});
export type RestoreInput = z.input<typeof restoreInputSchema>;

export const maintainInputSchema = z.strictObject({
  tenant: id.optional(),
  user: id.optional(),
  agent: id.optional(),
  /** The time decay is measured to; default now. */
  now: timeSchema.optional(),
  /** Archive memories whose decayed strength is below the threshold (default the engine's archiveThreshold). */
  archive: z.boolean().default(true),
  threshold: z.number().min(0).max(1).optional(),
  /** Consolidate sessions' overflowing turns into summaries. */
  consolidate: z.boolean().default(true),
});
export type MaintainInput = z.input<typeof maintainInputSchema>;

/** The engine's tunable parameters, with their defaults. */
export const engineOptionsSchema = z.strictObject({
  /** Temperature τ of the vector channel: the score is cosine/τ. */
  temperature: z.number().positive().default(0.2),
  /** Weight of the lexical (BM25) match, normalised to [0, 1] over the candidates. */
  lexicalWeight: z.number().min(0).default(8),
  /** Added to the best BM25 before dividing: a weak best match (one common word) counts for less. */
  lexicalDamping: z.number().min(0).default(5),
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
  /**
   * Recall's weights: "trained" (the tenant's weights learned from its feedback, else the shipped defaults trained on
   * conversations) or "hand-set" (the prior the training starts from).
   */
  scorer: z.enum(["trained", "hand-set"]).default("trained"),
  /**
   * Reads per recall: 2 adds End-To-End Memory Networks' second read (u₂ = u₁ + Σ aᵢvᵢ over the first read's top
   * memories, and their terms), whose hits and features join the candidates. Default 1: on LoCoMo dev the second read
   * adds 0.5 to leave-one-conversation-out recall@10 (82.6 → 83.1) and costs 2.5× the CPU of a recall (41 → 106 ms).
   */
  hops: z.number().int().min(1).max(2).default(1),
  /** Candidates taken from each channel before the softmax. */
  candidatesPerChannel: z.number().int().min(1).max(5000).default(200),
  /** Add a key with "I"/"my" resolved to the speaker (and "you" to the person spoken to) for English episodes. */
  speakerKeys: z.boolean().default(true),
  /** Give that key a vector too (one more embedding per turn). */
  embedSpeakerKeys: z.boolean().default(false),
  /**
   * Resolve the days a memory speaks of ("yesterday", "last Friday", "in May") against when it was said, and keep them
   * in a `date` key: recall's time features read them.
   */
  resolveDates: z.boolean().default(true),

  /** Derive facts, entities and relations from episodes as they are remembered. */
  deriveFacts: z.boolean().default(true),
  /**
   * Worker threads that share the rule-based fact extraction of a large batch (64 episodes or more) with the engine's
   * thread; 0 keeps it all in-thread. Default: none below 4 cores, else every core but two, at most 3. What is stored
   * is the same either way.
   */
  extractionWorkers: z.number().int().min(0).max(16).optional(),
  /** Score bonus for a memory linked to an entity the query names (half of it for one hop away). */
  graphWeight: z.number().min(0).default(0.5),
  /** Share of its relevance added to a memory said by a speaker the query names ("What does Melanie do to destress?"). */
  speakerWeight: z.number().min(0).default(0.7),
  /** Score penalty for an episode every single-valued fact of which was superseded (it says what is no longer true). */
  supersededPenalty: z.number().min(0).default(2),
  /** Share of a strong hit's relevance lent to the turns next to it in its session (after a question: all of it). */
  neighbourWeight: z.number().min(0).default(1),
  /** How many of the strongest hits lend relevance to their neighbours. */
  neighbourHits: z.number().int().min(0).max(200).default(20),
  /** Feedback records kept per tenant; the oldest go first. */
  feedbackLimit: z.number().int().min(10).max(1_000_000).default(10_000),
  /** Items per write transaction during imports. */
  batchSize: z.number().int().min(1).max(10_000).default(256),
  // strength, archiving, working memory, context assembly. docs/strength.md explains them.
  /** A recall reinforces each returned memory with input r = recallGain × its attention weight; 0 turns it off. */
  recallGain: z.number().min(0).max(1).default(0.2),
  /** Strength (decayed to now) below which maintain() archives a memory. */
  archiveThreshold: z.number().min(0).max(1).default(0.05),
  /** Run maintain() on the written tenant after every this many remember() calls; 0 means only on demand. */
  maintainEveryWrites: z.number().int().min(0).default(0),
  /** Token budget of a session's working memory (its latest turns); older turns are consolidated into summaries. */
  workingMemoryTokens: z.number().int().min(16).max(1_000_000).default(1024),
  /** The most of a context budget that working memory may take; the rest goes to recalled facts and episodes. */
  workingMemoryShare: z.number().min(0).max(1).default(0.5),
  /** The longest a session summary may be, in tokens. */
  summaryTokens: z.number().int().min(16).max(10_000).default(200),
  /** Memories recalled as candidates for a context block. */
  contextCandidates: z.number().int().min(1).max(1000).default(40),
});
export type EngineOptionsInput = z.input<typeof engineOptionsSchema>;
export type EngineOptions = z.output<typeof engineOptionsSchema>;
