/** Embedders: the offline local model, a deterministic hash embedder, and any OpenAI-compatible server. */

export type { CachedEmbedder } from "./cached-embedder.js";
export { createCachedEmbedder } from "./cached-embedder.js";
export type { BilingualEmbedderOptions } from "./chinese/bilingual-embedder.js";
export {
  bilingualEmbedderId,
  CHINESE_MODEL_VERSION,
  createBilingualEmbedder,
} from "./chinese/bilingual-embedder.js";
export type { EmbedderConfig, EmbedderConfigInput, EmbedderKind } from "./create-embedder.js";
export {
  createEmbedder,
  EMBEDDER_KINDS,
  embedderConfigFromEnv,
  embedderConfigSchema,
  embedderFlagConfig,
  parseEmbedderConfig,
} from "./create-embedder.js";
export type { LanguageModelConfig } from "./create-language-model.js";
export { createLanguageModel, languageModelConfigFromEnv } from "./create-language-model.js";
export type { HashEmbedderOptions } from "./hash-embedder.js";
export { createHashEmbedder, toUnitVector } from "./hash-embedder.js";
export type { LlamaCppLanguageModelOptions } from "./llama-cpp-language-model.js";
export { createLlamaCppLanguageModel } from "./llama-cpp-language-model.js";
export type { LocalEmbedder, LocalEmbedderOptions } from "./local-embedder.js";
export {
  createLocalEmbedder,
  defaultLocalEmbedderWorkers,
  isLocalModelText,
  LOCAL_EMBEDDER_ID,
} from "./local-embedder.js";
export type { OnnxEmbedderOptions } from "./onnx/onnx-embedder.js";
export { createOnnxEmbedder, ONNX_MODEL_FILES } from "./onnx/onnx-embedder.js";
export type { OpenAiEmbedder, OpenAiEmbedderOptions } from "./openai-embedder.js";
export {
  createOpenAiEmbedder,
  DEFAULT_OPENAI_BASE_URL,
  DEFAULT_OPENAI_EMBEDDING_MODEL,
} from "./openai-embedder.js";
export type { OpenAiLanguageModelOptions } from "./openai-language-model.js";
export { createOpenAiLanguageModel, DEFAULT_OPENAI_CHAT_MODEL } from "./openai-language-model.js";
