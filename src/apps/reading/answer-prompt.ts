/** The prompt that asks a language model to answer a question from numbered segments and cite them, and the citation parser. */

/**
 * The prompt: numbered segments, the question, and the rules (answer only from the segments, cite them as [n],
 * say so when they do not hold the answer).
 */
export function buildAnswerPrompt(
  question: string,
  segments: { n: number; text: string; document: string | null }[],
): string {
  const passages = segments
    .map((s) => `[${s.n}]${s.document ? ` (${s.document})` : ""}\n${s.text.trim()}`)
    .join("\n\n");
  return [
    "Answer the question using only the numbered passages below.",
    "Cite every passage you use with its number in square brackets, like [1] or [2][3].",
    'If the passages do not contain the answer, reply "The passages do not say." and nothing else.',
    "Answer in the language of the question, in one or two sentences.",
    "",
    "Passages:",
    passages,
    "",
    `Question: ${question.trim()}`,
    "Answer:",
  ].join("\n");
}

/** The passage numbers an answer cites ("[2]", "[1][3]", "[1, 3]"), in order, within 1..count, without repeats. */
export function parseCitations(answer: string, count: number): number[] {
  const cited: number[] = [];
  for (const group of answer.matchAll(/\[(\d+(?:\s*[,，]\s*\d+)*)\]/gu)) {
    for (const part of (group[1] as string).split(/[,，]/u)) {
      const n = Number(part.trim());
      if (n >= 1 && n <= count && !cited.includes(n)) cited.push(n);
    }
  }
  return cited;
}
