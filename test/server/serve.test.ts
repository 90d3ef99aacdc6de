/** `engram serve` and `engram keys` end to end: a real socket, keys from the CLI, and a SIGTERM that finishes writes in flight. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { openTestEngine, runEngram, startServe, tempDir } from "../helpers.js";

const engram = runEngram;

const serve = (db: string, env: NodeJS.ProcessEnv = {}) => startServe(["--db", db], env);

describe("engram serve", () => {
  it("without keys listens on loopback only, says so, and finishes a write in flight on SIGTERM", async () => {
    const db = join(tempDir(), "serve.db");
    const server = await serve(db);
    expect(server.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.info.auth).toBe(false);
    expect(server.stderr()).toContain("no API key is configured, so the server listens on 127.0.0.1 only");

    const page = await fetch(`${server.info.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Engram");

    const items = Array.from({ length: 256 }, (_, i) => ({ text: `note number ${i} about topic ${i % 7}` }));
    const pending = fetch(`${server.info.url}/v1/memories`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items }),
    });
    await new Promise((done) => setTimeout(done, 30));
    server.child.kill("SIGTERM");
    const response = await pending;
    expect(response.status).toBe(201);
    const outcome = JSON.parse(await response.text());
    expect(outcome.inserted + outcome.reinforced).toBe(256);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain("SIGTERM");
    expect(server.stderr()).toContain("closed");

    const check = openTestEngine({ path: db });
    expect((await check.engine.stats()).memories).toBe(outcome.inserted);
  });

  it("with a key from `engram keys create` requires it and scopes requests to its tenant; revoke stops it", async () => {
    const db = join(tempDir(), "keys.db");
    const created = await engram(["--db", db, "--json", "keys", "create", "--tenant", "acme"]);
    expect(created.code).toBe(EXIT.ok);
    const { key, tenant, id } = JSON.parse(created.stdout);
    expect(tenant).toBe("acme");
    expect(key).toMatch(/^egk_/);

    const listed = await engram(["--db", db, "--json", "keys", "list"]);
    expect(JSON.parse(listed.stdout).keys).toMatchObject([
      { id, tenant: "acme", admin: false, revokedAt: null },
    ]);
    expect(listed.stdout).not.toContain(key);

    const server = await serve(db);
    expect(server.info.auth).toBe(true);
    const { url } = server;
    const anonymous = await fetch(`${url}/v1/stats`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    const written = await fetch(`${url}/v1/memories`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "acme quarterly plan", user: "u1" }),
    });
    expect(written.status).toBe(201);

    const revoked = await engram(["--db", db, "--json", "keys", "revoke", id]);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id, tenant: "acme", revokedAt: expect.any(Number) });
    const after = await fetch(`${url}/v1/stats`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);
    const missing = await engram(["--db", db, "keys", "revoke", "key_nope"]);
    expect(missing.code).toBe(EXIT.user);

    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
    const check = openTestEngine({ path: db });
    expect((await check.engine.stats("acme")).memories).toBe(1);
  });
});
