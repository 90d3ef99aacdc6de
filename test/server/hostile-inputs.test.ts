/**
 * Regression tests for the hostile inputs of issue 14: times out of range (given and stored), JSON nested or sized to
 * hurt, ids with characters that break headers. Each test is named after what it guards.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "../../src/server/headers.js";
import { openTestServer, type TestResponse } from "./server-helpers.js";

const NOW = Date.UTC(2025, 5, 1);

async function problem(response: TestResponse, status: number, code: string): Promise<{ detail: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ status, code });
  return body;
}

/** A remember body whose metadata nests `depth` objects below its key, as text (JSON.stringify would overflow first). */
function deepBody(depth: number): string {
  return `{"text":"deep","metadata":{"d":${'{"a":'.repeat(depth)}"leaf"${"}".repeat(depth)}}}`;
}

describe("times at the edge", () => {
  it("a time outside years 0001–9999 is refused in every field that takes one, and nothing is stored", async () => {
    const server = openTestServer({ now: () => NOW });
    const cases: [string, string, unknown][] = [
      ["POST", "/v1/memories", { text: "poison", user: "u", at: 1e20 }],
      ["POST", "/v1/memories", { text: "poison", user: "u", at: 9e15 }],
      ["POST", "/v1/memories", { text: "poison", user: "u", at: "+010000-01-01T00:00:00Z" }],
      [
        "POST",
        "/v1/memories",
        {
          items: [
            { text: "ok", user: "u" },
            { text: "poison", at: -1e15 },
          ],
        },
      ],
      ["POST", "/v1/recall", { query: "poison", user: "u", asOf: 1e20 }],
      ["POST", "/v1/recall", { query: "poison", user: "u", from: 1e20 }],
      ["POST", "/v1/recall", { query: "poison", user: "u", to: -1e20 }],
      ["POST", "/v1/recall", { query: "poison", user: "u", now: 9e15 }],
      ["POST", "/v1/context", { query: "poison", user: "u", asOf: 1e20 }],
    ];
    for (const [method, path, body] of cases) {
      const answer = await problem(await server.call(method, path, { body }), 400, "invalid_input");
      expect(answer.detail).toContain("0001");
      expect(answer.detail).toContain("9999");
    }
    await problem(
      await server.call("GET", "/v1/timeline?from=%2B275760-09-13T00:00:00Z"),
      400,
      "invalid_input",
    );
    expect(await server.count()).toBe(0);
    // a fraction of a millisecond is rounded: stored times are whole milliseconds
    const fractional = await server.call("POST", "/v1/memories", { body: { text: "half", at: 1.5 } });
    const [stored] = await server.store.get("default", [(await fractional.json()).items[0].id]);
    expect(stored?.occurredAt).toBe(2);
    // the edges themselves are times
    const edge = await server.call("POST", "/v1/memories", {
      body: {
        items: [
          { text: "first", at: "0001-01-01T00:00:00Z" },
          { text: "last", at: "9999-12-31T23:59:59.999Z" },
        ],
      },
    });
    expect(edge.status).toBe(201);
  });

  it("a stored out-of-range time never makes a read fail: recall, context, lists, timeline, page and export answer", async () => {
    const server = openTestServer({ now: () => NOW });
    const written = await server.call("POST", "/v1/memories", {
      body: {
        items: [
          { text: "poison pill about Lisbon", user: "u" },
          { text: "Lisbon is sunny", user: "u" },
        ],
      },
    });
    expect(written.status).toBe(201);
    const id = (await written.json()).items[0].id as string;
    // what an older version or a hand-edited file could hold
    const raw = new Database(server.path);
    raw
      .prepare(
        "UPDATE memories SET occurred_at = 1e20, recorded_at = -1e20, last_seen_at = 9e15, sources = ? WHERE id = ?",
      )
      .run(JSON.stringify([{ source: null, occurredAt: 1e20, recordedAt: 1e20, session: null }]), id);
    raw.close();

    for (const [method, path, body] of [
      ["POST", "/v1/recall", { query: "Lisbon", user: "u" }],
      ["POST", "/v1/context", { query: "Lisbon", user: "u" }],
      ["GET", "/v1/memories?user=u", undefined],
      ["GET", "/v1/timeline?user=u", undefined],
      ["GET", `/v1/memories/${id}`, undefined],
      ["GET", "/v1/export", undefined],
    ] as const) {
      const response = await server.call(method, path, { body });
      expect(response.status, `${method} ${path}`).toBe(200);
      await response.text();
    }
    const recalled = await (
      await server.call("POST", "/v1/recall", { body: { query: "poison", user: "u" } })
    ).json();
    expect(recalled.results[0].occurredAt).toBe("9999-12-31T23:59:59.999Z");
  });
});

