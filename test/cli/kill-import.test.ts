/** A process killed with SIGKILL in the middle of a large import leaves a store that opens, passes an integrity check and holds whole transactions only. */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { tempDir } from "../helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const BATCH = 256;

describe("crash safety", () => {
  it("SIGKILL during an import keeps whole batches only", async () => {
    const dir = tempDir();
    const db = join(dir, "kill.db");
    const file = join(dir, "big.jsonl");
    const total = 40_000;
    const lines: string[] = [];
    for (let i = 0; i < total; i++) {
      lines.push(
        JSON.stringify({
          text: `turn ${i}: the quick brown fox ${i % 97} jumps over dog ${i % 89}`,
          user: `u${i % 3}`,
          session: `s${i % 11}`,
          speaker: "A",
        }),
      );
    }
    writeFileSync(file, `${lines.join("\n")}\n`);

    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "--db", db, "--embedder", "hash", "import", file],
      {
        cwd: ROOT,
        stdio: "ignore",
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on("exit", (_code, signal) => done(signal)),
    );

    // Wait until some batches are committed, then kill without warning.
    const started = Date.now();
    let committed = 0;
    while (Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const reader = new Database(db, { readonly: true, fileMustExist: true });
        committed = (reader.prepare("SELECT count(*) AS n FROM memories").get() as { n: number }).n;
        reader.close();
      } catch {
        committed = 0;
      }
      if (committed >= 3 * BATCH) break;
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(committed).toBeGreaterThan(0);

    const store = createSqliteStore({ path: db });
    try {
      expect(await store.integrityCheck()).toBe("ok");
      const rows = await store.countRows();
      expect(rows.memories).toBeLessThan(total);
      expect(rows.memories % BATCH).toBe(0);
      // every memory has exactly its keys (its text, and the speaker-resolved key), their FTS entries and one
      // vector: no half-written memory
      expect(rows).toEqual({
        memories: rows.memories,
        keys: 2 * rows.memories,
        fts: 2 * rows.memories,
        vectors: rows.memories,
      });
    } finally {
      await store.close();
    }
  });
});
