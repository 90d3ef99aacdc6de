/** Forgetting leaves nothing behind; export then import reproduces every memory exactly. */
import { describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { openTestEngine } from "../helpers.js";

async function collect(iterable: AsyncIterable<NewMemory>): Promise<NewMemory[]> {
  const out: NewMemory[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("forget", () => {
  it("forgetting a user leaves no row, FTS entry or vector of theirs (counted in the database)", async () => {
    // episodes only; test/knowledge checks that derived facts and the graph go too
    const { engine, store } = openTestEngine({ options: { deriveFacts: false } });
    await engine.remember([
      { text: "Ana likes green tea", user: "ana", keys: ["tea preference"] },
      { text: "Ana lives in Lisbon", user: "ana", session: "s1" },
      { text: "安娜住在里斯本", user: "ana" },
      { text: "Bob likes coffee", user: "bob" },
    ]);
    const before = await store.countRows();
    expect(before).toEqual({ memories: 4, keys: 5, fts: 5, vectors: 5 });

    const { removed } = await engine.forget({ user: "ana" });
    expect(removed).toHaveLength(3);
    expect(await store.countRows()).toEqual({ memories: 1, keys: 1, fts: 1, vectors: 1 });
    expect((await engine.recall({ query: "tea Lisbon 里斯本", user: "ana" })).results).toEqual([]);
    expect((await engine.recall({ query: "coffee", user: "bob" })).results).toHaveLength(1);
  });

  it("forgets by id and reports what it removed", async () => {
    const { engine } = openTestEngine();
    const { items } = await engine.remember([
      { text: "one", user: "u" },
      { text: "two", user: "u" },
    ]);
    const { removed } = await engine.forget({ ids: [items[0]!.id, "mem_unknown"] });
    expect(removed).toEqual([items[0]!.id]);
    expect((await engine.stats()).memories).toBe(1);
  });
});

describe("export and import", () => {
  it("an export imported into an empty store reproduces every memory exactly", async () => {
    // memories only; test/knowledge round-trips facts, entities and relations
    const source = openTestEngine({ options: { deriveFacts: false } });
    await source.engine.remember([
      {
        text: "Ana likes green tea",
        user: "ana",
        session: "s1",
        speaker: "Ana",
        role: "user",
        at: "2025-01-02T03:04:05.678Z",
        metadata: { topic: "food", n: 1, nested: { ok: true } },
        keys: ["tea"],
      },
      {
        text: "Ana likes green tea",
        user: "ana",
        session: "s2",
        speaker: "Ana",
        role: "user",
        source: "second time",
      },
      { text: "我住在北京", user: "li", tenant: "acme", kind: "fact" },
      { text: "chapter one begins", agent: "reader", kind: "segment", source: "book.md" },
    ]);
    const lines: string[] = [];
    for await (const line of source.engine.exportLines()) lines.push(line);
    expect(lines).toHaveLength(4); // header + 3 memories (one was reinforced)

    const target = openTestEngine();
    const result = await target.engine.importLines(lines);
    expect(result).toMatchObject({ restored: 3, skipped: 0, inserted: 0 });
    expect(await collect(target.store.exportAll())).toEqual(await collect(source.store.exportAll()));

    const again = await target.engine.importLines(lines);
    expect(again).toMatchObject({ restored: 0, skipped: 3 });
  });

  it("a file with one bad line changes nothing and names the line", async () => {
    const { engine } = openTestEngine();
    const lines = [
      JSON.stringify({ text: "fine", user: "u" }),
      "{not json",
      JSON.stringify({ text: "also fine", user: "u" }),
    ];
    await expect(engine.importLines(lines)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("line 2"),
    });
    const wrongType = [JSON.stringify({ text: 42, user: "u" })];
    await expect(engine.importLines(wrongType)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("text"),
    });
    const missing = [JSON.stringify({ user: "u" })];
    await expect(engine.importLines(missing)).rejects.toMatchObject({
      message: expect.stringContaining("line 1"),
    });
    expect((await engine.stats()).memories).toBe(0);
  });
});