describe("JSON sized to hurt", () => {
  it("metadata nested deeper than 32 is refused before it is parsed deeply, with the limit in the message", async () => {
    const server = openTestServer();
    const ok = await server.call("POST", "/v1/memories", { body: deepBody(31) });
    expect(ok.status).toBe(201);
    for (const depth of [33, 1500, 5000]) {
      const answer = await problem(
        await server.call("POST", "/v1/memories", { body: deepBody(depth) }),
        400,
        "invalid_input",
      );
      expect(answer.detail).toMatch(/32|deep/);
    }
    // a body nested 100,000 deep is refused by the scan before JSON.parse builds it
    const brackets = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    await problem(await server.call("POST", "/v1/recall", { body: brackets }), 400, "invalid_input");
    expect(await server.count()).toBe(1);
  });

  it("metadata with too many keys or too long a string is refused with the limit", async () => {
    const server = openTestServer();
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    const answer = await problem(
      await server.call("POST", "/v1/memories", { body: { text: "wide", metadata: many } }),
      400,
      "invalid_input",
    );
    expect(answer.detail).toContain("1000");
    const long = await problem(
      await server.call("POST", "/v1/memories", {
        body: { text: "long", metadata: { s: "x".repeat(10_001) } },
      }),
      400,
      "invalid_input",
    );
    expect(long.detail).toContain("10000");
    expect(await server.count()).toBe(0);
  });
});

describe("ids and headers", () => {
  it("ids outside the documented character set and length are refused, the rule in the message", async () => {
    const server = openTestServer();
    for (const user of ['a"b', "line\nbreak", "tab\there", "x".repeat(129), "semi;colon", "back\\slash"]) {
      const answer = await problem(
        await server.call("POST", "/v1/memories", { body: { text: "hello", user } }),
        400,
        "invalid_input",
      );
      expect(answer.detail).toContain("letters, digits");
    }
    const admin = await server.keys.create({ tenant: "ops", admin: true });
    const refused = await problem(
      await server.call("POST", "/v1/keys", { key: admin.key, body: { tenant: 'evil"\r\nX-Injected: 1' } }),
      400,
      "invalid_input",
    );
    expect(refused.detail).toContain("letters, digits");
    expect(await server.count()).toBe(0);
  });

  it("a tenant outside Latin-1 exports with a download file name built from safe characters only", async () => {
    const server = openTestServer();
    const admin = await server.keys.create({ tenant: "ops", admin: true });
    const created = await server.call("POST", "/v1/keys", { key: admin.key, body: { tenant: "租户" } });
    expect(created.status).toBe(201);
    const { key } = await created.json();
    expect((await server.call("POST", "/v1/memories", { key, body: { text: "你好" } })).status).toBe(201);
    const exported = await server.call("GET", "/v1/export", { key });
    expect(exported.status).toBe(200);
    const disposition = exported.headers.get("content-disposition") as string;
    expect(disposition).toMatch(/^[\x20-\x7e]+$/);
    expect(disposition).toContain(`filename*=UTF-8''engram-${encodeURIComponent("租户")}.jsonl`);
    expect((await exported.text()).split("\n").filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });

  it("a stored tenant with quotes and line breaks still gives a header of safe characters", () => {
    const header = attachmentDisposition('engram-x"\r\nSet-Cookie: a=b;租.jsonl');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(header).not.toContain("\r");
    expect(header.split("filename*=")[0]).not.toContain(";租");
    expect(() => new Headers({ "content-disposition": header })).not.toThrow();
  });
});

describe("found by the fuzzer", () => {
  it("a memory of kind unit without a translation unit in its metadata never breaks the translation memory", async () => {
    const server = openTestServer();
    const stray = await server.call("POST", "/v1/memories", {
      body: { text: "ana", kind: "unit", metadata: { x: 1 } },
    });
    expect(stray.status).toBe(201);
    const imported = await server.call("POST", "/v1/tm/import", {
      body: { targetLang: "zh-CN", units: [{ source: "ana", target: "安娜" }] },
    });
    expect(imported.status).toBe(201);
    const matched = await server.call("POST", "/v1/tm/match", { body: { sentence: "ana" } });
    expect(matched.status).toBe(200);
    expect((await matched.json()).matches.map((m: { target: string }) => m.target)).toEqual(["安娜"]);
    const translated = await server.call("POST", "/v1/tm/translate", {
      body: { sentence: "ana", targetLang: "zh-CN" },
    });
    expect(await translated.json()).toMatchObject({ translation: "安娜" });
    expect((await server.call("GET", "/v1/tm/export?format=tsv")).status).toBe(200);
  });

  it("MCP: params that fail the protocol's own schema are invalid params (-32602), not an internal error", async () => {
    const { InMemoryTransport } = await import("@modelcontextprotocol/sdk/inMemory.js");
    const { createMcpServer } = await import("../../src/server/mcp-server.js");
    const server = openTestServer();
    const mcp = createMcpServer({ engine: server.engine, tenant: "default" });
    const [client, transport] = InMemoryTransport.createLinkedPair();
    await mcp.connect(transport);
    const answers: { id?: number; error?: { code: number; message: string } }[] = [];
    client.onmessage = (message) => {
      answers.push(message as (typeof answers)[number]);
    };
    await client.start();
    await client.send({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "recall", arguments: 5 },
    });
    await client.send({ jsonrpc: "2.0", id: 2, method: "initialize", params: {} });
    await expect.poll(() => answers.length).toBe(2);
    for (const answer of answers) {
      expect(answer.error?.code).toBe(-32602);
      expect(answer.error?.message).toMatch(/^invalid params: params\./);
    }
    await mcp.close();
  });
});
