/**
 * The terms the full-text index stores for a text and that a query looks up: the same function on both sides, so a
 * match never depends on how either was written. English words are stop-listed and Porter-stemmed; Chinese is cut
 * into words by jieba (whole words and the words inside them); numbers are kept as they are.
 */
import { cutChinese } from "./jieba.js";
import { isAscii, isAsciiWordUnit } from "./script.js";
import { stem } from "./stem.js";
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS } from "./stopwords.js";

const HAN = /\p{Script=Han}/u;
/** A run of Han characters, or a run of anything else. */
const RUNS = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
/** A word: letters, marks and digits, with inner apostrophes ("don't", "o'brien", "caroline's"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;
/** Typographic apostrophes (’ ‘ ʼ ′) written as the straight one, so "don’t" and "don't" are one word. */
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/gu;
/** Endings dropped from a word that is not a stop word as a whole: "caroline's" → "caroline", "mom'll" → "mom". */
const CLITIC = /'(?:s|re|ve|ll|d|m)$|n't$/u;
const PLAIN_ENGLISH = /^[a-z]+$/u;
const HAN_WORD = /^\p{Script=Han}+$/u;

// Stemming is the costly step and the vocabulary of a conversation is small: remember recent stems.
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

function cachedStem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** One word of a non-Han run to its term, or null for a stop word. */
function wordTerm(word: string): string | null {
  if (ENGLISH_STOPWORDS.has(word)) return null;
  let base = word;
  if (base.includes("'")) {
    base = base.replace(CLITIC, "");
    if (ENGLISH_STOPWORDS.has(base)) return null;
    // Any apostrophe left is part of a name ("o'brien", "rock'n'roll"): drop it and keep the word whole.
    base = base.replaceAll("'", "");
    if (base.length === 0) return null;
  }
  return PLAIN_ENGLISH.test(base) ? cachedStem(base) : base;
}

const APOSTROPHE = 39;

/** WORD's matches in an ASCII run, found by code unit (no match object per word): the same words in order. */
function addAsciiTerms(text: string, terms: string[]): void {
  const length = text.length;
  let start = 0;
  while (start < length) {
    if (!isAsciiWordUnit(text.charCodeAt(start))) {
      start++;
      continue;
    }
    let end = start + 1;
    for (;;) {
      while (end < length && isAsciiWordUnit(text.charCodeAt(end))) end++;
      // an inner apostrophe joins the letters after it ("don't", "o'brien")
      if (
        text.charCodeAt(end) === APOSTROPHE &&
        end + 1 < length &&
        isAsciiWordUnit(text.charCodeAt(end + 1))
      )
        end += 2;
      else break;
    }
    const term = wordTerm(text.slice(start, end));
    if (term !== null) terms.push(term);
    start = end;
  }
}

function addLatinTerms(run: string, terms: string[]): void {
  // an ASCII run has WORD's words as runs of ASCII letters and digits
  if (isAscii(run)) {
    addAsciiTerms(run, terms);
    return;
  }
  const text = run.includes("'") || APOSTROPHES.test(run) ? run.replace(APOSTROPHES, "'") : run;
  for (const match of text.matchAll(WORD)) {
    const term = wordTerm(match[0]);
    if (term !== null) terms.push(term);
  }
}

function addHanTerms(run: string, terms: string[]): void {
  for (const word of cutChinese(run)) {
    if (HAN_WORD.test(word) && !CHINESE_STOPWORDS.has(word)) terms.push(word);
  }
}

/**
 * The index terms of a text, in order and with repeats (BM25 counts them). NFKC, lower case; English stop words
 * dropped and the rest Porter-stemmed; Chinese cut by jieba in search mode, punctuation and stop words dropped;
 * numbers kept. A term never contains whitespace, a double quote or any other punctuation, so it is safe to quote
 * in a full-text query.
 * @example lexicalTerms("I went hiking with my sister's dogs") // ["went", "hike", "sister", "dog"]
 * @example lexicalTerms("我住在北京") // ["住", "北京"]
 */
export function lexicalTerms(text: string): string[] {
  if (text.length > CACHED_TEXT_LENGTH) return computeTerms(text);
  let terms = termsCache.get(text);
  if (terms === undefined) {
    if (termsCache.size >= TERMS_CACHE_ENTRIES) termsCache.clear();
    terms = computeTerms(text);
    termsCache.set(text, terms);
  }
  return terms.slice();
}

/**
 * Recall reads the terms of every candidate's text each time it is a candidate (the scorer's overlap features), so
 * the terms of recent texts are kept: a pure function of the text, bounded in entries and in text length.
 */
const termsCache = new Map<string, string[]>();
const TERMS_CACHE_ENTRIES = 20_000;
const CACHED_TEXT_LENGTH = 2_000;

function computeTerms(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase();
  const terms: string[] = [];
  if (!HAN.test(normalized)) {
    addLatinTerms(normalized, terms);
    return terms;
  }
  for (const match of normalized.matchAll(RUNS)) {
    if (match[1] !== undefined) addHanTerms(match[1], terms);
    else addLatinTerms(match[0], terms);
  }
  return terms;
}

/**
 * The distinct terms of a query, in the order they first appear.
 * @example queryTerms("dogs and more dogs") // ["dog"]
 */
export function queryTerms(text: string): string[] {
  return [...new Set(lexicalTerms(text))];
}
