/**
 * The PostgreSQL store's lexical channel: FTS5's bm25() computed in SQL over each key's lexemes and the scope's term
 * statistics (a user's own for a user with few keys, else the tenant's), so every store ranks the same data alike.
 * A query whose terms match more rows than a bound (the tenant's term counts say how many) is answered as SQLite
 * answers it: from the rarest terms' rows and the newest rows matching any term, rescored with every term.
 */
import type pg from "pg";
import type { LexicalHit, MemoryFilter } from "../../spec/store.js";
import {
  BM25_B,
  BM25_IDF_FLOOR,
  BM25_K1,
  LEXICAL_EXACT_ROWS,
  LEXICAL_NEWEST_ROWS,
  SCOPE_STATISTICS_KEYS,
} from "../runtime/bm25.js";
import { countUserKeys, hasMetadata, keyConditions, metadataIds, userKeysCount } from "./filter-sql.js";
import type { LargeScopes } from "./large-scopes.js";
import { orQuery } from "./lexical.js";
import {
  runStatement as run,
  type TenantParameters,
  tenantParameters,
  tenantStatement,
} from "./tenant-sql.js";

/** How far a lexical query ranks exactly, and what a bounded one examines (the same defaults as SQLite's). */
export interface PostgresLexicalBounds {
  /** Rows a query's terms may match (by the tenant's term counts, at most the user's keys) before it is bounded. */
  exactRows: number;
  /** Newest matching rows a bounded query examines, beside the rarest terms' rows. */
  newestRows: number;
}

export const DEFAULT_POSTGRES_LEXICAL_BOUNDS: PostgresLexicalBounds = {
  exactRows: LEXICAL_EXACT_ROWS,
  newestRows: LEXICAL_NEWEST_ROWS,
};

/** Each query lexeme's key rows in the tenant (its term statistics; 0 for a lexeme no key holds). */
async function tenantTermRows(
  client: pg.PoolClient,
  tenant: string,
  lexemes: readonly string[],
): Promise<Map<string, number>> {
  const parameters = tenantParameters(tenant);
  const result = await run(
    client,
    tenantStatement(
      `SELECT t.term, t.documents::float8 AS documents FROM engram_term_stats AS t
        WHERE t.tenant = $1 AND t.term = ANY(${parameters.bind([...new Set(lexemes)])}::text[])`,
      parameters,
    ),
  );
  const rows = new Map<string, number>(lexemes.map((lexeme) => [lexeme, 0]));
  for (const row of result.rows as { term: string; documents: number }[]) rows.set(row.term, row.documents);
  return rows;
}

/**
 * The rarest lexemes, rarest first, whose rows together stay within `exactRows`: they carry most of BM25's weight,
 * and all their rows can be scored.
 */
export function rarestLexemes(rows: ReadonlyMap<string, number>, exactRows: number): string[] {
  const rare: string[] = [];
  let total = 0;
  for (const [lexeme, count] of [...rows].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))) {
    if (total + count > exactRows) break;
    rare.push(lexeme);
    total += count;
  }
  return rare;
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
  bounds: PostgresLexicalBounds = DEFAULT_POSTGRES_LEXICAL_BOUNDS,
  large?: LargeScopes,
): Promise<LexicalHit[]> {
  const ids = hasMetadata(filter) ? await metadataIds(client, filter) : null;
  if (ids !== null && ids.length === 0) return [];
  // a user's keys bound what its query can match; counted past both thresholds only as far as they need, in the
  // statement that ranks by the user's own statistics when they are within SCOPE_STATISTICS_KEYS (one round trip)
  let scopeKeys: number | null = null;
  const stop = Math.max(SCOPE_STATISTICS_KEYS, bounds.exactRows) + 1;
  if (filter.user !== undefined && large?.has(filter.tenant, filter.user)) {
    // a user seen over the limit: counted on its own (LargeScopes says why), then ranked as below
    scopeKeys = await countUserKeys(client, filter.tenant, filter.user, stop);
    if (scopeKeys <= SCOPE_STATISTICS_KEYS) {
      large.mark(filter.tenant, filter.user, false);
      return (await rankLexemes(client, filter, ids, lexemes, tsquery, limit, { statistics: "user" })).hits;
    }
  } else if (filter.user !== undefined) {
    const ranked = await rankLexemes(client, filter, ids, lexemes, tsquery, limit, {
      statistics: "user",
      counted: { stop, within: SCOPE_STATISTICS_KEYS },
    });
    if (ranked.userKeys === null || ranked.userKeys <= SCOPE_STATISTICS_KEYS) return ranked.hits;
    scopeKeys = ranked.userKeys;
    large?.mark(filter.tenant, filter.user, true);
  }
  const termRows = await tenantTermRows(client, filter.tenant, lexemes);
  const matching = Math.min(
    scopeKeys ?? Number.POSITIVE_INFINITY,
    [...termRows.values()].reduce((sum, count) => sum + count, 0),
  );
  const ranking: Ranking =
    matching <= bounds.exactRows
      ? { statistics: "tenant" }
      : {
          statistics: "tenant",
          bounded: {
            rare: orQuery(rarestLexemes(termRows, bounds.exactRows)),
            newestRows: bounds.newestRows,
          },
        };
  return (await rankLexemes(client, filter, ids, lexemes, tsquery, limit, ranking)).hits;
}

