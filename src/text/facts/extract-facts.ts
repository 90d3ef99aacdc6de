/** Rule-based extraction for one turn, routed by script: Chinese patterns for text with Han characters, English otherwise. */
import { hasHan } from "../script.js";
import { extractChinese } from "./chinese-facts.js";
import { extractEnglish } from "./english-facts.js";
import type { Extraction, Speakers } from "./types.js";

/**
 * Facts (about the speaker, their relatives and people they name) and the entities a turn names.
 * `at` is when it was said (ms): relative dates ("last March", 上个月) resolve against it. With the speaker's (and
 * addressee's) name, what the speaker says of themself also becomes statements in the third person.
 * @example extractFacts("I moved to Berlin last month.", Date.UTC(2024, 5, 1)).facts[0]
 * // { subject: { kind: "speaker" }, predicate: "lives_in", object: "Berlin", objectType: "place", at: 1714564800000, language: "en" }
 */
export function extractFacts(text: string, at: number, speakers: Speakers = {}): Extraction {
  if (hasHan(text)) return extractChinese(text, at, speakers);
  return extractEnglish(text, at, speakers);
}
