import { describe, expect, it } from "vitest";
import { hasHan, isMostlyLatin, latinShare, scriptSegments, sentenceScript } from "./script.js";

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

describe("scriptSegments", () => {
  it("routes mixed text a sentence at a time", () => {
    const segments = scriptSegments("我喜欢莫奈。He painted water lilies. 你呢？");
    expect(segments.map((s) => [s.text, s.script])).toEqual([
      ["我喜欢莫奈。", "chinese"],
      ["He painted water lilies.", "latin"],
      ["你呢？", "chinese"],
    ]);
  });

  it("merges neighbouring sentences of one script and keeps a Latin word inside a Chinese sentence", () => {
    expect(scriptSegments("你好吗？我很好。").map((s) => s.text)).toEqual(["你好吗？我很好。"]);
    expect(scriptSegments("我在用 Python 写代码。")[0]?.script).toBe("chinese");
    expect(scriptSegments("I live in 北京")[0]?.script).toBe("latin");
  });

  it("tells Japanese (kana) and other scripts from Chinese, and drops blank text", () => {
    expect(sentenceScript("今日は良い天気です。")).toBe("other");
    expect(sentenceScript("Привет, мир")).toBe("other");
    expect(sentenceScript("2023-07-01")).toBe("latin");
    expect(scriptSegments("  \n ")).toEqual([]);
  });

  it("weighs a segment by its rough word count", () => {
    const [chinese, english] = scriptSegments("我养了两只猫。I adopted two cats last year.");
    expect(chinese?.weight).toBeCloseTo(6 / 1.5, 6);
    expect(english?.weight).toBe(6);
  });
});
