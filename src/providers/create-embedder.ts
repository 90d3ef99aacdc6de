/** One entry point from configuration (a file, flags or the environment) to the right embedder. */
import { z } from "zod";
import type { Embedder } from "../spec/embedder.js";
import { EngramError } from "../spec/errors.js";
import { createHashEmbedder } from "./hash-embedder.js";
import { createLocalEmbedder } from "./local-embedder.js";
import { createOpenAiEmbedder } from "./openai-embedder.js";

export const EMBEDDER_KINDS = ["local", "hash", "openai"] as const;
export type EmbedderKind = (typeof EMBEDDER_KINDS)[number];

const LOCAL_DIMENSIONS = 512;

export const embedderConfigSchema = z
  .strictObject({
    /** local: USE-lite, offline (default). hash: deterministic lexical hashing. openai: any OpenAI-compatible server. */
    kind: z.enum(EMBEDDER_KINDS).default("local"),
    dimensions: z.number().int().positive().optional(),
    baseUrl: z.url().optional(),
    model: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    /** local only: worker threads running the model (0 = in the calling thread); default 2 on 2+ cores. */
    workers: z.number().int().min(0).max(64).optional(),
  })
  .refine(
    (config) =>
      config.kind !== "local" || config.dimensions === undefined || config.dimensions === LOCAL_DIMENSIONS,
    {
      path: ["dimensions"],
      message: `the local model always has ${LOCAL_DIMENSIONS} dimensions: leave dimensions out`,
    },
  )
  .refine((config) => config.kind === "local" || config.workers === undefined, {
    path: ["workers"],
    message: "only the local model runs on worker threads: leave workers out",
  });

/** A validated embedder configuration, defaults applied. */
export type EmbedderConfig = z.output<typeof embedderConfigSchema>;
/** What callers may pass: every field optional. */
export type EmbedderConfigInput = z.input<typeof embedderConfigSchema>;

/**
 * Validates `config` and makes its embedder. Invalid config fails with `config_invalid`, naming the field and the
 * valid values.
 * @example
 * const embedder = createEmbedder({ kind: "hash", dimensions: 256 });
 * const fromEnvironment = createEmbedder(embedderConfigFromEnv());
 */
export function createEmbedder(config: EmbedderConfigInput = {}): Embedder {
  const valid = parseEmbedderConfig(config);
  switch (valid.kind) {
    case "local":
      return createLocalEmbedder({ workers: valid.workers });
    case "hash":
      return createHashEmbedder({ dimensions: valid.dimensions });
    case "openai":
      return createOpenAiEmbedder({
        baseUrl: valid.baseUrl,
        model: valid.model,
        apiKey: valid.apiKey,
        dimensions: valid.dimensions,
      });
  }
}

/** Validates an embedder configuration, or throws `config_invalid` with every problem and the valid values. */
export function parseEmbedderConfig(config: unknown, source = "embedder config"): EmbedderConfig {
  const parsed = embedderConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join(".") || "(top level)";
    if (issue.path[0] === "kind") return `kind must be one of ${EMBEDDER_KINDS.join(", ")}`;
    return `${path}: ${issue.message}`;
  });
  throw new EngramError({
    code: "config_invalid",
    category: "user",
    where: source,
    message: `${problems.join("; ")}. Valid fields: kind (${EMBEDDER_KINDS.join(" | ")}, default local), dimensions (a positive whole number), baseUrl (a URL), model, apiKey, workers (local only: 0 or more).`,
    cause: parsed.error,
  });
}

/**
 * The embedder configuration from environment variables: ENGRAM_EMBEDDER (local | hash | openai),
 * ENGRAM_EMBEDDINGS_DIMENSIONS, ENGRAM_EMBEDDER_WORKERS (local: worker threads, 0 = in-thread), and for openai
 * ENGRAM_EMBEDDINGS_BASE_URL (or OPENAI_BASE_URL),
 * ENGRAM_EMBEDDINGS_MODEL and ENGRAM_EMBEDDINGS_API_KEY (or OPENAI_API_KEY). Unset or empty variables take the defaults.
 * @example
 * embedderConfigFromEnv({ ENGRAM_EMBEDDER: "hash" }) // { kind: "hash" }
 */
export function embedderConfigFromEnv(env: Record<string, string | undefined> = process.env): EmbedderConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const kind = read("ENGRAM_EMBEDDER");
  const dimensions = read("ENGRAM_EMBEDDINGS_DIMENSIONS");
  const config: Record<string, unknown> = {};
  if (kind !== undefined) config.kind = kind.toLowerCase();
  if (dimensions !== undefined)
    config.dimensions = /^\d+$/.test(dimensions) ? Number(dimensions) : dimensions;
  const workers = read("ENGRAM_EMBEDDER_WORKERS");
  if (workers !== undefined) config.workers = /^\d+$/.test(workers) ? Number(workers) : workers;
  if (config.kind === "openai") {
    const baseUrl = read("ENGRAM_EMBEDDINGS_BASE_URL") ?? read("OPENAI_BASE_URL");
    const model = read("ENGRAM_EMBEDDINGS_MODEL");
    const apiKey = read("ENGRAM_EMBEDDINGS_API_KEY") ?? read("OPENAI_API_KEY");
    if (baseUrl !== undefined) config.baseUrl = baseUrl;
    if (model !== undefined) config.model = model;
    if (apiKey !== undefined) config.apiKey = apiKey;
  }
  return parseEmbedderConfig(
    config,
    "environment (ENGRAM_EMBEDDER, ENGRAM_EMBEDDER_WORKERS, ENGRAM_EMBEDDINGS_*)",
  );
}
