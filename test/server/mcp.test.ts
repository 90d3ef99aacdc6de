/** The MCP tools round-trip through the official SDK client, over a real stdio transport and over streamable HTTP. */
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/server/http-app.js";
import { type HttpServer, startHttpServer } from "../../src/server/http-server.js";
import { createSqliteApiKeyStore } from "../../src/stores/sqlite/api-key-store.js";
import { openTestEngine, tempDir } from "../helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const REFERENCE_TOOLS = [
  "create_entities",
  "create_relations",
  "add_observations",
  "delete_entities",
  "delete_observations",
  "delete_relations",
  "read_graph",
  "search_nodes",
  "open_nodes",
];

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

interface ToolAnswer {
  isError?: boolean;
  content: { type: string; text: string }[];
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const answer = (await client.callTool({ name, arguments: args })) as ToolAnswer;
  const text = answer.content[0]?.text ?? "";
  return { isError: answer.isError === true, value: JSON.parse(text) };
}

/** The same round trip on any transport: remember, recall with weights, the graph tools, forget. */
async function roundTrip(client: Client, graphAvailable: boolean) {
  const tools = (await client.listTools()).tools.map((t) => t.name);
  expect(tools).toEqual(
    expect.arrayContaining([...REFERENCE_TOOLS, "remember", "recall", "context", "forget"]),
  );
  const recallTool = (await client.listTools()).tools.find((t) => t.name === "recall");
  expect(recallTool?.inputSchema.required).toEqual(["query"]);
  expect(Object.keys(recallTool?.inputSchema.properties ?? {})).not.toContain("tenant");

  const first = await call(client, "remember", { text: "Ana moved to Lisbon", user: "ana" });
  expect(first).toMatchObject({ isError: false, value: { inserted: 1 } });
  await call(client, "remember", { text: "Ana adopted two kittens", user: "ana" });
  await call(client, "remember", { text: "Bob moved to Porto", user: "bob" });

  const recalled = await call(client, "recall", { query: "Lisbon", user: "ana", k: 5, kinds: ["episode"] });
  expect(recalled.isError).toBe(false);
  expect(recalled.value.results[0]).toMatchObject({ text: "Ana moved to Lisbon", user: "ana" });
  expect(recalled.value.results[0].weight).toBeGreaterThan(0.5);
  expect(recalled.value.results[0].reasons.length).toBeGreaterThan(0);
  expect(recalled.value.results.every((r: { user: string }) => r.user === "ana")).toBe(true);

  const context = await call(client, "context", { query: "Where does Ana live?", user: "ana", budget: 300 });
  expect(context.isError).toBe(false);
  expect(context.value.text).toContain("Ana moved to Lisbon");
  expect(context.value.tokens).toBeLessThanOrEqual(300);

  const bad = await call(client, "forget", {});
  expect(bad).toMatchObject({ isError: true, value: { code: "invalid_input", status: 400 } });

  // the graph tools in a user of their own: entities derived from remembered text would mix in otherwise
  const graph = await call(client, "create_entities", {
    user: "kg",
    entities: [
      { name: "Ana", entityType: "person", observations: ["lives in Lisbon"] },
      { name: "Lisbon", entityType: "city", observations: [] },
    ],
  });
  if (graphAvailable) {
    expect(graph.isError).toBe(false);
    await call(client, "create_relations", {
      user: "kg",
      relations: [{ from: "Ana", to: "Lisbon", relationType: "lives_in" }],
    });
    await call(client, "add_observations", {
      user: "kg",
      observations: [{ entityName: "Ana", contents: ["has two kittens"] }],
    });
    const read = await call(client, "read_graph", { user: "kg" });
    expect(read.value.entities.map((e: { name: string }) => e.name).sort()).toEqual(["Ana", "Lisbon"]);
    expect(read.value.relations).toMatchObject([{ from: "Ana", to: "Lisbon", relationType: "lives_in" }]);
    const found = await call(client, "search_nodes", { user: "kg", query: "kittens" });
    expect(found.value.entities.map((e: { name: string }) => e.name)).toEqual(["Ana"]);
    const opened = await call(client, "open_nodes", { user: "kg", names: ["Lisbon"] });
    expect(opened.value.entities.map((e: { name: string }) => e.name)).toEqual(["Lisbon"]);
    await call(client, "delete_observations", {
      user: "kg",
      deletions: [{ entityName: "Ana", observations: ["has two kittens"] }],
    });
    await call(client, "delete_relations", {
      user: "kg",
      relations: [{ from: "Ana", to: "Lisbon", relationType: "lives_in" }],
    });
    await call(client, "delete_entities", { user: "kg", entityNames: ["Lisbon"] });
    const after = await call(client, "read_graph", { user: "kg" });
    expect(after.value.entities.map((e: { name: string }) => e.name)).toEqual(["Ana"]);
    expect(after.value.relations).toEqual([]);
  } else {
    expect(graph).toMatchObject({ isError: true, value: { code: "not_available" } });
  }

  const forgot = await call(client, "forget", { user: "ana" });
  expect(forgot.isError).toBe(false);
  expect(forgot.value.removed.length).toBeGreaterThanOrEqual(2);
  const empty = await call(client, "recall", { query: "Lisbon", user: "ana" });
  expect(empty.value.results).toEqual([]);
}

describe("engram mcp", () => {
  it("round-trips every tool over stdio (a spawned `engram mcp`)", async () => {
    const db = join(tempDir(), "mcp.db");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", "src/cli/main.ts", "--db", db, "--embedder", "hash", "mcp", "--tenant", "t1"],
      cwd: ROOT,
      stderr: "pipe",
    });
    const client = new Client({ name: "engram-test", version: "1.0.0" });
    await client.connect(transport);
    open.push(client);
    const probe = openTestEngine();
    await roundTrip(client, "graph" in probe.engine);
    await client.close();
    // the tools acted in tenant t1 only
    const check = openTestEngine({ path: db });
    expect((await check.engine.stats("t1")).byKind.episode).toBe(1);
    expect((await check.engine.stats("default")).memories).toBe(0);
  });

  it("round-trips over streamable HTTP, each key in its own tenant", async () => {
    const { engine, path, store } = openTestEngine();
    const keys = createSqliteApiKeyStore({ path });
    open.push(keys);
    const { key } = await keys.create({ tenant: "t2" });
    const server: HttpServer = await startHttpServer({ app: createHttpApp({ engine, keys }), port: 0 });
    open.push(server);

    const unauthorised = new Client({ name: "intruder", version: "1.0.0" });
    await expect(
      unauthorised.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`))),
    ).rejects.toThrow(/401/);

    const client = new Client({ name: "engram-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    open.push(client);
    await roundTrip(client, "graph" in engine);
    expect((await store.stats("t2")).byKind.episode).toBe(1);
    expect((await store.stats("default")).memories).toBe(0);
  });
});
