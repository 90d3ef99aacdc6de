/** Neighbour context and speaker-resolved keys: the two additions that lift recall on conversations. */
import { describe, expect, it } from "vitest";
import { resolvePronouns } from "../../src/text/index.js";
import { openTestEngine } from "../helpers.js";

describe("speaker-resolved keys", () => {
  it("resolves first and second person to the speaker and the person spoken to", () => {
    expect(resolvePronouns("I love my cat and I'm proud of you", { speaker: "Ana", addressee: "Bo" })).toBe(
      "Ana love Ana's cat and Ana is proud of Bo",
    );
    expect(resolvePronouns("The weather is nice", { speaker: "Ana" })).toBeNull();
  });

  it("finds a first-person turn by the speaker's name", async () => {
    const { engine } = openTestEngine({ options: { deriveFacts: false, neighbourWeight: 0 } });
    await engine.remember([
      {
        text: "I went to a support group yesterday.",
        user: "u",
        session: "s1",
        speaker: "Caroline",
        at: 1000,
      },
      {
        text: "Melanie went to a support group for parents.",
        user: "u",
        session: "s1",
        speaker: "Bob",
        at: 2000,
      },
    ]);
    const { results } = await engine.recall({
      query: "When did Caroline go to the support group?",
      user: "u",
    });
    expect(results[0]?.text).toBe("I went to a support group yesterday.");
    expect(results[0]?.reasons.some((r) => r.includes("speaker key"))).toBe(true);
  });
});

describe("neighbour context", () => {
  const turns = [
    { text: "How long have you been married?", speaker: "Bo" },
    { text: "Five years already! Time flies.", speaker: "Ana" },
    { text: "We should get coffee sometime.", speaker: "Bo" },
  ];

  it("a strong hit that asks a question lends its relevance to the answer after it", async () => {
    const { engine } = openTestEngine({ options: { deriveFacts: false } });
    await engine.remember(turns.map((t, i) => ({ ...t, user: "u", session: "s1", at: 1000 + i * 60_000 })));
    const { results } = await engine.recall({ query: "How long has Ana been married?", user: "u", k: 3 });
    const answer = results.find((r) => r.text.startsWith("Five years"));
    expect(answer?.breakdown.neighbour).toBeGreaterThan(0);
    expect(answer?.reasons.some((r) => r.startsWith("neighbour:"))).toBe(true);
    const top2 = results.slice(0, 2).map((r) => r.text);
    expect(top2).toContain("Five years already! Time flies.");
  });

  it("lends nothing when turned off, and nothing across sessions", async () => {
    const off = openTestEngine({ options: { deriveFacts: false, neighbourWeight: 0 } });
    await off.engine.remember(
      turns.map((t, i) => ({ ...t, user: "u", session: "s1", at: 1000 + i * 60_000 })),
    );
    const a = await off.engine.recall({ query: "How long has Ana been married?", user: "u", k: 3 });
    expect(a.results.every((r) => r.breakdown.neighbour === 0)).toBe(true);

    const split = openTestEngine({ options: { deriveFacts: false } });
    await split.engine.remember(
      turns.map((t, i) => ({ ...t, user: "u", session: `s${i}`, at: 1000 + i * 60_000 })),
    );
    const b = await split.engine.recall({ query: "How long has Ana been married?", user: "u", k: 3 });
    expect(b.results.every((r) => r.breakdown.neighbour === 0)).toBe(true);
  });
});
