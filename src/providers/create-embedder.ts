/** One entry point from configuration (a file, flags or the environment) to the right embedder. */
import { z } from "zod";
import type { Embedder } from "../spec/embedder.js";
import { EngramError } from "../spec/errors.js";
import { createBilingualEmbedder } from "./chinese/bilingual-embedder.js";
import { createHashEmbedder } from "./hash-embedder.js";
import { createLocalEmbedder } from "./local-embedder.js";
import { createOnnxEmbedder } from "./onnx/onnx-embedder.js";
import { createOpenAiEmbedder } from "./openai-embedder.js";

export const EMBEDDER_KINDS = ["local", "local-en", "hash", "openai", "onnx"] as const;
export type EmbedderKind = (typeof EMBEDDER_KINDS)[number];

const LOCAL_DIMENSIONS = 512;

export const embedderConfigSchema = z
  .strictObject({
    /**
     * local: USE-lite for English plus the shipped Chinese student and gloss bridge, one space, offline (default).
     * local-en: USE-lite alone (Chinese text gets no vector). hash: deterministic lexical hashing. openai: any
     * OpenAI-compatible server. onnx: a sentence-embedding model folder on disk (`path`).
     */
    kind: z.enum(EMBEDDER_KINDS).default("local"),
    /** onnx only: the model folder (model.onnx or onnx/model.onnx, tokenizer.json, config.json). */
    path: z.string().min(1).optional(),
    /** onnx only: put before every text ("query: " for e5 models). */
    prefix: z.string().optional(),
    dimensions: z.number().int().positive().optional(),
    baseUrl: z.url().optional(),
    model: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    /** local only: worker threads running the model (0 = in the calling thread); default 2 on 2+ cores. */
    workers: z.number().int().min(0).max(64).optional(),
  })
  .refine(
    (config) =>
      (config.kind !== "local" && config.kind !== "local-en") ||
      config.dimensions === undefined ||
      config.dimensions === LOCAL_DIMENSIONS,
    {
      path: ["dimensions"],
      message: `the local model always has ${LOCAL_DIMENSIONS} dimensions: leave dimensions out`,
    },
  )
  .refine((config) => config.kind === "local" || config.kind === "local-en" || config.workers === undefined, {
    path: ["workers"],
    message: "only the local model runs on worker threads: leave workers out",
  })
  .refine((config) => (config.kind === "onnx") === (config.path !== undefined), {
    path: ["path"],
    message: "path names the model folder of kind onnx, and only of it: --embedder onnx:/path/to/model",
  })
  .refine((config) => config.kind === "onnx" || config.prefix === undefined, {
    path: ["prefix"],
    message: "prefix is for kind onnx only: leave it out",
  })
  .refine((config) => config.kind !== "onnx" || config.dimensions === undefined, {
    path: ["dimensions"],
    message: "an onnx model's size comes from its config.json: leave dimensions out",
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
      return createBilingualEmbedder({ local: createLocalEmbedder({ workers: valid.workers }) });
    case "local-en":
      return createLocalEmbedder({ workers: valid.workers });
    case "onnx":
      return createOnnxEmbedder({ folder: valid.path as string, prefix: valid.prefix });
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
    message: `${problems.join("; ")}. Valid fields: kind (${EMBEDDER_KINDS.join(" | ")}, default local), dimensions (a positive whole number), baseUrl (a URL), model, apiKey, workers (local only: 0 or more), path and prefix (onnx only).`,
    cause: parsed.error,
  });
}

/**
 * The config that an --embedder flag or ENGRAM_EMBEDDER names: a kind ("local", "hash" …), or "onnx:" followed by
 * a model folder. Not validated here (parseEmbedderConfig does).
 * @example embedderFlagConfig("onnx:/models/e5") // { kind: "onnx", path: "/models/e5" }
 */
export function embedderFlagConfig(flag: string): Record<string, unknown> {
  const trimmed = flag.trim();
  if (/^onnx:/i.test(trimmed)) return { kind: "onnx", path: trimmed.slice("onnx:".length) };
  return { kind: trimmed.toLowerCase() };
}

/**
 * The embedder configuration from environment variables: ENGRAM_EMBEDDER (local | local-en | hash | openai |
 * onnx:/path/to/model),
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
  const config: Record<string, unknown> = kind === undefined ? {} : embedderFlagConfig(kind);
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
