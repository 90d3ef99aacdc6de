/** `engram keys` and `engram serve` with --database-url: the API keys live in PostgreSQL, shared by every server over it. */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { hashApiKey } from "../../src/stores/api-key-common.js";
import { runEngram, startServe, tempDir } from "../helpers.js";
import { adminQuery, SKIP_REASON, TEST_DATABASE_URL } from "../stores/postgres-helpers.js";

const engram = runEngram;

if (TEST_DATABASE_URL === undefined) {
  describe("engram keys with --database-url", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const serverUrl = TEST_DATABASE_URL;
  const databases: string[] = [];
  afterEach(async () => {
    for (const name of databases.splice(0)) {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  /** A new, empty database on the test server (the CLI has no flag for a schema): its URL and name. */
  async function freshDatabase(): Promise<{ url: string; name: string }> {
    const name = `engram_test_cli_keys_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    databases.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), name };
  }

  /** `engram serve` over `databaseUrl`, with ENGRAM_DATABASE_URL cleared so the flag alone decides. */
  const serve = (databaseUrl: string, env: NodeJS.ProcessEnv) =>
    startServe(["--database-url", databaseUrl], { ENGRAM_DATABASE_URL: "", ...env });

  describe("engram keys with --database-url", () => {
    it("creates a key in PostgreSQL that `keys list` with the same URL shows; the SQLite file is never touched", async () => {
      const { url } = await freshDatabase();
      const dir = tempDir();
      const sqlite = join(dir, "engram.db");
      // the default SQLite file, were the keys to go there
      const env = { ENGRAM_DB: sqlite, HOME: dir };

      const created = await engram(
        ["--database-url", url, "--json", "keys", "create", "--tenant", "acme", "--name", "ci"],
        env,
      );
      expect(created.code).toBe(EXIT.ok);
      expect(created.stderr).toBe("");
      const { key, id } = created.json();
      expect(created.json()).toEqual({ key, tenant: "acme", id });
      expect(key).toMatch(/^egk_[A-Za-z0-9_-]{43}$/);

      const rows = await adminQuery(url, "SELECT * FROM engram_api_keys");
      expect(rows).toEqual([
        {
          id,
          key_hash: hashApiKey(key),
          tenant: "acme",
          admin: false,
          name: "ci",
          prefix: key.slice(0, 10),
          created_at: expect.any(String),
          revoked_at: null,
        },
      ]);
      const createdAt = Number((rows[0] as { created_at: string }).created_at);
      const record = {
        id,
        tenant: "acme",
        admin: false,
        name: "ci",
        prefix: key.slice(0, 10),
        createdAt,
        revokedAt: null,
      };

      const listed = await engram(["--database-url", url, "--json", "keys", "list"], env);
      expect(listed.code).toBe(EXIT.ok);
      expect(listed.json()).toEqual({ keys: [record] });
      expect(listed.stdout).not.toContain(key);
      const human = await engram(["--database-url", url, "keys", "list"], env);
      expect(human.stdout).toBe(`${id}  ${key.slice(0, 10)}…  tenant acme  "ci"  active\n`);

      // $ENGRAM_DATABASE_URL, with no --db, is the same database
      const fromEnv = await engram(["--json", "keys", "list"], { ...env, ENGRAM_DATABASE_URL: url });
      expect(fromEnv.json()).toEqual({ keys: [record] });
      const revoked = await engram(["--json", "keys", "revoke", id], { ...env, ENGRAM_DATABASE_URL: url });
      expect(revoked.json()).toEqual({ ...record, revokedAt: expect.any(Number) });
      const afterRevoke = await engram(["--database-url", url, "--json", "keys", "list"], env);
      expect(afterRevoke.json()).toEqual({ keys: [revoked.json()] });

      expect(existsSync(sqlite)).toBe(false);
      // --db names a SQLite file, which wins over $ENGRAM_DATABASE_URL: that file has no keys
      const own = await engram(["--db", sqlite, "--json", "keys", "list"], {
        ...env,
        ENGRAM_DATABASE_URL: url,
      });
      expect(own.json()).toEqual({ keys: [] });
      expect(existsSync(sqlite)).toBe(true);
    });

    it("two `engram serve` over one PostgreSQL accept the same key, and both refuse it once revoked", async () => {
      const { url } = await freshDatabase();
      const dir = tempDir();
      const env = { ENGRAM_DB: join(dir, "engram.db"), HOME: dir };
      const created = await engram(
        ["--database-url", url, "--json", "keys", "create", "--tenant", "acme"],
        env,
      );
      const { key, id } = created.json();

      const [first, second] = await Promise.all([serve(url, env), serve(url, env)]);
      expect([first.info.auth, second.info.auth]).toEqual([true, true]);
      const written = await fetch(`${first.url}/v1/memories`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ text: "acme quarterly plan", user: "u1" }),
      });
      expect(written.status).toBe(201);
      const stats = await fetch(`${second.url}/v1/stats`, { headers: { authorization: `Bearer ${key}` } });
      expect(stats.status).toBe(200);
      expect(((await stats.json()) as { memories: number }).memories).toBe(1);
      expect((await fetch(`${second.url}/v1/stats`)).status).toBe(401);

      expect((await engram(["--database-url", url, "keys", "revoke", id], env)).code).toBe(EXIT.ok);
      for (const server of [first, second]) {
        const refused = await fetch(`${server.url}/v1/stats`, {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(refused.status).toBe(401);
      }
      for (const server of [first, second]) server.child.kill("SIGTERM");
      expect(await Promise.all([first.exited, second.exited])).toEqual([0, 0]);
      expect(existsSync(join(dir, "engram.db"))).toBe(false);
    });
  });
}
