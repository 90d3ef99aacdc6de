/**
 * Session summaries. Without an LLM, extractive: the turns' most informative sentences (terms that recur across the
 * conversation, names, dates and numbers), kept in the order they were said, with who said them, within a token
 * budget. With a language model, abstractive: one call per chunk of turns.
 */
import type { LanguageModel, TokenUsage } from "../spec/language-model.js";
import { lexicalTerms } from "../text/terms.js";
import { loadTokenCounter, type TokenCounter } from "../text/tokens.js";
import { SUMMARIZE_SESSION_PROMPT } from "./prompts/summarize-session.js";
import { isoTime } from "./time.js";

export interface SummaryTurn {
  speaker: string | null;
  text: string;
  occurredAt: number;
}

interface Sentence {
  turn: number;
  position: number;
  text: string;
  terms: string[];
  score: number;
}

/** Sentence ends: Latin punctuation followed by space, Chinese full stops anywhere, and line breaks. */
const SENTENCE_BREAK = /(?<=[.!?…])\s+|(?<=[。！？；])|\n+/u;
/** A capitalised word inside a sentence (not its first word): most likely a name. */
const INNER_NAME = /(?<=\S\s+)\p{Lu}\p{Ll}+/u;
const NUMBER = /\p{N}/u;
const DATE_WORD =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight|week|month|year)\b|[年月日号周]|星期|昨天|今天|明天|去年|明年/iu;
/** Bonus added to a sentence's score for each kind of detail it keeps. */
const DETAIL_BONUS = 0.75;
/** Sentences scoring under this share of the best one are small talk: left out even when they would fit. */
const MIN_RELATIVE_SCORE = 0.35;

/** Splits a turn into sentences (English and Chinese punctuation). */
export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function line(speaker: string | null, text: string): string {
  return speaker ? `${speaker}: ${text}` : text;
}

/** Join sentences: no space between Chinese sentences, one space otherwise. */
function joinSentences(sentences: string[]): string {
  let out = "";
  for (const sentence of sentences) {
    if (out.length > 0 && !/[\p{Script=Han}。！？；]$/u.test(out)) out += " ";
    out += sentence;
  }
  return out;
}

/**
 * The extractive summary of `turns` in at most `maxTokens` tokens: sentences scored by how central their terms are
 * (Σ log(1 + frequency in the chunk) over distinct terms, over √(terms + 1)) plus a bonus for names, numbers and
 * dates, then taken best first while they fit (small talk, under 35% of the best score, never), and printed in the
 * order they were said, one line per turn.
 * Never empty for non-empty turns: when no sentence fits, the best one is cut to the budget.
 * @example
 * extractiveSummary([{ speaker: "Ana", text: "Hi! I moved to Lisbon in May.", occurredAt: 0 }], { maxTokens: 20, tokens });
 * // "Ana: I moved to Lisbon in May."
 */
