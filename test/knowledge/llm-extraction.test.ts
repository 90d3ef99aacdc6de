/** The LLM extraction path against recorded chat-completions replies served on 127.0.0.1: used when valid, refused when not. */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { languageModelConfigFromEnv } from "../../src/providers/create-language-model.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createOpenAiLanguageModel } from "../../src/providers/openai-language-model.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { tempDir } from "../helpers.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/llm/${name}`, import.meta.url), "utf8");
const NOW = Date.parse("2024-06-01T12:00:00Z");

interface Recorded {
  server: Server;
  baseUrl: string;
  requests: { url: string; authorization: string | undefined; body: Record<string, unknown> }[];
}

const servers: Server[] = [];
afterEach(async () => {
  while (servers.length > 0) await new Promise((resolve) => servers.pop()?.close(resolve));
});

/** A chat-completions server that answers each request with the next recorded reply. */
async function serve(replies: string[]): Promise<Recorded> {
  const requests: Recorded["requests"] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      requests.push({
        url: request.url ?? "",
        authorization: request.headers.authorization,
        body: JSON.parse(body),
      });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(replies.shift() ?? "{}");
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}/v1`, requests };
}

function engineWith(baseUrl: string) {
  const store = createSqliteStore({ path: join(tempDir(), "engram.db") });
  const engine = createEngine({
    store,
    embedder: createHashEmbedder(),
    languageModel: createOpenAiLanguageModel({ baseUrl, model: "gpt-4o-mini", apiKey: "sk-test" }),
    now: () => NOW,
  });
  return { engine, store };
}

const TURNS = [
  { text: "I live in Lisbon and work at Siemens.", user: "ana", speaker: "Ana", at: "2024-01-10T09:00:00Z" },
  { text: "My sister is called Maria.", user: "ana", speaker: "Ana", at: "2024-01-10T09:01:00Z" },
  {
    text: "Since May I live in Berlin, and I love techno.",
    user: "ana",
    speaker: "Ana",
    at: "2024-06-01T10:00:00Z",
  },
];

describe("fact extraction with an OpenAI-compatible language model", () => {
  it("makes one call for the batch, uses its facts and reports the calls and tokens", async () => {
    const recorded = await serve([fixture("chat-completion-facts.json")]);
    const { engine } = engineWith(recorded.baseUrl);
    const result = await engine.remember(TURNS);

    expect(recorded.requests).toHaveLength(1);
    const request = recorded.requests[0];
    expect(request?.url).toBe("/v1/chat/completions");
    expect(request?.authorization).toBe("Bearer sk-test");
    expect(request?.body.model).toBe("gpt-4o-mini");
    expect((request?.body.response_format as { type: string } | undefined)?.type).toBe("json_schema");
    const messages = request?.body.messages as { role: string; content: string }[];
    expect(messages[0]?.content).toContain("You extract durable facts");
    expect(messages[1]?.content.split("\n")).toHaveLength(3);

    expect(result.knowledge?.llm).toEqual({ calls: 1, promptTokens: 612, completionTokens: 187 });
    expect(result.knowledge?.facts).toEqual({ inserted: 5, reinforced: 0, superseded: 1 });
    const facts = await engine.facts({ user: "ana", all: true });
    expect(facts.map((f) => [f.text, f.current])).toEqual([
      ["Ana lives in Lisbon.", false],
      ["Ana works at Siemens.", true],
      ["Maria is Ana's sister.", true],
      ["Ana lives in Berlin.", true],
      ["Ana likes techno.", true],
    ]);
    const berlin = facts.find((f) => f.object === "Berlin");
    expect(berlin?.validFrom).toBe("2024-05-01T00:00:00.000Z");
    expect(berlin?.sources).toEqual([result.items[2]?.id]);
  });

  for (const [name, detail] of [
    ["chat-completion-prose.json", "not JSON"],
    ["chat-completion-missing-object.json", "facts.0.object"],
  ] as const) {
    it(`refuses a malformed reply (${name}) and writes nothing`, async () => {
      const recorded = await serve([fixture(name)]);
      const { engine, store } = engineWith(recorded.baseUrl);
      const failure = await engine.remember(TURNS).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "llm_output_invalid", category: "provider" });
      expect((failure as Error).message).toContain(detail);
      expect((failure as Error).message).toContain("nothing was written");
      expect(await store.countRows()).toEqual({ memories: 0, keys: 0, fts: 0, vectors: 0 });
      expect((await engine.graph.readGraph({ user: "ana" })).entities).toEqual([]);
    });
  }

  it("reads its configuration from the environment", () => {
    expect(languageModelConfigFromEnv({})).toBeNull();
    expect(
      languageModelConfigFromEnv({
        ENGRAM_LLM_BASE_URL: "http://127.0.0.1:8080/v1",
        ENGRAM_LLM_MODEL: "qwen",
        ENGRAM_LLM_API_KEY: "k",
      }),
    ).toEqual({ kind: "openai", baseUrl: "http://127.0.0.1:8080/v1", model: "qwen", apiKey: "k" });
    expect(languageModelConfigFromEnv({ ENGRAM_LLM_GGUF: "/m/tiny.gguf" })).toEqual({
      kind: "gguf",
      modelPath: "/m/tiny.gguf",
    });
    expect(() =>
      languageModelConfigFromEnv({ ENGRAM_LLM_GGUF: "/m.gguf", ENGRAM_LLM_BASE_URL: "http://x" }),
    ).toThrow(/keep the one you mean/);
  });
});
