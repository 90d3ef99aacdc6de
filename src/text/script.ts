/** Which writing system a text is in: used to route text the English embedder cannot represent (Chinese, …) to the lexical channel. */

const HAN = /\p{Script=Han}/u;
const LETTER = /\p{L}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;

/** True when the text contains at least one Han (Chinese) character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

function countMatches(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/**
 * The share of letters that are Latin, in [0, 1]; 1 when the text has no letters at all (digits and
 * punctuation do not disqualify a text from the English model).
 * @example latinShare("I live in 北京") // 6 / 8 = 0.75
 */
export function latinShare(text: string): number {
  const letters = countMatches(LETTER, text);
  if (letters === 0) return 1;
  return countMatches(LATIN_LETTER, text) / letters;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** True when every code unit of the text is ASCII (the fast paths that read words by code unit need it). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** Whether an ASCII code unit is a letter or a digit (\p{L} and \p{N} within ASCII; \p{M} has none there). */
export function isAsciiWordUnit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

/** True when at least half of the letters are Latin: the English embedder can represent the text. */
export function isMostlyLatin(text: string): boolean {
  return latinShare(text) >= 0.5;
}

/** How a stretch of text is written, for routing it to an embedder: Latin (or no letters), Chinese, or other. */
export type ScriptKind = "latin" | "chinese" | "other";

export interface ScriptSegment {
  text: string;
  script: ScriptKind;
  /** Rough word count: Latin words, or Han characters / 1.5 (a Chinese word is 1.5 characters on average). */
  weight: number;
}

const HAN_LETTER = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;
/** Sentence ends: Chinese and English full stops, question and exclamation marks, semicolons, line breaks. */
const SENTENCE_END = /(?<=[。！？；!?;\n]|\.(?=\s|$))/u;

/**
 * The script of one sentence: Chinese when Han characters are at least half of its letters and kana (Japanese)
 * are few; Latin when Latin letters are at least half (or it has no letters); otherwise other.
 */
export function sentenceScript(text: string): ScriptKind {
  const letters = countMatches(LETTER, text);
  if (letters === 0) return "latin";
  const han = countMatches(HAN_LETTER, text);
  if (han * 2 >= letters && countMatches(KANA, text) * 10 <= han) return "chinese";
  return countMatches(LATIN_LETTER, text) * 2 >= letters ? "latin" : "other";
}

/**
 * The text cut into sentences, each labelled with its script, neighbours of the same script merged: mixed text
 * is routed a sentence at a time. Blank stretches are dropped.
 * @example scriptSegments("我喜欢莫奈。He painted water lilies.")
 * // [{ text: "我喜欢莫奈。", script: "chinese", … }, { text: "He painted water lilies.", script: "latin", … }]
 */
export function scriptSegments(text: string): ScriptSegment[] {
  const segments: ScriptSegment[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    const trimmed = sentence.trim();
    if (trimmed === "") continue;
    const script = sentenceScript(trimmed);
    const last = segments[segments.length - 1];
    if (last && last.script === script)
      last.text = script === "chinese" ? `${last.text}${trimmed}` : `${last.text} ${trimmed}`;
    else segments.push({ text: trimmed, script, weight: 0 });
  }
  for (const segment of segments) {
    const words = countMatches(LATIN_WORD, segment.text) + countMatches(HAN_LETTER, segment.text) / 1.5;
    segment.weight = Math.max(1, words);
  }
  return segments;
}
