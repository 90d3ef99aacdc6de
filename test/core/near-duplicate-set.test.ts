/** The batch's near-duplicate search finds, to the bit, what a dot product with every pending vector finds. */
import { describe, expect, it } from "vitest";
import { createNearDuplicateSet, dotFloat32 } from "../../src/core/near-duplicate-set.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { TURNS } from "../knowledge/conversation-script.js";

/** The plain scan the set replaces: every vector, in the order added. */
function plainBest(vectors: Float32Array[], vector: Float32Array, threshold: number) {
  let best: { value: number; similarity: number } | null = null;
  vectors.forEach((candidate, value) => {
    const similarity = dotFloat32(candidate, vector);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { value, similarity };
  });
  return best;
}

/** Feeds the vectors in order, asking each for its best match among those before it, both ways. */
function compare(vectors: Float32Array[], threshold: number) {
  const set = createNearDuplicateSet<number>(threshold);
  let matched = 0;
  vectors.forEach((vector, i) => {
    const expected = plainBest(vectors.slice(0, i), vector, threshold);
    expect(set.best(vector)).toEqual(expected);
    if (expected) matched++;
    set.add(vector, i);
  });
  return matched;
}

function unit(values: Float32Array): Float32Array {
  const norm = Math.sqrt(dotFloat32(values, values));
  return values.map((v) => v / norm);
}

describe("near-duplicate set", () => {
  it("matches the plain scan on the conversation's turns and their near copies (hash embedder)", async () => {
    const texts = TURNS.map((turn) => turn.text);
    // near copies: a word added or dropped, so some pairs sit just above and some just below the threshold
    const variants = texts.flatMap((text) => [`${text} Really.`, text.replace(/^\S+\s/, ""), `${text}!`]);
    const vectors = (await createHashEmbedder().embed([...texts, ...variants])).filter(
      (v): v is Float32Array => v !== null,
    );
    for (const threshold of [0.97, 0.9, 0.8]) expect(compare(vectors, threshold)).toBeGreaterThan(0);
  });

  it("matches the plain scan on dense vectors with noisy copies around the threshold", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648 - 0.5;
    };
    const bases = Array.from({ length: 40 }, () => unit(Float32Array.from({ length: 384 }, random)));
    const vectors: Float32Array[] = [];
    for (const base of bases) {
      vectors.push(base);
      // noise scales that put the copy's cosine on both sides of 0.97
      for (const noise of [0.01, 0.02, 0.03, 0.05])
        vectors.push(unit(base.map((v) => v + noise * random() * 2)));
    }
    const matched = compare(vectors, 0.97);
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(vectors.length - bases.length);
  });
});