/** Which statistics rank, and, for a query matching too many rows, which rows are examined. */
interface Ranking {
  statistics: "user" | "tenant";
  /** The rows examined: those matching the rare lexemes' tsquery (null: none) and the newest matching any. */
  bounded?: { rare: string | null; newestRows: number };
  /**
   * With the user's statistics: the user's keys counted in the same statement (up to `stop`), and the ranking run only
   * when they are within `within` (a one-time filter skips it otherwise, and the caller goes on from the count).
   */
  counted?: { stop: number; within: number };
}

/** The columns scoring reads from a key row, carried by the CTEs that collect candidates. */
const SCORED_COLUMNS = "k.memory_id, k.key_kind, k.position, k.lexemes, k.frequencies, k.length";

/** A ranking's CTEs (`totals`, `documents` and what holds its candidates) and the rows scoring reads from them. */
interface Sources {
  ctes: string;
  rows: string;
  where: string;
}

/**
 * A user's own statistics (runtime/bm25.ts). The user's keys are read through B-tree indexes, not the user's
 * full-text index (its leading tenant column makes every search walk the tenant's posting tree: ~8 ms at 1M keys for
 * four matches, against ~3 ms for a user's 4,000 rows): once for the count and length (from the (tenant, user_id)
 * INCLUDE (length) index alone where its pages are all-visible), once for the keys holding a query term, which carry
 * whether the filter holds (a term's count is over the user's keys, the candidates are the filter's).
 */
function userSources(
  filter: MemoryFilter,
  parameters: TenantParameters,
  conditions: string,
  queryTerms: string,
  counted: Ranking["counted"],
): Sources {
  const user = parameters.bind(filter.user);
  const count = counted
    ? `user_keys AS MATERIALIZED (SELECT ${userKeysCount(user, parameters.bind(counted.stop))} AS n), `
    : "";
  const within = counted ? ` AND (SELECT u.n <= ${parameters.bind(counted.within)} FROM user_keys AS u)` : "";
  return {
    ctes: `${count}scope AS MATERIALIZED (
         SELECT ${SCORED_COLUMNS}, (${conditions}) AS wanted FROM engram_keys AS k
          WHERE k.tenant = $1 AND k.user_id = ${user} AND k.lexemes && ${queryTerms}::text[]${within}
       ), totals AS (
         SELECT count(*)::float8 AS n, sum(k.length)::float8 / count(*)::float8 AS avgdl
           FROM engram_keys AS k WHERE k.tenant = $1 AND k.user_id = ${user}${within} HAVING count(*) > 0
       ), documents AS MATERIALIZED (
         SELECT q.lexeme, (SELECT count(*) FROM scope WHERE q.lexeme = ANY(scope.lexemes))::float8 AS documents
           FROM unnest(${queryTerms}::text[]) AS q(lexeme)
       )`,
    rows: "scope AS k",
    where: " AND k.wanted",
  };
}

/**
 * The tenant's statistics, kept on every write; the candidates every key row of the filter matching the query, or
 * for a bounded query every row of the rare lexemes (they match at most exactRows together, through the full-text
 * index) and the newest rows matching any lexeme (memory ids grow with time, so the primary key walked backwards
 * stops after newestRows matches instead of collecting every row of a common word). Bounded candidates carry what
 * scoring reads, so their rows are not fetched twice.
 */
function tenantSources(
  parameters: TenantParameters,
  conditions: string,
  queryTerms: string,
  tsquery: string,
  bounded: Ranking["bounded"],
): Sources {
  const match = parameters.bind(tsquery);
  const statistics = `totals AS (
         SELECT s.keys::float8 AS n, s.tokens::float8 / s.keys::float8 AS avgdl
           FROM engram_tenant_stats AS s WHERE s.tenant = $1 AND s.keys > 0
       ), documents AS (
         SELECT q.lexeme, coalesce(t.documents, 0)::float8 AS documents
           FROM unnest(${queryTerms}::text[]) AS q(lexeme)
           LEFT JOIN engram_term_stats AS t ON t.tenant = $1 AND t.term = q.lexeme
       )`;
  if (!bounded)
    return {
      ctes: statistics,
      rows: "engram_keys AS k",
      where: ` AND ${conditions} AND k.tsv @@ ${match}::tsquery`,
    };
  const rare =
    bounded.rare === null
      ? ""
      : `SELECT ${SCORED_COLUMNS} FROM engram_keys AS k
                 WHERE ${conditions} AND k.tsv @@ ${parameters.bind(bounded.rare)}::tsquery
                UNION`;
  return {
    ctes: `${statistics}, candidates AS MATERIALIZED (
         ${rare}
         (SELECT ${SCORED_COLUMNS} FROM engram_keys AS k
           WHERE ${conditions} AND k.tsv @@ ${match}::tsquery
           ORDER BY k.memory_id DESC, k.position DESC LIMIT ${parameters.bind(bounded.newestRows)})
       )`,
    rows: "candidates AS k",
    where: "",
  };
}

