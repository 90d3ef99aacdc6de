/**
 * A read of given ids costs what it returns at any store size: every statement the SQLite store runs over an id list
 * (memories, keys, facts, entities, mentions) seeks by primary key, never walks a tenant's index. A recall reads the
 * graph of its candidates this way; a plan that started from the tenant read every fact and mention of the tenant
 * (one tenant of a million memories: all of them, for each recall).
 */
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openTestEngine } from "../helpers.js";

const prepare = Database.prototype.prepare;
afterEach(() => {
  Database.prototype.prepare = prepare;
});

/** The statements a store prepares while `work` runs. */
async function statementsOf(work: () => Promise<void>): Promise<Set<string>> {
  const seen = new Set<string>();
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    seen.add(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
  try {
    await work();
  } finally {
    Database.prototype.prepare = prepare;
  }
  return seen;
}

/** EXPLAIN QUERY PLAN of a statement with every parameter bound to a placeholder value. */
function planOf(db: Database.Database, sql: string): string[] {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...new Set(sql.match(/@\w+/g) ?? [])];
  const args = named.length
    ? [Object.fromEntries(named.map((name) => [name.slice(1), "[]"]))]
    : Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => "[]");
  return (statement.all(...args) as { detail: string }[]).map((row) => row.detail);
}

describe("SQLite id-list reads", () => {
  it("seek by primary key in a recall, a fact's history and a forget by ids, never by the tenant's index", async () => {
    const { engine, path } = openTestEngine();
    const statements = await statementsOf(async () => {
      await engine.remember([
        { text: "I moved to Lisbon with my sister Ana in May.", user: "u1", session: "s1", speaker: "Bea" },
        { text: "My dog Max loves the beach near our flat.", user: "u1", session: "s1", speaker: "Bea" },
        { text: "I work at Siemens as an engineer.", user: "u2", session: "s2", speaker: "Carl" },
      ]);
      const recalled = await engine.recall({ query: "Where does Bea live with Ana?", user: "u1" });
      expect(recalled.results.length).toBeGreaterThan(0);
      const first = recalled.results[0]?.id as string;
      const facts = await engine.facts({ user: "u1" });
      expect(facts.length).toBeGreaterThan(0);
      await engine.history(facts[0]?.id as string);
      await engine.forget({ ids: [first] });
    });
    const idListReads = [...statements].filter(
      (sql) =>
        /json_each\(/.test(sql) && /^\s*(SELECT|DELETE|WITH)/i.test(sql) && !/\bm\.metadata\b/.test(sql),
    );
    // the reads this test exists for must have run: the candidates' graph and facts, and the forget
    expect(idListReads.some((sql) => /FROM mentions/.test(sql))).toBe(true);
    expect(idListReads.some((sql) => /FROM facts/.test(sql))).toBe(true);
    expect(idListReads.some((sql) => /FROM memories/.test(sql))).toBe(true);
    const db = new Database(path, { readonly: true });
    try {
      const walks = idListReads.flatMap((sql) =>
        planOf(db, sql)
          .filter((detail) => /INDEX \w+ \(tenant=\?\)/.test(detail))
          .map((detail) => `${detail} ← ${sql.replace(/\s+/g, " ").slice(0, 160)}`),
      );
      expect(walks).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe("SQLite exact-duplicate look-ups", () => {
  it("seek the writer's own user's text hashes (a user's, or no user's), never walk the tenant's", async () => {
    const { engine, path } = openTestEngine();
    const statements = await statementsOf(async () => {
      await engine.remember({ text: "I moved to Lisbon in May.", user: "u1" });
      await engine.remember({ text: "The office opens at nine.", agent: "front-desk" });
      // the same texts again: both are found, each in its own scope
      const again = await engine.remember([
        { text: "I moved to Lisbon in May.", user: "u1" },
        { text: "The office opens at nine.", agent: "front-desk" },
      ]);
      expect(again.items.map((outcome) => outcome.action)).toEqual(["reinforced", "reinforced"]);
    });
    const lookUps = [...statements].filter((sql) => /m\.text_hash = wanted\.value/.test(sql));
    // one statement for a user's scope, one for no user's
    expect(lookUps.some((sql) => /m\.user_id = \?/.test(sql))).toBe(true);
    expect(lookUps.some((sql) => /m\.user_id IS NULL/.test(sql))).toBe(true);
    const db = new Database(path, { readonly: true });
    try {
      for (const sql of lookUps) {
        expect(planOf(db, sql).join("\n")).toMatch(
          /USING INDEX memories_text_hash \(tenant=\? AND user_id=\? AND text_hash=\?\)/,
        );
      }
    } finally {
      db.close();
    }
  });
});
