/** Sentences and segments: English by wink-nlp, Chinese by punctuation, offsets that point back into the text. */
import { describe, expect, it } from "vitest";
import { segmentText } from "../../../src/apps/reading/segmenter.js";
import { splitSentences } from "../../../src/apps/reading/sentences.js";
import { breakLongRuns, MAX_RUN_LENGTH } from "../../../src/text/index.js";

describe("splitSentences", () => {
  it("keeps English abbreviations and decimals inside sentences", () => {
    const text = "Dr. Smith went to Washington on Jan. 5, 2020. He paid 3.5 dollars!  Was it worth it?";
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      "Dr. Smith went to Washington on Jan. 5, 2020.",
      "He paid 3.5 dollars!",
      "Was it worth it?",
    ]);
  });

  it("splits Chinese after 。！？ and keeps closing quotes with their sentence", () => {
    const text = "他来了。她走了！“你好吗？”他问。价格是3.5元";
    expect(splitSentences(text)).toEqual([
      { text: "他来了。", start: 0, end: 4 },
      { text: "她走了！", start: 4, end: 8 },
      { text: "“你好吗？”", start: 8, end: 14 },
      { text: "他问。", start: 14, end: 17 },
      { text: "价格是3.5元", start: 17, end: 24 },
    ]);
  });

  it("treats a single line break as a soft wrap and a Markdown heading as its own paragraph", () => {
    const text = "# Bridges\nThe bridge opened\nin 1932. It is long.\n\nA new paragraph.";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      "# Bridges",
      "The bridge opened\nin 1932.",
      "It is long.",
      "A new paragraph.",
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("reads a run of 50,000 dashes or letters as written: wink sees it broken, the sentences keep it whole", () => {
    const dashes = "-".repeat(50_000);
    const text = `The bridge opened in 1932. ${dashes} It is long. ${"a".repeat(50_000)}! 😀${"😀".repeat(100)}. The end.`;
    const sentences = splitSentences(text);
    expect(sentences[0]?.text).toBe("The bridge opened in 1932.");
    expect(sentences.some((s) => s.text.includes(dashes))).toBe(true);
    expect(sentences[sentences.length - 1]?.text).toBe("The end.");
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    // what wink is given has the same length, a space after every MAX_RUN_LENGTH units of a long run, no broken emoji
    const run = 3 * MAX_RUN_LENGTH + 5;
    const readable = breakLongRuns(`x ${"-".repeat(run)} ${"😀".repeat(MAX_RUN_LENGTH)}`);
    expect(readable).toHaveLength(2 + run + 1 + 2 * MAX_RUN_LENGTH);
    expect(
      readable
        .slice(2, 2 + run)
        .split(" ")
        .map((part) => part.length),
    ).toEqual([MAX_RUN_LENGTH, MAX_RUN_LENGTH, MAX_RUN_LENGTH, 2]);
    expect(readable).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(breakLongRuns(`a${"😀".repeat(MAX_RUN_LENGTH)}`)).not.toMatch(
      /(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    // a URL or a word of ordinary length is read as it is
    const url = `https://example.com/${"path/".repeat(40)}`;
    expect(breakLongRuns(url)).toBe(url);
  });
});

describe("segmentText", () => {
  it("makes windows of three sentences that share one with the next", () => {
    const text = "One. Two. Three. Four. Five. Six. Seven.";
    expect(segmentText(text).map((s) => s.text)).toEqual([
      "One. Two. Three.",
      "Three. Four. Five.",
      "Five. Six. Seven.",
    ]);
  });

  it("stops a window at maxChars, a long sentence alone, offsets into the document", () => {
    const text = "短句。这是一个比较长的句子，有很多字。短。";
    const segments = segmentText(text, { maxSentences: 3, overlapSentences: 1, maxChars: 12 });
    expect(segments.map((s) => [s.text, s.start, s.end])).toEqual([
      ["短句。", 0, 3],
      ["这是一个比较长的句子，有很多字。", 3, 19],
      ["短。", 19, 21],
    ]);
  });

  it("refuses an overlap that would not move forward", () => {
    expect(() => segmentText("A. B.", { maxSentences: 2, overlapSentences: 2 })).toThrow(/overlapSentences/);
  });
});
