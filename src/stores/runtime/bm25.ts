/**
 * BM25 as SQLite's FTS5 computes it (bm25() with k1 = 1.2, b = 0.75, idf floored at 1e-6) over tokens as FTS5's
 * unicode61 tokenizer (remove_diacritics 2) cuts them, for a dialect that ranks terms in process. The one home of
 * the tokenizer and the constants: SQLite's bounded ranking and the PostgreSQL dialect (which computes the same
 * formula in SQL) import them from here.
 */

/** FTS5's bm25() constants, so every store ranks the same data the same way. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** FTS5 replaces an idf ≤ 0 (a term in more than half of the rows) with this. */
export const BM25_IDF_FLOOR = 1e-6;
/**
 * Whose statistics (row count, average length, each term's rows) a search ranks by: a filter naming a user whose
 * memories have at most this many keys, that user's keys alone, so a user's ranking never moves with what other
 * users wrote (and matches a store holding that user alone, as recall's weights were trained); otherwise the
 * tenant's (SQLite: its whole index, beyond a held scope). Every store applies the same rule.
 */
export const SCOPE_STATISTICS_KEYS = 5_000;
/**
 * Key rows a lexical query's terms may match in its scope (by the scope's term counts) and still be ranked exactly;
 * beyond it, every store ranks the bounded way: the rarest terms' rows (those terms together matching at most this
 * many) and the newest LEXICAL_NEWEST_ROWS rows matching any term, all scored with every term.
 */
export const LEXICAL_EXACT_ROWS = 20_000;
/** The newest matching rows a bounded lexical query examines, beside the rarest terms' rows. */
export const LEXICAL_NEWEST_ROWS = 2_000;
/** PostgreSQL refuses a lexeme of 2 KiB or more; every store leaves such tokens out, so they rank alike. */
const MAX_TOKEN_BYTES = 2046;

/** A separator for FTS5's unicode61: anything that is not a letter, mark, number or private-use character. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}\p{Co}]+/u;
/** Diacritics on Latin letters, which remove_diacritics 2 folds away ("café" matches "cafe"). */
const LATIN_DIACRITICS = /(\p{Script=Latin})\p{M}+/gu;

/** A term FTS5 keeps as it is: lower-case ASCII letters and digits (most terms; no normalising needed). */
const PLAIN_TOKEN = /^[a-z0-9]+$/;

/** One term as the tokens FTS5 would index for it: lower case, Latin diacritics removed, split at separators. */
export function termTokens(term: string): string[] {
  if (PLAIN_TOKEN.test(term)) return term.length <= MAX_TOKEN_BYTES ? [term] : [];
  return term
    .toLowerCase()
    .normalize("NFD")
    .replace(LATIN_DIACRITICS, "$1")
    .normalize("NFC")
    .split(SEPARATORS)
    .filter((token) => token.length > 0 && Buffer.byteLength(token, "utf8") <= MAX_TOKEN_BYTES);
}

/** The token a term's rows and idf are counted by, as FTS5 counts a phrase: its first (the term itself if none). */
export function phraseToken(term: string): string {
  return termTokens(term)[0] ?? term;
}

/** A key as full-text search sees it: how often each token occurs, and its length in tokens. */
export interface TokenCounts {
  frequencies: Map<string, number>;
  length: number;
}

/** The tokens of a key's terms, counted. */
export function countTokens(terms: readonly string[]): TokenCounts {
  const frequencies = new Map<string, number>();
  let length = 0;
  for (const term of terms) {
    for (const token of termTokens(term)) {
      frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
      length += 1;
    }
  }
  return { frequencies, length };
}

/**
 * The query's tokens: those of each distinct term, so a term repeated in another spelling counts twice, as FTS5
 * counts each quoted phrase of an OR.
 */
export function queryTokens(terms: readonly string[]): string[] {
  return [...new Set(terms.filter((term) => term.length > 0))].flatMap((term) => termTokens(term));
}

/** What idf needs to know of the collection: how many rows, their average length, and each token's row count. */
export interface Bm25Collection {
  rows: number;
  averageLength: number;
  /** Rows that hold the token at least once. */
  documents(token: string): number;
}

/** idf = ln((N − n + 0.5) / (n + 0.5)), floored at 1e-6 as FTS5 does. */
export function inverseDocumentFrequency(rows: number, documents: number): number {
  const idf = Math.log((rows - documents + 0.5) / (documents + 0.5));
  return idf <= 0 ? BM25_IDF_FLOOR : idf;
}

/**
 * BM25 of one row for the query tokens (higher is better), or 0 when the row holds none of them:
 * Σ idf(t) · tf(t)(k1 + 1) / (tf(t) + k1(1 − b + b·|row|/avgdl)).
 */
export function bm25Score(row: TokenCounts, tokens: readonly string[], collection: Bm25Collection): number {
  let score = 0;
  for (const token of tokens) {
    const frequency = row.frequencies.get(token) ?? 0;
    if (frequency === 0) continue;
    const idf = inverseDocumentFrequency(collection.rows, collection.documents(token));
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * row.length) / collection.averageLength);
    score += (idf * frequency * (BM25_K1 + 1)) / (frequency + norm);
  }
  return score;
}
