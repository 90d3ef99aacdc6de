import { describe, expect, it } from "vitest";
import { cutChinese, forEachTwoCharacterWord, getJieba } from "./jieba.js";

describe("cutChinese", () => {
  it("returns whole words and the dictionary words inside them", () => {
    expect(cutChinese("我住在北京，在阿里巴巴工作")).toEqual([
      "我",
      "住",
      "在",
      "北京",
      "，",
      "在",
      "阿里",
      "巴巴",
      "阿里巴巴",
      "工作",
    ]);
  });

  it("returns nothing for empty text", () => {
    expect(cutChinese("")).toEqual([]);
  });

  it("shares one segmenter", () => {
    expect(getJieba()).toBe(getJieba());
  });
});

describe("forEachTwoCharacterWord", () => {
  it("visits the dictionary's two-character words with their frequency and tag, and no other", () => {
    const seen = new Map<string, [number, string]>();
    let otherLength = 0;
    forEachTwoCharacterWord((word, frequency, tag) => {
      if ([...word].length !== 2) otherLength++;
      seen.set(word, [frequency, tag]);
    });
    expect(otherLength).toBe(0);
    expect(seen.get("萝卜")).toEqual([343, "n"]);
    expect(seen.get("北京")).toEqual([34488, "ns"]);
    expect(seen.has("胡萝卜")).toBe(false);
    expect(seen.size).toBeGreaterThan(100_000);
  });
});
