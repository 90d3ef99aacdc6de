import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EngramError } from "../spec/errors.js";
import { createOpenAiEmbedder } from "./openai-embedder.js";

interface RecordedResponse {
  object: string;
  data: { object: string; index: number; embedding: number[] }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

function fixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../../test/fixtures/openai/${name}`, import.meta.url), "utf8"),
  ) as T;
}

const recordedRequest = fixture<{ model: string; input: string[]; dimensions: number }>(
  "embeddings-request.json",
);
const recordedResponse = fixture<RecordedResponse>("embeddings-response.json");
const error401 = fixture<unknown>("error-401.json");
const error429 = fixture<unknown>("error-429.json");

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: { model: string; input: string[]; dimensions?: number };
}
type Reply = (request: Received, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let replies: Reply[] = [];
let received: Received[] = [];

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** Answers like OpenAI for whatever inputs came: the recorded vectors, cycled. */
const answerFromFixture: Reply = (request, response) => {
  const data = request.body.input.map((_, index) => ({
    object: "embedding",
    index,
    embedding: recordedResponse.data[index % recordedResponse.data.length]!.embedding,
  }));
  json(response, 200, { ...recordedResponse, data });
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry: Received = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      };
      received.push(entry);
      const reply = replies.shift() ?? answerFromFixture;
      reply(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  replies = [];
  received = [];
});

function norm(vector: Float32Array): number {
  return Math.hypot(...vector);
}

async function failureOf(promise: Promise<unknown>): Promise<EngramError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (reason: unknown) => reason,
  );
  expect(EngramError.isInstance(error)).toBe(true);
  return error as EngramError;
}

describe("createOpenAiEmbedder", () => {
  it("posts the recorded request and returns the recorded vectors", async () => {
    replies.push((_request, response) => json(response, 200, recordedResponse));
    const embedder = createOpenAiEmbedder({
      baseUrl,
      apiKey: "sk-test",
      model: "text-embedding-3-small",
      dimensions: 12,
    });
    const vectors = await embedder.embed(recordedRequest.input);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/v1/embeddings");
    expect(request!.headers.authorization).toBe("Bearer sk-test");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual(recordedRequest);

    expect(embedder.id).toBe("openai:text-embedding-3-small");
    expect(embedder.dimensions).toBe(12);
    vectors.forEach((vector, index) => {
      expect(vector).toBeInstanceOf(Float32Array);
      const expected = recordedResponse.data[index]!.embedding;
      expect(Array.from(vector!)).toEqual(expected.map((value) => expect.closeTo(value, 5)));
    });
  });

  it("normalises vectors that a server returns at any length", async () => {
    replies.push((_request, response) =>
      json(response, 200, {
        ...recordedResponse,
        data: recordedResponse.data.map((item) => ({
          ...item,
          embedding: item.embedding.map((value) => value * 7.5),
        })),
      }),
    );
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text" });
    const vectors = await embedder.embed(recordedRequest.input);
    for (const vector of vectors) expect(norm(vector!)).toBeCloseTo(1, 6);
    expect(Array.from(vectors[0]!)).toEqual(
      recordedResponse.data[0]!.embedding.map((value) => expect.closeTo(value, 5)),
    );
  });

  it("orders vectors by index when the server shuffles them", async () => {
    replies.push((_request, response) =>
      json(response, 200, { ...recordedResponse, data: [...recordedResponse.data].reverse() }),
    );
    const embedder = createOpenAiEmbedder({ baseUrl, model: "text-embedding-3-small", dimensions: 12 });
    const vectors = await embedder.embed(recordedRequest.input);
    vectors.forEach((vector, index) => {
      expect(vector![0]).toBeCloseTo(recordedResponse.data[index]!.embedding[0]!, 6);
    });
  });

  it("learns the dimensions from the first response when the model is unknown", async () => {
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text" });
    expect(embedder.dimensions).toBe(0);
    expect(await embedder.resolveDimensions()).toBe(12);
    expect(embedder.dimensions).toBe(12);
    expect(received[0]!.headers.authorization).toBeUndefined();
    expect(received[0]!.body).toEqual({ model: "nomic-embed-text", input: ["dimensions"] });
  });

  it("refuses vectors whose size differs from the model's known size", async () => {
    const embedder = createOpenAiEmbedder({ baseUrl, apiKey: "sk-test", model: "text-embedding-3-small" });
    const error = await failureOf(embedder.embed(["a"]));
    expect(error.message).toContain("expected vectors of 1536 dimensions, got 12");
  });

  it("knows the size of OpenAI's own models before any request", () => {
    const embedder = createOpenAiEmbedder({ baseUrl, apiKey: "sk-test", model: "text-embedding-3-large" });
    expect(embedder.dimensions).toBe(3072);
  });

  it("never sends empty texts: they get null", async () => {
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text" });
    const vectors = await embedder.embed(["", "I adopted two cats", "   "]);
    expect(received[0]!.body.input).toEqual(["I adopted two cats"]);
    expect(vectors[0]).toBeNull();
    expect(vectors[1]).toBeInstanceOf(Float32Array);
    expect(vectors[2]).toBeNull();
    expect(await embedder.embed(["", " "])).toEqual([null, null]);
    expect(received).toHaveLength(1);
  });

  it("splits the texts into batches and keeps their order", async () => {
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text", batchSize: 2 });
    const texts = ["a", "b", "c", "d", "e"];
    const vectors = await embedder.embed(texts);
    expect(received.map((request) => request.body.input)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(vectors[2]![0]).toBeCloseTo(recordedResponse.data[0]!.embedding[0]!, 6);
  });

  it("retries after a 429, respecting Retry-After", async () => {
    replies.push((_request, response) => json(response, 429, error429, { "retry-after": "0" }));
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text" });
    const vectors = await embedder.embed(["I adopted two cats"]);
    expect(received).toHaveLength(2);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
  });

  it("retries after a 5xx and gives up after maxRetries with provider_failure", async () => {
    for (let i = 0; i < 3; i++) {
      replies.push((_request, response) =>
        json(response, 503, { error: "overloaded" }, { "retry-after-ms": "1" }),
      );
    }
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text", maxRetries: 2 });
    const error = await failureOf(embedder.embed(["I adopted two cats"]));
    expect(received).toHaveLength(3);
    expect(error.code).toBe("provider_failure");
    expect(error.category).toBe("provider");
    expect(error.message).toContain("HTTP 503");
    expect(error.message).toContain("gave up after 3 attempts");
  });

  it("does not retry a 401 and says how to fix the key", async () => {
    replies.push((_request, response) => json(response, 401, error401));
    const embedder = createOpenAiEmbedder({ baseUrl, apiKey: "sk-wrong", model: "text-embedding-3-small" });
    const error = await failureOf(embedder.embed(["I adopted two cats"]));
    expect(received).toHaveLength(1);
    expect(error.code).toBe("provider_failure");
    expect(error.category).toBe("provider");
    expect(error.message).toContain(`${baseUrl}/embeddings`);
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("set OPENAI_API_KEY or ENGRAM_EMBEDDINGS_API_KEY");
    expect(error.message).toContain("Incorrect API key provided");
    expect(error.cause).toMatchObject({ status: 401 });
  });

  it("refuses a malformed body with provider_failure", async () => {
    replies.push((_request, response) =>
      json(response, 200, { object: "list", data: [{ index: 0, embedding: "not a vector" }] }),
    );
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text" });
    const error = await failureOf(embedder.embed(["I adopted two cats"]));
    expect(received).toHaveLength(1);
    expect(error.code).toBe("provider_failure");
    expect(error.message).toContain("data.0.embedding");
  });

  it("refuses a body that is not JSON, and a response with missing inputs", async () => {
    replies.push((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>login</html>");
    });
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic-embed-text" });
    expect((await failureOf(embedder.embed(["a"]))).message).toContain("not JSON");

    replies.push((_request, response) =>
      json(response, 200, { ...recordedResponse, data: recordedResponse.data.slice(0, 1) }),
    );
    expect((await failureOf(embedder.embed(["a", "b"]))).message).toContain("asked for 2 embeddings, got 1");
  });

  it("fails with provider_failure when the server cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const embedder = createOpenAiEmbedder({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: "m",
      maxRetries: 1,
    });
    const error = await failureOf(embedder.embed(["a"]));
    expect(error.code).toBe("provider_failure");
    expect(error.message).toContain("could not reach");
  });

  it("requires an API key for api.openai.com only", () => {
    const previous = { a: process.env.OPENAI_API_KEY, b: process.env.ENGRAM_EMBEDDINGS_API_KEY };
    delete process.env.OPENAI_API_KEY;
    delete process.env.ENGRAM_EMBEDDINGS_API_KEY;
    try {
      let error: unknown;
      try {
        createOpenAiEmbedder({ baseUrl: "https://api.openai.com/v1" });
      } catch (caught) {
        error = caught;
      }
      expect(EngramError.isInstance(error)).toBe(true);
      expect((error as EngramError).code).toBe("config_invalid");
      expect((error as EngramError).message).toContain("set OPENAI_API_KEY or ENGRAM_EMBEDDINGS_API_KEY");
      expect(() => createOpenAiEmbedder({ baseUrl: "http://127.0.0.1:11434/v1" })).not.toThrow();
    } finally {
      if (previous.a !== undefined) process.env.OPENAI_API_KEY = previous.a;
      if (previous.b !== undefined) process.env.ENGRAM_EMBEDDINGS_API_KEY = previous.b;
    }
  });
});
