/** The Chinese student's input features: jieba words, Han characters and character bigrams, the same at training and at run time. */
import { getJieba } from "../../text/jieba.js";

const HAN = /\p{Script=Han}/u;
const SKIPPED_TOKEN = /^[\s\p{P}\p{S}]*$/u;

/** NFKC (full-width forms to ASCII) and lower case, so that ＡＢＣ and abc are one feature. */
export function normalizeForStudent(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/**
 * The feature strings of a sentence, repeated as often as they occur: "w:" + each jieba word (HMM on),
 * "c:" + each Han character, "b:" + each pair of Han characters that stand side by side.
 * @example studentFeatures("我喜欢猫") // ["w:我", "w:喜欢", "w:猫", "c:我", "c:喜", "c:欢", "c:猫", "b:我喜", "b:喜欢", "b:欢猫"]
 */
export function studentFeatures(text: string): string[] {
  const normalized = normalizeForStudent(text);
  const features: string[] = [];
  for (const token of getJieba().cut(normalized, true)) {
    if (!SKIPPED_TOKEN.test(token)) features.push(`w:${token.trim()}`);
  }
  let previous = "";
  for (const character of normalized) {
    if (HAN.test(character)) {
      features.push(`c:${character}`);
      if (previous !== "") features.push(`b:${previous}${character}`);
      previous = character;
    } else previous = "";
  }
  return features;
}
