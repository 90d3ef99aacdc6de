/** Chinese word segmentation with jieba, loaded on first use: English-only callers never read its 5 MB dictionary. */
import { createRequire } from "node:module";
import type { Jieba } from "@node-rs/jieba";

// `@node-rs/jieba` is CommonJS with a native binding, and `@node-rs/jieba/dict.js` reads the dictionary files as soon
// as it is imported. Loading both through `require` on first use keeps that cost off every process that never sees
// Chinese text.
const require = createRequire(import.meta.url);

let instance: Jieba | undefined;

function bundledDictionary(): Uint8Array {
  return (require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js")).dict;
}

/** The shared segmenter with jieba's bundled dictionary, created on the first call. */
export function getJieba(): Jieba {
  if (instance === undefined) {
    const { Jieba: JiebaClass } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    instance = JiebaClass.withDict(bundledDictionary());
  }
  return instance;
}

/**
 * The two-character words of jieba's bundled dictionary, with their frequency and part-of-speech tag, for `visit`
 * (lines of other lengths are skipped without being split: the dictionary has 350,000 of them).
 */
export function forEachTwoCharacterWord(visit: (word: string, frequency: number, tag: string) => void): void {
  const text = new TextDecoder().decode(bundledDictionary());
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    // "萝卜 343 n": a two-character word has its first space third
    if (text.charCodeAt(start + 2) === 32) {
      const second = text.indexOf(" ", start + 3);
      if (second > 0 && second < end)
        visit(
          text.slice(start, start + 2),
          Number(text.slice(start + 3, second)),
          text.slice(second + 1, end).trim(),
        );
    }
    start = end + 1;
  }
}

/**
 * Chinese words in search mode (HMM on, for names the dictionary lacks): each long word comes after the dictionary
 * words inside it, so that a query for "阿里" finds "阿里巴巴" and the reverse. Punctuation and spaces come back as
 * tokens of their own; callers filter them.
 * @example cutChinese("在阿里巴巴工作") // ["在", "阿里", "巴巴", "阿里巴巴", "工作"]
 */
export function cutChinese(text: string): string[] {
  if (text.length === 0) return [];
  return getJieba().cutForSearch(text, true);
}
