/**
 * A local GGUF language model through node-llama-cpp (an optional dependency, loaded on first use), on the CPU with
 * prebuilt binaries only. A request's `jsonSchema` becomes a grammar, so the reply is always valid JSON of that shape.
 */
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import type { LanguageModel } from "../spec/language-model.js";

export interface LlamaCppLanguageModelOptions {
  /** Path of the .gguf file. */
  modelPath: string;
  /** Context size in tokens (default the smaller of 8192 and the model's). */
  contextSize?: number;
  /** CPU threads (default node-llama-cpp's choice). */
  threads?: number;
}

type NodeLlamaCpp = typeof import("node-llama-cpp");
type Loaded = {
  module: NodeLlamaCpp;
  llama: Awaited<ReturnType<NodeLlamaCpp["getLlama"]>>;
  model: Awaited<ReturnType<Awaited<ReturnType<NodeLlamaCpp["getLlama"]>>["loadModel"]>>;
  context: Awaited<
    ReturnType<
      Awaited<ReturnType<Awaited<ReturnType<NodeLlamaCpp["getLlama"]>>["loadModel"]>>["createContext"]
    >
  >;
};

function failure(where: string, message: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.providerFailure, category: "provider", where, message, cause });
}

/**
 * A GGUF model run in-process. Calls are serialised: one context sequence at a time.
 * @example
 * const model = createLlamaCppLanguageModel({ modelPath: "/models/qwen2.5-0.5b-instruct-q8_0.gguf" });
 * const { text } = await model.complete({ messages: [{ role: "user", content: "Hi" }], jsonSchema: { type: "object" } });
 * await model.close?.();
 */
export function createLlamaCppLanguageModel(options: LlamaCppLanguageModelOptions): LanguageModel {
  let loading: Promise<Loaded> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Loaded> {
    let module: NodeLlamaCpp;
    try {
      module = await import("node-llama-cpp");
    } catch (error) {
      throw failure(
        "node-llama-cpp",
        "node-llama-cpp is not installed: `npm install node-llama-cpp@3.21.1` to run a local GGUF model, or use an OpenAI-compatible server (ENGRAM_LLM_BASE_URL)",
        error,
      );
    }
    try {
      const llama = await module.getLlama({ gpu: false, build: "never" });
      const model = await llama.loadModel({ modelPath: options.modelPath });
      const context = await model.createContext({
        contextSize: options.contextSize ?? Math.min(8192, model.trainContextSize),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      });
      return { module, llama, model, context };
    } catch (error) {
      throw failure(
        options.modelPath,
        `cannot load the GGUF model (${(error as Error).message}): check ENGRAM_LLM_GGUF points at a readable .gguf file`,
        error,
      );
    }
  }

  const model: LanguageModel = {
    id: `gguf:${options.modelPath.split(/[\\/]/).pop() ?? options.modelPath}`,
    complete(request) {
      const run = async () => {
        loading ??= load();
        const loaded = await loading;
        const system = request.messages
          .filter((m) => m.role === "system")
          .map((m) => m.content)
          .join("\n\n");
        const user = request.messages
          .filter((m) => m.role !== "system")
          .map((m) => m.content)
          .join("\n\n");
        const sequence = loaded.context.getSequence();
        const before = sequence.tokenMeter.getState();
        const session = new loaded.module.LlamaChatSession({
          contextSequence: sequence,
          ...(system ? { systemPrompt: system } : {}),
        });
        try {
          const grammar = request.jsonSchema
            ? await loaded.llama.createGrammarForJsonSchema(request.jsonSchema as never)
            : undefined;
          const text = await session.prompt(user, {
            ...(grammar ? { grammar } : {}),
            ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          });
          const after = sequence.tokenMeter.getState();
          return {
            text,
            usage: {
              promptTokens: after.usedInputTokens - before.usedInputTokens,
              completionTokens: after.usedOutputTokens - before.usedOutputTokens,
            },
          };
        } catch (error) {
          if (EngramError.isInstance(error)) throw error;
          throw failure(options.modelPath, `the local model failed: ${(error as Error).message}`, error);
        } finally {
          session.dispose();
          sequence.dispose();
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      if (!loading) return;
      const loaded = await loading.catch(() => null);
      loading = null;
      if (!loaded) return;
      await loaded.context.dispose();
      await loaded.model.dispose();
      await loaded.llama.dispose();
    },
  };
  return model;
}
