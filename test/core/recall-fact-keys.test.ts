/** A derived fact is a key of its episode: one result stands for both, carries the fact, and explains it. */
import { describe, expect, it } from "vitest";
import type { RememberInput } from "../../src/core/index.js";
import { MIN_FEEDBACK } from "../../src/core/learn.js";
import { FACT_KEY_KIND, type FactKeyedCandidate, foldFactKeys } from "../../src/core/recall-fact-keys.js";
import type { MemoryRecord } from "../../src/spec/memory.js";
import { openTestEngine } from "../helpers.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");

const ana = (session: string, at: string, text: string): RememberInput => ({
  text,
  user: "ana",
  session,
  speaker: "Ana",
  role: "user",
  at,
});

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
    // the fact's better evidence is the episode's: its cosine is at least the fact's
    expect(episode.match.cosine).toBeGreaterThanOrEqual(carried.match.cosine ?? -1);
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

  it("counts as used for its episode when feedback names the fact: learn() finds it among the candidates", async () => {
    const { engine } = await told();
    for (let i = 0; i < MIN_FEEDBACK; i++) {
      const recall = await engine.recall({ query: "Where does Ana live?", user: "ana", k: 10 });
      const carried = recall.results.find((r) => r.facts.length > 0)?.facts[0];
      if (!carried) throw new Error("no result carries a fact");
      await engine.feedback({ recallId: recall.recallId, used: [carried.id] });
    }
    const report = await engine.learn();
    expect(report.trained).toBe(MIN_FEEDBACK - MIN_FEEDBACK / 5);
    expect(report.reason).not.toContain("no used memory is among the candidates");
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

function candidate(
  memory: MemoryRecord,
  evidence: {
    cosine: number | null;
    bm25: number | null;
    vectorRank: number | null;
    lexicalRank: number | null;
  },
): FactKeyedCandidate {
  return {
    record: memory,
    terms: {
      vector: (evidence.cosine ?? 0) / 0.1,
      lexical: evidence.bm25 ?? 0,
      neighbour: 0.2,
      speaker: 0,
      graph: memory.kind === "fact" ? 0.5 : 0,
      recency: 0.1,
      strength: 0.3,
      superseded: 0,
    },
    cosine: evidence.cosine,
    vectorRank: evidence.vectorRank,
    bm25: evidence.bm25,
    lexicalRank: evidence.lexicalRank,
    relevance: (evidence.cosine ?? 0) + (evidence.bm25 ?? 0),
    neighbour: undefined,
    speakerNamed: memory.kind === "fact",
    otherSpeaker: memory.kind !== "fact",
    dates: memory.kind === "fact" ? [1] : [2],
    second: null,
    vectorHit:
      evidence.cosine === null
        ? undefined
        : { memoryId: memory.id, similarity: evidence.cosine, keyKind: "text" },
    lexicalHit:
      evidence.bm25 === null ? undefined : { memoryId: memory.id, score: evidence.bm25, keyKind: "text" },
  };
}

describe("foldFactKeys", () => {
  it("keeps the better evidence of each channel and the better rank, and the episode's own terms", () => {
    const episode = candidate(record("e1", "episode"), {
      cosine: 0.4,
      bm25: 3,
      vectorRank: 5,
      lexicalRank: 0,
    });
    const fact = candidate(record("f1", "fact", ["e1"]), {
      cosine: 0.7,
      bm25: 1,
      vectorRank: 0,
      lexicalRank: 2,
    });
    const other = candidate(record("e2", "episode"), {
      cosine: 0.5,
      bm25: null,
      vectorRank: 1,
      lexicalRank: null,
    });
    const folded = foldFactKeys([episode, fact, other]);
    expect(folded.map((c) => c.record.id)).toEqual(["e1", "e2"]);
    const [one] = folded;
    expect(one).toMatchObject({
      cosine: 0.7,
      bm25: 3,
      vectorRank: 0,
      lexicalRank: 0,
      relevance: 3.4,
      speakerNamed: true,
      otherSpeaker: false,
      dates: [2, 1],
      vectorHit: { memoryId: "e1", similarity: 0.7, keyKind: FACT_KEY_KIND },
      lexicalHit: { memoryId: "e1", score: 3, keyKind: "text" },
    });
    expect(one?.terms).toEqual({ ...episode.terms, vector: fact.terms.vector, graph: 0.5 });
    expect(one?.facts).toEqual([{ record: fact.record, cosine: 0.7, bm25: 1 }]);
  });

  it("leaves a fact whose episode is not a candidate, and folds one told twice into both its episodes", () => {
    const alone = candidate(record("f0", "fact", ["gone"]), {
      cosine: 0.9,
      bm25: null,
      vectorRank: 0,
      lexicalRank: null,
    });
    const twice = candidate(record("f1", "fact", ["e1", "e2"]), {
      cosine: 0.2,
      bm25: 2,
      vectorRank: 3,
      lexicalRank: 0,
    });
    const e1 = candidate(record("e1", "episode"), {
      cosine: 0.3,
      bm25: null,
      vectorRank: 2,
      lexicalRank: null,
    });
    const e2 = candidate(record("e2", "episode"), {
      cosine: 0.1,
      bm25: null,
      vectorRank: 4,
      lexicalRank: null,
    });
    const folded = foldFactKeys([alone, twice, e1, e2]);
    expect(folded.map((c) => [c.record.id, c.facts?.map((f) => f.record.id) ?? []])).toEqual([
      ["f0", []],
      ["e1", ["f1"]],
      ["e2", ["f1"]],
    ]);
    expect(folded.map((c) => c.cosine)).toEqual([0.9, 0.3, 0.2]);
    expect(folded.map((c) => c.bm25)).toEqual([null, 2, 2]);
  });
});
