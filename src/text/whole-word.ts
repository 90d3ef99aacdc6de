/** Whether a word or name stands in a text as a whole word ("Ann" is not in "Anne"); Chinese has no spaces, so any occurrence counts. */
import { hasHan } from "./script.js";

/** Patterns by word; the same names are looked for on every recall of a scope. */
const patterns = new Map<string, RegExp>();
const PATTERN_CACHE_LIMIT = 10_000;

/** `text` with every character a regular expression gives a meaning to escaped, to match it as it is. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * True when `word` (two characters or more) occurs in `text` with no letter or digit right before or after it.
 * Both are compared as given: normalise them the same way first (case, accents).
 * @example hasWholeWord("what did ann say", "ann") // true; hasWholeWord("anne said", "ann") // false
 */
export function hasWholeWord(text: string, word: string): boolean {
  // a substring test first: most words are not in the text, and it cannot miss a whole-word match
  if (word.length < 2 || !text.includes(word)) return false;
  if (hasHan(word)) return true;
  let pattern = patterns.get(word);
  if (!pattern) {
    if (patterns.size >= PATTERN_CACHE_LIMIT) patterns.clear();
    pattern = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(word)}(?:$|[^\\p{L}\\p{N}])`, "u");
    patterns.set(word, pattern);
  }
  return pattern.test(text);
}
