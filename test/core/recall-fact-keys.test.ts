/** A derived fact is a key of its episode: one result stands for both, carries the fact, and explains it. */
import { describe, expect, it } from "vitest";
import { factEpisodes, foldFactScores } from "../../src/core/recall-fact-keys.js";
import type { MemoryRecord } from "../../src/spec/memory.js";
import { openTestEngine } from "../helpers.js";
import { ana } from "../knowledge/conversation-script.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");

async function told() {
  const opened = openTestEngine({ now: () => NOW });
  await opened.engine.remember([
    ana("s1", "2024-01-10T09:00:00Z", "I moved to Lisbon last month."),
    ana("s1", "2024-01-10T09:01:00Z", "The weather was lovely all week."),
    ana("s1", "2024-01-10T09:02:00Z", "My sister Maria works at Deloitte."),
  ]);
  return opened;
}

describe("a fact and its episode", () => {
  it("give one result: the episode, carrying the fact, and the fact is no result of its own", async () => {
    const { engine } = await told();
    const [fact] = await engine.facts({ user: "ana", predicate: "lives_in" });
    if (!fact) throw new Error("no lives_in fact derived");
    const { results } = await engine.recall({ query: "Where does Ana live?", user: "ana", k: 10 });
    expect(results.map((r) => r.id)).not.toContain(fact.id);
    const episode = results.find((r) => r.facts.some((f) => f.id === fact.id));
    expect(episode?.kind).toBe("episode");
    expect(episode?.text).toBe("I moved to Lisbon last month.");
    expect(fact.sources).toEqual([episode?.id]);
    expect(episode?.facts.find((f) => f.id === fact.id)).toMatchObject({ text: fact.text });
    // the others carry no fact of this one
    expect(results.filter((r) => r.facts.some((f) => f.id === fact.id))).toHaveLength(1);
  });

  it("is explained: the result's reasons name the fact that matched", async () => {
    const { engine } = await told();
    const { results } = await engine.recall({ query: "Where does Ana live?", user: "ana", k: 10 });
    const episode = results.find((r) => r.facts.length > 0 && r.text.includes("Lisbon"));
    const carried = episode?.facts[0];
    if (!episode || !carried) throw new Error("no result carries a fact");
    const reason = episode.reasons.find((r) => r.startsWith("fact: "));
    expect(reason).toContain(`"${carried.text}", derived from it, matched`);
    expect(reason).toContain(`cosine ${carried.match.cosine?.toFixed(3)}`);
    // the result is scored by the better of its own score and its fact's, and says which
    expect(episode.score).toBeGreaterThanOrEqual(carried.score);
    if (episode.score === carried.score) {
      expect(episode.match).toEqual({ ...carried.match, key: "fact" });
      expect(reason).toContain("scored by this fact");
      expect(episode.reasons[0]).toBe(reason);
    } else {
      expect(episode.match.key).not.toBe("fact");
      expect(reason).toContain(`its score ${carried.score.toFixed(2)} is below this one's`);
    }
  });

  it("takes every fact out of the softmax whose episode is a candidate: the weights sum to 1 over the rest", async () => {
    const { engine } = await told();
    const episodes = await engine.recall({
      query: "Where does Ana live?",
      user: "ana",
      kinds: ["episode"],
      k: 50,
    });
    const both = await engine.recall({ query: "Where does Ana live?", user: "ana", k: 50 });
    expect(both.results.some((r) => r.kind === "fact")).toBe(false);
    expect(both.results.flatMap((r) => r.facts).length).toBeGreaterThanOrEqual(2);
    expect(both.candidates).toBe(episodes.candidates);
    expect(both.results.reduce((sum, r) => sum + r.weight, 0)).toBeCloseTo(1, 10);
  });

  it("still reaches the context block: the fact under ## Facts with its own id, the episode under ## Memories", async () => {
    const { engine } = await told();
    const [fact] = await engine.facts({ user: "ana", predicate: "lives_in" });
    const block = await engine.context({ query: "Where does Ana live?", user: "ana", budget: 500 });
    const facts = block.sections.find((s) => s.name === "facts");
    const memories = block.sections.find((s) => s.name === "memories");
    const item = facts?.items.find((i) => i.id === fact?.id);
    expect(item?.text).toBe(`- [2024-01-10] ${fact?.text}`);
    expect(item?.kind).toBe("fact");
    expect(item?.reasons?.[0]).toMatch(/^derived from mem_\w+, recalled with it$/u);
    expect(memories?.items.some((i) => i.text.includes("I moved to Lisbon last month."))).toBe(true);
    expect(block.text).toContain(`## Facts\n- [2024-01-10] ${fact?.text}`);
  });

  it("stays a result of its own when its episode is not a candidate (filtered out by kind)", async () => {
    const { engine } = await told();
    const { results } = await engine.recall({
      query: "Where does Ana live?",
      user: "ana",
      kinds: ["fact"],
      k: 10,
    });
    const fact = results.find((r) => r.text.includes("Lisbon"));
    expect(fact?.kind).toBe("fact");
    expect(fact?.facts).toEqual([]);
  });
});

function record(id: string, kind: MemoryRecord["kind"], sources: string[] = []): MemoryRecord {
  return {
    id,
    tenant: "default",
    user: null,
    agent: null,
    session: null,
    kind,
    text: id,
    role: null,
    speaker: null,
    occurredAt: 0,
    recordedAt: 0,
    source: sources[0] ?? null,
    sources: sources.map((source) => ({ source, occurredAt: 0, recordedAt: 0, session: null })),
    metadata: {},
    count: sources.length || 1,
    lastSeenAt: 0,
    strength: 1,
    status: "active",
    textHash: id,
  };
}

describe("factEpisodes and foldFactScores", () => {
  it("pairs a fact with its source episodes among the candidates, each of them when it was told twice", () => {
    const candidates = [
      record("f0", "fact", ["gone"]),
      record("f1", "fact", ["e1", "e2"]),
      record("e1", "episode"),
      record("e2", "episode"),
      record("f2", "fact", ["f0"]),
    ];
    expect(factEpisodes(candidates)).toEqual([[], [2, 3], [], [], []]);
  });

  it("gives the episode the better of its own score and its facts', and takes the facts out", () => {
    // e1 carries f1 (better than e1) and f2 (worse); e2 carries nothing; f0's episode is no candidate
    const episodesOf = [[], [2], [], [], [2]];
    const fold = foldFactScores(episodesOf, [0.9, 2.5, 1.0, 1.7, 0.4]);
    expect(Array.from(fold.scores)).toEqual([
      0.9,
      Number.NEGATIVE_INFINITY,
      2.5,
      1.7,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(fold.scoredBy).toEqual([0, 1, 1, 3, 4]);
    expect(fold.carried).toEqual([[], [], [1, 4], [], []]);
    expect([...fold.folded].sort()).toEqual([1, 4]);
  });

  it("keeps the episode's own score when it is at least its fact's", () => {
    const fold = foldFactScores([[1], []], [1.2, 1.2]);
    expect(Array.from(fold.scores)).toEqual([Number.NEGATIVE_INFINITY, 1.2]);
    expect(fold.scoredBy).toEqual([0, 1]);
    expect(fold.carried).toEqual([[], [0]]);
  });
});
