/**
 * Sentences with their character offsets: wink-nlp for English paragraphs, punctuation rules (。！？…) for paragraphs
 * with Chinese. Paragraphs are separated by blank lines and Markdown block lines; a single line break inside a
 * paragraph is a soft wrap, not a sentence end.
 */
import { createRequire } from "node:module";
import type WinkNlp from "wink-nlp";
import { breakLongRuns, hasHan } from "../../text/index.js";

/** One sentence: `text` is `source.slice(start, end)`, trimmed of surrounding whitespace. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

type Nlp = ReturnType<typeof WinkNlp>;

// wink-nlp and its model are CommonJS and take ~100 ms to load: load them on first English paragraph only.
const require = createRequire(import.meta.url);
let nlp: Nlp | undefined;

/** The shared wink-nlp instance with the English lite model, created on first use. */
export function getWinkNlp(): Nlp {
  if (nlp === undefined) {
    const winkNlp = require("wink-nlp") as typeof WinkNlp;
    const model = require("wink-eng-lite-web-model");
    nlp = winkNlp(model);
  }
  return nlp;
}

/** A line that starts a Markdown block of its own: heading, list item, quote, table row, fence or rule. */
const BLOCK_LINE = /^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||```|~~~|---|\*\*\*)/u;
/** Where a Chinese sentence ends: 。！？ (full or half width), an ellipsis, or . ! ? before a space; then closing quotes and brackets. */
const CHINESE_END = /(?:[。！？!?]+|…+|\.(?=\s|$)(?<!\d\.(?=\d)))[”’」』）)\]】"']*|\n/gu;

/**
 * Split `text` into sentences with offsets into `text`.
 * @example splitSentences("他来了。她走了！") // [{text:"他来了。",start:0,end:4},{text:"她走了！",start:4,end:8}]
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs(text)) {
    const body = text.slice(paragraph.start, paragraph.end);
    const found = hasHan(body) ? splitByPunctuation(body) : (splitWithWink(body) ?? splitByPunctuation(body));
    for (const s of found)
      sentences.push({ text: s.text, start: s.start + paragraph.start, end: s.end + paragraph.start });
  }
  return sentences;
}

/** Paragraph ranges: blank lines separate them, and every Markdown block line starts a new one. */
function paragraphs(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let start = -1;
  let end = -1;
  let offset = 0;
  const flush = () => {
    if (start >= 0) ranges.push({ start, end });
    start = -1;
  };
  for (const line of text.split("\n")) {
    const lineEnd = offset + line.length;
    if (line.trim() === "") flush();
    else {
      if (BLOCK_LINE.test(line)) flush();
      if (start < 0) start = offset;
      end = lineEnd;
      // A heading, a rule or a table row is a paragraph of its own.
      if (/^\s*(?:#{1,6}\s|\||---|\*\*\*)/u.test(line)) flush();
    }
    offset = lineEnd + 1;
  }
  flush();
  return ranges;
}

function trimmed(body: string, start: number, end: number): Sentence | null {
  let s = start;
  let e = end;
  while (s < e && /\s/u.test(body[s] as string)) s++;
  while (e > s && /\s/u.test(body[e - 1] as string)) e--;
  return s < e ? { text: body.slice(s, e), start: s, end: e } : null;
}

/** Rule-based split: after 。！？…, after . ! ? followed by a space, and at a line break that survived paragraphing. */
function splitByPunctuation(body: string): Sentence[] {
  const flat = body.replace(/\n/gu, " ");
  const sentences: Sentence[] = [];
  let start = 0;
  CHINESE_END.lastIndex = 0;
  for (const match of flat.matchAll(CHINESE_END)) {
    const end = (match.index ?? 0) + match[0].length;
    const sentence = trimmed(body, start, end);
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = trimmed(body, start, body.length);
  if (rest) sentences.push(rest);
  return sentences;
}

/** wink-nlp's sentences located in `body`; null when one cannot be found verbatim (then the rules split instead). */
function splitWithWink(body: string): Sentence[] | null {
  // Soft line breaks become spaces, and long runs are broken (same length, so offsets hold).
  const flat = breakLongRuns(body.replace(/\n/gu, " "));
  const texts = getWinkNlp().readDoc(flat).sentences().out();
  const sentences: Sentence[] = [];
  let cursor = 0;
  for (const text of texts) {
    const at = flat.indexOf(text, cursor);
    if (at < 0) return null;
    const sentence = trimmed(body, at, at + text.length);
    if (sentence) sentences.push(sentence);
    cursor = at + text.length;
  }
  return sentences;
}
