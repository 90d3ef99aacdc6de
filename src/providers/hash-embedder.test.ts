import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EngramError } from "../spec/errors.js";
import { createHashEmbedder, toUnitVector } from "./hash-embedder.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

describe("createHashEmbedder", () => {
  it("names itself after its version and size", () => {
    expect(createHashEmbedder().id).toBe("hash-v1-512");
    expect(createHashEmbedder().dimensions).toBe(512);
    expect(createHashEmbedder({ dimensions: 64 }).id).toBe("hash-v1-64");
  });

  it("returns unit vectors of the configured size, the same on every call", async () => {
    const embedder = createHashEmbedder({ dimensions: 128 });
    const [first] = await embedder.embed(["I adopted two cats last year"]);
    const [again] = await createHashEmbedder({ dimensions: 128 }).embed(["I adopted two cats last year"]);
    expect(first).toBeInstanceOf(Float32Array);
    expect(first).toHaveLength(128);
    expect(Math.hypot(...first!)).toBeCloseTo(1, 6);
    expect(again).toEqual(first);
    // one embedder sums every text in the same scratch: a text after others, or in a batch, gets the same vector
    const [, , later] = await embedder.embed(["a cat", "", "I adopted two cats last year"]);
    expect(later).toEqual(first);
  });

  it("is lexical: shared words score higher than unrelated text, case does not matter", async () => {
    const [cats, catsAgain, upper, budget] = await createHashEmbedder().embed([
      "I adopted two cats last year",
      "the two cats I adopted",
      "I ADOPTED TWO CATS LAST YEAR",
      "The quarterly budget review is on Friday",
    ]);
    expect(cosine(cats!, upper!)).toBeCloseTo(1, 6);
    expect(cosine(cats!, catsAgain!)).toBeGreaterThan(0.5);
    expect(cosine(cats!, budget!)).toBeLessThan(0.2);
  });

  it("separates Chinese sentences by their characters", async () => {
    const [cats, catsAgain, budget] = await createHashEmbedder().embed([
      "我去年领养了两只猫",
      "我养了两只猫",
      "下周五讨论项目预算",
    ]);
    expect(cosine(cats!, catsAgain!)).toBeGreaterThan(0.5);
    expect(cosine(cats!, budget!)).toBeLessThan(0.2);
  });

  it("reads ASCII text in place to the bit of the general path", async () => {
    // an em dash is neither letter nor digit and NFKC keeps it: the text takes the general path and adds no feature
    const embedder = createHashEmbedder({ dimensions: 64 });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary-ascii", maxLength: 60 }), async (text) => {
        const [ascii, general] = await embedder.embed([text, `${text} \u2014`]);
        expect(general).toEqual(ascii);
        if (ascii) expect(Buffer.from(general!.buffer).equals(Buffer.from(ascii.buffer))).toBe(true);
      }),
    );
  });

  it("gives null to text with no letters or digits", async () => {
    const vectors = await createHashEmbedder().embed(["", "   ", "!!", "2023 !!"]);
    expect(vectors.slice(0, 3)).toEqual([null, null, null]);
    expect(vectors[3]).toBeInstanceOf(Float32Array);
  });

  it("refuses a size that is not a positive whole number", () => {
    for (const dimensions of [0, -3, 1.5]) {
      let error: unknown;
      try {
        createHashEmbedder({ dimensions });
      } catch (caught) {
        error = caught;
      }
      expect(EngramError.isInstance(error)).toBe(true);
      expect((error as EngramError).code).toBe("config_invalid");
    }
  });

  it("embeds at least 10,000 short sentences a second", async () => {
    const embedder = createHashEmbedder();
    const words =
      "the user said she adopted two cats and moved near the river last spring with friends".split(" ");
    const sentences = Array.from({ length: 20_000 }, (_, i) =>
      Array.from({ length: 8 + (i % 8) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(" "),
    );
    await embedder.embed(sentences.slice(0, 1000));
    const start = performance.now();
    await embedder.embed(sentences);
    const perSecond = sentences.length / ((performance.now() - start) / 1000);
    expect(perSecond).toBeGreaterThan(10_000);
  });
});

describe("toUnitVector", () => {
  it("scales to length 1 and refuses a zero vector", () => {
    expect(Array.from(toUnitVector([3, 4])!)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(toUnitVector([0, 0])).toBeNull();
    expect(toUnitVector([Number.NaN, 1])).toBeNull();
  });
});
