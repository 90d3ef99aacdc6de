/** An embedder for any OpenAI-compatible `/embeddings` endpoint: OpenAI, Ollama, vLLM, llama.cpp server. */
import { z } from "zod";
import type { Embedder } from "../spec/embedder.js";
import { EngramError } from "../spec/errors.js";
import { toUnitVector } from "./hash-embedder.js";

export interface OpenAiEmbedderOptions {
  /** Default: ENGRAM_EMBEDDINGS_BASE_URL, then OPENAI_BASE_URL, then https://api.openai.com/v1. */
  baseUrl?: string;
  /** Default: ENGRAM_EMBEDDINGS_MODEL, then text-embedding-3-small. */
  model?: string;
  /** Default: ENGRAM_EMBEDDINGS_API_KEY, then OPENAI_API_KEY. Only api.openai.com requires one. */
  apiKey?: string;
  /** Sent as `dimensions` (models that can shorten their vectors). Otherwise known for OpenAI's models, or learned from the first response. */
  dimensions?: number;
  /** For tests and proxies. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Retries after a 429, a 5xx, a timeout or a network error. Default 3. */
  maxRetries?: number;
  /** Texts per request. Default 128. */
  batchSize?: number;
  /** Per request. Default 60 000. */
  timeoutMs?: number;
}

/** An OpenAI-compatible embedder. `dimensions` is 0 until known: call `resolveDimensions()` before binding a store. */
export interface OpenAiEmbedder extends Embedder {
  readonly baseUrl: string;
  readonly model: string;
  /** The vector size, asking the server with one short text when it is not known yet. */
  resolveDimensions(): Promise<number>;
}

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";

/** Native sizes of OpenAI's embedding models, so a store can be bound before the first request. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

const KEY_FIX = "set OPENAI_API_KEY or ENGRAM_EMBEDDINGS_API_KEY";
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** The part of the response we use; everything else (object, model, usage) may vary between servers. */
const responseSchema = z.object({
  data: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      embedding: z.array(z.number()),
    }),
  ),
});

