/** Which language model to use: none (the rules), an OpenAI-compatible server, or a local GGUF file; from the environment. */
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import type { LanguageModel } from "../spec/language-model.js";
import { createLlamaCppLanguageModel } from "./llama-cpp-language-model.js";
import { createOpenAiLanguageModel } from "./openai-language-model.js";

export type LanguageModelConfig =
  | { kind: "openai"; baseUrl?: string; model?: string; apiKey?: string }
  | { kind: "gguf"; modelPath: string; contextSize?: number; threads?: number };

/**
 * The LLM configured in the environment, or null for none: ENGRAM_LLM_GGUF=/path/model.gguf for a local model;
 * ENGRAM_LLM_BASE_URL (and ENGRAM_LLM_MODEL, ENGRAM_LLM_API_KEY) for an OpenAI-compatible server.
 */
export function languageModelConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LanguageModelConfig | null {
  const gguf = env.ENGRAM_LLM_GGUF?.trim();
  const baseUrl = env.ENGRAM_LLM_BASE_URL?.trim();
  if (gguf && baseUrl) {
    throw new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where: "ENGRAM_LLM_GGUF",
      message: "both ENGRAM_LLM_GGUF and ENGRAM_LLM_BASE_URL are set: keep the one you mean",
    });
  }
  if (gguf) return { kind: "gguf", modelPath: gguf };
  if (baseUrl) {
    return {
      kind: "openai",
      baseUrl,
      ...(env.ENGRAM_LLM_MODEL ? { model: env.ENGRAM_LLM_MODEL } : {}),
      ...(env.ENGRAM_LLM_API_KEY ? { apiKey: env.ENGRAM_LLM_API_KEY } : {}),
    };
  }
  return null;
}

/** A language model from its config. */
export function createLanguageModel(config: LanguageModelConfig): LanguageModel {
  return config.kind === "gguf" ? createLlamaCppLanguageModel(config) : createOpenAiLanguageModel(config);
}
