/**
 * The SQLite store's lexical channel: FTS5 BM25 within a scope, bounded. Each key's full-text row carries its scope as
 * tokens (tenant, and tenant + user) in a column of weight 0, so a query ANDs its scope token with its terms and FTS5
 * walks that scope's rows only; a query whose terms match more rows than a cap is answered from the rarest terms'
 * best rows plus the newest rows that match any term, rescored with every term (an approximation, measured on LoCoMo).
 */
import type Database from "better-sqlite3";
import type { LexicalHit, MemoryFilter } from "../../spec/store.js";
// the tokens FTS5's unicode61 tokenizer makes of a term (every store cuts terms with the same function)
import { BM25_B as B, BM25_IDF_FLOOR as IDF_FLOOR, BM25_K1 as K1, termTokens } from "../runtime/bm25.js";

/** How far a lexical query ranks exactly, and what a bounded one examines. */
export interface LexicalBounds {
  /** Rows a query's terms may match (by the vocabulary's counts) before it switches to the bounded ranking. */
  exactRows: number;
  /** Newest matching rows a bounded query examines, beside the rarest terms' best. */
  newestRows: number;
  /**
   * Rows a query may match and still have every one scored here, without FTS5 ranking them first (its bm25() costs
   * more than the matching, and the rows are rescored anyway: see scoreRows).
   */
  scoreAllRows: number;
}

export const DEFAULT_LEXICAL_BOUNDS: LexicalBounds = {
  exactRows: 20_000,
  newestRows: 2_000,
  scoreAllRows: 2_000,
};
/** Key rows fetched from FTS per wanted memory; grows when the filter rejects most of them. */
const TERM_FETCH_FACTOR = 4;

/** The full-text table (terms, and the scope tokens no query term can equal) and its vocabulary, schema version 6. */
export const LEXICAL_MIGRATION_STATEMENTS: readonly string[] = [
  "DROP TABLE keys_fts",
  `CREATE VIRTUAL TABLE keys_fts USING fts5(
    terms, scope, content='', tokenize="unicode61 remove_diacritics 2"
  )`,
  `INSERT INTO keys_fts (rowid, terms, scope)
     SELECT k.id, coalesce((SELECT group_concat(value, ' ' ORDER BY key) FROM json_each(k.terms)), ''),
            't' || hex(m.tenant) || CASE WHEN m.user_id IS NULL THEN '' ELSE ' u' || hex(m.tenant) || 'x' || hex(m.user_id) END
       FROM keys AS k JOIN memories AS m ON m.id = k.memory_id`,
  "CREATE VIRTUAL TABLE keys_fts_vocab USING fts5vocab(keys_fts, 'row')",
];

function hex(text: string): string {
  return Buffer.from(text, "utf8").toString("hex");
}

/** The scope column of a key's full-text row: its tenant's token and, with a user, its user's (hex: one token each). */
export function scopeText(tenant: string, user: string | null): string {
  return user === null ? `t${hex(tenant)}` : `t${hex(tenant)} u${hex(tenant)}x${hex(user)}`;
}

/** The token a query in this filter ANDs with its terms: the user's when it names one, else the tenant's. */
function scopeToken(filter: MemoryFilter): string {
  return filter.user === undefined ? `t${hex(filter.tenant)}` : `u${hex(filter.tenant)}x${hex(filter.user)}`;
}

/** Each term as an FTS5 string ("" doubles a quote), OR-ed: user text can never become FTS syntax. */
function termsExpression(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(" OR ");
}

function scopedExpression(token: string, terms: readonly string[]): string {
  return `scope : "${token}" AND terms : (${termsExpression(terms)})`;
}

type StatementOf = (sql: string) => Database.Statement;

/** BM25 over the terms column only: the scope tokens weigh 0. */
const SCORE = "-bm25(keys_fts, 1.0, 0.0)";

interface ScoredKey {
  id: number;
  score: number;
}

/**
 * Full-text search within a filter: the `limit` best memories by the BM25 of their best key.
 * `clause` is the store's WHERE clause for the filter over alias `m`.
 */
export function searchTermsInScope(
  { statement, termDocuments }: { statement: StatementOf; termDocuments: (token: string) => number },
  filter: MemoryFilter,
  terms: string[],
  limit: number,
  clause: { sql: string; params: unknown[] },
  bounds: LexicalBounds = DEFAULT_LEXICAL_BOUNDS,
): LexicalHit[] {
  const unique = [...new Set(terms.filter((term) => term.length > 0))];
  if (unique.length === 0 || limit <= 0) return [];
  const token = scopeToken(filter);
  // CROSS JOIN fixes the join order: start from the fetched key ids, never from a scope index.
  const filterKeys = statement(
    `SELECT k.id, k.memory_id AS memoryId, k.kind AS keyKind, k.terms
       FROM json_each(?) AS hit CROSS JOIN keys AS k ON k.id = hit.value
            CROSS JOIN memories AS m ON m.id = k.memory_id
      WHERE k.tenant = ? AND ${clause.sql}`,
  );
  const keep: Keep = (ids) =>
    filterKeys.all(JSON.stringify(ids), filter.tenant, ...clause.params) as KeptKey[];

  // the vocabulary holds tokens as FTS5 folded them (lower case, no Latin diacritics)
  const documents = unique.map((term) => ({
    term,
    rows: termDocuments(termTokens(term)[0] ?? term),
  }));
  // the counts are the whole table's; a scope's rows (its token's count) bound what its query can match
  const scopeRows = termDocuments(token);
  const matching = Math.min(
    scopeRows,
    documents.reduce((sum, entry) => sum + entry.rows, 0),
  );
  const match = scopedExpression(token, unique);
  if (matching <= bounds.scoreAllRows) return scoreAllMatches(statement, match, limit, keep, documents);
  if (matching <= bounds.exactRows) return exactRanking(statement, match, limit, keep, documents);
  return boundedRanking(statement, token, documents, limit, keep, bounds);
}

