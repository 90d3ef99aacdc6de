/** Recall as an attention read: weights, breakdowns, filters and the gated write, over a real SQLite file. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EngramError } from "../../src/spec/errors.js";
import { openTestEngine } from "../helpers.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

describe("recall", () => {
  it("weights sum to 1 over the candidates and each breakdown adds up to its score", async () => {
    const { engine } = openTestEngine({ now: () => T0 });
    await engine.remember([
      { text: "Alice moved to Lisbon in May", user: "u1", at: "2025-05-01T00:00:00Z" },
      { text: "Alice works as a nurse at the children's hospital", user: "u1" },
      { text: "Bob likes hiking in the mountains near Lisbon", user: "u1" },
      { text: "The weather in Lisbon is sunny", user: "u1" },
      { text: "我住在北京", user: "u1" },
    ]);
    const result = await engine.recall({ query: "Where does Alice live? Lisbon", user: "u1", k: 1000 });
    expect(result.candidates).toBeGreaterThanOrEqual(3);
    expect(result.results).toHaveLength(result.candidates);
    const total = result.results.reduce((sum, r) => sum + r.weight, 0);
    expect(total).toBeCloseTo(1, 10);
    for (const r of result.results) {
      // every term of the breakdown, whichever issues added them (context, graph, superseded, …)
      const sum = Object.values(r.breakdown).reduce((total, term) => total + term, 0);
      expect(sum).toBeCloseTo(r.score, 10);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
    const weights = result.results.map((r) => r.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it("ranks by softmax of the score: a higher score always has a higher weight", async () => {
    const { engine } = openTestEngine();
    await engine.remember(
      ["red apples", "green apples", "red cars", "blue sky"].map((text) => ({ text, user: "u" })),
    );
    const { results } = await engine.recall({ query: "red apples", user: "u", k: 10 });
    expect(results[0]?.text).toBe("red apples");
    for (let i = 1; i < results.length; i++)
      expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
  });

  it("filters by kind, time range and metadata", async () => {
    const { engine } = openTestEngine();
    await engine.remember([
      {
        text: "budget meeting notes for the project",
        user: "u",
        at: "2025-01-10T00:00:00Z",
        metadata: { topic: "work" },
      },
      {
        text: "project budget summary",
        user: "u",
        kind: "summary",
        at: "2025-03-10T00:00:00Z",
        metadata: { topic: "work" },
      },
      {
        text: "project budget for the garden",
        user: "u",
        at: "2025-06-10T00:00:00Z",
        metadata: { topic: "home" },
      },
    ]);
    const byKind = await engine.recall({ query: "project budget", user: "u", kinds: ["summary"] });
    expect(byKind.results.map((r) => r.text)).toEqual(["project budget summary"]);
    const byTime = await engine.recall({
      query: "project budget",
      user: "u",
      from: "2025-02-01",
      to: "2025-12-31",
    });
    expect(byTime.results.map((r) => r.text).sort()).toEqual([
      "project budget for the garden",
      "project budget summary",
    ]);
    const byMeta = await engine.recall({ query: "project budget", user: "u", metadata: { topic: "home" } });
    expect(byMeta.results.map((r) => r.text)).toEqual(["project budget for the garden"]);
  });

  it("refuses an empty query with a clear error", async () => {
    const { engine } = openTestEngine();
    const error = await engine.recall({ query: "   ", user: "u" }).catch((e: unknown) => e);
    expect(EngramError.isInstance(error)).toBe(true);
    expect((error as EngramError).code).toBe("invalid_input");
    expect((error as EngramError).message).toContain("query");
  });

  it("never returns another user's memory (property over random users and sessions)", async () => {
    const { engine } = openTestEngine();
    const words = ["coffee", "hiking", "Lisbon", "nurse", "cats", "guitar", "budget", "北京", "会议"];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            user: fc.constantFrom("ana", "bob", "chen", "dana"),
            session: fc.constantFrom("s1", "s2", "s3"),
            words: fc.subarray(words, { minLength: 1, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.constantFrom("ana", "bob", "chen", "dana"),
        fc.option(fc.constantFrom("s1", "s2", "s3"), { nil: undefined }),
        fc.subarray(words, { minLength: 1, maxLength: 3 }),
        async (items, user, session, queryWords) => {
          await engine.remember(
            items.map((item) => ({
              text: `${item.user} says ${item.words.join(" ")}`,
              user: item.user,
              session: item.session,
            })),
          );
          const { results } = await engine.recall({ query: queryWords.join(" "), user, session, k: 50 });
          for (const r of results) {
            expect(r.user).toBe(user);
            if (session)
              expect(r.session === session || r.sources.some((s) => s.session === session)).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("gated write", () => {
  it("reinforces an exact duplicate in the same scope instead of storing a copy", async () => {
    const { engine } = openTestEngine();
    const first = await engine.remember({
      text: "I am allergic to peanuts.",
      user: "u",
      speaker: "Ana",
      source: "chat 1",
    });
    const second = await engine.remember({
      text: "i am allergic to peanuts",
      user: "u",
      speaker: "Ana",
      source: "chat 2",
    });
    expect(second.items[0]).toMatchObject({ id: first.items[0]?.id, action: "reinforced", match: "exact" });
    const { results } = await engine.recall({ query: "peanuts", user: "u" });
    expect(results).toHaveLength(1);
    expect(results[0]?.count).toBe(2);
    expect(results[0]?.sources.map((s) => s.source)).toEqual(["chat 1", "chat 2"]);
    expect(results[0]?.strength).toBeGreaterThan(0.5);
  });

  it("keeps separate memories for another user, another speaker or another kind", async () => {
    const { engine } = openTestEngine();
    const out = await engine.remember([
      { text: "I love jazz", user: "u", speaker: "Ana" },
      { text: "I love jazz", user: "v", speaker: "Ana" },
      { text: "I love jazz", user: "u", speaker: "Bo" },
      { text: "I love jazz", user: "u", speaker: "Ana", kind: "fact" },
      { text: "I love jazz!", user: "u", speaker: "Ana" },
    ]);
    expect(out.items.map((o) => o.action)).toEqual([
      "inserted",
      "inserted",
      "inserted",
      "inserted",
      "reinforced",
    ]);
  });

  it("reinforces a near duplicate above the threshold, and not below it", async () => {
    const strict = openTestEngine({ options: { duplicateThreshold: 0.8 } });
    const a = await strict.engine.remember({
      text: "we adopted two kittens named Miso and Tofu last weekend",
      user: "u",
    });
    const b = await strict.engine.remember({
      text: "we adopted two kittens named Miso and Tofu last week",
      user: "u",
    });
    expect(b.items[0]).toMatchObject({ id: a.items[0]?.id, action: "reinforced", match: "near" });
    expect(b.items[0]?.similarity).toBeGreaterThanOrEqual(0.8);

    const loose = openTestEngine({ options: { duplicateThreshold: 0.999 } });
    await loose.engine.remember({
      text: "we adopted two kittens named Miso and Tofu last weekend",
      user: "u",
    });
    const c = await loose.engine.remember({
      text: "we adopted two kittens named Miso and Tofu last week",
      user: "u",
    });
    expect(c.items[0]?.action).toBe("inserted");
  });

  it("validates every item of a batch before writing any", async () => {
    const { engine } = openTestEngine();
    const error = await engine
      .remember([
        { text: "fine", user: "u" },
        { text: "", user: "u" },
      ])
      .catch((e: unknown) => e);
    expect((error as EngramError).code).toBe("invalid_input");
    expect((error as EngramError).message).toContain("item 1");
    expect((await engine.stats()).memories).toBe(0);
  });
});
