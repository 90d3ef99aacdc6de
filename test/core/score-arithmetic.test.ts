/**
 * Recall's score, term by term, with exact numbers: four memories on the in-memory store with the hash embedder,
 * each term of each breakdown checked against its formula computed here from the engine's options.
 * The hand-set scorer (scorer: "hand-set") keeps this arithmetic; the trained one weighs the same features (issue 11).
 */
import { describe, expect, it } from "vitest";
import { createEngine, type Engine, type RecallResult } from "../../src/core/index.js";
import { dotInt8, quantizeInt8, softmax, updateStrength } from "../../src/mechanisms/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createMemoryStore } from "../../src/stores/memory/index.js";
import { lexicalTerms, queryTerms } from "../../src/text/index.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 2, 1);
/** Options away from every default, so each term shows that it reads the engine's own options. */
const OPTIONS = {
  temperature: 0.25,
  lexicalWeight: 6,
  lexicalDamping: 4,
  recencyWeight: 0.4,
  recencyHalfLifeDays: 20,
  strengthWeight: 0.3,
  strengthHalfLifeDays: 60,
  initialStrength: 0.6,
  neighbourWeight: 0.8,
  recallGain: 0.2,
  deriveFacts: false,
  // the hand-set scorer reads each term at its formula's value (weight 1); one read, as the formulas below describe
  scorer: "hand-set",
  hops: 1,
} as const;

/** m1 and m2 are turns of one session (m2 the next one), m3 and m4 stand alone. */
const MEMORIES = [
  { label: "m1", text: "Ana adopted two kittens.", age: 60 * DAY, session: "s1" },
  { label: "m2", text: "The cats sleep on the sofa all day.", age: 30 * DAY, session: "s1" },
  { label: "m3", text: "Ben plays the cello on Sundays.", age: 0, session: undefined },
  { label: "m4", text: "Lisbon has steep hills and yellow trams.", age: 90 * DAY, session: undefined },
] as const;
const QUERY = "cats in Lisbon";

const embedder = createHashEmbedder({ dimensions: 256 });

/** The cosine a store computes: the query quantised to int8 and scaled by its norm, times the int8 key. */
async function int8Cosine(query: string, text: string): Promise<{ int8: number; float: number }> {
  const [q, k] = (await embedder.embed([query, text])) as [Float32Array, Float32Array];
  let norm = 0;
  let float = 0;
  for (let i = 0; i < q.length; i++) {
    norm += (q[i] as number) ** 2;
    float += (q[i] as number) * (k[i] as number);
  }
  const queryInt8 = quantizeInt8(q);
  const keyInt8 = quantizeInt8(k);
  const int8 =
    dotInt8(queryInt8.values, keyInt8.values, 0) * (queryInt8.scale / Math.sqrt(norm)) * keyInt8.scale;
  return { int8, float };
}

/** FTS5's BM25 written out: Σ idf · tf(k1 + 1) / (tf + k1(1 − b + b·|key|/avgdl)), idf = ln((N − n + ½)/(n + ½)). */
function bm25(keys: string[][], key: string[], query: string[]): number {
  const k1 = 1.2;
  const b = 0.75;
  const averageLength = keys.reduce((sum, terms) => sum + terms.length, 0) / keys.length;
  let score = 0;
  for (const term of query) {
    const tf = key.filter((t) => t === term).length;
    if (tf === 0) continue;
    const n = keys.filter((terms) => terms.includes(term)).length;
    const idf = Math.max(Math.log((keys.length - n + 0.5) / (n + 0.5)), 1e-6);
    score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * key.length) / averageLength));
  }
  return score;
}

async function remembered(): Promise<{ engine: Engine; ids: Map<string, string> }> {
  const engine = createEngine({ store: createMemoryStore(), embedder, options: OPTIONS, now: () => NOW });
  const ids = new Map<string, string>();
  for (const memory of MEMORIES) {
    const result = await engine.remember({
      text: memory.text,
      user: "ana",
      at: NOW - memory.age,
      ...(memory.session ? { session: memory.session } : {}),
    });
    ids.set(memory.label, result.items[0]?.id as string);
  }
  return { engine, ids };
}

