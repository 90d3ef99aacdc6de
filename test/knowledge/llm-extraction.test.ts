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

  it("reads an ended fact of the reply as an ending of the current value, named or whichever it was", async () => {
    const recorded = await serve([fixture("chat-completion-ended.json")]);
    const { engine } = engineWith(recorded.baseUrl);
    const result = await engine.remember([
      {
        text: "I'm married to Tom and work at Siemens.",
        user: "ana",
        speaker: "Ana",
        at: "2024-01-10T09:00:00Z",
      },
      {
        text: "Big change: I quit my job at Siemens last week, and Tom and I got divorced.",
        user: "ana",
        speaker: "Ana",
        at: "2024-06-01T10:00:00Z",
      },
    ]);
    expect(result.knowledge?.llm).toEqual({ calls: 1, promptTokens: 688, completionTokens: 241 });
    const facts = await engine.facts({ user: "ana", all: true });
    expect(facts.map((f) => [f.predicate, f.object, f.text, f.current])).toEqual([
      ["married_to", "Tom", "Ana is married to Tom.", false],
      ["works_at", "Siemens", "Ana works at Siemens.", false],
      ["works_at", "", "Ana no longer works at Siemens.", true],
      ["married_to", "", "Ana is no longer married to Tom.", true],
    ]);
    // the date the model resolved is when the job ended; an ended liking (not a state that ends) is dropped
    expect(facts.find((f) => f.text === "Ana works at Siemens.")?.validTo).toBe("2024-05-27T00:00:00.000Z");
  });

  it("reads an ended value never told as current as a former one, with no start, before the value told now", async () => {
    const recorded = await serve([fixture("chat-completion-former.json")]);
    const { engine } = engineWith(recorded.baseUrl);
    const result = await engine.remember({
      text: "I used to work at IBM; now I'm at Google.",
      user: "ana",
      speaker: "Ana",
      at: "2024-06-01T10:00:00Z",
    });
    expect(result.knowledge?.llm).toEqual({ calls: 1, promptTokens: 642, completionTokens: 118 });
    const facts = await engine.facts({ user: "ana", predicate: "works_at", all: true });
    expect(facts.map((f) => [f.object, f.text, f.current, f.validFrom])).toEqual([
      ["IBM", "Ana worked at IBM.", false, null],
      ["", "Ana no longer works at IBM.", false, "2024-06-01T10:00:00.000Z"],
      ["Google", "Ana works at Google.", true, "2024-06-01T10:00:00.000Z"],
    ]);
  });

  it("reads a corrected value of the reply ('Mia, not Maria') as retiring the value it names", async () => {
    const recorded = await serve([fixture("chat-completion-replaces.json")]);
    const { engine } = engineWith(recorded.baseUrl);
    const result = await engine.remember([
      {
        text: "My sister Maria lives in Barcelona, like me.",
        user: "ana",
        speaker: "Ana",
        at: "2024-01-10T09:00:00Z",
      },
      {
        text: "Sorry, my sister's name is Mia, not Maria. And I live in Madrid, not Barcelona.",
        user: "ana",
        speaker: "Ana",
        at: "2024-06-01T10:00:00Z",
      },
    ]);
    expect(result.knowledge?.llm).toEqual({ calls: 1, promptTokens: 702, completionTokens: 188 });
    const facts = await engine.facts({ user: "ana", all: true });
    expect(facts.map((f) => [f.predicate, f.object, f.current])).toEqual([
      ["sister", "Maria", false],
      ["lives_in", "Barcelona", false],
      ["sister", "Mia", true],
      ["lives_in", "Madrid", true],
    ]);
  });

  it("reads a Chinese session's reply: 我 is the speaker, 我妹妹 the speaker's sister, not a person named so", async () => {
    const recorded = await serve([fixture("chat-completion-chinese.json")]);
    const { engine } = engineWith(recorded.baseUrl);
    const result = await engine.remember([
      { text: "我住在杭州，在阿里巴巴工作。", user: "li", speaker: "李伟", at: "2024-03-01T09:00:00Z" },
      { text: "我妹妹叫小红，她在复旦大学读书。", user: "li", speaker: "李伟", at: "2024-03-01T09:01:00Z" },
    ]);
    expect(recorded.requests).toHaveLength(1);
    expect(result.knowledge?.llm).toEqual({ calls: 1, promptTokens: 598, completionTokens: 231 });
    const facts = await engine.facts({ user: "li" });
    expect(facts.map((f) => [f.subject, f.predicate, f.object])).toEqual([
      ["李伟", "lives_in", "杭州"],
      ["李伟", "works_at", "阿里巴巴"],
      ["李伟", "sister", "小红"],
      ["小红", "studies_at", "复旦大学"],
    ]);
    expect(facts.map((f) => f.text)).toContain("李伟住在杭州。");
    const graph = await engine.graph.readGraph({ user: "li" });
    expect(graph.entities.map((e) => e.name)).not.toContain("我妹妹");
  });

  for (const name of ["chat-completion-prose.json", "chat-completion-missing-object.json"]) {
    it(`falls back to the rules for a malformed reply (${name}), and counts the fallback`, async () => {
      const recorded = await serve([fixture(name)]);
      const { engine } = engineWith(recorded.baseUrl);
      const result = await engine.remember(TURNS);
      expect(recorded.requests).toHaveLength(1);
      expect(result.knowledge?.llm?.calls).toBe(1);
      expect(result.knowledge?.llm?.fallbacks).toBe(1);
      // the tokens of the refused reply were spent, and are reported
      expect(result.knowledge?.llm?.promptTokens).toBeGreaterThan(500);
      const facts = await engine.facts({ user: "ana" });
      expect(facts.map((f) => f.text)).toContain("Ana lives in Berlin.");
      expect(facts.map((f) => f.text)).toContain("Maria is Ana's sister.");
    });
  }

  it("makes one call per session, with the speakers, and uses the sentences the model wrote", async () => {
    const recorded = await serve([
      fixture("chat-completion-session.json"),
      fixture("chat-completion-prose.json"),
    ]);
    const { engine } = engineWith(recorded.baseUrl);
    const at = (minute: number) => `2023-05-08T13:${String(minute).padStart(2, "0")}:00Z`;
    const result = await engine.remember([
      {
        text: "I'm learning the piano, and yesterday I went to a transgender conference!",
        user: "c",
        session: "s1",
        speaker: "Caroline",
        at: at(0),
      },
      {
        text: "My kids love camping. And our dog Luna came too.",
        user: "c",
        session: "s1",
        speaker: "Melanie",
        at: at(1),
      },
      { text: "I live in Lisbon.", user: "c", session: "s2", speaker: "Caroline", at: at(2) },
    ]);
    expect(recorded.requests).toHaveLength(2);
    const messages = (recorded.requests[0]?.body.messages ?? []) as { content: string }[];
    const lines = messages[1]?.content.split("\n") ?? [];
    expect(lines.map((line) => JSON.parse(line) as { speaker: string; to?: string })).toMatchObject([
      { speaker: "Caroline", to: "Melanie" },
      { speaker: "Melanie", to: "Caroline" },
    ]);
    expect(result.knowledge?.llm).toEqual({
      calls: 2,
      promptTokens: 734 + 598,
      completionTokens: 162 + 24,
      fallbacks: 1,
    });
    const texts = (await engine.facts({ user: "c" })).map((f) => f.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        "Caroline is learning the piano.",
        "Caroline went to a transgender conference on 7 May 2023.",
        "Melanie's kids love camping.",
        "Luna is Melanie's pet.",
        // the second session's reply was prose: the rules read it
        "Caroline lives in Lisbon.",
      ]),
    );
    const graph = await engine.graph.readGraph({ user: "c" });
    expect(graph.relations.map((r) => `${r.from} ${r.relationType} ${r.to}`)).toEqual(
      expect.arrayContaining(["Melanie pet Luna", "Melanie children Melanie's children"]),
    );
  });

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