export function extractiveSummary(
  turns: SummaryTurn[],
  options: { maxTokens: number; tokens: TokenCounter },
): string {
  const sentences: Sentence[] = [];
  turns.forEach((turn, index) => {
    for (const text of splitSentences(turn.text)) {
      sentences.push({ turn: index, position: sentences.length, text, terms: lexicalTerms(text), score: 0 });
    }
  });
  if (sentences.length === 0) return "";

  const frequency = new Map<string, number>();
  for (const sentence of sentences) {
    for (const term of sentence.terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  for (const sentence of sentences) {
    const distinct = [...new Set(sentence.terms)];
    let centrality = 0;
    for (const term of distinct) centrality += Math.log1p(frequency.get(term) ?? 0);
    let score = distinct.length === 0 ? 0 : centrality / Math.sqrt(distinct.length + 1);
    if (distinct.length > 0) {
      if (INNER_NAME.test(sentence.text)) score += DETAIL_BONUS;
      if (NUMBER.test(sentence.text)) score += DETAIL_BONUS;
      if (DATE_WORD.test(sentence.text)) score += DETAIL_BONUS;
    }
    // A question says less about the speaker than an answer does.
    if (/[?？]$/u.test(sentence.text)) score *= 0.7;
    sentence.score = score;
  }

  const ranked = [...sentences].sort((a, b) => b.score - a.score || a.position - b.position);
  const chosen: Sentence[] = [];
  const render = (picked: Sentence[]): string => {
    const ordered = [...picked].sort((a, b) => a.position - b.position);
    const lines: string[] = [];
    let current: { turn: number; texts: string[] } | null = null;
    for (const sentence of ordered) {
      if (!current || current.turn !== sentence.turn) {
        if (current) lines.push(line(turns[current.turn]?.speaker ?? null, joinSentences(current.texts)));
        current = { turn: sentence.turn, texts: [] };
      }
      current.texts.push(sentence.text);
    }
    if (current) lines.push(line(turns[current.turn]?.speaker ?? null, joinSentences(current.texts)));
    return lines.join("\n");
  };
  const floor = Math.max(0, (ranked[0]?.score ?? 0) * MIN_RELATIVE_SCORE);
  for (const sentence of ranked) {
    if (chosen.length > 0 && (sentence.score <= 0 || sentence.score < floor)) break;
    if (options.tokens.count(render([...chosen, sentence])) <= options.maxTokens) chosen.push(sentence);
  }
  if (chosen.length > 0) return render(chosen);
  return cutToTokens(render([ranked[0] as Sentence]), options.maxTokens, options.tokens);
}

/** The longest prefix of `text` (whole characters) within `maxTokens`, with "…" when cut. */
export function cutToTokens(text: string, maxTokens: number, tokens: TokenCounter): string {
  if (tokens.count(text) <= maxTokens) return text;
  const characters = [...text];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (tokens.count(`${characters.slice(0, middle).join("")}…`) <= maxTokens) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? "" : `${characters.slice(0, low).join("").trimEnd()}…`;
}

export interface SessionSummary {
  text: string;
  method: "extractive" | "abstractive";
  /** Tokens the language model used, when one wrote the summary. */
  usage?: TokenUsage;
}

/** Writes the summary of some turns in at most `maxTokens`. */
export type Summarizer = (turns: SummaryTurn[], maxTokens: number) => Promise<SessionSummary>;

/** The summarizer without an LLM. */
export function createExtractiveSummarizer(tokens: TokenCounter): Summarizer {
  return async (turns, maxTokens) => ({
    text: extractiveSummary(turns, { maxTokens, tokens }),
    method: "extractive",
  });
}

/**
 * The summarizer with a language model: one call per chunk of turns (the prompt is in prompts/summarize-session.ts),
 * the reply cut to the budget. When the model fails or replies with nothing, the extractive summary is used instead:
 * an LLM makes the summary better, never makes it work.
 */
export function createAbstractiveSummarizer(model: LanguageModel, counter?: TokenCounter): Summarizer {
  return async (turns, maxTokens) => {
    const tokens = counter ?? (await loadTokenCounter());
    const transcript = turns
      .map(
        (turn) =>
          `[${isoTime(turn.occurredAt).slice(0, 16).replace("T", " ")}] ${line(turn.speaker, turn.text)}`,
      )
      .join("\n");
    try {
      const result = await model.complete({
        messages: [
          {
            role: "system",
            content: SUMMARIZE_SESSION_PROMPT.replace(
              "{maxWords}",
              String(Math.max(10, Math.floor(maxTokens * 0.7))),
            ),
          },
          { role: "user", content: transcript },
        ],
        maxTokens,
        temperature: 0,
      });
      const text = cutToTokens(result.text.trim(), maxTokens, tokens);
      if (text.length > 0) return { text, method: "abstractive", usage: result.usage };
    } catch {
      // Fall through to the extractive summary below.
    }
    return { text: extractiveSummary(turns, { maxTokens, tokens }), method: "extractive" };
  };
}
