/**
 * The extractive answer without an LLM: sentences of the top segments are scored by the question's terms (weighted
 * by how rare they are among those sentences) and the segment's attention weight; inside the best sentences a span
 * is chosen by the answer type the question asks for (who, when, where, how many, 数字, 时间 …). For Chinese the
 * span is found by aligning the question around its question word ("生命数耗完即算为什么" against "生命数耗完即算为踢爆"
 * gives "踢爆"); for English by entities, numbers and noun phrases near the question's words (english-answer-span.ts).
 */

import { getJieba, hasHan, lexicalTerms, queryTerms } from "../../text/index.js";
import { englishSpan } from "./english-answer-span.js";
import { type Sentence, splitSentences } from "./sentences.js";

export type AnswerType = "number" | "time" | "person" | "place" | "reason" | "manner" | "other";

export interface QuestionAnalysis {
  language: "zh" | "en";
  type: AnswerType;
  /** The question word's place in the question (Chinese alignment), or null. */
  questionWord: { start: number; end: number; text: string } | null;
  terms: string[];
}

/** A passage the answer may come from: a recalled segment, best first. */
export interface AnswerSource {
  id: string;
  text: string;
  /** Attention weight of the segment in the recall. */
  weight: number;
}

export interface ExtractedAnswer {
  text: string;
  /** The segment it comes from, and its character offsets inside that segment's text. */
  sourceId: string;
  start: number;
  end: number;
  /** The sentence the span lies in. */
  sentence: string;
  type: AnswerType;
  score: number;
}

// Longest first: the first match wins.
const CHINESE_QUESTION_WORDS: [RegExp, AnswerType][] = [
  [
    /什么时候|什么时间|何时|哪一年|哪年|哪一天|哪天|几月|几年|何年|哪个时期|什么时期|什么年代|多久|多长时间/u,
    "time",
  ],
  [/为什么|为何|什么原因|原因是什么/u, "reason"],
  [/怎么样|怎样|如何|怎么/u, "manner"],
  [/多少|几[个次名位种家座件年]?|多大|多高|多长|多远|多重|多深|多宽|第几/u, "number"],
  [/谁|哪位|何人|什么人/u, "person"],
  [/哪里|哪儿|何处|什么地方|哪个国家|哪国|哪个城市|哪座城市|在哪/u, "place"],
  [/什么|哪些|哪个|哪一|哪家|哪/u, "other"],
];

const ENGLISH_TYPES: [RegExp, AnswerType][] = [
  [
    /\bhow (?:many|much|long|old|far|big|tall|high|often)\b|\bwhat (?:number|percentage|amount)\b/iu,
    "number",
  ],
  [
    /\bwhen\b|\bwhat (?:year|time|date|day|month|century|period)\b|\bwhich (?:year|date|day|month)\b/iu,
    "time",
  ],
  [/\bwho(?:m|se)?\b/iu, "person"],
  [/\bwhere\b|\bwhat (?:country|city|place|state)\b|\bwhich (?:country|city|place|state)\b/iu, "place"],
  [/\bwhy\b/iu, "reason"],
  [/\bhow\b/iu, "manner"],
];

/** What the question asks for, and where its question word is. */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const terms = queryTerms(question);
  if (hasHan(question)) {
    for (const [pattern, type] of CHINESE_QUESTION_WORDS) {
      const match = pattern.exec(question);
      if (match) {
        const start = match.index;
        return {
          language: "zh",
          type,
          questionWord: { start, end: start + match[0].length, text: match[0] },
          terms,
        };
      }
    }
    return { language: "zh", type: "other", questionWord: null, terms };
  }
  const type = ENGLISH_TYPES.find(([pattern]) => pattern.test(question))?.[1] ?? "other";
  return { language: "en", type, questionWord: null, terms };
}

const CLAUSE_BREAK = /[，,；;。！？!?：:\n]/u;
const LEADING_FUNCTION =
  /^(?:是|为|乃|在|于|由|从|自|了|的|和|与|及|把|被|将|到|即|约为|为了|因为|由于|有)+/u;
