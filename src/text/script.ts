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

/** True when at least half of the letters are Latin: the English embedder can represent the text. */
export function isMostlyLatin(text: string): boolean {
  return latinShare(text) >= 0.5;
}
