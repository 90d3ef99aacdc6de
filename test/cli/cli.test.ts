/** The `engram` command end to end, in process: JSON output, exit codes, and errors that change nothing. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { runEngram, tempDir } from "../helpers.js";

const engram = runEngram;

describe("engram CLI", () => {
  it("remembers and recalls with --json, results carrying weight, score and breakdown", async () => {
    const db = join(tempDir(), "cli.db");
    const base = ["--db", db, "--embedder", "hash", "--json"];
    expect(
      (
        await engram([
          ...base,
          "remember",
          "Ana moved to Lisbon",
          "--user",
          "ana",
          "--speaker",
          "Ana",
          "--at",
          "2025-05-01T10:00:00Z",
        ])
      ).code,
    ).toBe(0);
    await engram([...base, "remember", "Ana adopted two kittens", "--user", "ana", "--session", "s2"]);
    await engram([...base, "remember", "Bob moved to Porto", "--user", "bob"]);
    const out = await engram([...base, "recall", "where did Ana move", "--user", "ana", "--k", "5"]);
    expect(out.code).toBe(0);
    const { results } = out.json();
    expect(results[0]).toMatchObject({
      text: "Ana moved to Lisbon",
      speaker: "Ana",
      occurredAt: "2025-05-01T10:00:00.000Z",
    });
    for (const r of results) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(["id", "text", "weight", "score", "breakdown"]));
      expect(r.user).toBe("ana");
    }
    const stats = (await engram([...base, "stats"])).json();
    // facts are derived too ("Ana moved to Lisbon" → "Ana lives in Lisbon.")
    expect(stats).toMatchObject({ byKind: { episode: 3 }, users: 2 });
  });

  it("exports, forgets, and imports back", async () => {
    const dir = tempDir();
    const db = join(dir, "a.db");
    const base = ["--db", db, "--embedder", "hash", "--json"];
    await engram([...base, "remember", "first memory", "--user", "u"]);
    await engram([...base, "remember", "second memory", "--user", "u"]);
    const file = join(dir, "out.jsonl");
    expect((await engram([...base, "export", "--out", file])).json()).toEqual({ out: file, memories: 2 });
    const forgot = await engram([...base, "forget", "--user", "u"]);
    expect(forgot.json().removed).toHaveLength(2);
    const imported = await engram([...base, "import", file]);
    expect(imported.json()).toMatchObject({ restored: 2, skipped: 0 });
  });

  it("reports bad input with exit code 2 and a message that says how to fix it", async () => {
    const dir = tempDir();
    const db = join(dir, "b.db");
    const empty = await engram(["--db", db, "--embedder", "hash", "--json", "recall", "  ", "--user", "u"]);
    expect(empty.code).toBe(EXIT.user);
    expect(JSON.parse(empty.stderr).error).toMatchObject({ code: "invalid_input" });

    const badK = await engram(["--db", db, "--embedder", "hash", "recall", "x", "--k", "ten"]);
    expect(badK.code).toBe(EXIT.user);
    expect(badK.stderr).toContain("--k must be a whole number");

    const badFile = join(dir, "bad.jsonl");
    writeFileSync(badFile, `${JSON.stringify({ text: "ok", user: "u" })}\n{"text": 5}\n`);
    const bad = await engram(["--db", db, "--embedder", "hash", "import", badFile]);
    expect(bad.code).toBe(EXIT.user);
    expect(bad.stderr).toContain("line 2");
    expect((await engram(["--db", db, "--embedder", "hash", "--json", "stats"])).json().memories).toBe(0);

    const unknown = await engram(["--db", db, "frobnicate"]);
    expect(unknown.code).toBe(EXIT.user);

    const notEngram = join(dir, "notes.txt");
    writeFileSync(notEngram, "just some text, not a database\n".repeat(100));
    const wrong = await engram(["--db", notEngram, "--embedder", "hash", "--json", "stats"]);
    expect(wrong.code).toBe(EXIT.user);
    expect(JSON.parse(wrong.stderr).error.code).toBe("not_engram_store");
  });

  it("refuses to mix embedders in one store", async () => {
    const db = join(tempDir(), "c.db");
    await engram(["--db", db, "--embedder", "hash", "remember", "hello there", "--user", "u"]);
    const mixed = await engram([
      "--db",
      db,
      "--embedder",
      "local",
      "--json",
      "remember",
      "hello again",
      "--user",
      "u",
    ]);
    expect(mixed.code).toBe(EXIT.user);
    expect(JSON.parse(mixed.stderr).error.code).toBe("embedder_mismatch");
  });

  it("runs the demo on the local model and prints weights and reasons", async () => {
    const out = await engram(["demo"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("What pets does Ana have?");
    expect(out.stdout).toMatch(/kittens/);
    expect(out.stdout).toMatch(/\d+\.\d%/);
    expect(out.stdout).toContain("meaning: cosine");
  });
});