const TRAILING_FUNCTION = /(?:的|了|是|之|中|里)+$/u;
const EDGE_PUNCTUATION = /^[\s，,。、；;：:“”"'‘’（）()《》「」]+|[\s，,。、；;：:“”"'‘’（）()《》「」]+$/gu;
const NUMBER =
  /[约近逾超过大约]*[\d０-９.,，]*[\d０-９零〇一二三四五六七八九十百千万亿两]+(?:\.\d+)?(?:多|余)?[^\s\d，。；、,.;（）()]{0,4}/u;
const TIME =
  /(?:公元前?)?\d{1,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|[一二三四五六七八九十]+世纪|\d{1,2}世纪|[^\s，。；、]{0,4}(?:年代|时期|时代|朝)|\d{4}/u;

/** Score a sentence: rare question terms it shares, weighted; and character bigrams for Chinese. */
function termWeights(analysis: QuestionAnalysis, sentences: string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const sentence of sentences) {
    for (const term of new Set(lexicalTerms(sentence))) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  for (const term of analysis.terms) {
    weights.set(term, Math.log(1 + (sentences.length + 1) / ((df.get(term) ?? 0) + 0.5)));
  }
  return weights;
}

function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, "")];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

function questionWithoutWord(question: string, analysis: QuestionAnalysis): string {
  const word = analysis.questionWord;
  return word ? question.slice(0, word.start) + question.slice(word.end) : question;
}

/**
 * Pick the answer span from recalled segments (best first). Returns null when no sentence shares anything with
 * the question.
 * @example extractAnswer("生命数耗完即算为什么？", [{ id: "m1", text: "每次泡封会减少生命数，生命数耗完即算为踢爆。", weight: 1 }])?.text // "踢爆"
 */
export function extractAnswer(question: string, sources: AnswerSource[]): ExtractedAnswer | null {
  const analysis = analyzeQuestion(question);
  const seen = new Set<string>();
  const sentences: { source: AnswerSource; rank: number; sentence: Sentence }[] = [];
  sources.forEach((source, rank) => {
    for (const sentence of splitSentences(source.text)) {
      if (seen.has(sentence.text)) continue;
      seen.add(sentence.text);
      sentences.push({ source, rank, sentence });
    }
  });
  if (sentences.length === 0) return null;

  const weights = termWeights(
    analysis,
    sentences.map((s) => s.sentence.text),
  );
  const questionBigrams = bigrams(questionWithoutWord(question, analysis));
  const scored = sentences
    .map((s) => {
      const terms = new Set(lexicalTerms(s.sentence.text));
      let score = 0;
      for (const [term, weight] of weights) if (terms.has(term)) score += weight;
      if (analysis.language === "zh" && questionBigrams.size > 0) {
        const own = bigrams(s.sentence.text);
        let shared = 0;
        for (const b of questionBigrams) if (own.has(b)) shared++;
        score += (2 * shared) / questionBigrams.size;
      }
      // The recall's own judgement: the attention weight of the segment, and a little for rank.
      score += s.source.weight + 0.3 / (1 + s.rank);
      if (
        analysis.type === "number" &&
        NUMBER.test(s.sentence.text) &&
        /\d|[一二三四五六七八九十百千万]/u.test(s.sentence.text)
      )
        score += 0.3;
      if (analysis.type === "time" && TIME.test(s.sentence.text)) score += 0.5;
      return { ...s, score };
    })
    .sort((a, b) => b.score - a.score);

  let best: ExtractedAnswer | null = null;
  for (const candidate of scored.slice(0, 5)) {
    const span =
      analysis.language === "zh"
        ? chineseSpan(question, analysis, candidate.sentence.text)
        : englishSpan(analysis, candidate.sentence.text);
    if (!span) continue;
    const score = candidate.score + span.quality;
    if (!best || score > best.score) {
      const offset = candidate.sentence.start;
      best = {
        text: candidate.sentence.text.slice(span.start, span.end),
        sourceId: candidate.source.id,
        start: offset + span.start,
        end: offset + span.end,
        sentence: candidate.sentence.text,
        type: analysis.type,
        score,
      };
    }
  }
  return best;
}

