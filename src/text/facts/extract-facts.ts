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
  const said = withoutOthersWords(text);
  if (hasHan(said)) return extractChinese(said, at, speakers);
  return extractEnglish(said, at, speakers);
}

/** Words another said, quoted after a verb of saying: "He said "…"", "You told me on Monday: "…"", 他说："…". */
const QUOTED_SPEECH = [
  /(?<lead>\b(?:said|says|say|told|tells|tell|asked|asks|wrote|writes|replied|replies|texted|texts|yelled|shouted|goes)\b[^.!?"“”\n]{0,40}?)(?<quote>["“][^"“”\n]{1,2000}["”])/giu,
  /(?<lead>(?:说|讲|问|写|回答|告诉)(?:过|了|道|着)?[^。！？“”「」\n]{0,12}?)(?<quote>[“「"][^“”「」"\n]{1,2000}[”」"])/gu,
];

/** A quoted clause in the first person: "I live in Paris", 我要去北京. */
const FIRST_PERSON = /\b(?:I|I'm|I’m|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|[Uu]s)\b|我/u;

/** Who said the words before a verb of saying: the speaker ("I told her…", 我说…) or another. */
const SAID_BY_SPEAKER = /(?:\bI|我)\s*(?:\p{L}+\s+)?$/u;

/**
 * The turn without the first-person words another said, quoted ("He said "I live in Paris."", the assistant's "You
 * told me on 2 November: "I need to buy milk."", 他说："我要去北京。"): their I is not the speaker. A quote of the
 * speaker's own words ("I told her "I'm moving"") and a quoted title ("I read "Becoming"") stay.
 */
function withoutOthersWords(text: string): string {
  if (!/["“「]/u.test(text)) return text;
  let out = text;
  for (const pattern of QUOTED_SPEECH)
    out = out.replace(pattern, (whole, lead: string, quote: string, offset: number, all: string) => {
      if (!FIRST_PERSON.test(quote)) return whole;
      const before = all.slice(Math.max(0, offset - 12), offset);
      return SAID_BY_SPEAKER.test(before) ? whole : lead;
    });
  return out;
}