/** A key row the filter keeps: its memory, its kind, and its terms (JSON) for scoring. */
interface KeptKey {
  id: number;
  memoryId: string;
  keyKind: string;
  terms: string;
}

/** The rows of these key ids that the filter keeps. */
type Keep = (ids: number[]) => KeptKey[];

/**
 * Few matching rows (a user's scope, or rare terms): all of them, kept by the filter, scored here. Exact, and
 * cheaper than asking FTS5 to rank rows that are rescored anyway.
 */
function scoreAllMatches(
  statement: StatementOf,
  match: string,
  limit: number,
  keep: Keep,
  documents: { term: string; rows: number }[],
): LexicalHit[] {
  const ids = statement("SELECT rowid FROM keys_fts WHERE keys_fts MATCH ?").pluck().all(match) as number[];
  return rankKept(statement, keep(ids), documents, limit);
}

/** The `limit` best memories of kept key rows by their BM25 over every query term (rows with none left out). */
function rankKept(
  statement: StatementOf,
  kept: KeptKey[],
  documents: { term: string; rows: number }[],
  limit: number,
): LexicalHit[] {
  const scores = scoreKeys(statement, kept, documents);
  return strip(
    rank(
      scores,
      kept.filter((key) => scores.has(key.id)),
    ),
    limit,
  );
}

/** Best memory per key row, ranked by score then memory id. */
function rank(
  scored: Map<number, number>,
  kept: { id: number; memoryId: string; keyKind: string }[],
): (LexicalHit & { keyId: number })[] {
  const best = new Map<string, LexicalHit & { keyId: number }>();
  for (const key of kept) {
    const score = scored.get(key.id) as number;
    const previous = best.get(key.memoryId);
    if (!previous || score > previous.score || (score === previous.score && key.id < previous.keyId))
      best.set(key.memoryId, { memoryId: key.memoryId, score, keyKind: key.keyKind, keyId: key.id });
  }
  return [...best.values()].sort(
    (a, b) => b.score - a.score || (a.memoryId < b.memoryId ? -1 : a.memoryId > b.memoryId ? 1 : 0),
  );
}

function strip(hits: (LexicalHit & { keyId: number })[], limit: number): LexicalHit[] {
  return hits.slice(0, limit).map(({ memoryId, score, keyKind }) => ({ memoryId, score, keyKind }));
}

/**
 * Every matching row of the scope ranked by BM25: fetch the best key rows, keep those in the filter, and fetch more
 * only when the filter left too few (the best `limit` memories are then certainly among them).
 */
function exactRanking(
  statement: StatementOf,
  match: string,
  limit: number,
  keep: Keep,
  documents: { term: string; rows: number }[],
): LexicalHit[] {
  const fetchKeys = statement(
    `SELECT rowid AS id, ${SCORE} AS score FROM keys_fts WHERE keys_fts MATCH ? ORDER BY bm25(keys_fts, 1.0, 0.0) LIMIT ?`,
  );
  for (let wanted = Math.max(limit * TERM_FETCH_FACTOR, 32); ; wanted *= 8) {
    const fetched = fetchKeys.all(match, wanted) as ScoredKey[];
    const scored = new Map<number, number>();
    const kept: KeptKey[] = [];
    // The fetched rows come best first, so they are filtered a slice at a time: once `limit` memories are found and
    // every row left scores below the limit-th of them, no row left can change the answer.
    let position = 0;
    for (let slice = Math.max(limit * 2, 32); position < fetched.length; slice *= 2) {
      const rows = fetched.slice(position, position + slice);
      position += rows.length;
      for (const row of rows) scored.set(row.id, row.score);
      kept.push(...keep(rows.map((row) => row.id)));
      const next = fetched[position];
      const ranked = rank(scored, kept);
      if (
        ranked.length >= limit &&
        next !== undefined &&
        next.score < (ranked[limit - 1] as LexicalHit).score
      )
        break;
    }
    if (rank(scored, kept).length >= limit || fetched.length < wanted) {
      // FTS5 found and ordered the rows; the scores are BM25 over the terms alone (see scoreRows)
      return rankKept(statement, kept, documents, limit);
    }
  }
}

