/** Normalised text and its hash: the write gate's test for an exact duplicate ("Hello  World!" and "hello world" are one). */
import { createHash } from "node:crypto";

const WHITESPACE = /\s+/gu;
const TRAILING_SENTENCE_PUNCTUATION = /[\s.!?。！？…]+$/u;

/**
 * NFKC, trimmed, whitespace collapsed to one space, lower-cased, trailing sentence punctuation (.!?。！？…) removed.
 * @example normalizeText("  Hello  World!! ") // "hello world"
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(WHITESPACE, " ")
    .trim()
    .toLowerCase()
    .replace(TRAILING_SENTENCE_PUNCTUATION, "");
}

/**
 * Hex SHA-1 of `normalizeText(text)`: equal for texts that differ only in case, spacing or final punctuation.
 * @example textHash("Hello  World!") === textHash("hello world") // true
 */
export function textHash(text: string): string {
  return createHash("sha1").update(normalizeText(text), "utf8").digest("hex");
}
