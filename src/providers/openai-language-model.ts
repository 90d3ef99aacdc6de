/** A language model behind any OpenAI-compatible `/chat/completions` endpoint: OpenAI, Ollama, vLLM, llama.cpp server. */
import { z } from "zod";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import type { LanguageModel } from "../spec/language-model.js";

export const DEFAULT_OPENAI_CHAT_MODEL = "gpt-4o-mini";

export interface OpenAiLanguageModelOptions {
  /** Base URL ending before /chat/completions, e.g. "http://127.0.0.1:11434/v1". Default OpenAI's. */
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  /** Milliseconds before a call is abandoned. */
  timeoutMs?: number;
  /** For tests: another fetch. */
  fetch?: typeof fetch;
}

const responseSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable() }) }))
    .min(1, "has no choices"),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).optional(),
});

function providerFailure(where: string, message: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.providerFailure, category: "provider", where, message, cause });
}

/**
 * A chat model over HTTP. With a `jsonSchema` in the request it asks for `response_format: json_schema`.
 * @example
 * const model = createOpenAiLanguageModel({ baseUrl: "http://127.0.0.1:11434/v1", model: "qwen2.5:1.5b" });
 * const { text, usage } = await model.complete({ messages: [{ role: "user", content: "Hello" }] });
 */
export function createOpenAiLanguageModel(options: OpenAiLanguageModelOptions = {}): LanguageModel {
  const baseUrl = (options.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/u, "");
  const model = options.model ?? DEFAULT_OPENAI_CHAT_MODEL;
  const url = `${baseUrl}/chat/completions`;
  const doFetch = options.fetch ?? fetch;
  return {
    id: `openai:${model}`,
    async complete(request) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify({
            model,
            messages: request.messages,
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
            ...(request.jsonSchema
              ? {
                  response_format: {
                    type: "json_schema",
                    json_schema: { name: "reply", schema: request.jsonSchema },
                  },
                }
              : {}),
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
      } catch (error) {
        throw providerFailure(
          url,
          `cannot reach the language model (${(error as Error).message}): is the server running, and is ENGRAM_LLM_BASE_URL right?`,
          error,
        );
      }
      const body = await response.text();
      if (!response.ok) {
        throw providerFailure(
          url,
          `the language model answered ${response.status}: ${body.slice(0, 300)}; check ENGRAM_LLM_MODEL and ENGRAM_LLM_API_KEY`,
        );
      }
      let parsed: z.infer<typeof responseSchema>;
      try {
        parsed = responseSchema.parse(JSON.parse(body));
      } catch (error) {
        throw providerFailure(url, `the reply is not a chat completion: ${body.slice(0, 200)}`, error);
      }
      return {
        text: parsed.choices[0]?.message.content ?? "",
        usage: {
          promptTokens: parsed.usage?.prompt_tokens ?? 0,
          completionTokens: parsed.usage?.completion_tokens ?? 0,
        },
      };
    },
  };
}
