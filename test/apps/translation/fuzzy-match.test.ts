/** The fuzzy-match percentage, with distances worked out by hand. */
import { describe, expect, it } from "vitest";
import { fuzzyScore, levenshtein, MAX_CELLS } from "../../../src/apps/translation/fuzzy-match.js";

describe("levenshtein", () => {
  it("counts insertions, deletions and substitutions of one code point each", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3); // k→s, e→i, +g
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2); // −f, +n
    expect(levenshtein("我知道。", "我不知道。")).toBe(1);
    expect(levenshtein("😀a", "a")).toBe(1); // one code point, not two UTF-16 units
  });

  it("past its budget reads a band of the table: exact within the band, an upper bound beyond it", () => {
    // a seeded walk of edits over an 800-character sentence: 640,000 cells, past the 250,000 budget
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const letters = "abcdefghij";
    const base = Array.from({ length: 800 }, () => letters[Math.floor(random() * 10)]).join("");
    for (const edits of [1, 20, 100, 600]) {
      const chars = [...base];
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const kind = random();
        if (kind < 0.4) chars[at] = letters[Math.floor(random() * 10)] as string;
        else if (kind < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, "z");
      }
      const edited = chars.join("");
      const exact = levenshtein(base, edited, Number.POSITIVE_INFINITY);
      const bandedDistance = levenshtein(base, edited);
      // the band is MAX_CELLS / (2 × the longer length) wide: a distance within it is exact, one beyond it is never
      // undercounted
      if (exact <= Math.floor(MAX_CELLS / (2 * Math.max(base.length, edited.length))))
        expect(bandedDistance).toBe(exact);
      else expect(bandedDistance).toBeGreaterThanOrEqual(exact);
      expect(bandedDistance).toBeLessThanOrEqual(Math.max(base.length, edited.length));
    }
    // a 10,000-character query against a unit of 100,000 is no longer 10⁹ cells: at most the longer length
    const distance = levenshtein("a".repeat(10_000), "ab".repeat(50_000));
    expect(distance).toBeGreaterThanOrEqual(90_000);
    expect(distance).toBeLessThanOrEqual(100_000);
  });
});

describe("fuzzyScore = 100 × (1 − d / max length)", () => {
  it("is 100 only for the same sentence", () => {
    expect(fuzzyScore("I know.", "I know.")).toBe(100);
    expect(fuzzyScore("  I know. ", "I know.")).toBe(100);
    expect(fuzzyScore("I know.", "I know!")).toBe(85.7); // 1 − 1/7
    expect(fuzzyScore("I know.", "i know.")).toBe(85.7); // case counts
    expect(fuzzyScore("The cat sat on the mat.", "The dog sat on the mat.")).toBe(87); // 1 − 3/23
    expect(fuzzyScore("kitten", "sitting")).toBe(57.1); // 1 − 3/7
  });

  it("never rounds a long sentence with one change up to 100", () => {
    const long = "a".repeat(5000);
    expect(fuzzyScore(long, `${long.slice(1)}b`)).toBe(99.9);
  });
});
