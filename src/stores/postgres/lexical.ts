/** Terms to Postgres full-text lexemes the way SQLite's FTS5 (unicode61, remove_diacritics 2) sees them, an injection-proof tsquery, and BM25 in SQL. */
import { termTokens } from "../runtime/bm25.js";

/** FTS5's bm25() constants and tokenizer, shared with every store (one definition in the runtime). */
export { BM25_B, BM25_IDF_FLOOR, BM25_K1 } from "../runtime/bm25.js";

/** What a key stores for full-text search: its distinct lexemes (sorted), how often each occurs, and its length in tokens. */
export interface KeyLexemes {
  lexemes: string[];
  frequencies: number[];
  /** Tokens in the key (FTS5's document length). */
  length: number;
}

export function keyLexemes(terms: readonly string[]): KeyLexemes {
  const counts = new Map<string, number>();
  let length = 0;
  for (const term of terms) {
    for (const token of termTokens(term)) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
      length += 1;
    }
  }
  const lexemes = [...counts.keys()].sort();
  return { lexemes, frequencies: lexemes.map((lexeme) => counts.get(lexeme) as number), length };
}

/**
 * The query's lexemes, one entry per distinct term as given (so a term repeated in another spelling counts twice,
 * as FTS5 counts each quoted phrase). A term of several tokens contributes each of them (FTS5 would need them as a
 * phrase: the only place the stores differ, and the engine's terms never contain separators).
 */
export function queryLexemes(terms: readonly string[]): string[] {
  const unique = [...new Set(terms.filter((term) => term.length > 0))];
  return unique.flatMap((term) => termTokens(term));
}

/** One lexeme as a quoted tsquery operand: quotes doubled, backslashes escaped, so nothing in it is syntax. */
function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** An OR of quoted lexemes, for `tsv @@ $n::tsquery`; null when there is nothing to look for. */
export function orQuery(lexemes: readonly string[]): string | null {
  const unique = [...new Set(lexemes)];
  if (unique.length === 0) return null;
  return unique.map(quoteLexeme).join(" | ");
}
