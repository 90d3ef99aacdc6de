/** The HTTP API through app.request(): every route, its problem bodies, keys and tenants, and errors that change nothing. */
import { describe, expect, it } from "vitest";
import { openTestServer, type TestResponse } from "./server-helpers.js";

const NOW = Date.UTC(2025, 5, 1);

async function problem(response: TestResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ status, code, type: `urn:engram:problem:${code}` });
  expect(typeof body.title).toBe("string");
  expect(body.detail.length).toBeGreaterThan(10);
  return body;
}

describe("HTTP API, open (no keys)", () => {
  it("remembers one item and a batch, recalls with weights, opens a memory's page and forgets it", async () => {
    const server = openTestServer({ now: () => NOW });
    const one = await server.call("POST", "/v1/memories", {
      body: { text: "Ana moved to Lisbon", user: "ana", at: "2025-05-01T10:00:00Z", source: "chat 1" },
    });
    expect(one.status).toBe(201);
    const written = await one.json();
    expect(written).toMatchObject({ inserted: 1, reinforced: 0, items: [{ action: "inserted" }] });
    const id = written.items[0].id as string;

    const batch = await server.call("POST", "/v1/memories", {
      body: {
        items: [
          { text: "Ana adopted two kittens", user: "ana", at: "2025-05-02T10:00:00Z" },
          { text: "Ana moved to Lisbon", user: "ana", at: "2025-05-03T10:00:00Z", source: "chat 2" },
          { text: "Bob moved to Porto", user: "bob" },
        ],
      },
    });
    expect(batch.status).toBe(201);
    expect(await batch.json()).toMatchObject({
      inserted: 2,
      reinforced: 1,
      items: [{ action: "inserted" }, { action: "reinforced", id, match: "exact" }, { action: "inserted" }],
    });

    // episodes only: the facts derived from them are recalled too otherwise
    const recall = await server.call("POST", "/v1/recall", {
      body: { query: "Lisbon", user: "ana", k: 10, kinds: ["episode"] },
    });
    expect(recall.status).toBe(200);
    const { results, candidates } = await recall.json();
    expect(candidates).toBe(2);
    expect(results.map((r: { text: string }) => r.text)).toEqual([
      "Ana moved to Lisbon",
      "Ana adopted two kittens",
    ]);
    expect(results[0].weight).toBeGreaterThan(0.5);
    expect(results[0].weight + results[1].weight).toBeCloseTo(1, 10);
    expect(Object.keys(results[0].breakdown)).toEqual(
      expect.arrayContaining(["lexical", "recency", "strength", "vector"]),
    );
    expect(results[0].reasons.length).toBeGreaterThan(0);

    const page = await (await server.call("GET", `/v1/memories/${id}`)).json();
    expect(page.memory).toMatchObject({ id, text: "Ana moved to Lisbon", count: 2, user: "ana" });
    expect(page.sources.map((s: { source: string }) => s.source)).toEqual(["chat 1", "chat 2"]);
    expect(page.history.map((h: { event: string }) => h.event)).toEqual([
      "recorded",
      "reinforced",
      "derived",
    ]);
    expect(page.strength[0]).toEqual({ at: "2025-05-01T10:00:00.000Z", strength: 0.5 });
    expect(page.strength.length).toBeGreaterThanOrEqual(3);

    const context = await (
      await server.call("POST", "/v1/context", {
        body: { query: "Where does Ana live?", user: "ana", budget: 200 },
      })
    ).json();
    expect(context.text).toContain("Ana moved to Lisbon");
    expect(context.tokens).toBeGreaterThan(0);
    expect(context.tokens).toBeLessThanOrEqual(200);
    await problem(
      await server.call("POST", "/v1/context", { body: { query: "x", budget: -1 } }),
      400,
      "invalid_input",
    );

    const timeline = await (await server.call("GET", "/v1/timeline?user=ana")).json();
    expect(timeline.episodes.map((e: { text: string }) => e.text)).toEqual([
      "Ana moved to Lisbon",
      "Ana adopted two kittens",
    ]);

    const deleted = await server.call("DELETE", `/v1/memories/${id}`);
    // with the facts derived from it alone
    expect((await deleted.json()).removed).toContain(id);
    await problem(await server.call("GET", `/v1/memories/${id}`), 404, "not_found");
    await problem(await server.call("DELETE", `/v1/memories/${id}`), 404, "not_found");
    expect((await (await server.call("GET", "/v1/stats")).json()).byKind.episode).toBe(2);
  });

  it("shows on a memory's page what superseded what", async () => {
    const server = openTestServer();
    const told = async (text: string, at: string) =>
      (
        await (
          await server.call("POST", "/v1/memories", { body: { text, user: "ana", speaker: "Ana", at } })
        ).json()
      ).items[0].id as string;
    const lisbon = await told("I live in Lisbon", "2024-01-01T00:00:00Z");
    await told("I live in Porto now", "2025-01-01T00:00:00Z");
    const page = await (await server.call("GET", `/v1/memories/${lisbon}`)).json();
    expect(page.history.map((h: { event: string; detail: string }) => [h.event, h.detail])).toEqual([
      ["recorded", "first told, happened 2024-01-01T00:00:00.000Z"],
      ["derived", "Ana lives in Lisbon."],
      ["superseded-by", "Ana lives in Porto."],
    ]);
    const newer = page.history[2].memoryId as string;
    const fact = await (await server.call("GET", `/v1/memories/${newer}`)).json();
    expect(fact.memory.kind).toBe("fact");
    expect(fact.history.map((h: { event: string; detail: string }) => [h.event, h.detail]).slice(1)).toEqual([
      ["derived-from", "I live in Porto now"],
      ["supersedes", "Ana lives in Lisbon."],
    ]);
  });

  it("forgets by scope, refuses an empty selector, exports JSONL and reports stats", async () => {
    const server = openTestServer();
    await server.call("POST", "/v1/memories", {
      body: {
        items: [
          { text: "one", user: "a" },
          { text: "two", user: "a" },
          { text: "three", user: "b" },
        ],
      },
    });
    await problem(await server.call("POST", "/v1/forget", { body: {} }), 400, "invalid_input");
    expect(await server.count()).toBe(3);

    const exported = await server.call("GET", "/v1/export");
    expect(exported.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = (await exported.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0].type).toBe("header");

    const forgot = await (await server.call("POST", "/v1/forget", { body: { user: "a" } })).json();
    expect(forgot.removed).toHaveLength(2);
    const stats = await (await server.call("GET", "/v1/stats")).json();
    expect(stats).toMatchObject({ memories: 1, users: 1, tenants: 1, embedder: { id: "hash-v1-512" } });
  });

  it("answers bad requests with problem+json and changes nothing", async () => {
    const server = openTestServer({ bodyLimit: 2048 });
    await server.call("POST", "/v1/memories", { body: { text: "kept", user: "a" } });
    const before = await server.count();

    await problem(await server.call("POST", "/v1/memories", { body: "{not json" }), 400, "invalid_input");
    await problem(await server.call("POST", "/v1/memories", { body: "" }), 400, "invalid_input");
    await problem(await server.call("POST", "/v1/memories", { body: [1, 2] }), 400, "invalid_input");
    const wrongType = await problem(
      await server.call("POST", "/v1/memories", { body: { text: 42, user: "a" } }),
      400,
      "invalid_input",
    );
    expect(wrongType.detail).toContain("text");
    await problem(
      await server.call("POST", "/v1/memories", { body: { text: "x", colour: "blue" } }),
      400,
      "invalid_input",
    );
    // one bad item in a batch: nothing of the batch is written
    await problem(
      await server.call("POST", "/v1/memories", { body: { items: [{ text: "fine" }, { text: "" }] } }),
      400,
      "invalid_input",
    );
    await problem(
      await server.call("POST", "/v1/recall", { body: { query: "x", k: "ten" } }),
      400,
      "invalid_input",
    );
    await problem(
      await server.call("POST", "/v1/memories", { body: { text: "y".repeat(5000) } }),
      413,
      "payload_too_large",
    );
    await problem(await server.call("GET", "/v1/nowhere"), 404, "not_found");
    await problem(await server.call("PUT", "/v1/memories"), 404, "not_found");
    await problem(await server.call("GET", "/v1/timeline?order=sideways"), 400, "invalid_input");
    await problem(
      await server.call("POST", "/v1/recall", { body: { query: "x", tenant: "someone-else" } }),
      403,
      "forbidden",
    );
    // a key sent to an open server must be a real one
    await problem(await server.call("GET", "/v1/stats", { key: "egk_made_up" }), 401, "unauthorized");
    // key management needs an admin key
    await problem(await server.call("POST", "/v1/keys", { body: { tenant: "t" } }), 403, "forbidden");
    expect(await server.count()).toBe(before);
  });

  it("serves an OpenAPI 3.1 document generated from the request schemas", async () => {
    const server = openTestServer();
    const document = await (await server.call("GET", "/openapi.json")).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/v1/memories",
        "/v1/recall",
        "/v1/context",
        "/v1/forget",
        "/v1/export",
        "/v1/memories/{id}",
      ]),
    );
    const remember = document.components.schemas.RememberInput;
    expect(remember.required).toEqual(["text"]);
    expect(remember.additionalProperties).toBe(false);
    expect(remember.properties.text).toMatchObject({ type: "string", minLength: 1, maxLength: 100_000 });
    expect(document.components.schemas.RecallInput.properties.k).toMatchObject({
      type: "integer",
      default: 10,
    });
    // every $ref points at a component that exists
    const refs = [
      ...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g),
    ];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, group, name] of refs)
      expect(document.components[group as string][name as string]).toBeDefined();
  });

  it("serves the inspector page and its script", async () => {
    const server = openTestServer();
    const page = await server.call("GET", "/");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain('<script type="module" src="/inspector.js">');
    const script = await server.call("GET", "/inspector.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("/v1/recall");
  });
});

