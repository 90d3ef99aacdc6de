/**
 * The PostgreSQL store's vector channel: an exact scan through the scope index while a filter holds few key vectors,
 * pgvector's HNSW index (iterative scan, re-ranked exactly) above that.
 */
import type pg from "pg";
import type { MemoryFilter, VectorHit } from "../../spec/store.js";
import type { PreparedQuery, VectorState } from "../runtime/store-rules.js";
import { compareIds } from "../runtime/store-rules.js";
import { hasMetadata, keyConditions, metadataIds, userKeysCount } from "./filter-sql.js";
import { vectorLiteral } from "./key-row.js";
import type { LargeScopes } from "./large-scopes.js";
import { type VectorStateRow, vectorStateAndUserKeys, vectorStateColumns, vectorStateOf } from "./meta.js";
import { type GraphOperand, graphExpression, HNSW_MAX_DIMENSIONS, META_KEYS, storedGraph } from "./schema.js";
import { assertTenantBound, runStatement as run, tenantParameters, tenantStatement } from "./tenant-sql.js";

/** pgvector's own ceiling for hnsw.ef_search. */
export const MAX_EF_SEARCH = 1000;
/** Index tuples an iterative HNSW scan may visit before it gives up (pgvector's default is 20,000). */
const MAX_SCAN_TUPLES = 200_000;

/** How the last vector search ran: an exact scan, or the HNSW index. */
export interface VectorSearchPlan {
  method: "exact" | "hnsw";
  /**
   * Key vectors in the filter, counted up to exactScanLimit + 1; for a filter on a user, the user's keys when they
   * are within the limit (an upper bound).
   */
  counted: number;
}

/** What decides the plan: the exact-scan ceiling, whether the HNSW index is kept, and its ef_search. */
export interface VectorSearchSettings {
  exactScanLimit: number;
  hnswIndex: boolean;
  efSearch: number;
  /**
   * The graph each vector size has, as this store object found it (at bind, or at its first search through a graph):
   * half precision, or the full-precision graph of a store made before (schema.ts, GraphOperand).
   */
  graphs: Map<number, GraphOperand>;
}

/** The graph for `dimensions` this store object knows, else the one the schema has (remembered once found). */
async function graphOf(
  client: pg.PoolClient,
  dimensions: number,
  graphs: Map<number, GraphOperand>,
): Promise<GraphOperand> {
  const known = graphs.get(dimensions);
  if (known) return known;
  const stored = await storedGraph(client, dimensions);
  if (stored) graphs.set(dimensions, stored);
  // no graph (yet): the statement orders by the expression Engram's graph is built on, and scans without one
  return stored ?? "halfvec";
}

/** The exact scan: every key vector of the filter, best key per memory. */
async function exactVectorSearch(
  client: pg.PoolClient,
  filter: MemoryFilter,
  ids: string[] | null,
  query: string,
  limit: number,
): Promise<VectorHit[]> {
  const parameters = tenantParameters(filter.tenant);
  const conditions = keyConditions(filter, parameters, ids);
  const q = parameters.bind(query);
  const result = await run(
    client,
    tenantStatement(
      `SELECT best.memory_id, best.key_kind, -best.distance AS similarity FROM (
         SELECT DISTINCT ON (k.memory_id) k.memory_id, k.key_kind, k.embedding <#> ${q}::vector AS distance
           FROM engram_keys AS k
          WHERE ${conditions} AND k.embedding IS NOT NULL
          ORDER BY k.memory_id, k.embedding <#> ${q}::vector, k.position
       ) AS best
       ORDER BY best.distance, best.memory_id LIMIT ${parameters.bind(limit)}`,
      parameters,
    ),
  );
  return result.rows.map((row: { memory_id: string; key_kind: string; similarity: number }) => ({
    memoryId: row.memory_id,
    similarity: row.similarity,
    keyKind: row.key_kind,
  }));
}

/**
 * The HNSW path: the typed index scanned iteratively (pgvector 0.8's relaxed order keeps scanning until enough
 * rows pass the filter), with the filter's keys still waiting outside the graph scanned exactly beside it;
 * candidates re-ranked exactly here; more are fetched while too few memories came back.
 */
