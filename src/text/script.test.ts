import { describe, expect, it } from "vitest";
import { hasHan, isMostlyLatin, latinShare } from "./script.js";

describe("hasHan", () => {
  it("finds Chinese characters anywhere in the text", () => {
    expect(hasHan("我住在北京")).toBe(true);
    expect(hasHan("I live in 北京")).toBe(true);
  });

  it("is false for Latin, kana-only and empty text", () => {
    expect(hasHan("I live in Beijing")).toBe(false);
    expect(hasHan("ひらがな")).toBe(false);
    expect(hasHan("")).toBe(false);
  });
});

describe("latinShare", () => {
  it("counts Latin letters over all letters", () => {
    // "I live in" has 7 Latin letters, 北京 two Han letters: 7 / 9.
    expect(latinShare("I live in 北京")).toBeCloseTo(7 / 9, 12);
    expect(latinShare("hello")).toBe(1);
    expect(latinShare("我住在北京")).toBe(0);
  });

  it("ignores digits, spaces and punctuation, and is 1 with no letters at all", () => {
    expect(latinShare("abc 123 !!!")).toBe(1);
    expect(latinShare("2023-07-01")).toBe(1);
    expect(latinShare("")).toBe(1);
  });

  it("counts accented Latin letters as Latin and Cyrillic as not", () => {
    expect(latinShare("café")).toBe(1);
    // "ab" Latin, "вг" Cyrillic: 2 / 4.
    expect(latinShare("ab вг")).toBe(0.5);
  });
});

describe("isMostlyLatin", () => {
  it("is true at half Latin or more", () => {
    expect(isMostlyLatin("ab вг")).toBe(true);
    expect(isMostlyLatin("I live in 北京")).toBe(true);
    expect(isMostlyLatin("42")).toBe(true);
  });

  it("is false for mostly Chinese text", () => {
    expect(isMostlyLatin("我在 Alibaba 工作很多年了")).toBe(false);
  });
});
