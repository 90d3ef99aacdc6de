/**
 * BM25 as FTS5's single-column index computes it, from its own statistics (the row count and the terms column's
 * average length in its averages record, each token's row count): the lexical channel scores rows here, whichever
 * way it found them, so every path ranks alike.
 */
import type Database from "better-sqlite3";
import { BM25_B as B, BM25_IDF_FLOOR as IDF_FLOOR, BM25_K1 as K1, phraseToken } from "../runtime/bm25.js";

type StatementOf = (sql: string) => Database.Statement;

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

/** What BM25 needs of the index for one query: each query token's idf, and the terms column's average length. */
export interface Bm25Weights {
  idf: (readonly [token: string, weight: number])[];
  wanted: ReadonlySet<string>;
  averageLength: number;
}

/** The query's BM25 weights from the index's statistics; null for an empty index. */
export function bm25Weights(
  statement: StatementOf,
  documents: { term: string; rows: number }[],
): Bm25Weights | null {
  return weightsFrom(tableTotals(statement), documents);
}

/**
 * The query's BM25 weights from the statistics of some rows (the whole index, or one scope's rows): their count, their
 * tokens, and how many of them hold each query term's first token. Null when there are no rows.
 */
export function weightsFrom(
  totals: { rows: number; tokens: number },
  documents: { term: string; rows: number }[],
): Bm25Weights | null {
  if (totals.rows === 0) return null;
  // one entry per query phrase, as FTS5 counts them ("APPLE" and "apple" are two phrases of one token)
  const idf = documents.map(({ term, rows }) => {
    const value = Math.log((totals.rows - rows + 0.5) / (rows + 0.5));
    return [phraseToken(term), value <= 0 ? IDF_FLOOR : value] as const;
  });
  return { idf, wanted: new Set(idf.map(([token]) => token)), averageLength: totals.tokens / totals.rows };
}

/** BM25 of one row's tokens: only the query's tokens are counted; every token counts toward the row's length. */
export function bm25Score(tokens: readonly string[], { idf, wanted, averageLength }: Bm25Weights): number {
  const frequency = new Map<string, number>();
  for (const token of tokens) if (wanted.has(token)) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const length = tokens.length;
  let score = 0;
  for (const [term, weight] of idf) {
    const tf = frequency.get(term) ?? 0;
    if (tf > 0) score += (weight * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * length) / averageLength));
  }
  return score;
}
