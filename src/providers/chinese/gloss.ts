/**
 * The gloss bridge's text side: a Chinese sentence becomes an English pseudo-sentence (jieba words → one short
 * CC-CEDICT gloss each, function words fixed, particles dropped) that the English model can embed.
 */
import { getJieba } from "../../text/jieba.js";

/** Word → English gloss. */
export type GlossTable = ReadonlyMap<string, string>;

/** Particles and measure words that carry no content of their own: dropped. */
const DROPPED = new Set(
  "的 了 着 过 吗 呢 吧 啊 呀 嘛 哦 哈 么 得 地 把 个 之 而 嗯 啦 哇 喔 咯 罢了 而已 的话 所 就是".split(" "),
);

/**
 * Frequent function words get a fixed English word (the dictionary's shortest gloss of these is often a rare
 * sense: 会 "meeting", 在 "exist", 要 "demand").
 */
const FIXED: Readonly<Record<string, string>> = {
  在: "at",
  是: "is",
  不: "not",
  没: "not",
  没有: "not have",
  别: "don't",
  会: "will",
  能: "can",
  可以: "can",
  想: "want",
  要: "want",
  我: "I",
  你: "you",
  您: "you",
  他: "he",
  她: "she",
  它: "it",
  我们: "we",
  咱们: "we",
  你们: "you",
  他们: "they",
  她们: "they",
  它们: "they",
  这: "this",
  这个: "this",
  这里: "here",
  这儿: "here",
  那: "that",
  那个: "that",
  那里: "there",
  那儿: "there",
  有: "have",
  很: "very",
  太: "too",
  更: "more",
  最: "most",
  都: "all",
  也: "also",
  还: "still",
  就: "then",
  才: "only",
  又: "again",
  已经: "already",
  和: "and",
  跟: "with",
  与: "and",
  或者: "or",
  还是: "or",
  对: "to",
  给: "give",
  被: "by",
  从: "from",
  到: "to",
  向: "towards",
  为: "for",
  为了: "for",
  因为: "because",
  所以: "so",
  但是: "but",
  可是: "but",
  但: "but",
  如果: "if",
  什么: "what",
  谁: "who",
  哪: "which",
  哪里: "where",
  哪儿: "where",
  为什么: "why",
  怎么: "how",
  怎么样: "how",
  多少: "how many",
  几: "how many",
  一: "one",
  去: "go",
  来: "come",
  说: "say",
  比: "than",
  自己: "self",
  每: "every",
  一些: "some",
  一点: "a little",
  喜欢: "like",
};

/** A gloss pseudo-sentence stops here: the English model slows down badly on long input. */
const MAX_GLOSS_WORDS = 64;
const HAN = /\p{Script=Han}/u;
const SKIPPED_TOKEN = /^[\s\p{P}\p{S}]*$/u;

/** Reads the TSV gloss table ("word<TAB>gloss" lines; lines starting with # are comments). */
export function parseGlossTable(text: string): Map<string, string> {
  const table = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const tab = line.indexOf("\t");
    if (tab > 0) table.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return table;
}

/** The glosses of a word the table lacks: longest known prefixes first, then single characters. */
function glossUnknown(word: string, table: GlossTable, out: string[]): void {
  let start = 0;
  const characters = [...word];
  while (start < characters.length) {
    let end = Math.min(characters.length, start + 8);
    for (; end > start + 1; end--) if (table.has(characters.slice(start, end).join(""))) break;
    const piece = characters.slice(start, end).join("");
    const gloss = FIXED[piece] ?? table.get(piece);
    if (gloss !== undefined && !DROPPED.has(piece)) out.push(gloss);
    start = end;
  }
}

/**
 * The English pseudo-sentence for a Chinese sentence. Latin words and numbers pass through as they are.
 * @example glossSentence("她喜欢什么画家？", table) // "she like what painter"
 */
export function glossSentence(text: string, table: GlossTable): string {
  const out: string[] = [];
  for (const token of getJieba().cut(text, true)) {
    if (out.length >= MAX_GLOSS_WORDS) break;
    if (SKIPPED_TOKEN.test(token) || DROPPED.has(token)) continue;
    const fixed = FIXED[token];
    if (fixed !== undefined) out.push(fixed);
    else if (!HAN.test(token)) out.push(token.trim());
    else {
      const gloss = table.get(token);
      if (gloss !== undefined) out.push(gloss);
      else glossUnknown(token, table, out);
    }
  }
  return out.slice(0, MAX_GLOSS_WORDS).join(" ");
}
