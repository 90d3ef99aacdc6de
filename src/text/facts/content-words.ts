/** How much a sentence says: its distinct content words (stemmed, stop words out), not counting the names given. */
import { queryTerms } from "../terms.js";

/** Distinct content terms of `text` that are not terms of any of `names`. */
export function contentTermCount(text: string, names: readonly string[]): number {
  const excluded = new Set(names.flatMap((name) => queryTerms(name)));
  return queryTerms(text).filter((term) => !excluded.has(term)).length;
}
