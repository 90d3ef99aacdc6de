/** Context assembly: a prompt-ready block, in a stable layout, never over its token budget. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SECTION_TITLES } from "../../src/core/context-assembly.js";
import { loadTokenCounter } from "../../src/text/tokens.js";
import { openTestEngine } from "../helpers.js";

const T0 = Date.parse("2026-03-01T09:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;

async function seed(engine: ReturnType<typeof openTestEngine>["engine"]) {
  await engine.remember([
    { text: "Ana lives in Lisbon", kind: "fact", user: "ana", at: T0 - 60 * DAY },
    { text: "Ana works as a nurse at Santa Maria hospital", kind: "fact", user: "ana", at: T0 - 50 * DAY },
    {
      text: "I adopted a kitten called Miso",
      speaker: "Ana",
      user: "ana",
      session: "old",
      at: T0 - 20 * DAY,
    },
    {
      text: "My brother lives in Lisbon too",
      speaker: "Ana",
      user: "ana",
      session: "old",
      at: T0 - 10 * DAY,
    },
    { text: "What should I cook tonight?", speaker: "Ana", user: "ana", session: "now", at: T0 },
    {
      text: "Maybe pasta with the tomatoes from Lisbon market?",
      speaker: "Bot",
      user: "ana",
      session: "now",
      at: T0 + MINUTE,
    },
    {
      text: "Good idea, Miso loves tomatoes.",
      speaker: "Ana",
      user: "ana",
      session: "now",
      at: T0 + 2 * MINUTE,
    },
  ]);
}

describe("context", () => {
  it("prints facts, then memories, then the session's latest turns, with dates, under fixed headers", async () => {
    const { engine } = openTestEngine({ now: () => T0 + 3 * MINUTE });
    await seed(engine);
    const block = await engine.context({
      query: "Where does Ana live?",
      user: "ana",
      session: "now",
      budget: 500,
    });
    const tokens = await loadTokenCounter();
    expect(block.tokens).toBe(tokens.count(block.text));
    expect(block.tokens).toBeLessThanOrEqual(500);
    expect(block.budget).toBe(500);
    expect(block.encoding).toBe("o200k_base");
    expect(block.sections.map((s) => s.name)).toEqual(["facts", "memories", "conversation"]);
    expect(block.text.startsWith(`${SECTION_TITLES.facts}\n- [2025-12-31] Ana lives in Lisbon\n`)).toBe(true);
    expect(block.text).toContain("- [2026-02-19] Ana: My brother lives in Lisbon too");
    expect(
      block.text.endsWith(
        [
          SECTION_TITLES.conversation,
          "[2026-03-01 09:00] Ana: What should I cook tonight?",
          "[2026-03-01 09:01] Bot: Maybe pasta with the tomatoes from Lisbon market?",
          "[2026-03-01 09:02] Ana: Good idea, Miso loves tomatoes.",
        ].join("\n"),
      ),
    ).toBe(true);
    // The session's turns appear once, in the conversation, not again among the memories.
    expect(block.text.match(/Miso loves tomatoes/g)).toHaveLength(1);
    const facts = block.sections[0]!.items;
    expect(facts.map((i) => i.occurredAt)).toEqual([...facts.map((i) => i.occurredAt)].sort());
    for (const item of [...facts, ...block.sections[1]!.items]) {
      expect(item.weight).toBeGreaterThan(0);
      // each recalled line says why it was chosen: the score's terms and a reason per channel
      expect(item.reasons?.length).toBeGreaterThan(0);
      expect(typeof item.breakdown?.vector).toBe("number");
    }
    expect(block.sections[2]!.items.every((i) => i.weight === undefined && i.reasons === undefined)).toBe(
      true,
    );
    for (const section of block.sections) {
      for (const item of section.items) expect(item.tokens).toBe(tokens.count(item.text));
    }
  });

  it("is the same text when asked twice (a stable prefix for prompt caches)", async () => {
    const { engine } = openTestEngine({ now: () => T0 + 3 * MINUTE });
    await seed(engine);
    const input = { query: "Lisbon", user: "ana", session: "now", budget: 2000 };
    const first = await engine.context(input);
    const second = await engine.context(input);
    expect(second.text).toBe(first.text);
  });

  it("keeps the latest turns first when the budget is short, and gives working memory at most its share", async () => {
    const { engine } = openTestEngine({ now: () => T0 + 3 * MINUTE });
    await seed(engine);
    const block = await engine.context({ query: "Lisbon", user: "ana", session: "now", budget: 60 });
    expect(block.tokens).toBeLessThanOrEqual(60);
    const turns = block.sections[2]!.items.map((i) => i.text);
    expect(turns.at(-1)).toBe("[2026-03-01 09:02] Ana: Good idea, Miso loves tomatoes.");
    expect(turns).not.toContain("[2026-03-01 09:00] Ana: What should I cook tonight?");
  });

  it("answers as of a date: nothing that happened later", async () => {
    const { engine } = openTestEngine({ now: () => T0 + 3 * MINUTE });
    await seed(engine);
    const block = await engine.context({
      query: "Lisbon kitten",
      user: "ana",
      budget: 1000,
      asOf: new Date(T0 - 15 * DAY).toISOString(),
    });
    expect(block.text).toContain("kitten called Miso");
    expect(block.text).not.toContain("brother");
    expect(block.text).not.toContain("tomatoes");
    expect(block.asOf).toBe("2026-02-14T09:00:00.000Z");
  });

  it("is empty (0 tokens) when the budget is smaller than any item", async () => {
    const { engine } = openTestEngine({ now: () => T0 });
    await seed(engine);
    for (const budget of [0, 1, 5]) {
      const block = await engine.context({ query: "Lisbon", user: "ana", session: "now", budget });
      expect(block).toMatchObject({ text: "", tokens: 0, budget });
      expect(block.sections.every((s) => s.items.length === 0)).toBe(true);
    }
  });

  it("never exceeds the budget: any budget, any store, English and Chinese", async () => {
    const { engine } = openTestEngine({ now: () => T0 + DAY, options: { workingMemoryTokens: 64 } });
    const tokens = await loadTokenCounter();
    const word = fc.constantFrom(
      "Lisbon",
      "nurse",
      "kitten",
      "wedding",
      "June",
      "14",
      "cello",
      "Porto",
      "the",
      "a",
      "moved",
      "to",
      "我",
      "住在",
      "北京",
      "上海",
      "工作",
      "喜欢",
      "猫",
      "。",
      "，",
      "!",
      "?",
      "\n",
      "🙂",
      "naïve",
    );
    const text = fc
      .array(word, { minLength: 1, maxLength: 40 })
      .map((words) => words.join(" ").trim() || "x");
    const item = fc.record({
      text,
      kind: fc.constantFrom("episode", "fact", "summary"),
      session: fc.constantFrom("s1", "s2", undefined),
      speaker: fc.constantFrom("Ana", "李雷", undefined),
      minutes: fc.integer({ min: 0, max: 100_000 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 0, max: 400 }),
        text,
        fc.constantFrom("s1", "s2", undefined),
        async (items, budget, query, session) => {
          run++;
          const tenant = `t${run}`;
          if (items.length > 0) {
            await engine.remember(
              items.map((i) => ({
                text: i.text,
                kind: i.kind as "episode",
                session: i.session,
                speaker: i.speaker,
                user: "u",
                tenant,
                at: T0 - i.minutes * MINUTE,
              })),
            );
          }
          const block = await engine.context({ query, user: "u", tenant, session, budget });
          expect(block.tokens).toBe(tokens.count(block.text));
          expect(block.tokens).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 60, seed: 20260301 },
    );
  });
});
