/**
 * Regression tests for issue 14's hostile import files: every one is bad input (exit 2, the line named, nothing
 * written) or is read as intended; none is an internal failure (exit 1) or a store failure (exit 4).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { openTestEngine, runEngram, tempDir } from "../helpers.js";

function importInto(db: string, file: string) {
  return runEngram(["--db", db, "--embedder", "hash", "import", file]);
}

async function countIn(db: string): Promise<number> {
  const { engine } = openTestEngine({ path: db });
  return (await engine.stats()).memories;
}

/** An export of a small store with facts, entities, relations and mentions, as lines. */
async function exportedLines(): Promise<string[]> {
  const source = openTestEngine();
  await source.engine.remember([
    { text: "Ana moved to Lisbon in May.", user: "ana", speaker: "Ana" },
    { text: "Ana works at Siemens.", user: "ana", speaker: "Ana" },
  ]);
  const lines: string[] = [];
  for await (const line of source.engine.exportLines()) lines.push(line);
  return lines;
}

describe("engram import with hostile files", () => {
  it("a line naming a missing memory or entity exits 2 with the line number, and nothing is written", async () => {
    const lines = await exportedLines();
    const types = lines.map((line) => JSON.parse(line).type as string);
    expect(types).toEqual(expect.arrayContaining(["memory", "entity", "fact", "mention"]));
    const dir = tempDir();

    // the memory lines cut away: the facts name memories the new store does not have
    const withoutMemories = lines.filter((_, i) => types[i] !== "memory");
    const firstFact = withoutMemories.findIndex((line) => JSON.parse(line).type === "fact") + 1;
    writeFileSync(join(dir, "cut.jsonl"), `${withoutMemories.join("\n")}\n`);
    const cut = await importInto(join(dir, "cut.db"), join(dir, "cut.jsonl"));
    expect(cut.code).toBe(EXIT.user);
    expect(cut.stderr).toContain(`line ${firstFact}:`);
    expect(cut.stderr).toContain("neither in the file nor in the store");
    expect(await countIn(join(dir, "cut.db"))).toBe(0);

    // a mention whose entity was edited away
    const mentionAt = types.lastIndexOf("mention");
    const edited = [...lines];
    const mention = JSON.parse(edited[mentionAt] as string);
    mention.mention.entityId = "ent_missing";
    edited[mentionAt] = JSON.stringify(mention);
    writeFileSync(join(dir, "edited.jsonl"), `${edited.join("\n")}\n`);
    const run = await importInto(join(dir, "edited.db"), join(dir, "edited.jsonl"));
    expect(run.code).toBe(EXIT.user);
    expect(run.stderr).toContain(`line ${mentionAt + 1}:`);
    expect(run.stderr).toContain("ent_missing");
    expect(await countIn(join(dir, "edited.db"))).toBe(0);

    // the whole export imports, and a second file that names what the first brought is fine
    writeFileSync(join(dir, "whole.jsonl"), `${lines.join("\n")}\n`);
    expect((await importInto(join(dir, "whole.db"), join(dir, "whole.jsonl"))).code).toBe(EXIT.ok);
    const tail = lines.filter((_, i) => types[i] === "mention");
    writeFileSync(join(dir, "tail.jsonl"), `${tail.join("\n")}\n`);
    expect((await importInto(join(dir, "whole.db"), join(dir, "tail.jsonl"))).code).toBe(EXIT.ok);
  });

  it("`engram import <directory>` is a user error (exit 2) that says to name a file", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "folder"));
    const run = await importInto(join(dir, "x.db"), join(dir, "folder"));
    expect(run.code).toBe(EXIT.user);
    expect(run.stderr).toContain("is a folder");
  });

  it("a file that starts with a UTF-8 byte-order mark imports like one without", async () => {
    const dir = tempDir();
    const file = join(dir, "bom.jsonl");
    writeFileSync(file, `\uFEFF${JSON.stringify({ text: "saved by a Windows editor", user: "u" })}\n`);
    const run = await importInto(join(dir, "bom.db"), file);
    expect(run.code).toBe(EXIT.ok);
    const { engine } = openTestEngine({ path: join(dir, "bom.db") });
    // the line's memory (facts derived from it may come beside it)
    expect((await engine.stats()).byKind.episode).toBe(1);
    expect((await engine.timeline({ kinds: ["episode"] })).map((m) => m.text)).toEqual([
      "saved by a Windows editor",
    ]);
  });

  it("deep metadata and out-of-range times in a file exit 2 with the line, never 1", async () => {
    const dir = tempDir();
    const deep = `{"text":"deep","metadata":{"d":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}}`;
    const cases: [string, number][] = [
      [`${JSON.stringify({ text: "fine" })}\n${deep}\n`, 2],
      [`${JSON.stringify({ text: "fine" })}\n${JSON.stringify({ text: "poison", at: 1e20 })}\n`, 2],
      [`${JSON.stringify({ text: "poison", at: "+275760-09-13T00:00:00Z" })}\n`, 1],
    ];
    const lines = await exportedLines();
    const memory = JSON.parse(lines.find((line) => JSON.parse(line).type === "memory") as string);
    memory.memory.occurredAt = 1e20;
    cases.push([`${lines[0]}\n${JSON.stringify(memory)}\n`, 2]);
    for (const [i, [text, line]] of cases.entries()) {
      const file = join(dir, `bad-${i}.jsonl`);
      writeFileSync(file, text);
      const run = await importInto(join(dir, `bad-${i}.db`), file);
      expect(run.code, run.stderr).toBe(EXIT.user);
      expect(run.stderr).toContain(`line ${line}:`);
      expect(await countIn(join(dir, `bad-${i}.db`))).toBe(0);
    }
  });
});
