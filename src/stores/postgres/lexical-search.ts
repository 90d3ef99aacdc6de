/**
 * The PostgreSQL store's lexical channel: FTS5's bm25() computed in SQL over each key's lexemes and the scope's term
 * statistics (a user's own for a user with few keys, else the tenant's), so every store ranks the same data alike.
 */
import type pg from "pg";
import type { LexicalHit, MemoryFilter } from "../../spec/store.js";
import { BM25_B, BM25_IDF_FLOOR, BM25_K1, SCOPE_STATISTICS_KEYS } from "../runtime/bm25.js";
import { hasMetadata, keyConditions, metadataIds } from "./filter-sql.js";
import { runStatement as run, tenantParameters, tenantStatement } from "./tenant-sql.js";

/** Whether the user's memories have at most SCOPE_STATISTICS_KEYS keys (their count stops just past it). */
async function userHasFewKeys(client: pg.PoolClient, tenant: string, user: string): Promise<boolean> {
  const result = await client.query(
    `SELECT count(*)::int AS keys FROM (
       SELECT 1 FROM engram_keys AS k WHERE k.tenant = $1 AND k.user_id = $2 LIMIT ${SCOPE_STATISTICS_KEYS + 1}
     ) AS few`,
    [tenant, user],
  );
  return (result.rows[0] as { keys: number }).keys <= SCOPE_STATISTICS_KEYS;
}

/**
 * The `limit` best memories for an OR of lexemes (`tsquery`, from orQuery): one hit per memory with its best key
 * (the earliest on a tie), by score then memory id.
 */
export async function searchLexemes(
  client: pg.PoolClient,
  filter: MemoryFilter,
  lexemes: string[],
  tsquery: string,
  limit: number,
): Promise<LexicalHit[]> {
  const ids = hasMetadata(filter) ? await metadataIds(client, filter) : null;
  if (ids !== null && ids.length === 0) return [];
  const parameters = tenantParameters(filter.tenant);
  const queryTerms = parameters.bind(lexemes);
  const match = parameters.bind(tsquery);
  const conditions = keyConditions(filter, parameters, ids);
  const k1 = `${BM25_K1}::float8`;
  const b = `${BM25_B}::float8`;
  const user = filter.user !== undefined && (await userHasFewKeys(client, filter.tenant, filter.user));
  // the scope's statistics (runtime/bm25.ts): a user with few keys counts its own keys, else the tenant's counts
  const statistics = user
    ? `scope AS (
         SELECT k.lexemes, k.length FROM engram_keys AS k WHERE k.tenant = $1 AND k.user_id = ${parameters.bind(filter.user)}
       ), totals AS (
         SELECT count(*)::float8 AS n, sum(scope.length)::float8 / count(*)::float8 AS avgdl
           FROM scope HAVING count(*) > 0
       ), documents AS MATERIALIZED (
         SELECT q.lexeme, (SELECT count(*) FROM scope WHERE q.lexeme = ANY(scope.lexemes))::float8 AS documents
           FROM unnest(${queryTerms}::text[]) AS q(lexeme)
       )`
    : `totals AS (
         SELECT s.keys::float8 AS n, s.tokens::float8 / s.keys::float8 AS avgdl
           FROM engram_tenant_stats AS s WHERE s.tenant = $1 AND s.keys > 0
       ), documents AS (
         SELECT q.lexeme, coalesce(t.documents, 0)::float8 AS documents
           FROM unnest(${queryTerms}::text[]) AS q(lexeme)
           LEFT JOIN engram_term_stats AS t ON t.tenant = $1 AND t.term = q.lexeme
       )`;
  // FTS5's bm25(), term by term: idf × tf(k1+1) / (tf + k1(1 − b + b·len/avgdl)), idf floored at 1e-6.
  // `documents` and `query` (one row a query term) are MATERIALIZED: inlined, PostgreSQL ran the user statistics'
  // per-term count as a subplan once per matching key row and once per use of the count, not once per term (2–4 s
  // for a user of 4,000 keys instead of a few ms).
  const result = await run(
    client,
    tenantStatement(
      `WITH ${statistics}, query AS MATERIALIZED (
         SELECT d.lexeme, CASE WHEN x.idf <= 0 THEN ${BM25_IDF_FLOOR}::float8 ELSE x.idf END AS idf
           FROM documents AS d
           CROSS JOIN totals
           CROSS JOIN LATERAL (
             SELECT ln((totals.n - d.documents + 0.5::float8) / (d.documents + 0.5::float8)) AS idf
           ) AS x
       ), scored AS (
         SELECT k.memory_id, k.key_kind, k.position,
                sum(query.idf * (f.tf::float8 * (${k1} + 1.0::float8))
                    / (f.tf::float8 + ${k1} * (1.0::float8 - ${b} + ${b} * k.length::float8 / totals.avgdl))) AS score
           FROM engram_keys AS k
           CROSS JOIN LATERAL unnest(k.lexemes, k.frequencies) AS f(lexeme, tf)
           JOIN query ON query.lexeme = f.lexeme
           CROSS JOIN totals
          WHERE ${conditions} AND k.tsv @@ ${match}::tsquery
          GROUP BY k.memory_id, k.key_kind, k.position
       )
       SELECT best.memory_id, best.key_kind, best.score FROM (
         SELECT DISTINCT ON (scored.memory_id) scored.memory_id, scored.key_kind, scored.score
           FROM scored ORDER BY scored.memory_id, scored.score DESC, scored.position
       ) AS best
       ORDER BY best.score DESC, best.memory_id LIMIT ${parameters.bind(limit)}`,
      parameters,
    ),
  );
  return result.rows.map((row: { memory_id: string; key_kind: string; score: number }) => ({
    memoryId: row.memory_id,
    score: row.score,
    keyKind: row.key_kind,
  }));
}