describe("HTTP API with keys", () => {
  it("forces each key's tenant, and refuses missing, unknown and revoked keys without changing anything", async () => {
    const server = openTestServer({ adminKey: "admin-secret" });
    const created = await server.call("POST", "/v1/keys", { key: "admin-secret", body: { tenant: "acme" } });
    expect(created.status).toBe(201);
    const acme = await created.json();
    expect(acme).toMatchObject({ tenant: "acme", admin: false });
    expect(acme.key).toMatch(/^egk_[A-Za-z0-9_-]{43}$/);
    const other = await (
      await server.call("POST", "/v1/keys", { key: "admin-secret", body: { tenant: "globex" } })
    ).json();

    const written = await server.call("POST", "/v1/memories", {
      key: acme.key,
      body: { text: "acme secret plan" },
    });
    expect(written.status).toBe(201);
    const { items } = await written.json();
    expect((await server.engine.store.get("acme", [items[0].id]))[0]?.tenant).toBe("acme");
    const before = await server.count();

    await problem(await server.call("GET", "/v1/stats"), 401, "unauthorized");
    await problem(
      await server.call("POST", "/v1/memories", { body: { text: "sneaky" } }),
      401,
      "unauthorized",
    );
    await problem(
      await server.call("POST", "/v1/memories", { key: "egk_wrong", body: { text: "sneaky" } }),
      401,
      "unauthorized",
    );
    await problem(
      await server.call("POST", "/v1/memories", {
        body: { text: "x" },
        headers: { authorization: "Basic abc" },
      }),
      401,
      "unauthorized",
    );
    await problem(
      await server.call("POST", "/v1/memories", { key: other.key, body: { text: "x", tenant: "acme" } }),
      403,
      "forbidden",
    );
    await problem(
      await server.call("POST", "/v1/keys", { key: acme.key, body: { tenant: "acme" } }),
      403,
      "forbidden",
    );
    // the other tenant sees nothing of acme's
    const seen = await (
      await server.call("POST", "/v1/recall", { key: other.key, body: { query: "secret plan" } })
    ).json();
    expect(seen.results).toEqual([]);
    await problem(
      await server.call("GET", `/v1/memories/${items[0].id}`, { key: other.key }),
      404,
      "not_found",
    );
    await problem(
      await server.call("DELETE", `/v1/memories/${items[0].id}`, { key: other.key }),
      404,
      "not_found",
    );
    expect((await (await server.call("GET", "/v1/stats", { key: other.key })).json()).memories).toBe(0);

    const revoked = await server.call("DELETE", `/v1/keys/${acme.id}`, { key: "admin-secret" });
    expect((await revoked.json()).revokedAt).toEqual(expect.any(Number));
    await problem(
      await server.call("POST", "/v1/memories", { key: acme.key, body: { text: "after revoke" } }),
      401,
      "unauthorized",
    );
    const listed = await (await server.call("GET", "/v1/keys", { key: "admin-secret" })).json();
    expect(
      listed.keys
        .map((k: { tenant: string; revokedAt: number | null }) => [k.tenant, k.revokedAt !== null])
        .sort(),
    ).toEqual([
      ["acme", true],
      ["globex", false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(acme.key);
    expect(await server.count()).toBe(before);
  });

  it("stores only a SHA-256 hash of each key", async () => {
    const server = openTestServer();
    const { key } = await server.keys.create({ tenant: "t" });
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(server.path, { readonly: true });
    const rows = db.prepare("SELECT * FROM api_keys").all() as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key);
    const { createHash } = await import("node:crypto");
    expect(rows[0]?.key_hash).toBe(createHash("sha256").update(key).digest("hex"));
  });
});