/** The BM25 statement: every matching key row scored, or the bounded candidates only. */
async function rankLexemes(
  client: pg.PoolClient,
  filter: MemoryFilter,
  ids: string[] | null,
  lexemes: string[],
  tsquery: string,
  limit: number,
  ranking: Ranking,
): Promise<{ hits: LexicalHit[]; userKeys: number | null }> {
  const parameters = tenantParameters(filter.tenant);
  const queryTerms = parameters.bind(lexemes);
  const conditions = keyConditions(filter, parameters, ids);
  const k1 = `${BM25_K1}::float8`;
  const b = `${BM25_B}::float8`;
  const source =
    ranking.statistics === "user"
      ? userSources(filter, parameters, conditions, queryTerms, ranking.counted)
      : tenantSources(parameters, conditions, queryTerms, tsquery, ranking.bounded);
  // FTS5's bm25(), term by term: idf × tf(k1+1) / (tf + k1(1 − b + b·len/avgdl)), idf floored at 1e-6; a key's tf
  // for a query term is found by its position in the key's lexemes (a few per key), not by unnesting every lexeme of
  // every matching key and joining them to the query's (that join was most of a bounded query's time).
  // `documents` and `query` (one row a query term) are MATERIALIZED: inlined, PostgreSQL ran the user statistics'
  // per-term count as a subplan once per matching key row and once per use of the count, not once per term (2–4 s
  // for a user of 4,000 keys instead of a few ms).
  const tf = "k.frequencies[found.at]::float8";
  const result = await run(
    client,
    tenantStatement(
      `WITH ${source.ctes}, query AS MATERIALIZED (
         SELECT d.lexeme, CASE WHEN x.idf <= 0 THEN ${BM25_IDF_FLOOR}::float8 ELSE x.idf END AS idf
           FROM documents AS d
           CROSS JOIN totals
           CROSS JOIN LATERAL (
             SELECT ln((totals.n - d.documents + 0.5::float8) / (d.documents + 0.5::float8)) AS idf
           ) AS x
       ), scored AS (
         SELECT k.memory_id, k.key_kind, k.position,
                sum(query.idf * (${tf} * (${k1} + 1.0::float8))
                    / (${tf} + ${k1} * (1.0::float8 - ${b} + ${b} * k.length::float8 / totals.avgdl))) AS score
           FROM ${source.rows}
           CROSS JOIN query
           CROSS JOIN LATERAL (SELECT array_position(k.lexemes, query.lexeme) AS at) AS found
           CROSS JOIN totals
          WHERE found.at IS NOT NULL${source.where}
          GROUP BY k.memory_id, k.key_kind, k.position
       ), ranked AS (
         SELECT best.memory_id, best.key_kind, best.score FROM (
           SELECT DISTINCT ON (scored.memory_id) scored.memory_id, scored.key_kind, scored.score
             FROM scored ORDER BY scored.memory_id, scored.score DESC, scored.position
         ) AS best
         ORDER BY best.score DESC, best.memory_id LIMIT ${parameters.bind(limit)}
       )
       ${
         ranking.counted && ranking.statistics === "user"
           ? // the count on a row of its own even when nothing matched
             "SELECT u.n AS user_keys, r.memory_id, r.key_kind, r.score FROM user_keys AS u LEFT JOIN ranked AS r ON true"
           : "SELECT NULL::int AS user_keys, r.memory_id, r.key_kind, r.score FROM ranked AS r"
       }
       ORDER BY r.score DESC, r.memory_id`,
      parameters,
    ),
  );
  const rows = result.rows as {
    user_keys: number | null;
    memory_id: string | null;
    key_kind: string | null;
    score: number | null;
  }[];
  return {
    hits: rows.flatMap((row) =>
      row.memory_id === null || row.key_kind === null || row.score === null
        ? []
        : [{ memoryId: row.memory_id, score: row.score, keyKind: row.key_kind }],
    ),
    userKeys: rows[0]?.user_keys ?? null,
  };
}