async function hnswVectorSearch(
  client: pg.PoolClient,
  filter: MemoryFilter,
  ids: string[] | null,
  query: string,
  dimensions: number,
  limit: number,
  settings: VectorSearchSettings,
): Promise<VectorHit[]> {
  const operand = await graphOf(client, dimensions, settings.graphs);
  for (let fetch = Math.max(limit * 4, 40); ; fetch *= 4) {
    const parameters = tenantParameters(filter.tenant);
    const conditions = keyConditions(filter, parameters, ids);
    const q = parameters.bind(query);
    // the graph's order (its own expression, half precision in Engram's graphs), then each candidate's exact distance
    // from the full vectors, by which the candidates are re-ranked below
    const order = `${graphExpression("k.embedding", dimensions, operand)} <#> ${graphExpression(q, dimensions, operand)}`;
    const exact = `k.embedding::vector(${dimensions}) <#> ${q}::vector(${dimensions})`;
    // one statement for the graph and the keys waiting outside it (pending-vectors.ts, scanned exactly through their
    // own small index), so one snapshot: a key merged between two statements would be in neither. The scan settings
    // are the transaction's own, sent with BEGIN in one round trip (whole numbers, formatted here).
    const ef = Math.trunc(Math.min(MAX_EF_SEARCH, Math.max(settings.efSearch, fetch)));
    let rows: {
      memory_id: string;
      key_kind: string;
      position: number;
      distance: number;
      in_graph: boolean;
    }[];
    try {
      // inside the try: a setting refused after BEGIN leaves a transaction open, which ROLLBACK closes
      await client.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${ef}; SET LOCAL hnsw.max_scan_tuples = ${MAX_SCAN_TUPLES}`,
      );
      const limitRows = parameters.bind(fetch);
      const result = await run(
        client,
        tenantStatement(
          `(SELECT k.memory_id, k.key_kind, k.position, ${exact} AS distance, true AS in_graph
              FROM engram_keys AS k
             WHERE ${conditions} AND k.dimensions = ${dimensions}
             ORDER BY ${order} LIMIT ${limitRows})
           UNION ALL
           (SELECT k.memory_id, k.key_kind, k.position, k.embedding <#> ${parameters.bind(query)}::vector AS distance,
                   false AS in_graph
              FROM engram_keys AS k
             WHERE ${keyConditions(filter, parameters, ids)} AND k.pending_dimensions IS NOT NULL
             ORDER BY 4 LIMIT ${limitRows})`,
          parameters,
        ),
      );
      rows = result.rows;
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    const graphRows = rows.filter((row) => row.in_graph).length;
    const best = new Map<string, { distance: number; position: number; keyKind: string }>();
    for (const row of rows) {
      const previous = best.get(row.memory_id);
      if (
        !previous ||
        row.distance < previous.distance ||
        (row.distance === previous.distance && row.position < previous.position)
      ) {
        best.set(row.memory_id, { distance: row.distance, position: row.position, keyKind: row.key_kind });
      }
    }
    if (best.size >= limit || graphRows < fetch) {
      return [...best.entries()]
        .sort((a, b) => a[1].distance - b[1].distance || compareIds(a[0], b[0]))
        .slice(0, limit)
        .map(([memoryId, hit]) => ({ memoryId, similarity: -hit.distance, keyKind: hit.keyKind }));
    }
  }
}

/**
 * The exact scan for several queries: the filter's key vectors are read once (cast to their typed size, which
 * detoasts each vector once rather than once per query), and each query keeps its `fetch` nearest keys by distance,
 * memory id and position, so a memory's first row is its best key, as in the one-query scan. A query whose rows name
 * fewer than `limit` memories while more rows were there is answered by the one-query scan instead.
 */
async function exactVectorSearchMany(
  client: pg.PoolClient,
  filter: MemoryFilter,
  ids: string[] | null,
  queries: string[],
  dimensions: number,
  limit: number,
): Promise<VectorHit[][]> {
  const fetch = Math.max(limit * 4, 20);
  const parameters = tenantParameters(filter.tenant);
  const conditions = keyConditions(filter, parameters, ids);
  const result = await run(
    client,
    tenantStatement(
      `WITH scope AS MATERIALIZED (
         SELECT k.memory_id, k.key_kind, k.position, k.embedding::vector(${dimensions}) AS embedding
           FROM engram_keys AS k WHERE ${conditions} AND k.embedding IS NOT NULL),
       queries AS MATERIALIZED (
         SELECT u.n, u.v::vector AS v FROM unnest(${parameters.bind(queries)}::text[]) WITH ORDINALITY AS u(v, n))
       SELECT q.n, near.memory_id, near.key_kind, near.distance
         FROM queries AS q CROSS JOIN LATERAL (
           SELECT s.memory_id, s.key_kind, s.position, s.embedding <#> q.v AS distance FROM scope AS s
            ORDER BY 4, s.memory_id, s.position LIMIT ${parameters.bind(fetch)}) AS near
        ORDER BY q.n, near.distance, near.memory_id, near.position`,
      parameters,
    ),
  );
  const rows = queries.map(() => [] as { memory_id: string; key_kind: string; distance: number }[]);
  for (const row of result.rows as { n: string; memory_id: string; key_kind: string; distance: number }[]) {
    rows[Number(row.n) - 1]?.push(row);
  }
  const answers: VectorHit[][] = [];
  for (const [position, found] of rows.entries()) {
    const seen = new Set<string>();
    const hits: VectorHit[] = [];
    for (const row of found) {
      if (seen.has(row.memory_id)) continue;
      seen.add(row.memory_id);
      if (hits.length < limit)
        hits.push({ memoryId: row.memory_id, similarity: -row.distance, keyKind: row.key_kind });
    }
    answers.push(
      hits.length < limit && found.length === fetch
        ? await exactVectorSearch(client, filter, ids, queries[position] as string, limit)
        : hits,
    );
  }
  return answers;
}

/**
 * The filter's key vectors, counted up to `exactScanLimit` + 1. A filter on a user whose keys are within the limit
 * takes their count (an index-only upper bound) instead: the exact count reads every key row of the user (~4 ms for
 * 4,000 keys at 1M) only to choose the exact scan anyway.
 */
async function countKeyVectors(
  client: pg.PoolClient,
  filter: MemoryFilter,
  ids: string[] | null,
  exactScanLimit: number,
  userKeys: number | null,
): Promise<number> {
  if (userKeys !== null && userKeys <= exactScanLimit) return userKeys;
  const parameters = tenantParameters(filter.tenant);
  const counted = await run(
    client,
    tenantStatement(
      `SELECT count(*)::integer AS n FROM (
         SELECT 1 FROM engram_keys AS k WHERE ${keyConditions(filter, parameters, ids)} AND k.embedding IS NOT NULL
         LIMIT ${parameters.bind(exactScanLimit + 1)}) AS c`,
      parameters,
    ),
  );
  return (counted.rows[0] as { n: number }).n;
}

/**
 * The vector state, and for a filter on a user the user's keys counted up to exactScanLimit + 1, in one statement:
 * a search's first round trip decides both whether it can run and how.
 */
function stateAndUserKeys(client: pg.PoolClient, filter: MemoryFilter, settings: VectorSearchSettings) {
  return vectorStateAndUserKeys(
    client,
    typeof filter.user === "string"
      ? { tenant: filter.tenant, user: filter.user, stop: settings.exactScanLimit + 1 }
      : null,
  );
}

/**
 * The vector state a store object's searches last read (a user's search assumes it and checks it in its statement),
 * and the users seen over the exact-scan limit (their searches read the state and count first, as before).
 */
export interface VectorStateMemo {
  state: VectorState | null;
  large: LargeScopes;
}

function sameState(a: VectorState, b: VectorState): boolean {
  return (
    a.dimensions === b.dimensions &&
    a.binding?.id === b.binding?.id &&
    a.binding?.dimensions === b.binding?.dimensions
  );
}

/**
 * A user's search in one round trip: the query prepared against the state the store object last read, then one
 * statement reads the state and the user's key count and, only when the state is still that one and the user's keys
 * are within the exact-scan limit (the plan searchVectors would choose), scans them exactly. Otherwise the scan is
 * skipped (a one-time filter) and the caller goes on from the state and count it returns.
 */
async function assumedUserSearch(
  client: pg.PoolClient,
  filter: MemoryFilter & { user: string },
  limit: number,
  prepare: (state: VectorState) => PreparedQuery | null,
  settings: VectorSearchSettings,
  assumed: VectorState,
): Promise<{ state: VectorState; userKeys: number; hits: VectorHit[] | null }> {
  let prepared: PreparedQuery | null = null;
  try {
    prepared = assumed.dimensions === null ? null : prepare(assumed);
  } catch {
    // refused under the assumed state: the current state decides, as on the first search
  }
  const parameters = tenantParameters(filter.tenant);
  const userKeys = userKeysCount(parameters.bind(filter.user), parameters.bind(settings.exactScanLimit + 1));
  const searched = prepared !== null;
  const scan = prepared
    ? `, hits AS (
         SELECT best.memory_id, best.key_kind, -best.distance AS similarity FROM (
           SELECT DISTINCT ON (k.memory_id) k.memory_id, k.key_kind,
                  k.embedding <#> ${parameters.bind(vectorLiteral(prepared.values, prepared.scale))}::vector AS distance
             FROM engram_keys AS k
            WHERE ${keyConditions(filter, parameters, null)} AND k.embedding IS NOT NULL
              AND (SELECT s.user_keys <= ${parameters.bind(settings.exactScanLimit)}
                          AND s.id IS NOT DISTINCT FROM ${parameters.bind(assumed.binding?.id ?? null)}::text
                          AND s.bound IS NOT DISTINCT FROM ${parameters.bind(assumed.binding ? String(assumed.binding.dimensions) : null)}::text
                          AND s.dimensions IS NOT DISTINCT FROM ${parameters.bind(assumed.dimensions)}::integer
                     FROM state AS s)
            ORDER BY k.memory_id, distance, k.position
         ) AS best
         ORDER BY best.distance, best.memory_id LIMIT ${parameters.bind(limit)})`
    : "";
  // the state part reads across tenants (one store, one embedder); the rest is the tenant's and passes tenant-sql
  assertTenantBound(`${userKeys}${scan}`);
  const columns = vectorStateColumns(
    parameters.bind(META_KEYS.embedderId),
    parameters.bind(META_KEYS.embedderDimensions),
  );
  const result = await client.query<
    VectorStateRow & {
      user_keys: number;
      memory_id: string | null;
      key_kind: string | null;
      similarity: number | null;
    }
  >(
    `WITH state AS MATERIALIZED (SELECT ${columns}, ${userKeys} AS user_keys)${scan}
     SELECT s.id, s.bound, s.dimensions, s.user_keys, ${searched ? "h.memory_id, h.key_kind, h.similarity" : "NULL AS memory_id, NULL AS key_kind, NULL AS similarity"}
       FROM state AS s${searched ? " LEFT JOIN hits AS h ON true ORDER BY h.similarity DESC, h.memory_id" : ""}`,
    parameters.values,
  );
  const first = result.rows[0];
  const state = vectorStateOf(first);
  const count = first?.user_keys ?? 0;
  const ran = searched && sameState(state, assumed) && count <= settings.exactScanLimit;
  const hits = result.rows.flatMap((row) =>
    row.memory_id === null || row.key_kind === null || row.similarity === null
      ? []
      : [{ memoryId: row.memory_id, similarity: row.similarity, keyKind: row.key_kind }],
  );
  return { state, userKeys: count, hits: ran ? hits : null };
}

/**
 * A vector search on a read client: the runtime's `prepare` sees the vector state (and refuses a query of another
 * size); `onPlan` hears how it ran (exact or HNSW) once a search reached the keys. With a memo, a user's search
 * assumes the state the memo holds and runs in one round trip while it holds (assumedUserSearch).
 */
export async function searchVectors(
  client: pg.PoolClient,
  filter: MemoryFilter,
  limit: number,
  prepare: (state: VectorState) => PreparedQuery | null,
  settings: VectorSearchSettings,
  onPlan: (plan: VectorSearchPlan) => void,
  memo?: VectorStateMemo,
): Promise<VectorHit[]> {
  const user = filter.user;
  let read: { state: VectorState; userKeys: number | null };
  if (
    memo?.state &&
    typeof user === "string" &&
    !hasMetadata(filter) &&
    !memo.large.has(filter.tenant, user)
  ) {
    const assumed = await assumedUserSearch(
      client,
      { ...filter, user },
      limit,
      prepare,
      settings,
      memo.state,
    );
    memo.state = assumed.state;
    if (assumed.hits !== null) {
      onPlan({ method: "exact", counted: assumed.userKeys });
      return assumed.hits;
    }
    read = assumed;
  } else {
    read = await stateAndUserKeys(client, filter, settings);
    if (memo) memo.state = read.state;
  }
  if (memo && typeof user === "string" && read.userKeys !== null)
    memo.large.mark(filter.tenant, user, read.userKeys > settings.exactScanLimit);
  const { state, userKeys } = read;
  const prepared = prepare(state);
  const stored = state.dimensions;
  if (prepared === null || stored === null) return [];
  // The query is quantised as the SQLite store quantises it, so both compute the same similarities.
  const literal = vectorLiteral(prepared.values, prepared.scale);
  const ids = hasMetadata(filter) ? await metadataIds(client, filter) : null;
  if (ids !== null && ids.length === 0) return [];
  const count = await countKeyVectors(client, filter, ids, settings.exactScanLimit, userKeys);
  if (count === 0) {
    onPlan({ method: "exact", counted: 0 });
    return [];
  }
  const useIndex = settings.hnswIndex && count > settings.exactScanLimit && stored <= HNSW_MAX_DIMENSIONS;
  onPlan({ method: useIndex ? "hnsw" : "exact", counted: count });
  return useIndex
    ? hnswVectorSearch(client, filter, ids, literal, stored, limit, settings)
    : exactVectorSearch(client, filter, ids, literal, limit);
}

/**
 * searchVectors for several queries under one filter (the write gate's near duplicates of a batch, per scope): the
 * vector state read and the filter's keys counted once, then one exact scan for all queries, or the HNSW path per query.
 */
export async function searchVectorsMany(
  client: pg.PoolClient,
  filter: MemoryFilter,
  limit: number,
  prepare: (state: VectorState) => (PreparedQuery | null)[],
  settings: VectorSearchSettings,
  onPlan: (plan: VectorSearchPlan) => void,
): Promise<VectorHit[][]> {
  const { state, userKeys } = await stateAndUserKeys(client, filter, settings);
  const prepared = prepare(state);
  const stored = state.dimensions;
  const answers: VectorHit[][] = prepared.map(() => []);
  const asked = prepared.flatMap((query, position) => (query === null ? [] : [position]));
  if (stored === null || asked.length === 0) return answers;
  const literals = asked.map((position) => {
    const query = prepared[position] as PreparedQuery;
    return vectorLiteral(query.values, query.scale);
  });
  const ids = hasMetadata(filter) ? await metadataIds(client, filter) : null;
  if (ids !== null && ids.length === 0) return answers;
  const count = await countKeyVectors(client, filter, ids, settings.exactScanLimit, userKeys);
  const useIndex = settings.hnswIndex && count > settings.exactScanLimit && stored <= HNSW_MAX_DIMENSIONS;
  onPlan({ method: useIndex ? "hnsw" : "exact", counted: count });
  if (count === 0) return answers;
  let found: VectorHit[][];
  if (useIndex) {
    // one after another: each HNSW search is a transaction of its own on this client
    found = [];
    for (const literal of literals) {
      found.push(await hnswVectorSearch(client, filter, ids, literal, stored, limit, settings));
    }
  } else {
    found = await exactVectorSearchMany(client, filter, ids, literals, stored, limit);
  }
  for (const [n, position] of asked.entries()) answers[position] = found[n] ?? [];
  return answers;
}