describe("recall's score, term by term (in-memory store, hash embedder)", () => {
  it("adds up vector, lexical, neighbour context, recency and strength as their formulas say", async () => {
    const { engine, ids } = await remembered();
    const result: RecallResult = await engine.recall({ query: QUERY, user: "ana", k: 4 });
    const byLabel = new Map(
      MEMORIES.map((memory) => [memory.label, result.results.find((r) => r.id === ids.get(memory.label))]),
    );
    expect(result.candidates).toBe(4);

    // vector: cos(q, key)/τ, the cosine in int8 as the store computes it (within 0.01 of the float cosine)
    const vector = new Map<string, number>();
    for (const memory of MEMORIES) {
      const cosine = await int8Cosine(QUERY, memory.text);
      expect(Math.abs(cosine.int8 - cosine.float)).toBeLessThan(0.01);
      vector.set(memory.label, cosine.int8 / OPTIONS.temperature);
      expect(byLabel.get(memory.label)?.breakdown.vector).toBeCloseTo(cosine.int8 / OPTIONS.temperature, 12);
      expect(byLabel.get(memory.label)?.match.cosine).toBeCloseTo(cosine.int8, 12);
    }

    // lexical: lexicalWeight × BM25 / (best BM25 + lexicalDamping), BM25 over the tenant's four keys
    const keys = MEMORIES.map((memory) => lexicalTerms(memory.text));
    const terms = queryTerms(QUERY);
    expect(terms).toEqual(["cat", "lisbon"]);
    const scores = keys.map((key) => bm25(keys, key, terms));
    const best = Math.max(...scores);
    const lexical = new Map<string, number>();
    for (const [i, memory] of MEMORIES.entries()) {
      const expected = (OPTIONS.lexicalWeight * (scores[i] as number)) / (best + OPTIONS.lexicalDamping);
      lexical.set(memory.label, expected);
      expect(byLabel.get(memory.label)?.breakdown.lexical).toBeCloseTo(expected, 12);
      expect(byLabel.get(memory.label)?.match.bm25 ?? 0).toBeCloseTo(scores[i] as number, 12);
    }
    // each query word is in one key of four (idf = ln(3.5/1.5)): m2 and m4 match one word each, m1 and m3 none
    expect(byLabel.get("m1")?.breakdown.lexical).toBe(0);
    expect(byLabel.get("m3")?.breakdown.lexical).toBe(0);
    expect(scores[1]).toBeGreaterThan(0.5);
    expect(scores[3]).toBeGreaterThan(0.5);

    // neighbour: a turn next to a hit in its session gets neighbourWeight × ½ × that hit's relevance, where relevance
    // is vector − (the lowest vector term, or 0 when none is negative) + lexical
    const baseline = Math.min(0, ...vector.values());
    const relevance = (label: string) =>
      (vector.get(label) as number) - baseline + (lexical.get(label) as number);
    expect(byLabel.get("m1")?.breakdown.neighbour).toBeCloseTo(
      OPTIONS.neighbourWeight * 0.5 * relevance("m2"),
      12,
    );
    expect(byLabel.get("m2")?.breakdown.neighbour).toBeCloseTo(
      OPTIONS.neighbourWeight * 0.5 * relevance("m1"),
      12,
    );
    expect(byLabel.get("m3")?.breakdown.neighbour).toBe(0);
    expect(byLabel.get("m4")?.breakdown.neighbour).toBe(0);

    // recency: recencyWeight × 2^(−age / 20 days): ages of 3, 1.5, 0 and 4.5 half-lives
    expect(byLabel.get("m1")?.breakdown.recency).toBeCloseTo(0.4 * 2 ** -3, 15);
    expect(byLabel.get("m2")?.breakdown.recency).toBeCloseTo(0.4 * 2 ** -1.5, 15);
    expect(byLabel.get("m3")?.breakdown.recency).toBe(0.4);
    expect(byLabel.get("m4")?.breakdown.recency).toBeCloseTo(0.4 * 2 ** -4.5, 15);

    // strength: strengthWeight × initialStrength × 2^(−(now − lastSeenAt) / 60 days), lastSeenAt = when it happened
    expect(byLabel.get("m1")?.breakdown.strength).toBeCloseTo(0.3 * 0.6 * 2 ** -1, 15);
    expect(byLabel.get("m2")?.breakdown.strength).toBeCloseTo(0.3 * 0.6 * 2 ** -0.5, 15);
    expect(byLabel.get("m3")?.breakdown.strength).toBeCloseTo(0.3 * 0.6, 15);
    expect(byLabel.get("m4")?.breakdown.strength).toBeCloseTo(0.3 * 0.6 * 2 ** -1.5, 15);

    // no graph, no speaker named, nothing superseded; the score is the sum of the terms
    for (const recalled of result.results) {
      const { breakdown } = recalled;
      expect([breakdown.graph, breakdown.speaker, breakdown.superseded]).toEqual([0, 0, 0]);
      // the learned scorer's own terms weigh 0 in the hand-set prior
      expect([breakdown.session, breakdown.time, breakdown.form, breakdown.interaction]).toEqual([
        0, 0, 0, 0,
      ]);
      const sum =
        breakdown.vector +
        breakdown.lexical +
        breakdown.neighbour +
        breakdown.recency +
        breakdown.strength +
        breakdown.graph +
        breakdown.speaker +
        breakdown.superseded;
      expect(recalled.score).toBeCloseTo(sum, 12);
    }
  });

  it("weighs the candidates by the softmax of their scores, ranks by weight, and reinforces each by its weight", async () => {
    const { engine } = await remembered();
    const result = await engine.recall({ query: QUERY, user: "ana", k: 4 });
    const weights = softmax(result.results.map((r) => r.score));
    for (const [i, recalled] of result.results.entries()) {
      expect(recalled.weight).toBeCloseTo(weights[i] as number, 12);
      if (i > 0) expect(recalled.weight).toBeLessThanOrEqual(result.results[i - 1]?.weight as number);
    }
    expect(result.results.reduce((sum, r) => sum + r.weight, 0)).toBeCloseTo(1, 12);

    // the attention value update: s' = f·s + r(1 − f·s), f = 2^(−(now − lastSeenAt)/60 days), r = recallGain × weight
    for (const recalled of result.results) {
      const age = NOW - Date.parse(recalled.occurredAt);
      const expected = updateStrength(0.6, age, 60 * DAY, OPTIONS.recallGain * recalled.weight);
      const [stored] = await engine.store.get("default", [recalled.id]);
      expect(stored?.strength).toBeCloseTo(expected, 12);
      expect(stored?.lastSeenAt).toBe(NOW);
    }
  });
});
