/** The prompt that asks a language model to translate one sentence with translation-memory matches as examples, and the clean-up of its reply. */

export interface TranslationPromptInput {
  sentence: string;
  sourceLang: string;
  targetLang: string;
  /** The best matches from the memory, best first, with their fuzzy-match percentage. */
  examples: { source: string; target: string; fuzzy: number }[];
}

/** A few-shot prompt: the memory's closest units as examples, then the sentence; the reply must be the translation only. */
export function buildTranslationPrompt(input: TranslationPromptInput): string {
  const lines = [
    `Translate the sentence from ${input.sourceLang} to ${input.targetLang}.`,
    "Follow the wording and terminology of the translation-memory examples where they fit.",
    "Reply with the translation only: no quotes, no notes, no explanation.",
  ];
  if (input.examples.length > 0) {
    lines.push("", "Translation memory (closest first, with the fuzzy-match percentage):");
    for (const example of input.examples) {
      lines.push(
        `- ${input.sourceLang} (${example.fuzzy}%): ${example.source}`,
        `  ${input.targetLang}: ${example.target}`,
      );
    }
  }
  lines.push("", `${input.sourceLang}: ${input.sentence}`, `${input.targetLang}:`);
  return lines.join("\n");
}

/** The translation from a reply: first non-empty line, without a language label or wrapping quotes. */
export function cleanTranslation(reply: string): string {
  const line = reply
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return "";
  return line
    .replace(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?:\s*/u, "")
    .replace(/^["“「](.*)["”」]$/u, "$1")
    .trim();
}
