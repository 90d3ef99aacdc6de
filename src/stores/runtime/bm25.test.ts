import { describe, expect, it } from "vitest";
import { bm25Score, countTokens, inverseDocumentFrequency, queryTokens, termTokens } from "./bm25.js";

describe("termTokens", () => {
  it("cuts a term as FTS5's unicode61 (remove_diacritics 2) does", () => {
    expect(termTokens("Café")).toEqual(["cafe"]);
    expect(termTokens("北京")).toEqual(["北京"]);
    expect(termTokens('a"b')).toEqual(["a", "b"]);
    expect(termTokens("NEAR(")).toEqual(["near"]);
    expect(termTokens("*")).toEqual([]);
  });

  it("keeps a plain lower-case ASCII term whole, and drops one over PostgreSQL's lexeme limit as the full path does", () => {
    expect(termTokens("owl42")).toEqual(["owl42"]);
    expect(termTokens("x".repeat(2046))).toEqual(["x".repeat(2046)]);
    expect(termTokens("x".repeat(2047))).toEqual([]);
    expect(termTokens("X".repeat(2047))).toEqual([]);
    expect(termTokens("")).toEqual([]);
  });

  it("counts a term given twice in two spellings twice, and the same spelling once", () => {
    expect(queryTokens(["cafe", "Café", "cafe", ""])).toEqual(["cafe", "cafe"]);
  });
});

describe("bm25Score", () => {
  // Six rows: A = owl owl night, B = owl tree, and four rows of one other word. N = 6, avgdl = 9 / 6 = 1.5.
  const rows = [["owl", "owl", "night"], ["owl", "tree"], ["moss"], ["leaf"], ["fern"], ["stone"]].map(
    countTokens,
  );
  const collection = {
    rows: 6,
    averageLength: 1.5,
    documents: (token: string) => rows.filter((row) => row.frequencies.has(token)).length,
  };

  it("is Σ idf · tf(k1 + 1) / (tf + k1(1 − b + b·|row|/avgdl)) with k1 = 1.2, b = 0.75", () => {
    // owl: n = 2, idf = ln(4.5 / 2.5) = ln 1.8. night: n = 1, idf = ln(5.5 / 1.5) = ln(11/3).
    // A (|A| = 3): k1(1 − b + b·3/1.5) = 1.2 · 1.75 = 2.1; owl tf 2 → 2·2.2/4.1, night tf 1 → 2.2/3.1.
    expect(bm25Score(rows[0] as never, ["owl", "night"], collection)).toBeCloseTo(
      Math.log(1.8) * (4.4 / 4.1) + Math.log(11 / 3) * (2.2 / 3.1),
      12,
    );
    // B (|B| = 2): 1.2 · (0.25 + 1) = 1.5; owl tf 1 → 2.2/2.5.
    expect(bm25Score(rows[1] as never, ["owl", "night"], collection)).toBeCloseTo(
      Math.log(1.8) * (2.2 / 2.5),
      12,
    );
    expect(bm25Score(rows[2] as never, ["owl", "night"], collection)).toBe(0);
  });

  it("floors an idf at or below zero (a token in half the rows or more) at 1e-6, as FTS5 does", () => {
    expect(inverseDocumentFrequency(6, 3)).toBe(1e-6);
    expect(inverseDocumentFrequency(6, 2)).toBeCloseTo(Math.log(1.8), 15);
  });
});
