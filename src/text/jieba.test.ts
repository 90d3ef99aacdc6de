import { describe, expect, it } from "vitest";
import { cutChinese, getJieba } from "./jieba.js";

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
