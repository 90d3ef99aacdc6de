/**
 * What derivation adds to an episode's recall is what its facts add: a restating fact is a key of its turn only when
 * it holds a word the turn's keys lack.
 */
import { describe, expect, it } from "vitest";
import type { RememberInput } from "../../src/core/index.js";
import { openTestEngine } from "../helpers.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");
const AT = Date.parse("2024-01-10T09:00:00Z");

const turn = (speaker: string, minute: number, text: string): RememberInput => ({
  text,
  user: "pair",
  speaker,
  session: "s1",
  at: AT + minute * 60_000,
});

describe("a restating fact as a key of its episode", () => {
  it("is written when it adds words (a resolved date) and not when it only repeats the turn's", async () => {
    const { engine, store } = openTestEngine({ now: () => NOW });
    const { items } = await engine.remember([
      turn("Ana", 0, "I went to a support group yesterday."),
      turn("Ana", 1, "I painted a sunset with my kids."),
    ]);
    const [dated, plain] = items.map((item) => item.id as string);
    const facts = (await engine.facts({ user: "pair" })).map((f) => f.text);
    // both turns tell a fact that restates them
    expect(facts).toContain("Ana went to a support group on 9 January 2024.");
    expect(facts).toContain("Ana painted a sunset with her kids.");
    const keys = await store.keys("default", [dated as string, plain as string], ["fact"]);
    // the first fact adds the day ("9 January 2024"); the second says nothing the turn's speaker key lacks
    expect(keys.map((k) => [k.memoryId, k.text])).toEqual([
      [dated, "Ana went to a support group on 9 January 2024."],
    ]);
  });
});
