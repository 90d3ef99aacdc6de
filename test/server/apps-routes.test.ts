/** The application routes through app.request(): chat (offline and with a recorded LLM reply), reading, the translation memory, tenants and problems. */
import { describe, expect, it } from "vitest";
import { createLanguageModel } from "../../src/providers/index.js";
import { serveDialogueFixtures } from "../apps/dialogue/dialogue-fixture-server.js";
import { openTestServer, type TestResponse } from "./server-helpers.js";

const NOW = Date.UTC(2025, 5, 1);

const TMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" srclang="en" datatype="plaintext"/>
  <body>
    <tu tuid="t1">
      <tuv xml:lang="en"><seg>I know.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>我知道。</seg></tuv>
    </tu>
    <tu tuid="t2">
      <tuv xml:lang="en"><seg>Where is the station?</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>车站在哪里？</seg></tuv>
    </tu>
  </body>
</tmx>
`;

async function problem(response: TestResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ status, code });
  return body;
}

describe("POST /v1/chat", () => {
  it("answers from memory across sessions with no LLM, and returns the trace when asked", async () => {
    const server = openTestServer({ now: () => NOW });
    const told = await server.call("POST", "/v1/chat", {
      body: { text: "I moved to Lisbon last month", user: "ana", session: "s1" },
    });
    expect(told.status).toBe(200);
    expect(await told.json()).toMatchObject({ mode: "context-only", answer: "Noted: you live in Lisbon." });
    const asked = await (
      await server.call("POST", "/v1/chat", {
        body: { text: "where do I live?", user: "ana", session: "s2", trace: true },
      })
    ).json();
    expect(asked).toMatchObject({ mode: "memory", answer: "You live in Lisbon." });
    expect(asked.recalled).toHaveLength(2);
    expect(asked.trace.at(-1)).toMatch(/^answered from fact mem_\w+: ana lives_in Lisbon \(told 1×\)$/u);
    const zh = await server.call("POST", "/v1/chat", {
      body: { text: "我住在北京", user: "li", session: "c1" },
    });
    expect((await zh.json()).answer).toBe("记住了：你住在北京。");
    const where = await server.call("POST", "/v1/chat", {
      body: { text: "我住在哪里？", user: "li", session: "c2" },
    });
    expect(await where.json()).toMatchObject({ mode: "memory", answer: "你住在北京。" });
    // a question no fact answers: the user's own words, quoted, and the memory quoted named in said
    const need = await (
      await server.call("POST", "/v1/chat", {
        body: { text: "I need to buy milk and eggs.", user: "ana", session: "s3" },
      })
    ).json();
    const buy = await (
      await server.call("POST", "/v1/chat", {
        body: { text: "What do I need to buy?", user: "ana", session: "s4" },
      })
    ).json();
    expect(buy).toMatchObject({ mode: "memory", said: [need.remembered.user] });
    expect(buy.answer).toMatch(/^You told me on \d{1,2} \w+ \d{4}: "I need to buy milk and eggs\."$/u);
  });

  it("answers through the server's language model with a recorded reply; llm:false turns it off", async () => {
    const fixtures = await serveDialogueFixtures();
    const languageModel = createLanguageModel({
      kind: "openai",
      baseUrl: fixtures.baseUrl,
      model: "gpt-4o-mini",
    });
    const server = openTestServer({ now: () => NOW, languageModel });
    await server.call("POST", "/v1/chat", {
      body: { text: "I moved to Lisbon last month", user: "ana", session: "s1" },
    });
    const answered = await (
      await server.call("POST", "/v1/chat", {
        body: { text: "Where do I live?", user: "ana", session: "s2" },
      })
    ).json();
    expect(answered).toMatchObject({
      mode: "llm",
      answer: "You live in Lisbon — you told me you moved there last month. How are you settling in?",
      llm: { calls: 1, promptTokens: 318, completionTokens: 21 },
    });
    expect(fixtures.answers().at(-1)?.messages[0]?.content).toContain("ana lives in Lisbon.");
    const offline = await (
      await server.call("POST", "/v1/chat", {
        body: { text: "Where do I live?", user: "ana", session: "s3", llm: false },
      })
    ).json();
    expect(offline).toMatchObject({ mode: "memory", answer: "You live in Lisbon." });
  });

  it("refuses bad bodies, llm:true without a model, and another tenant, writing nothing", async () => {
    const server = openTestServer({ now: () => NOW });
    const missing = await problem(
      await server.call("POST", "/v1/chat", { body: { text: "hi", user: "ana" } }),
      400,
      "invalid_input",
    );
    expect(missing.detail).toContain("session");
    await problem(
      await server.call("POST", "/v1/chat", { body: { text: "hi", user: "ana", session: "s", llm: true } }),
      501,
      "not_available",
    );
    await problem(
      await server.call("POST", "/v1/chat", {
        body: { text: "hi", user: "ana", session: "s", tenant: "other" },
      }),
      403,
      "forbidden",
    );
    expect(await server.count()).toBe(0);
  });

  it("keeps each key's chats in its tenant", async () => {
    const server = openTestServer({ adminKey: "admin-secret", now: () => NOW });
    const key = async (tenant: string) =>
      (await (await server.call("POST", "/v1/keys", { key: "admin-secret", body: { tenant } })).json())
        .key as string;
    const acme = await key("acme");
    const globex = await key("globex");
    await server.call("POST", "/v1/chat", {
      key: acme,
      body: { text: "I live in Lisbon.", user: "ana", session: "s1" },
    });
    const theirs = await (
      await server.call("POST", "/v1/chat", {
        key: globex,
        body: { text: "Where do I live?", user: "ana", session: "s2" },
      })
    ).json();
    expect(theirs).toMatchObject({
      mode: "context-only",
      answer: "I don't remember you telling me that.",
      recalled: [],
    });
    const ours = await (
      await server.call("POST", "/v1/chat", {
        key: acme,
        body: { text: "Where do I live?", user: "ana", session: "s2" },
      })
    ).json();
    expect(ours.answer).toBe("You live in Lisbon.");
    expect((await server.engine.stats("globex")).memories).toBe(1);
  });
});

describe("reading routes", () => {
  it("reads a document and answers a question from its segments", async () => {
    const server = openTestServer({ now: () => NOW });
    const read = await server.call("POST", "/v1/reading/documents", {
      body: {
        text: "天坛位于北京。天坛始建于明朝永乐十八年。它是明清两代皇帝祭天的地方。天坛占地约273万平方米。",
        document: "temple.txt",
      },
    });
    expect(read.status).toBe(201);
    expect(await read.json()).toMatchObject({ document: "temple.txt", segments: 2, inserted: 2 });
    const asked = await (
      await server.call("POST", "/v1/reading/ask", { body: { question: "天坛占地多少？", k: 2 } })
    ).json();
    expect(asked.answer).toMatchObject({ text: "约273万平方米", method: "extractive", citations: [1] });
    expect(asked.segments[0].source).toBe("temple.txt#20-47");
    await problem(
      await server.call("POST", "/v1/reading/ask", { body: { question: "" } }),
      400,
      "invalid_input",
    );
  });
});

describe("translation-memory routes", () => {
  it("imports TMX and JSON pairs, exports TMX and TSV, matches and reuses an exact match", async () => {
    const server = openTestServer({ now: () => NOW });
    const tmx = await server.call("POST", "/v1/tm/import", {
      body: TMX,
      headers: { "content-type": "application/xml" },
    });
    expect(tmx.status).toBe(201);
    expect(await tmx.json()).toMatchObject({ units: 2, inserted: 2, duplicates: 0, skipped: 0 });
    const pairs = await server.call("POST", "/v1/tm/import", {
      body: {
        targetLang: "zh-CN",
        units: [
          { source: "I know.", target: "我知道。", tuid: "t1" },
          { source: "Good morning!", target: "早上好！", note: "greeting" },
        ],
      },
    });
    expect(await pairs.json()).toMatchObject({ units: 2, inserted: 1, duplicates: 1 });

    const tsv = await server.call("GET", "/v1/tm/export?format=tsv");
    expect(tsv.headers.get("content-type")).toBe("text/tab-separated-values; charset=utf-8");
    expect(await tsv.text()).toBe(
      "I know.\t我知道。\nWhere is the station?\t车站在哪里？\nGood morning!\t早上好！\n",
    );
    const exported = await server.call("GET", "/v1/tm/export");
    expect(exported.headers.get("content-type")).toBe("application/x-tmx+xml; charset=utf-8");
    const xml = await exported.text();
    expect(xml).toContain('<tu tuid="t2">');
    expect(xml).toContain("<note>greeting</note>");

    const matched = await (
      await server.call("POST", "/v1/tm/match", { body: { sentence: "Where is the bus station?", k: 1 } })
    ).json();
    expect(matched.matches).toHaveLength(1);
    expect(matched.matches[0]).toMatchObject({ source: "Where is the station?", target: "车站在哪里？" });
    expect(matched.matches[0].fuzzy).toBeCloseTo(84, 0);

    const exact = await (
      await server.call("POST", "/v1/tm/translate", { body: { sentence: "I know.", targetLang: "zh-CN" } })
    ).json();
    expect(exact).toMatchObject({ translation: "我知道。", method: "exact-match" });
    const none = await (
      await server.call("POST", "/v1/tm/translate", {
        body: { sentence: "Good night!", targetLang: "zh-CN" },
      })
    ).json();
    expect(none).toMatchObject({ translation: null, method: "none" });

    await problem(
      await server.call("POST", "/v1/tm/import", { body: { targetLang: "zh-CN", units: [] } }),
      400,
      "invalid_input",
    );
    await problem(await server.call("GET", "/v1/tm/export?format=csv"), 400, "invalid_input");
  });

  it("lists the routes in the OpenAPI document", async () => {
    const server = openTestServer();
    const document = await (await server.call("GET", "/openapi.json")).json();
    for (const path of [
      "/v1/chat",
      "/v1/reading/documents",
      "/v1/reading/ask",
      "/v1/tm/import",
      "/v1/tm/match",
      "/v1/tm/translate",
    ])
      expect(Object.keys(document.paths[path])).toEqual(["post"]);
    expect(Object.keys(document.paths["/v1/tm/export"])).toEqual(["get"]);
    expect(document.paths["/v1/chat"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ChatInput",
    });
    expect(document.components.schemas.ChatInput.required).toEqual(["text", "user", "session"]);
  });
});
