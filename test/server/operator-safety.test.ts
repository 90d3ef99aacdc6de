/**
 * Regression tests for issue 14's notes for operators: private store files, an explicit bind address (loopback by
 * default, with keys too), no open server beyond loopback, and help that says what an admin key can do.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { createSqliteApiKeyStore } from "../../src/stores/sqlite/api-key-store.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { runEngram, startServe, tempDir } from "../helpers.js";

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe("store files", () => {
  it("a new SQLite store, its WAL and its folder are private to the owner (0600 / 0700), also when the key store creates it", async () => {
    const dir = join(tempDir(), "fresh");
    const path = join(dir, "engram.db");
    const store = createSqliteStore({ path });
    await store.write({ inserts: [], reinforcements: [] });
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    await store.close();

    const keysPath = join(tempDir(), "keys.db");
    const keys = createSqliteApiKeyStore({ path: keysPath });
    await keys.create({ tenant: "acme" });
    expect(mode(keysPath)).toBe(0o600);
    await keys.close();
  });
});

describe("where the server listens", () => {
  it("with a key it still listens on 127.0.0.1 unless --host says otherwise, and the banner names the address", async () => {
    const db = join(tempDir(), "bind.db");
    expect((await runEngram(["--db", db, "keys", "create", "--tenant", "acme"])).code).toBe(EXIT.ok);
    const local = await startServe(["--db", db]);
    expect(local.info).toMatchObject({ host: "127.0.0.1", auth: true });
    expect(local.stderr()).toContain("listening on 127.0.0.1 port");
    expect(local.stderr()).toContain("this machine only (loopback)");
    local.child.kill("SIGTERM");
    await local.exited;

    const everywhere = await startServe(["--db", db], {}, ["--host", "0.0.0.0"]);
    expect(everywhere.info.host).toBe("0.0.0.0");
    expect(everywhere.stderr()).toContain("reachable from every network interface");
    expect(everywhere.stderr()).toContain("TLS-terminating proxy");
  });

  it("with no key, --host beyond loopback is refused with exit 2 and says to create a key", async () => {
    const db = join(tempDir(), "open.db");
    const run = await runEngram([
      "--db",
      db,
      "--embedder",
      "hash",
      "serve",
      "--port",
      "0",
      "--host",
      "0.0.0.0",
    ]);
    expect(run.code).toBe(EXIT.user);
    expect(run.stderr).toContain("engram keys create");
  });

  it("the help of `keys create --admin` says an admin key reaches every tenant", async () => {
    const help = await runEngram(["keys", "create", "--help"]);
    expect(help.stdout).toMatch(/--admin[\s\S]*every tenant/);
  });
});
