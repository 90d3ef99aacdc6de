/**
 * The English half of the extractive answer: in a sentence, entities of the type the question asks for (numbers,
 * times), else noun phrases, not made of the question's own words, nearest its words.
 */
import type { ItemToken } from "wink-nlp";
import { breakLongRuns, lexicalTerms } from "../../text/index.js";
import type { AnswerSpan, AnswerType, QuestionAnalysis } from "./answer-extractor.js";
import { getWinkNlp } from "./sentences.js";

interface EnglishToken {
  text: string;
  pos: string;
  entity: string | null;
  start: number;
  end: number;
  inQuestion: boolean;
}

const PHRASE_POS = new Set(["DET", "ADJ", "NUM", "PROPN", "NOUN"]);
const TYPE_ENTITIES: Partial<Record<AnswerType, string[]>> = {
  number: ["CARDINAL", "MONEY", "PERCENT", "MEASURE", "ORDINAL"],
  time: ["DATE", "TIME", "DURATION"],
};

/** Tokens of an English sentence with part of speech, entity type and character offsets. */
function englishTokens(sentence: string, questionTerms: Set<string>): EnglishToken[] {
  const nlp = getWinkNlp();
  const its = nlp.its;
  const tokens: EnglishToken[] = [];
  let cursor = 0;
  // the sentence as wink may read it (the same length): its tokens are found there and taken from the sentence
  const readable = breakLongRuns(sentence);
  nlp
    .readDoc(readable)
    .tokens()
    .each((token: ItemToken) => {
      const read = token.out(its.value);
      const at = readable.indexOf(read, cursor);
      const start = at < 0 ? cursor : at;
      cursor = start + read.length;
      const text = at < 0 ? read : sentence.slice(start, start + read.length);
      const terms = lexicalTerms(text);
      tokens.push({
        text,
        pos: token.out(its.pos),
        entity: token.parentEntity()?.out(its.type) ?? null,
        start,
        end: start + text.length,
        inQuestion: terms.length > 0 && terms.every((t) => questionTerms.has(t)),
      });
    });
  return tokens;
}

/** English: entities of the asked type, else noun phrases, not made of the question's words, near its words. */
export function englishSpan(analysis: QuestionAnalysis, sentence: string): AnswerSpan | null {
  const tokens = englishTokens(sentence, new Set(analysis.terms));
  const anchors = tokens.flatMap((t, i) => (t.inQuestion ? [i] : []));
  const candidates: { first: number; last: number; bonus: number }[] = [];

  const wanted = TYPE_ENTITIES[analysis.type];
  if (wanted) {
    for (let i = 0; i < tokens.length; i++) {
      const entity = tokens[i]?.entity;
      if (!entity || !wanted.includes(entity) || tokens[i - 1]?.entity === entity) continue;
      let last = i;
      while (tokens[last + 1]?.entity === entity) last++;
      candidates.push({ first: i, last, bonus: 1 });
    }
  }
  // Noun phrases: runs of determiners, adjectives, numbers and nouns, without the question's own words.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as EnglishToken;
    if (!PHRASE_POS.has(token.pos) || token.inQuestion) continue;
    if (
      i > 0 &&
      PHRASE_POS.has((tokens[i - 1] as EnglishToken).pos) &&
      !(tokens[i - 1] as EnglishToken).inQuestion
    )
      continue;
    let last = i;
    while (last + 1 < tokens.length) {
      const next = tokens[last + 1] as EnglishToken;
      if (!PHRASE_POS.has(next.pos) || next.inQuestion) break;
      last++;
    }
    const run = tokens.slice(i, last + 1);
    if (run.every((t) => t.pos === "DET" || t.pos === "ADJ")) continue;
    const proper = run.some((t) => t.pos === "PROPN");
    const afterPlacePreposition = /^(?:in|at|to|into|from|on|near|inside)$/iu.test(tokens[i - 1]?.text ?? "");
    let bonus = 0;
    if (analysis.type === "person" && proper) bonus += 0.8;
    if (analysis.type === "place" && (afterPlacePreposition || proper))
      bonus += afterPlacePreposition ? 0.8 : 0.4;
    if (analysis.type === "number" && run.some((t) => t.pos === "NUM")) bonus += 0.6;
    if (analysis.type === "time" && run.some((t) => t.pos === "NUM")) bonus += 0.3;
    candidates.push({ first: i, last, bonus });
  }
  if (candidates.length === 0) return null;

  let best: { first: number; last: number; quality: number } | null = null;
  for (const candidate of candidates) {
    const distance =
      anchors.length === 0
        ? tokens.length
        : Math.min(
            ...anchors.map((a) =>
              a < candidate.first ? candidate.first - a : a > candidate.last ? a - candidate.last : 0,
            ),
          );
    const quality = candidate.bonus + 1 / (1 + distance);
    if (!best || quality > best.quality) best = { ...candidate, quality };
  }
  if (!best) return null;
  return {
    start: (tokens[best.first] as EnglishToken).start,
    end: (tokens[best.last] as EnglishToken).end,
    quality: best.quality,
  };
}