/** SQLite's varint (big-endian 7-bit groups, the ninth byte whole), as FTS5 writes its statistics. */
function readVarint(bytes: Uint8Array, start: number): [value: number, next: number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[start + i] as number;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, start + i + 1];
  }
  return [value * 256 + (bytes[start + 8] as number), start + 9];
}

/** The table's row count and its terms column's tokens, from FTS5's averages record (rowid 1 of its data table). */
function tableTotals(statement: StatementOf): { rows: number; tokens: number } {
  const block = statement("SELECT block FROM keys_fts_data WHERE id = 1").pluck().get() as Buffer | undefined;
  if (!block) return { rows: 0, tokens: 0 };
  let [rows, at] = readVarint(block, 0);
  let tokens = 0;
  // the terms column only: the scope tokens are no words, and BM25 is the one a single-column index computes
  if (at < block.length) tokens = readVarint(block, at)[0];
  if (!Number.isFinite(rows)) rows = 0;
  return { rows, tokens };
}

/**
 * BM25 of key rows for every query term, as a single-column FTS5 index computes it (its row count, the terms column's
 * average length, each term's row count; the scope tokens do not count, so both stores rank alike): rows a cheap
 * query proposed are scored without asking FTS5 to evaluate the whole query for each (it cannot seek a rowid inside
 * a MATCH).
 */
function scoreRows(
  statement: StatementOf,
  ids: number[],
  documents: { term: string; rows: number }[],
): Map<number, number> {
  if (ids.length === 0) return new Map();
  const rows = statement(
    "SELECT k.id, k.terms FROM json_each(?) AS wanted CROSS JOIN keys AS k ON k.id = wanted.value",
  ).all(JSON.stringify(ids)) as { id: number; terms: string }[];
  return scoreKeys(statement, rows, documents);
}

/** BM25 (as scoreRows) of key rows whose terms are at hand. */
function scoreKeys(
  statement: StatementOf,
  rows: readonly { id: number; terms: string }[],
  documents: { term: string; rows: number }[],
): Map<number, number> {
  const scores = new Map<number, number>();
  if (rows.length === 0) return scores;
  const totals = tableTotals(statement);
  if (totals.rows === 0) return scores;
  const averageLength = totals.tokens / totals.rows;
  // one entry per query phrase, as FTS5 counts them ("APPLE" and "apple" are two phrases of one token)
  const idf = documents.map(({ term, rows }) => {
    const value = Math.log((totals.rows - rows + 0.5) / (rows + 0.5));
    return [termTokens(term)[0] ?? term, value <= 0 ? IDF_FLOOR : value] as const;
  });
  const wanted = new Set(idf.map(([token]) => token));
  for (const row of rows) {
    // only the query's tokens are counted; every token counts toward the row's length
    const frequency = new Map<string, number>();
    let length = 0;
    for (const term of JSON.parse(row.terms) as string[]) {
      for (const token of termTokens(term)) {
        length += 1;
        if (wanted.has(token)) frequency.set(token, (frequency.get(token) ?? 0) + 1);
      }
    }
    let score = 0;
    for (const [term, weight] of idf) {
      const tf = frequency.get(term) ?? 0;
      if (tf > 0) score += (weight * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * length) / averageLength));
    }
    if (score > 0) scores.set(row.id, score);
  }
  return scores;
}

/**
 * A query whose terms match too many rows: candidates are the best rows of its rarest terms (those matching few rows,
 * which carry most of BM25's weight) and the newest rows matching any term; all are scored with every term.
 * A row matching only common terms, older than the newest examined, can be missed: the measured cost of the bound.
 */
function boundedRanking(
  statement: StatementOf,
  token: string,
  documents: { term: string; rows: number }[],
  limit: number,
  keep: Keep,
  bounds: LexicalBounds,
): LexicalHit[] {
  const rare: string[] = [];
  let rareRows = 0;
  for (const entry of [...documents].sort((a, b) => a.rows - b.rows)) {
    if (rareRows + entry.rows > bounds.exactRows) break;
    rare.push(entry.term);
    rareRows += entry.rows;
  }
  const candidates = new Set<number>();
  if (rare.length > 0) {
    const best = statement(
      "SELECT rowid FROM keys_fts WHERE keys_fts MATCH ? ORDER BY bm25(keys_fts, 1.0, 0.0) LIMIT ?",
    )
      .pluck()
      .all(scopedExpression(token, rare), Math.max(limit * TERM_FETCH_FACTOR * 4, 256)) as number[];
    for (const id of best) candidates.add(id);
  }
  // newest first is FTS5's own order (rowid descending), so this stops after `newestRows` matches
  const newest = statement("SELECT rowid FROM keys_fts WHERE keys_fts MATCH ? ORDER BY rowid DESC LIMIT ?")
    .pluck()
    .all(
      scopedExpression(
        token,
        documents.map((entry) => entry.term),
      ),
      bounds.newestRows,
    ) as number[];
  for (const id of newest) candidates.add(id);
  const scored = scoreRows(statement, [...candidates], documents);
  const ids = [...scored.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const kept: KeptKey[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    kept.push(...keep(ids.slice(start, start + 500)));
    if (rank(scored, kept).length >= limit) break;
  }
  return strip(rank(scored, kept), limit);
}