/** A span of one sentence, as character offsets. */
export interface AnswerSpan {
  start: number;
  end: number;
  /** How sure the span choice is, added to the sentence's score. */
  quality: number;
}

/** The longest piece (≥ 2 characters) at the end (`fromEnd`) or start of `text` that occurs in `sentence`. */
function longestAnchor(
  text: string,
  sentence: string,
  fromEnd: boolean,
): { length: number; at: number[] } | null {
  const clean = text.replace(/[？?。！!，,\s]+$/u, "").replace(/^[\s，,]+/u, "");
  for (let length = Math.min(clean.length, 24); length >= 2; length--) {
    const piece = fromEnd ? clean.slice(clean.length - length) : clean.slice(0, length);
    const at: number[] = [];
    let from = sentence.indexOf(piece);
    while (from >= 0) {
      at.push(from);
      from = sentence.indexOf(piece, from + 1);
    }
    if (at.length > 0) return { length, at };
  }
  return null;
}

function clauseStart(sentence: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (CLAUSE_BREAK.test(sentence[i] as string)) return i + 1;
  return 0;
}

function clauseEnd(sentence: string, after: number): number {
  for (let i = after; i < sentence.length; i++) if (CLAUSE_BREAK.test(sentence[i] as string)) return i;
  return sentence.length;
}

const MODIFIER_WORD = /^(?:多少|几|哪|什么)/u;
const NOUN_TAG = /^(?:n|q|m|eng)/u;
/** Place words (内, 中, 上 …) end the noun: "多少分钟内" asks for "4分钟", not "4分钟内". */
const LOCATIVE = /^[内中上下里外前后间]$/u;

/**
 * "多少分钟", "哪家漫画公司": the question word modifies the nouns after it, and the answer names them too
 * ("4分钟", "DC漫画公司") when the sentence has them right after the span.
 */
function withModifiedNoun(
  sentence: string,
  range: { start: number; end: number },
  analysis: QuestionAnalysis,
  right: string,
): { start: number; end: number } {
  if (!analysis.questionWord || !MODIFIER_WORD.test(analysis.questionWord.text)) return range;
  let noun = "";
  for (const { tag, word } of getJieba().tag(right, true)) {
    if (!NOUN_TAG.test(tag) || LOCATIVE.test(word)) break;
    noun += word;
  }
  if (noun.length === 0 || !sentence.startsWith(noun, range.end)) return range;
  return { start: range.start, end: range.end + noun.length };
}