/** One failed request: worth another try (429, 5xx, network) or not (other 4xx, a malformed body). */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * An embedder over HTTP: POST `{baseUrl}/embeddings` with `{ model, input }`, vectors ordered by `index` and
 * L2-normalised. Empty texts are not sent and get null. Errors are `provider_failure` with the URL, the status
 * and the fix.
 *
 * Over 150 lines: one request's steps (attempt, retry, order the vectors, batch) share the client's settings and the
 * dimensions it learns, so they stay in this closure.
 *
 * `dimensions` comes from the option, from the table of OpenAI's models, or from the first response: until then it
 * is 0, so bind the store after `await embedder.resolveDimensions()` (or after the first `embed`).
 * @example
 * const embedder = createOpenAiEmbedder({ baseUrl: "http://127.0.0.1:11434/v1", model: "nomic-embed-text" });
 * const dimensions = await embedder.resolveDimensions();
 * const [vector] = await embedder.embed(["I adopted two cats"]);
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions = {}): OpenAiEmbedder {
  const env = process.env;
  const baseUrl = (
    options.baseUrl ??
    nonEmpty(env.ENGRAM_EMBEDDINGS_BASE_URL) ??
    nonEmpty(env.OPENAI_BASE_URL) ??
    DEFAULT_OPENAI_BASE_URL
  ).replace(/\/+$/, "");
  const model = options.model ?? nonEmpty(env.ENGRAM_EMBEDDINGS_MODEL) ?? DEFAULT_OPENAI_EMBEDDING_MODEL;
  const apiKey = options.apiKey ?? nonEmpty(env.ENGRAM_EMBEDDINGS_API_KEY) ?? nonEmpty(env.OPENAI_API_KEY);
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  const maxRetries = options.maxRetries ?? 3;
  const batchSize = options.batchSize ?? 128;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const url = `${baseUrl}/embeddings`;

  let host: string;
  try {
    host = new URL(url).hostname;
  } catch (error) {
    throw configInvalid(
      "baseUrl",
      `"${baseUrl}" is not a URL: use for example ${DEFAULT_OPENAI_BASE_URL} or http://127.0.0.1:11434/v1.`,
      error,
    );
  }
  if (!apiKey && host === "api.openai.com") {
    throw configInvalid("apiKey", `${url} needs an API key: ${KEY_FIX}.`);
  }
  checkCount("dimensions", options.dimensions, 1);
  checkCount("maxRetries", maxRetries, 0);
  checkCount("batchSize", batchSize, 1);
  checkCount("timeoutMs", timeoutMs, 1);

  let dimensions = options.dimensions ?? KNOWN_DIMENSIONS[model] ?? 0;

  function failure(message: string, cause?: unknown): EngramError {
    return new EngramError({ code: "provider_failure", category: "provider", where: url, message, cause });
  }

  async function attempt(input: string[]): Promise<Float32Array[]> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
    };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const body = { model, input, ...(options.dimensions ? { dimensions: options.dimensions } : {}) };
    let response: Response;
    try {
      response = await fetchImplementation(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      const message = timedOut
        ? `no answer within ${timeoutMs} ms: is the server overloaded? Raise timeoutMs or lower batchSize.`
        : `could not reach the embedding server (${errorMessage(error)}): is it running? Check ENGRAM_EMBEDDINGS_BASE_URL.`;
      throw new AttemptError(message, true, null, error);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      const status = response.status;
      const detail = serverMessage(text);
      const said = detail ? ` The server said: ${detail}` : "";
      const retryable = status === 429 || status >= 500;
      throw new AttemptError(
        `HTTP ${status}: ${statusFix(status, model)}${said}`,
        retryable,
        retryable ? retryAfterMs(response.headers) : null,
        { status, body: text.slice(0, 2000) },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AttemptError(
        `HTTP ${response.status} with a body that is not JSON (${JSON.stringify(text.slice(0, 80))}): is ${baseUrl} an OpenAI-compatible API (it usually ends in /v1)?`,
        false,
        null,
        error,
      );
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unknown";
      throw new AttemptError(
        `the response is not an OpenAI embeddings response (${where}): is ${baseUrl} an OpenAI-compatible API and ${model} an embedding model?`,
        false,
        null,
        parsed.error,
      );
    }
    return toVectors(parsed.data.data, input.length);
  }

  function toVectors(data: { index: number; embedding: number[] }[], expected: number): Float32Array[] {
    const bad = (message: string) => new AttemptError(message, false, null);
    if (data.length !== expected)
      throw bad(`asked for ${expected} embeddings, got ${data.length}: the server dropped inputs.`);
    const ordered: (Float32Array | undefined)[] = new Array(expected);
    for (const item of data) {
      if (item.index >= expected || ordered[item.index])
        throw bad(`the response has a wrong or repeated index ${item.index}.`);
      if (dimensions === 0) dimensions = item.embedding.length;
      if (item.embedding.length !== dimensions) {
        throw bad(
          `expected vectors of ${dimensions} dimensions, got ${item.embedding.length}: the model changed, or the dimensions option does not match it.`,
        );
      }
      const vector = toUnitVector(item.embedding);
      if (!vector) throw bad(`the embedding at index ${item.index} is zero or not finite.`);
      ordered[item.index] = vector;
    }
    return ordered as Float32Array[];
  }

  async function request(input: string[]): Promise<Float32Array[]> {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt(input);
      } catch (error) {
        if (!(error instanceof AttemptError)) throw error;
        if (!error.retryable || retry >= maxRetries) {
          const attempts = retry > 0 ? ` (gave up after ${retry + 1} attempts)` : "";
          throw failure(`${error.message}${attempts}`, error.cause);
        }
        const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry) * (0.5 + Math.random() / 2);
        await sleep(Math.min(MAX_DELAY_MS, error.retryAfterMs ?? backoff));
      }
    }
  }

  async function embed(texts: string[]): Promise<(Float32Array | null)[]> {
    const results: (Float32Array | null)[] = texts.map(() => null);
    // Empty strings are refused by OpenAI and mean nothing anyway: they get null.
    const positions: number[] = [];
    texts.forEach((text, index) => {
      if (text.trim() !== "") positions.push(index);
    });
    for (let start = 0; start < positions.length; start += batchSize) {
      const batch = positions.slice(start, start + batchSize);
      const vectors = await request(batch.map((index) => texts[index] as string));
      batch.forEach((index, offset) => {
        results[index] = vectors[offset] ?? null;
      });
    }
    return results;
  }

  return {
    id: `openai:${model}`,
    get dimensions() {
      return dimensions;
    },
    baseUrl,
    model,
    embed,
    async resolveDimensions(): Promise<number> {
      if (dimensions === 0) await embed(["dimensions"]);
      return dimensions;
    },
  };
}

function statusFix(status: number, model: string): string {
  if (status === 401 || status === 403) return `the server refused the API key: ${KEY_FIX} to a valid key.`;
  if (status === 404)
    return `not found: check the base URL (ENGRAM_EMBEDDINGS_BASE_URL, usually ending in /v1) and that the model "${model}" exists there (ENGRAM_EMBEDDINGS_MODEL).`;
  if (status === 429) return "rate limited: wait, lower the batch size, or raise the account's limits.";
  if (status >= 500) return "the embedding server failed: try again later.";
  return `the server refused the request: check the model "${model}" (ENGRAM_EMBEDDINGS_MODEL) and the dimensions option.`;
}

/** The `error.message` of an OpenAI-style error body, or the start of the body. */
function serverMessage(text: string): string {
  if (text.trim() === "") return "";
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null && "error" in json) {
      const error = (json as { error: unknown }).error;
      if (typeof error === "string") return error.slice(0, 300);
      if (typeof error === "object" && error !== null && "message" in error)
        return String(error.message).slice(0, 300);
    }
  } catch {
    // not JSON: quote the text
  }
  return text.trim().slice(0, 300);
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms; null when absent. */
function retryAfterMs(headers: Headers): number | null {
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get("retry-after");
  if (value === null) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function checkCount(name: string, value: number | undefined, minimum: number): void {
  if (value === undefined || (Number.isInteger(value) && value >= minimum)) return;
  throw configInvalid(name, `${name} must be a whole number ≥ ${minimum}, got ${String(value)}.`);
}

function configInvalid(where: string, message: string, cause?: unknown): EngramError {
  return new EngramError({ code: "config_invalid", category: "user", where, message, cause });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== "" ? value.trim() : undefined;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the real reason (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
