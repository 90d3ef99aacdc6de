/**
 * Exact match and F1 of an extracted answer against gold answers, as SQuAD scores them, with Chinese counted
 * character by character (the CMRC 2018 and MLQA convention): each Han character is a token, Latin words and
 * numbers are tokens; punctuation, case, spacing and the English articles a/an/the do not count.
 */

const HAN_OR_WORD = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;
const ARTICLES = new Set(["a", "an", "the"]);

/** The tokens an answer is scored on. */
export function answerTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.normalize("NFKC").toLowerCase().matchAll(HAN_OR_WORD)) {
    if (!ARTICLES.has(match[0])) tokens.push(match[0]);
  }
  return tokens;
}

/** The normalised answer: its tokens, joined (Chinese without spaces). */
export function normalizeAnswer(text: string): string {
  return answerTokens(text)
    .join(" ")
    .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, "");
}

/** 1 when the prediction equals one of the gold answers after normalising, else 0. */
export function exactMatch(prediction: string, golds: string[]): number {
  const normalized = normalizeAnswer(prediction);
  return golds.some((gold) => normalizeAnswer(gold) === normalized) ? 1 : 0;
}

/**
 * The best token-overlap F1 over the gold answers: 2PR/(P+R) with P = shared/predicted and R = shared/gold,
 * shared counted as a multiset.
 * @example f1Score("约8公斤", ["约只有8公斤重"]) // P = 4/4, R = 4/7 → 0.727…
 */
export function f1Score(prediction: string, golds: string[]): number {
  const predicted = answerTokens(prediction);
  let best = 0;
  for (const gold of golds) {
    const goldTokens = answerTokens(gold);
    if (predicted.length === 0 || goldTokens.length === 0) {
      best = Math.max(best, predicted.length === goldTokens.length ? 1 : 0);
      continue;
    }
    const counts = new Map<string, number>();
    for (const token of goldTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    let shared = 0;
    for (const token of predicted) {
      const left = counts.get(token) ?? 0;
      if (left > 0) {
        shared++;
        counts.set(token, left - 1);
      }
    }
    if (shared === 0) continue;
    const precision = shared / predicted.length;
    const recall = shared / goldTokens.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}
