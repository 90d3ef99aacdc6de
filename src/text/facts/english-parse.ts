/**
 * English sentences as tokens with part of speech and lemma (wink-nlp's lite model, about a quarter of a millisecond
 * a turn), and whether a word is in the model's vocabulary (a capitalised vocabulary word at the start of a sentence
 * is not evidence of a name: "Clay is incredible").
 */
import { createRequire } from "node:module";
import type WinkNlp from "wink-nlp";
import type { ItemSentence } from "wink-nlp";
import { breakLongRuns } from "../long-runs.js";

const require = createRequire(import.meta.url);
type Nlp = ReturnType<typeof WinkNlp>;

export interface Token {
  text: string;
  lower: string;
  /** Universal part of speech: NOUN, PROPN, VERB, AUX, PRON, ADJ, ADV, ADP, DET, CCONJ, SCONJ, PART, NUM, INTJ, PUNCT, SYM. */
  pos: string;
  lemma: string;
  /** The whitespace before it in the text. */
  space: string;
  /** Whether the lower-case word is in the model's vocabulary (false for most names). */
  known: boolean;
}

let nlp: Nlp | undefined;
/** Ids at or above this are words the model's vocabulary does not hold (it numbers new words as it meets them). */
let firstUnknownId = Number.POSITIVE_INFINITY;

// wink-nlp and its model are CommonJS and take ~100 ms to load: load them on first use.
function getNlp(): Nlp {
  if (nlp === undefined) {
    const winkNlp = require("wink-nlp") as typeof WinkNlp;
    // only what parseEnglish reads: sentences, part of speech and lemma (sentiment, named-entity and negation steps
    // cost a quarter of a parse and change none of those: checked token by token on the LoCoMo dev turns)
    nlp = winkNlp(require("wink-eng-lite-web-model"), ["sbd", "pos"]);
    const probe = nlp.readDoc("qzxwvjk").tokens().out(nlp.its.uniqueId) as unknown as number[];
    firstUnknownId = probe[0] ?? Number.POSITIVE_INFINITY;
  }
  return nlp;
}

/**
 * "I'm" is one token for the model, which then misreads it as a name; typographic apostrophes likewise. Both are
 * written out first.
 */
function normalizeForParsing(text: string): string {
  return (
    // a "word" of 95,000 letters took wink's tokenizer 5 s: a run that long is broken (long-runs.ts)
    breakLongRuns(text)
      .replace(/[\u2018\u2019\u02bc]/gu, "'")
      .replace(/\bI'm\b/g, "I am")
      .replace(/\bi'm\b/g, "i am")
      .replace(/\bIm\b(?= [a-z])/g, "I am")
      // an emoji before a capital ends a sentence ("Inspiring 💪 I emailed…"); "I ❤️ Paris" keeps it as its verb (one
      // emoji's sequence is a few code points: bounded, so a run of thousands is not rescanned from each of them)
      .replace(
        /(?<!\bI\s*)(\p{Extended_Pictographic}(?:\uFE0F|\u200D|\p{Extended_Pictographic}){0,10})[^\S\n]+(?=\p{Lu})/gu,
        "$1. ",
      )
  );
}

const vocabulary = new Map<string, boolean>();

/** Whether a lower-case word is in the model's vocabulary (its ids are case-sensitive: "Clay" is not, "clay" is). */
function isVocabularyWord(lower: string): boolean {
  let known = vocabulary.get(lower);
  if (known === undefined) {
    const model = getNlp();
    const ids = model.readDoc(lower).tokens().out(model.its.uniqueId) as unknown as number[];
    known = ids.length === 1 && (ids[0] ?? firstUnknownId) < firstUnknownId;
    if (vocabulary.size > 50_000) vocabulary.clear();
    vocabulary.set(lower, known);
  }
  return known;
}

const vocabularyPos = new Map<string, string>();

/**
 * The part of speech the model's lexicon gives a lower-case word on its own ("clay" NOUN), or "" when the word is
 * not in its vocabulary; a capitalised common noun at a sentence's start is read with it.
 */
export function lexicalPos(lower: string): string {
  let pos = vocabularyPos.get(lower);
  if (pos === undefined) {
    const model = getNlp();
    const tokens = model.readDoc(lower).tokens();
    pos = isVocabularyWord(lower) ? ((tokens.out(model.its.pos) as string[])[0] ?? "") : "";
    if (vocabularyPos.size > 50_000) vocabularyPos.clear();
    vocabularyPos.set(lower, pos);
  }
  return pos;
}

/** The sentences of an English text, each as its tokens. */
export function parseEnglish(text: string): Token[][] {
  const model = getNlp();
  const its = model.its;
  const doc = model.readDoc(normalizeForParsing(text));
  const sentences: Token[][] = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const tokens = sentence.tokens();
    const texts = tokens.out() as string[];
    const pos = tokens.out(its.pos) as string[];
    const lemmas = tokens.out(its.lemma as never) as unknown as string[];
    const spaces = tokens.out(its.precedingSpaces) as string[];
    const ids = tokens.out(its.uniqueId) as unknown as number[];
    sentences.push(
      texts.map((word, i) => ({
        text: word,
        lower: word.toLowerCase(),
        pos: pos[i] ?? "X",
        lemma: (lemmas[i] ?? word).toLowerCase(),
        space: spaces[i] ?? "",
        known:
          word === word.toLowerCase()
            ? (ids[i] ?? firstUnknownId) < firstUnknownId
            : isVocabularyWord(word.toLowerCase()),
      })),
    );
  });
  return sentences;
}

/** Tokens back to text, with the spacing they had. */
export function joinTokens(tokens: readonly Token[]): string {
  return tokens
    .map((token, i) => (i === 0 ? token.text : `${token.space}${token.text}`))
    .join("")
    .trim();
}

/** Verbs whose base form ends in "-ing": "I bring snacks", "we sing" are finite verbs, not gerunds. */
const BASE_FORMS_IN_ING = new Set([
  "bring",
  "sing",
  "ring",
  "sting",
  "swing",
  "cling",
  "fling",
  "spring",
  "string",
  "sling",
  "wring",
]);

/** Whether a word has a gerund's or present participle's form ("running", "being"), not a base verb's ("bring"). */
export function hasIngForm(t: Pick<Token, "lower">): boolean {
  return t.lower.endsWith("ing") && !BASE_FORMS_IN_ING.has(t.lower);
}