/** Trim function words and punctuation at the edges of sentence[start, end); a leading date unless a time is asked. */
function tidy(
  sentence: string,
  start: number,
  end: number,
  type: AnswerType,
): { start: number; end: number } | null {
  let text = sentence.slice(start, end);
  let lead = text.length - text.replace(/^[\s，,。、；;：:“”"'‘’]+/u, "").length;
  text = text.slice(lead);
  if (type !== "time" && type !== "number") {
    const date = /^(?:于|在|自|从)?(?:公元前?)?\d{1,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|时|后|前)?/u.exec(
      text,
    );
    if (date && date[0].length < text.length) {
      lead += date[0].length;
      text = text.slice(date[0].length);
    }
  }
  const leading = LEADING_FUNCTION.exec(text)?.[0].length ?? 0;
  const inner = text.slice(leading).replace(EDGE_PUNCTUATION, "");
  const trimmedInner = inner.length > 1 ? inner.replace(TRAILING_FUNCTION, "") : inner;
  if (trimmedInner.length === 0) return null;
  const at = sentence.indexOf(trimmedInner, start + lead);
  return at < 0 ? null : { start: at, end: at + trimmedInner.length };
}

/** Narrow a span to the number or time expression the question asks for, when it holds one. */
function narrowByType(sentence: string, span: { start: number; end: number }, type: AnswerType) {
  const pattern = type === "number" ? NUMBER : type === "time" ? TIME : null;
  if (!pattern) return span;
  const text = sentence.slice(span.start, span.end);
  const match = pattern.exec(text);
  if (!match || match[0].length === 0) return span;
  return { start: span.start + match.index, end: span.start + match.index + match[0].length };
}

/** Align the question's words before and after its question word with the sentence; the gap is the answer. */
function chineseSpan(question: string, analysis: QuestionAnalysis, sentence: string): AnswerSpan | null {
  const word = analysis.questionWord;
  const left = word ? question.slice(0, word.start) : question;
  const right = word ? question.slice(word.end) : "";
  const leftAnchor = longestAnchor(left, sentence, true);
  const rightAnchor =
    right.replace(/[？?。！!\s呢吗啊]+$/u, "").length >= 2 ? longestAnchor(right, sentence, false) : null;

  let range: { start: number; end: number } | null = null;
  let quality = 0;
  if (leftAnchor && rightAnchor) {
    // The closest pair with the left anchor before the right one.
    let bestGap = Number.POSITIVE_INFINITY;
    for (const l of leftAnchor.at) {
      const leftEnd = l + leftAnchor.length;
      for (const r of rightAnchor.at) {
        if (r >= leftEnd && r - leftEnd < bestGap && r - leftEnd <= 60) {
          bestGap = r - leftEnd;
          range = { start: leftEnd, end: r };
        }
      }
    }
    if (range && range.end > range.start)
      quality = 0.6 + 0.15 * Math.min(leftAnchor.length + rightAnchor.length, 10);
    else range = null;
  }
  if (!range && leftAnchor) {
    const leftEnd = (leftAnchor.at[0] as number) + leftAnchor.length;
    range = { start: leftEnd, end: clauseEnd(sentence, leftEnd + 1) };
    quality = 0.15 * Math.min(leftAnchor.length, 8);
  }
  if (!range && rightAnchor) {
    const rightStart = rightAnchor.at[0] as number;
    // What directly precedes the right anchor: after the clause's last 由/被/是 ("在1975年由[泰国国家铁路局]捐献").
    const from = clauseStart(sentence, rightStart);
    const marker = Math.max(...["由", "被", "是"].map((m) => sentence.lastIndexOf(m, rightStart - 2)));
    range = { start: marker >= from ? marker + 1 : from, end: rightStart };
    quality = 0.15 * Math.min(rightAnchor.length, 8);
  }
  if (!range || range.end <= range.start) {
    // No alignment: the clause sharing most with the question.
    range = bestClause(sentence, question);
    quality = 0;
  }
  range = withModifiedNoun(sentence, range, analysis, right);
  const tidied = tidy(sentence, range.start, range.end, analysis.type);
  if (!tidied) return null;
  const narrowed = narrowByType(sentence, tidied, analysis.type);
  return { ...narrowed, quality };
}

/**
 * The clause of a sentence that shares most character bigrams with the question, leaving out clauses made of the
 * question's own characters (they restate it and answer nothing).
 */
function bestClause(sentence: string, question: string): { start: number; end: number } {
  const questionBigrams = bigrams(question);
  const questionChars = new Set(question);
  let best = { start: 0, end: sentence.length, score: -1 };
  let start = 0;
  for (let i = 0; i <= sentence.length; i++) {
    if (i === sentence.length || CLAUSE_BREAK.test(sentence[i] as string)) {
      const clause = sentence.slice(start, i).replace(/[（(][^）)]*[）)]?/gu, "");
      const chars = [...clause].filter((c) => /[\p{L}\p{N}]/u.test(c));
      const novel = chars.filter((c) => !questionChars.has(c)).length;
      let shared = 0;
      for (const b of bigrams(clause)) if (questionBigrams.has(b)) shared++;
      const score = novel === 0 ? -0.5 : shared + Math.min(novel, 6) / 6;
      if (chars.length > 0 && score > best.score) best = { start, end: i, score };
      start = i + 1;
    }
  }
  return { start: best.start, end: best.end };
}
