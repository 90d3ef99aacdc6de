/** The speaker term: a question that names a speaker counts what that speaker said as more relevant. */
import { describe, expect, it } from "vitest";
import { speakerBias } from "../../src/core/speaker-bias.js";
import type { MemoryRecord } from "../../src/spec/memory.js";
import { openTestEngine } from "../helpers.js";

const said = (speaker: string | null, kind = "episode") => ({ speaker, kind, session: "s1" }) as MemoryRecord;

describe("speakerBias", () => {
  it("finds the speakers a query names, by whole name or first name, as whole words only", () => {
    const records = [said("Melanie"), said("John Smith"), said("Ann"), said("李明"), said(null)];
    expect(speakerBias("What does Melanie do to destress?", records, 0.5).named).toEqual(["Melanie"]);
    expect(speakerBias("Where did john go?", records, 0.5).named).toEqual(["John Smith"]);
    expect(speakerBias("What did Melanie's kids make?", records, 0.5).named).toEqual(["Melanie"]);
    // "Ann" inside "Anne" or "annual" is not Ann
    expect(speakerBias("What did Anne say about the annual fair?", records, 0.5).named).toEqual([]);
    expect(speakerBias("李明喜欢什么运动？", records, 0.5).named).toEqual(["李明"]);
    // a capitalised query must capitalise the name: "will" here is a verb, not the speaker Will
    const withWill = [said("Will"), said("Ana")];
    expect(speakerBias("What will Ana do next week?", withWill, 0.5).named).toEqual(["Ana"]);
    expect(speakerBias("What did Will say?", withWill, 0.5).named).toEqual(["Will"]);
    expect(speakerBias("what did will say?", withWill, 0.5).named).toEqual(["Will"]);
  });

  it("gives the weight as a share to the named speakers' memories only, and nothing when the weight is 0", () => {
    // a document segment with a speaker field is not a conversation memory: no share
    const records = [said("Melanie"), said("Caroline"), said(null), said("Melanie", "segment")];
    const bias = speakerBias("What does Melanie paint?", records, 0.65);
    expect(records.map((r) => bias.share(r))).toEqual([0.65, 0, 0, 0]);
    const off = speakerBias("What does Melanie paint?", records, 0);
    expect(off.named).toEqual([]);
    expect(records.map((r) => off.share(r))).toEqual([0, 0, 0, 0]);
  });
});

// These pin the hand-set speaker term (share × relevance); the trained scorer reweighs it (test/core/recall-scorer.test.ts).
describe("facts about a named person", () => {
  it("count as that person's: the fact gains the share too, and says why", async () => {
    const { engine } = openTestEngine({ options: { scorer: "hand-set" } });
    await engine.remember([
      { text: "I live in Berlin.", user: "u", session: "s1", speaker: "Ana", at: 1000 },
      { text: "My sister lives in Porto.", user: "u", session: "s1", speaker: "Bo", at: 2000 },
    ]);
    // the facts alone (with their episodes, each fact is carried by the episode it came from)
    const { results } = await engine.recall({
      query: "Where does Ana live?",
      user: "u",
      k: 5,
      kinds: ["fact"],
    });
    const fact = results.find((r) => r.text === "Ana lives in Berlin.");
    expect(fact?.kind).toBe("fact");
    expect(fact?.breakdown.speaker).toBeGreaterThan(0);
    expect(fact?.reasons).toContain(
      `speaker: a fact about a person the query names → ${fact?.breakdown.speaker.toFixed(2)}`,
    );
    // Bo's sister's fact is not about Ana
    const other = results.find((r) => r.kind === "fact" && r.text !== "Ana lives in Berlin.");
    expect(other?.text).toBe("Bo's sister lives in Porto.");
    expect(other?.breakdown.speaker).toBe(0);
  });
});

describe("facts about a named person, with the graph term off", () => {
  it("still gain the share, and no graph reason is given", async () => {
    const { engine } = openTestEngine({ options: { graphWeight: 0 } });
    await engine.remember({ text: "I live in Berlin.", user: "u", session: "s1", speaker: "Ana", at: 1000 });
    const { results } = await engine.recall({
      query: "Where does Ana live?",
      user: "u",
      k: 5,
      kinds: ["fact"],
    });
    const fact = results.find((r) => r.text === "Ana lives in Berlin.");
    expect(fact?.breakdown.speaker).toBeGreaterThan(0);
    expect(fact?.breakdown.graph).toBe(0);
    expect(results.some((r) => r.reasons.some((reason) => reason.startsWith("graph:")))).toBe(false);
  });
});

describe("speaker term in recall", () => {
  const turns = [
    { text: "I love hiking in the mountains on weekends.", speaker: "Bo" },
    { text: "Hiking in the mountains sounds fun, I go on weekends too.", speaker: "Ana" },
    { text: "The weather was rainy all week.", speaker: "Ana" },
    { text: "My cat knocked a vase off the shelf.", speaker: "Bo" },
    { text: "We baked bread with the kids on Sunday.", speaker: "Ana" },
    { text: "The new job starts next month.", speaker: "Bo" },
    { text: "Our neighbours painted their fence blue.", speaker: "Ana" },
    { text: "I finished reading a long novel.", speaker: "Bo" },
  ];
  const ask = async (speakerWeight: number) => {
    const { engine } = openTestEngine({
      options: { deriveFacts: false, neighbourWeight: 0, speakerWeight, scorer: "hand-set" },
    });
    await engine.remember(turns.map((t, i) => ({ ...t, user: "u", session: "s1", at: 1000 + i * 60_000 })));
    return engine.recall({ query: "Does Ana like hiking in the mountains?", user: "u", k: 3 });
  };

  it("lifts the named speaker's matching turn, in proportion to its relevance, and says why", async () => {
    const { results } = await ask(0.65);
    const ana = results.find((r) => r.text.startsWith("Hiking"));
    const bo = results.find((r) => r.text.startsWith("I love hiking"));
    const rain = results.find((r) => r.text.startsWith("The weather"));
    expect(bo?.breakdown.speaker).toBe(0);
    const relevance = (ana?.breakdown.speaker ?? 0) / 0.65;
    expect(relevance).toBeGreaterThan(0);
    // a named speaker's unrelated turn gains much less than its matching one
    expect(rain?.breakdown.speaker ?? 0).toBeLessThan((ana?.breakdown.speaker ?? 0) / 2);
    expect(ana?.reasons).toContain(
      `speaker: said by Ana, whom the query names → ${ana?.breakdown.speaker.toFixed(2)}`,
    );
    expect(results[0]?.text).toBe(ana?.text);
  });

  it("adds nothing with speakerWeight 0, and changes nothing else in the score", async () => {
    const { results } = await ask(0);
    expect(results.every((r) => r.breakdown.speaker === 0)).toBe(true);
    expect(results.some((r) => r.reasons.some((reason) => reason.startsWith("speaker:")))).toBe(false);
    // everything else in the score is the same: the two runs differ by exactly the speaker term
    const { results: on } = await ask(0.65);
    for (const r of on) {
      const without = results.find((x) => x.text === r.text);
      expect(r.score - (without?.score ?? Number.NaN)).toBeCloseTo(r.breakdown.speaker, 9);
    }
  });
});
