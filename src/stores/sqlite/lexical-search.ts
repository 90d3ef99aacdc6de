/**
 * The SQLite store's lexical channel: FTS5 BM25 within a scope, bounded. Each key's full-text row carries its scope as
 * tokens (tenant, and tenant + user) in a column of weight 0, so a query ANDs its scope token with its terms and FTS5
 * walks that scope's rows only; a query whose terms match more rows than a cap is answered from the rarest terms'
 * best rows plus the newest rows that match any term, rescored with every term (an approximation, measured on LoCoMo).
 * A small scope (a user's memories in a store of many users) is held in memory by the connection and searched there
 * (lexical-scopes.ts); every path scores with the same BM25 (fts-bm25.ts), so they rank alike.
 */
import type Database from "better-sqlite3";
import type { LexicalHit, MemoryFilter } from "../../spec/store.js";
// the token FTS5 counts a term by (every store cuts terms with the same function)
import {
  LEXICAL_EXACT_ROWS,
  LEXICAL_NEWEST_ROWS,
  phraseToken,
  SCOPE_STATISTICS_KEYS,
} from "../runtime/bm25.js";
import { type Bm25Weights, bm25Score, bm25Weights, weightsFrom } from "./fts-bm25.js";
import {
  filterableInMemory,
  type LexicalScopes,
  matchingRows,
  type ScopeRow,
  scopeStatistics,
  tokensOfTerms,
} from "./lexical-scopes.js";

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
  /**
   * Rows a scope may hold (its token's full-text rows) and still be kept in memory by the connection and searched
   * there (lexical-scopes.ts): a user's memories, in a store of many users. A held scope also lends its own BM25
   * statistics (the rule every store follows, SCOPE_STATISTICS_KEYS, is this default); a scope beyond it, or every
   * scope with 0, ranks by the whole index's statistics (0 is for tests of the FTS5 paths).
   */
  memoryScopeRows: number;
}

export const DEFAULT_LEXICAL_BOUNDS: LexicalBounds = {
  exactRows: LEXICAL_EXACT_ROWS,
  newestRows: LEXICAL_NEWEST_ROWS,
  scoreAllRows: 2_000,
  memoryScopeRows: SCOPE_STATISTICS_KEYS,
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
  {
    statement,
    termDocuments,
    lexicalScopes,
  }: { statement: StatementOf; termDocuments: (token: string) => number; lexicalScopes?: LexicalScopes },
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
    rows: termDocuments(phraseToken(term)),
  }));
  // the counts are the whole table's; a scope's rows (its token's count) bound what its query can match
  const scopeRows = termDocuments(token);
  const matching = Math.min(
    scopeRows,
    documents.reduce((sum, entry) => sum + entry.rows, 0),
  );
  const held =
    lexicalScopes && scopeRows <= bounds.memoryScopeRows
      ? lexicalScopes.get(token, () => loadScope(statement, filter))
      : null;
  // BM25 over a held scope's own statistics: a user's ranking does not move with what other users wrote (the
  // statistics of a store holding that user alone, which recall's weights were trained on); a larger scope ranks by
  // the whole index's statistics
  const local = held ? scopeStatistics(held, unique) : null;
  const weights = local ? weightsFrom(local.totals, local.documents) : bm25Weights(statement, documents);
  if (held && filterableInMemory(filter)) return rankRows(matchingRows(held, unique, filter), weights, limit);
  const match = scopedExpression(token, unique);
  if (matching <= bounds.scoreAllRows) return scoreAllMatches(statement, match, limit, keep, weights);
  if (matching <= bounds.exactRows) return exactRanking(statement, match, limit, keep, weights);
  return boundedRanking(statement, token, documents, weights, limit, keep, bounds);
}

/** The key rows of a filter's scope (its user's, or its tenant's), with what the in-memory filter reads. */
function loadScope(statement: StatementOf, filter: MemoryFilter): ScopeRow[] {
  const rows = statement(
    `SELECT k.id, k.memory_id, k.kind, k.terms, m.agent_id, m.session_id, m.kind, m.status, m.occurred_at
       FROM memories AS m CROSS JOIN keys AS k ON k.memory_id = m.id
      WHERE m.tenant = ?${filter.user === undefined ? "" : " AND m.user_id = ?"}`,
  )
    .raw(true)
    .all(filter.tenant, ...(filter.user === undefined ? [] : [filter.user])) as unknown[][];
  return rows.map((v) => ({
    id: v[0] as number,
    memoryId: v[1] as string,
    keyKind: v[2] as string,
    tokens: tokensOfTerms(v[3] as string),
    agent: v[4] as string | null,
    session: v[5] as string | null,
    kind: v[6] as string,
    status: v[7] as string,
    occurredAt: v[8] as number,
  }));
}

/** The `limit` best memories of key rows whose tokens are at hand (rows with no query term left out). */
function rankRows(rows: readonly ScopeRow[], weights: Bm25Weights | null, limit: number): LexicalHit[] {
  const scores = new Map<number, number>();
  if (weights) {
    for (const row of rows) {
      const score = bm25Score(row.tokens, weights);
      if (score > 0) scores.set(row.id, score);
    }
  }
  return strip(
    rank(
      scores,
      rows.filter((row) => scores.has(row.id)),
    ),
    limit,
  );
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
  weights: Bm25Weights | null,
): LexicalHit[] {
  const ids = statement("SELECT rowid FROM keys_fts WHERE keys_fts MATCH ?").pluck().all(match) as number[];
  return rankKept(keep(ids), weights, limit);
}

/** The `limit` best memories of kept key rows by their BM25 over every query term (rows with none left out). */
function rankKept(kept: KeptKey[], weights: Bm25Weights | null, limit: number): LexicalHit[] {
  const scores = scoreKeys(kept, weights);
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
  weights: Bm25Weights | null,
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
      return rankKept(kept, weights, limit);
    }
  }
}

/**
 * BM25 of key rows for every query term, as a single-column FTS5 index computes it (its row count, the terms column's
 * average length, each term's row count; the scope tokens do not count, so both stores rank alike): rows a cheap
 * query proposed are scored without asking FTS5 to evaluate the whole query for each (it cannot seek a rowid inside
 * a MATCH).
 */
function scoreRows(statement: StatementOf, ids: number[], weights: Bm25Weights | null): Map<number, number> {
  if (ids.length === 0) return new Map();
  const rows = statement(
    "SELECT k.id, k.terms FROM json_each(?) AS wanted CROSS JOIN keys AS k ON k.id = wanted.value",
  ).all(JSON.stringify(ids)) as { id: number; terms: string }[];
  return scoreKeys(rows, weights);
}

/** BM25 (as scoreRows) of key rows whose terms are at hand. */
function scoreKeys(
  rows: readonly { id: number; terms: string }[],
  weights: Bm25Weights | null,
): Map<number, number> {
  const scores = new Map<number, number>();
  if (rows.length === 0 || !weights) return scores;
  for (const row of rows) {
    const score = bm25Score(tokensOfTerms(row.terms), weights);
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
  weights: Bm25Weights | null,
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
  const scored = scoreRows(statement, [...candidates], weights);
  const ids = [...scored.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const kept: KeptKey[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    kept.push(...keep(ids.slice(start, start + 500)));
    if (rank(scored, kept).length >= limit) break;
  }
  return strip(rank(scored, kept), limit);
}
