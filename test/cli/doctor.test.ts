/**
 * `engram doctor` (issue 14): it finds a planted out-of-range time and a dangling reference on SQLite and on
 * PostgreSQL, says how to mend them, changes nothing, and exits 0 on a healthy store.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { createEngine } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { checkPostgresStore, createPostgresStore } from "../../src/stores/postgres/index.js";
import { openTestEngine, runEngram } from "../helpers.js";
import { adminQuery, dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../stores/postgres-helpers.js";

const TURNS = [
  { text: "Ana moved to Lisbon in May.", user: "ana", speaker: "Ana" },
  { text: "Ana works at Siemens.", user: "ana", speaker: "Ana" },
];

function digest(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

describe("engram doctor on SQLite", () => {
  it("exits 0 on a healthy store; finds a planted bad time and a dangling reference, says how to mend, changes nothing", async () => {
    const { engine, path } = openTestEngine();
    const written = await engine.remember(TURNS);
    await engine.close();
    const healthy = await runEngram(["--db", path, "--json", "doctor"]);
    expect(healthy.code, healthy.stderr).toBe(EXIT.ok);
    expect(healthy.json()).toMatchObject({ findings: [] });
    expect(healthy.json().checks).toEqual(expect.arrayContaining(["time-range", "dangling-reference"]));

    const poisoned = written.items[0]?.id as string;
    const raw = new Database(path);
    raw.pragma("foreign_keys = OFF");
    raw.prepare("UPDATE memories SET occurred_at = 1e20 WHERE id = ?").run(poisoned);
    const entity = raw.prepare("SELECT entity_id FROM mentions LIMIT 1").pluck().get() as string;
    raw.prepare("DELETE FROM entities WHERE id = ?").run(entity);
    raw.pragma("wal_checkpoint(TRUNCATE)");
    raw.close();
    const before = digest(path);

    const sick = await runEngram(["--db", path, "--json", "doctor"]);
    expect(sick.code).toBe(EXIT.system);
    const report = sick.json();
    const time = report.findings.find((f: { check: string }) => f.check === "time-range");
    expect(time).toMatchObject({ count: 1, examples: [poisoned] });
    expect(time.mend).toContain("engram forget");
    const dangling = report.findings.filter((f: { check: string }) => f.check === "dangling-reference");
    expect(dangling.length).toBeGreaterThan(0);
    expect(dangling.map((f: { problem: string }) => f.problem).join(" ")).toMatch(/mentions|facts|relations/);
    expect(digest(path)).toBe(before);

    const human = await runEngram(["--db", path, "doctor"]);
    expect(human.stdout).toContain("✗ time-range");
    expect(human.stdout).toContain("to mend:");
  });
});

const schemas: string[] = [];
afterEach(async () => {
  for (const schema of schemas.splice(0)) if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
});

describe.skipIf(TEST_DATABASE_URL === undefined)("engram doctor on PostgreSQL", () => {
  it("finds a planted bad time and a dangling reference, and nothing on a healthy schema", async () => {
    const url = TEST_DATABASE_URL as string;
    const schema = uniqueSchema("doctor");
    schemas.push(schema);
    const engine = createEngine({
      store: createPostgresStore({ url, schema }),
      embedder: createHashEmbedder(),
    });
    const written = await engine.remember(TURNS);
    await engine.close();
    expect((await checkPostgresStore({ url, schema })).findings).toEqual([]);

    const poisoned = written.items[1]?.id as string;
    await adminQuery(
      url,
      `UPDATE ${schema}.engram_memories SET occurred_at = 9000000000000000 WHERE id = $1`,
      [poisoned],
    );
    // a hand edit with the foreign keys off (as a restore with triggers disabled would leave it)
    const client = `SET session_replication_role = replica; DELETE FROM ${schema}.engram_entities WHERE id IN (SELECT entity_id FROM ${schema}.engram_mentions LIMIT 1)`;
    await adminQuery(url, client);
    const report = await checkPostgresStore({ url, schema });
    expect(report.findings.find((f) => f.check === "time-range")).toMatchObject({
      count: 1,
      examples: [poisoned],
    });
    expect(report.findings.some((f) => f.check === "dangling-reference")).toBe(true);

    // reads of the poisoned memory still answer
    const reader = createEngine({
      store: createPostgresStore({ url, schema }),
      embedder: createHashEmbedder(),
    });
    try {
      const recalled = await reader.recall({ query: "Siemens", user: "ana" });
      expect(recalled.results.length).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }
  });
});
