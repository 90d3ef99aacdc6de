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

/** The words of jieba's bundled dictionary, one a line: "word frequency tag". */
export function jiebaDictionaryLines(): string[] {
  return new TextDecoder().decode(bundledDictionary()).split("\n");
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
