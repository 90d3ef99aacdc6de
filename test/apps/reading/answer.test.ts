/** The extractive answer and its scores: question types, Chinese alignment, English entities, EM and F1 by hand. */
import { describe, expect, it } from "vitest";
import { analyzeQuestion, extractAnswer } from "../../../src/apps/reading/answer-extractor.js";
import { exactMatch, f1Score, normalizeAnswer } from "../../../src/apps/reading/answer-metrics.js";

const source = (text: string, id = "m1", weight = 1) => ({ id, text, weight });

describe("analyzeQuestion", () => {
  it("reads the answer type from the question word", () => {
    expect(analyzeQuestion("若游戏中离，则多少分钟内不得进行配对？")).toMatchObject({
      language: "zh",
      type: "number",
      questionWord: { text: "多少", start: 7, end: 9 },
    });
    expect(analyzeQuestion("尤金袋鼠最初是何时被发现的？").type).toBe("time");
    expect(analyzeQuestion("该漫画是由谁创作的？").type).toBe("person");
    expect(analyzeQuestion("How many dollars did he pay?").type).toBe("number");
    expect(analyzeQuestion("Where is the milk?").type).toBe("place");
    expect(analyzeQuestion("Who wrote the letter?").type).toBe("person");
  });
});

describe("extractAnswer", () => {
  it("aligns a Chinese question around its question word", () => {
    const answer = extractAnswer("生命数耗完即算为什么？", [
      source("每次泡封会减少生命数，生命数耗完即算为踢爆。重生者在一定时间内为无敌状态。"),
    ]);
    expect(answer).toMatchObject({
      text: "踢爆",
      sourceId: "m1",
      sentence: "每次泡封会减少生命数，生命数耗完即算为踢爆。",
    });
    expect(answer?.start).toBe(19);
  });

  it("keeps the unit a 多少 question asks about, and stops before 内", () => {
    const answer = extractAnswer("若游戏中离，则多少分钟内不得进行配对？", [
      source("若游戏中离，则4分钟内不得进行配对(每次中离+4分钟)。"),
    ]);
    expect(answer?.text).toBe("4分钟");
  });

  it("drops a leading date and function word when a person is asked", () => {
    const answer = extractAnswer("乍都节公园是由谁捐献土地建造出来的？", [
      source("乍都节公园位于曼谷。公园在1975年由泰国国家铁路局捐献土地建造出来。"),
    ]);
    expect(answer?.text).toBe("泰国国家铁路局");
  });

  it("prefers the better-attended segment's sentence when both share the question's words", () => {
    const answer = extractAnswer("生命数耗完即算为什么？", [
      source("生命数耗完即算为踢爆。", "strong", 0.9),
      source("生命数耗完即算为出局。", "weak", 0.1),
    ]);
    expect(answer).toMatchObject({ text: "踢爆", sourceId: "strong" });
  });

  it("answers where with the place after a preposition, and who with a proper noun", () => {
    expect(extractAnswer("Where did Mary travel to?", [source("Mary travelled to the hallway.")])?.text).toBe(
      "the hallway",
    );
    expect(
      extractAnswer("Who designed the bridge?", [
        source("The bridge was designed by John Bradfield in 1923."),
      ])?.text,
    ).toBe("John Bradfield");
    expect(
      extractAnswer("When was the bridge opened?", [
        source("The bridge was opened on 19 March 1932 by the premier."),
      ])?.text,
    ).toBe("19 March 1932");
  });

  it("reads a sentence with a run of 30,000 dashes as written, its answer's offsets into the sentence", () => {
    const dashes = "-".repeat(30_000);
    const answer = extractAnswer("Who designed the bridge?", [
      source(`The bridge ${dashes} was designed by John Bradfield in 1923.`),
    ]);
    expect(answer?.text).toBe("John Bradfield");
  });

  it("returns null with nothing to read", () => {
    expect(extractAnswer("Who?", [])).toBeNull();
  });
});

describe("exact match and F1", () => {
  it("normalises case, punctuation, spaces and English articles", () => {
    expect(normalizeAnswer("The  Hallway!")).toBe("hallway");
    expect(normalizeAnswer("约 8 公斤。")).toBe("约8公斤");
    expect(exactMatch("the hallway", ["Hallway"])).toBe(1);
    expect(exactMatch("4", ["4分钟"])).toBe(0);
  });

  it("counts Chinese character by character: 约8公斤 against 约只有8公斤重", () => {
    // predicted 约 8 公 斤 (4 tokens), gold 约 只 有 8 公 斤 重 (7): shared 4 → P 1, R 4/7, F1 = 8/11
    expect(f1Score("约8公斤", ["约只有8公斤重"])).toBeCloseTo(8 / 11, 10);
    // English words: "the big red bridge" vs "red bridge": tokens big red bridge / red bridge → P 2/3, R 1 → 0.8
    expect(f1Score("the big red bridge", ["red bridge"])).toBeCloseTo(0.8, 10);
    expect(f1Score("", ["踢爆"])).toBe(0);
    expect(f1Score("踢爆", ["出局", "踢爆"])).toBe(1);
  });
});
