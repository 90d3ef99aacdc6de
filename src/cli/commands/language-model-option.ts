/**
 * The `--llm` option of `ask` and `tm translate`: the language model configured in the environment
 * (ENGRAM_LLM_BASE_URL with ENGRAM_LLM_MODEL and ENGRAM_LLM_API_KEY, or ENGRAM_LLM_GGUF), or an error saying what to set.
 */
import { createLanguageModel, languageModelConfigFromEnv } from "../../providers/index.js";
import { EngramError } from "../../spec/errors.js";
import type { LanguageModel } from "../../spec/language-model.js";

/** The configured language model; `config_invalid` when none is. Close it when done (a GGUF model holds memory). */
export function languageModelFromEnv(env: NodeJS.ProcessEnv): LanguageModel {
  const config = languageModelConfigFromEnv(env);
  if (!config) {
    throw new EngramError({
      code: "config_invalid",
      category: "user",
      where: "--llm",
      message:
        "no language model is configured: set ENGRAM_LLM_BASE_URL (an OpenAI-compatible server such as http://127.0.0.1:11434/v1) and ENGRAM_LLM_MODEL, or ENGRAM_LLM_GGUF=/path/model.gguf; or leave out --llm",
    });
  }
  return createLanguageModel(config);
}
