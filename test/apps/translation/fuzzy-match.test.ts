/** The fuzzy-match percentage, with distances worked out by hand. */
import { describe, expect, it } from "vitest";
import { fuzzyScore, levenshtein } from "../../../src/apps/translation/fuzzy-match.js";

describe("levenshtein", () => {
  it("counts insertions, deletions and substitutions of one code point each", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3); // k→s, e→i, +g
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2); // −f, +n
    expect(levenshtein("我知道。", "我不知道。")).toBe(1);
    expect(levenshtein("😀a", "a")).toBe(1); // one code point, not two UTF-16 units
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
