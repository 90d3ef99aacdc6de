/**
 * Scale on PostgreSQL + pgvector: the generated corpus (bench/scale-corpus.ts) written through the engine into a
 * schema of its own, the HNSW index built after the fill (as pgvector advises for bulk loads), then recall p50/p99 for
 * one user among many against the same user in a schema alone, the whole tenant, and the tables' and indexes' sizes.
 * A fill that would pass --max-minutes stops there and reports its rate and the projected time.
 * A write whose scope is the same size in both, one new user's turns written in batches into the large schema and into
 * the small one, alternating, compares a write's cost at two store sizes: before the HNSW index exists (Engram's own
 * write path) and again with it (pgvector updates the graph in every insert); then the key inserts alone, timed with
 * and without the HNSW index in rolled-back transactions, on both schemas.
 * Usage: npm run bench:scale-postgres -- --url postgres://… [--memories 1000000 --users 500 --queries 100]
 *        [--schema engram_scale] [--build-memory 2GB] [--keep] (the schemas are dropped at the end unless --keep)
 *        [--recall-only [--latency-ms 1] [--recall-gain 0.2] [--concurrent 8]] (the one-user recall alone, on
 *        schemas a --keep run left: to compare two builds in turn; through a proxy that delays each chunk, as a server
 *        on another host would; with recall reinforcing what it returns, as by default, where the bench otherwise
 *        leaves it off; then that many users' recalls at once) [--writes-only] (the same-scope writes with the
 *        HNSW index kept, the merge beside the batches and settled, on kept schemas) [--rounds N]
 *        [--merge-quiet-ms 0,250] (with --writes-only: the merging rounds with each of these merge quiet times)
 *        [--graph-m 16] (the HNSW graph's M, ef_construction 4·M, for graphs the run builds) [--rebuild-graph]
 *        (with --graphs-only or --writes-only: the kept schemas' graphs rebuilt with --graph-m first, swapped in)
 *        [--graphs-only [--ef-search 200,1000] [--build-half [--drop-full]] [--filtered-shares 0.002,0.02]]
 *        (the whole tenant's vector search through the graph against the exact scan, per ef_search; with
 *        --build-half on a schema an older Engram filled, its half-precision graph built beside the full-precision
 *        one and both searched in turn; with --filtered-shares, also searches of the newest memories only, those
 *        shares of the tenant, forced through the graph)
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { createEngine, type Engine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { DEFAULT_TENANT } from "../src/spec/memory.js";
import type { MemoryFilter, Store } from "../src/spec/store.js";
import { createPostgresStore, type PostgresStore } from "../src/stores/postgres/index.js";
import {
  defaultEfConstruction,
  type GraphOperand,
  hnswIndexName,
  hnswIndexStatement,
  storedGraph,
} from "../src/stores/postgres/schema.js";
import { queryTerms } from "../src/text/terms.js";
import { describeMachine, machineInfo, peakRssMiB, percentile, saveResult } from "./common.js";
import { startLatencyProxy } from "./latency-proxy.js";
import { type ScaleTurn, scaleCorpus, scaleQueries } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.ENGRAM_TEST_DATABASE_URL },
    memories: { type: "string", default: "1000000" },
    users: { type: "string", default: "500" },
    queries: { type: "string", default: "100" },
    batch: { type: "string", default: "1000" },
    schema: { type: "string", default: "engram_scale" },
    "max-minutes": { type: "string", default: "120" },
    // maintenance_work_mem of the session that builds the HNSW index: pgvector builds in memory while the graph fits
    "build-memory": { type: "string", default: "2GB" },
    keep: { type: "boolean", default: false },
    // only the one-user recall rounds and channels on schemas a --keep run left (nothing written, nothing dropped):
    // two builds of Engram compared on the same data, one process each, in turn
    "recall-only": { type: "boolean", default: false },
    // with --recall-only: the engines reach the server through a proxy that delays each chunk this long each way
    // (whole ms), as a server on another host would; 0 connects directly
    "latency-ms": { type: "string", default: "0" },
    // a recall's reinforcement of what it returned (the engine's default is 0.2): 0 leaves the store unchanged
    "recall-gain": { type: "string", default: "0" },
    // with --recall-only: also this many users' recalls at once on the large store (throughput under load), 0 skips
    concurrent: { type: "string", default: "0" },
    // only the same-scope writes with the HNSW index kept, on schemas a --keep run left: as the full run times them
    // (the background merge running beside the batches) and settled (each batch timed after every merge finished)
    "writes-only": { type: "boolean", default: false },
    // with --writes-only: rounds of (merge beside, settled), each 10 batches a store
    rounds: { type: "string", default: "2" },
    // with --writes-only: the stores' mergeQuietMs values to compare in the merging rounds (e.g. 0,250), in turn
    "merge-quiet-ms": { type: "string", default: "" },
    // only the whole tenant's vector search through the HNSW graph, against the exact scan, on a kept schema; with
    // --build-half, a half-precision graph is built beside a full-precision one an older Engram left, and both are
    // searched in turn, query by query (the full-precision one is then dropped with --drop-full)
    "graphs-only": { type: "boolean", default: false },
    "build-half": { type: "boolean", default: false },
    "drop-full": { type: "boolean", default: false },
    // with --graphs-only: the hnsw.ef_search values to compare (a store object each, on the schema's graph)
    "ef-search": { type: "string", default: "200" },
    // the HNSW graph's M (ef_construction 4·M) for a graph this run builds; with --rebuild-graph (and --graphs-only
    // or --writes-only), the kept schemas' graphs are rebuilt with it first and swapped in as docs/postgres.md shows
    "graph-m": { type: "string", default: "16" },
    "rebuild-graph": { type: "boolean", default: false },
    // with --graphs-only: also searches filtered to the tenant's newest memories, these shares of them (e.g.
    // 0.002,0.02,0.2), forced through the graph (iterative scan) whatever the scope's size, against the exact scan
    "filtered-shares": { type: "string", default: "" },
  },
});
if (!values.url) {
  console.error(
    "give the server: --url postgres://user@host:port/database (or set ENGRAM_TEST_DATABASE_URL)",
  );
  process.exit(2);
}
const url = values.url;
const memories = Number(values.memories);
const users = Number(values.users);
const batch = Number(values.batch);
const probeUser = "user-0001";
const schema = values.schema;
const aloneSchema = `${schema}_alone`;
const hash = createHashEmbedder();
const options = { deriveFacts: false, recallGain: Number(values["recall-gain"]) };
const result: Record<string, unknown> = { machine: machineInfo(), memories, users, batch, schema, options };
const save = () => saveResult(`scale-postgres-${memories}`, { ...result, peakRssMiB: peakRssMiB() });

/** Each engine's store, for what only the PostgreSQL store has (its background merge). */
const storeOf = new Map<Engine, PostgresStore>();

const graphM = Number(values["graph-m"]);
const graphParameters = { m: graphM, efConstruction: defaultEfConstruction(graphM) };

function engineOn(schemaName: string, hnswIndex: boolean, through = url, mergeQuietMs?: number): Engine {
  const store = createPostgresStore({
    url: through,
    schema: schemaName,
    hnswIndex,
    hnswGraph: graphParameters,
    mergeQuietMs,
  });
  const engine = createEngine({ store, embedder: hash, options });
  storeOf.set(engine, store);
  return engine;
}

/** The share of `exact`'s ids that `approximate` also has (1 when both are empty). */
function kept(approximate: readonly string[], exact: readonly string[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approximate);
  return exact.filter((id) => found.has(id)).length / exact.length;
}

/**
 * The lexical bound against the exact ranking, on the whole tenant, query by query in turn: recall end to end (time,
 * and the share of the exact recall's top 10 the bounded one returns) and the lexical channel alone (its top 10).
 */
async function lexicalBound(schemaName: string, texts: string[]) {
  const bounded = createPostgresStore({ url, schema: schemaName });
  // every matching key row ranked, however many: the store before its bound
  const exact = createPostgresStore({
    url,
    schema: schemaName,
    lexical: { exactRows: Number.MAX_SAFE_INTEGER },
  });
  const engines = [bounded, exact].map((store: Store) => createEngine({ store, embedder: hash, options }));
  const [boundedEngine, exactEngine] = engines as [Engine, Engine];
  await boundedEngine.recall({ query: "warm up" });
  await exactEngine.recall({ query: "warm up" });
  const ms: { bounded: number[]; exact: number[]; boundedLexical: number[]; exactLexical: number[] } = {
    bounded: [],
    exact: [],
    boundedLexical: [],
    exactLexical: [],
  };
  const recallKept: number[] = [];
  const lexicalKept: number[] = [];
  for (const query of texts) {
    let started = performance.now();
    const approximate = await boundedEngine.recall({ query, k: 10 });
    ms.bounded.push(performance.now() - started);
    started = performance.now();
    const truth = await exactEngine.recall({ query, k: 10 });
    ms.exact.push(performance.now() - started);
    recallKept.push(
      kept(
        approximate.results.map((r) => r.id),
        truth.results.map((r) => r.id),
      ),
    );
    const terms = queryTerms(query);
    started = performance.now();
    const lexicalApproximate = await bounded.searchTerms({ tenant: DEFAULT_TENANT }, terms, 10);
    ms.boundedLexical.push(performance.now() - started);
    started = performance.now();
    const lexicalTruth = await exact.searchTerms({ tenant: DEFAULT_TENANT }, terms, 10);
    ms.exactLexical.push(performance.now() - started);
    lexicalKept.push(
      kept(
        lexicalApproximate.map((hit) => hit.memoryId),
        lexicalTruth.map((hit) => hit.memoryId),
      ),
    );
  }
  for (const engine of engines) await engine.close();
  const mean = (values: number[]) => +((values.reduce((a, b) => a + b, 0) / values.length) * 100).toFixed(1);
  const times = Object.fromEntries(
    Object.entries(ms).map(([name, values]) => [
      name,
      { p50: +percentile(values, 50).toFixed(1), p99: +percentile(values, 99).toFixed(1) },
    ]),
  );
  return {
    queries: texts.length,
    ms: times,
    exactTop10KeptPercent: { recall: mean(recallKept), lexical: mean(lexicalKept) },
  };
}

/** Writes the turns in batches; stops early when the projected time passes the limit. */
async function fill(engine: Engine, turns: Iterable<ScaleTurn>, total: number) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const limitMs = Number(values["max-minutes"]) * 60_000;
  let pending: ScaleTurn[] = [];
  let done = 0;
  let lastReport = started;
  let lastDone = 0;
  let stopped = false;
  const curve: { written: number; perSecondSinceLast: number }[] = [];
  for (const turn of turns) {
    pending.push(turn);
    if (pending.length < batch) continue;
    await engine.remember(pending);
    done += pending.length;
    pending = [];
    const now = performance.now();
    if (now - lastReport > 60_000) {
      const rate = done / ((now - started) / 1000);
      const recent = Math.round((done - lastDone) / ((now - lastReport) / 1000));
      curve.push({ written: done, perSecondSinceLast: recent });
      lastReport = now;
      lastDone = done;
      console.log(
        `  ${done.toLocaleString()} / ${total.toLocaleString()} written, ${rate.toFixed(0)}/s on average, ${recent}/s in the last minute`,
      );
    }
    if (now - started > limitMs) {
      stopped = true;
      break;
    }
  }
  if (!stopped && pending.length > 0) {
    await engine.remember(pending);
    done += pending.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    written: done,
    seconds: +seconds.toFixed(1),
    perSecond: Math.round(done / seconds),
    cpuSecondsThisProcess: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    stoppedAtLimit: stopped,
    projectedSecondsForAll: Math.round((total / done) * seconds),
    curve,
  };
}

/**
 * One new user's 2,000 turns written in 200-turn batches into the large store and the small one, alternating: the
 * same scope in both, so the batches compare a write's cost at two store sizes. The user's name is new in each run,
 * so a kept schema's earlier writers are not reinforced instead.
 */
function ratioOfMedians(a: number[], b: number[]): number {
  return +(percentile(a, 50) / percentile(b, 50)).toFixed(2);
}

async function sameScopeWrites(large: Engine, small: Engine, prefix: string, settle = false) {
  const user = `${prefix}-${Date.now()}`;
  const writer = [...scaleCorpus({ memories: 2000, users: 1, seed: 7 })].map((turn) => ({ ...turn, user }));
  const writeMs: Record<string, number[]> = { large: [], small: [] };
  for (let start = 0; start < writer.length; start += 200) {
    for (const [name, target] of [
      ["large", large],
      ["small", small],
    ] as const) {
      // settled: every store's background merge done before a batch is timed, so none runs beside it
      if (settle) for (const engine of [large, small]) await storeOf.get(engine)?.pendingMerged();
      const started = performance.now();
      await target.remember(writer.slice(start, start + 200));
      writeMs[name]?.push(performance.now() - started);
    }
  }
  // with the HNSW index kept, the keys wait beside the graph and a background merge moves them in: its time after
  // the last batch (it ran beside the batches too)
  const merged: Record<string, number> = {};
  for (const [name, target] of [
    ["large", large],
    ["small", small],
  ] as const) {
    const started = performance.now();
    await storeOf.get(target)?.pendingMerged();
    merged[name] = +((performance.now() - started) / 1000).toFixed(1);
  }
  return {
    ...Object.fromEntries(
      Object.entries(writeMs).map(([name, times]) => [
        name,
        {
          batches: times.length,
          p50Ms: +percentile(times, 50).toFixed(1),
          lastMs: +(times.at(-1) ?? 0).toFixed(1),
        },
      ]),
    ),
    mergeSecondsAfterLastBatch: merged,
    p50LargeOverSmall: ratioOfMedians(writeMs.large ?? [], writeMs.small ?? []),
  };
}

/**
 * What an insert costs the HNSW index, statement by statement: 2,000 of a user's key rows copied as new keys of their
 * memories, the vectors moved a little (an exact copy would land on its own original in the graph), inserted into the
 * schema's keys with every index and again with the HNSW index dropped, each in a transaction rolled back (twice each, in
 * turn). The difference is pgvector's graph insert; the rest is the table and its other indexes.
 */
async function hnswInsertCost(schemaName: string, user: string) {
  const columns =
    "tenant, memory_id, position, key_kind, text, terms, lexemes, frequencies, length, scale, dimensions, embedding, user_id, agent_id, session_id, kind, status, occurred_at";
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path = "${schemaName}", public`);
    await client.query(
      `CREATE TEMP TABLE insert_probe AS
         SELECT tenant, memory_id, position + 1000000 AS position, key_kind, text, terms, lexemes, frequencies,
                length, scale, dimensions,
                (SELECT array_agg(x + (random() - 0.5) * 0.02) FROM unnest(embedding::real[]) AS x)::vector AS embedding,
                'insert-probe'::text AS user_id, agent_id, session_id, kind, status, occurred_at
           FROM engram_keys WHERE user_id = $1 AND embedding IS NOT NULL LIMIT 2000`,
      [user],
    );
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM insert_probe");
    const keys = rows[0]?.n ?? 0;
    const { rows: indexes } = await client.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND indexdef ILIKE '%USING hnsw%'`,
      [schemaName],
    );
    const ms: Record<string, number[]> = { withHnsw: [], withoutHnsw: [] };
    for (let round = 0; round < 2; round++) {
      for (const name of ["withHnsw", "withoutHnsw"] as const) {
        await client.query("BEGIN");
        if (name === "withoutHnsw") {
          for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
        }
        const started = performance.now();
        await client.query(`INSERT INTO engram_keys (${columns}) SELECT ${columns} FROM insert_probe`);
        ms[name]?.push(performance.now() - started);
        await client.query("ROLLBACK");
      }
    }
    const perKey = (times: number[] | undefined) =>
      (times ?? []).map((time) => +((time / Math.max(keys, 1)) * 1000).toFixed(0));
    return {
      keys,
      microsecondsPerKey: { withHnsw: perKey(ms.withHnsw), withoutHnsw: perKey(ms.withoutHnsw) },
    };
  } finally {
    await client.end();
  }
}

/** Whether the schema has an HNSW index (a kept schema of an earlier run does). */
async function hasHnswIndex(schemaName: string): Promise<boolean> {
  const { rows } = await admin.query(
    `SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexdef ILIKE '%USING hnsw%'`,
    [schemaName],
  );
  return rows.length > 0;
}

async function recallTimes(engine: Engine, user: string | undefined, texts: string[]) {
  const times: number[] = [];
  for (const query of texts) {
    const started = performance.now();
    await engine.recall({ query, user, k: 10 });
    times.push(performance.now() - started);
  }
  return { p50: +percentile(times, 50).toFixed(2), p99: +percentile(times, 99).toFixed(2) };
}

/**
 * Where one user's recall goes in each store: the vector channel (the user's keys scanned exactly) and the lexical
 * channel (the user's own BM25 statistics) timed alone, store calls only, the two schemas in turn query by query.
 */
async function userChannels(large: Engine, small: Engine, user: string, texts: string[]) {
  const stores = { large: storeOf.get(large), alone: storeOf.get(small) };
  const ms: Record<string, number[]> = { largeVectors: [], largeTerms: [], aloneVectors: [], aloneTerms: [] };
  const filter = { tenant: DEFAULT_TENANT, user };
  for (const query of texts) {
    const [vector] = await hash.embed([query]);
    const terms = queryTerms(query);
    for (const [name, store] of Object.entries(stores)) {
      if (store === undefined || !vector) throw new Error(`no store or vector for ${name}`);
      let started = performance.now();
      await store.searchVectors(filter, vector, 10);
      ms[`${name}Vectors`]?.push(performance.now() - started);
      started = performance.now();
      await store.searchTerms(filter, terms, 10);
      ms[`${name}Terms`]?.push(performance.now() - started);
    }
  }
  return Object.fromEntries(
    Object.entries(ms).map(([name, values]) => [
      name,
      { p50: +percentile(values, 50).toFixed(1), p99: +percentile(values, 99).toFixed(1) },
    ]),
  );
}

/** Bytes of each table and index in the schema, largest first. */
async function sizes(client: pg.Client, schemaName: string) {
  const { rows } = await client.query<{ name: string; kind: string; bytes: string }>(
    `SELECT c.relname AS name, c.relkind AS kind, pg_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'i') ORDER BY pg_relation_size(c.oid) DESC`,
    [schemaName],
  );
  const mib = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
  const total = await client.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schemaName],
  );
  return {
    totalMiB: mib(Number(total.rows[0]?.bytes ?? 0)),
    largest: rows
      .slice(0, 8)
      .map((r) => ({ name: r.name, kind: r.kind === "i" ? "index" : "table", MiB: mib(Number(r.bytes)) })),
  };
}

/** Forgets the users sameScopeWrites created (named user-writer-…) in a kept schema, so it keeps the size it was filled to. */
async function forgetWriters(engine: Engine, schemaName: string) {
  const { rows } = await admin.query<{ user_id: string }>(
    `SELECT DISTINCT user_id FROM "${schemaName}".engram_memories WHERE user_id LIKE 'user-writer-%'`,
  );
  for (const { user_id: user } of rows) await engine.forget({ user });
  if (rows.length > 0) console.log(`${schemaName}: forgot ${rows.length} writer users`);
}

/** The server's shared_buffers beside the schema's HNSW index (what a graph insert or search reads page by page). */
async function serverMemory(schemaName: string) {
  const { rows } = await admin.query<{ shared: string }>(
    "SELECT pg_size_bytes(current_setting('shared_buffers')) AS shared",
  );
  const graphs = Object.values(await graphSizes(schemaName));
  return {
    sharedBuffersMiB: Math.round(Number(rows[0]?.shared ?? 0) / 2 ** 20),
    hnswIndexMiB: graphs.reduce((sum, mib) => sum + mib, 0),
  };
}

/** The sizes of the schema's HNSW indexes, by name. */
async function graphSizes(schemaName: string) {
  const { rows } = await admin.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
      WHERE n.nspname = $1 AND a.amname = 'hnsw'`,
    [schemaName],
  );
  return Object.fromEntries(rows.map((row) => [row.name, Math.round(Number(row.bytes) / 2 ** 20)]));
}

/** The graph the store would search in `schemaName`, read as a store object reads it at bind. */
async function schemaGraph(schemaName: string): Promise<GraphOperand | null> {
  await admin.query(`SET search_path = "${schemaName}", public`);
  try {
    return await storedGraph(admin, hash.dimensions);
  } finally {
    await admin.query("RESET search_path");
  }
}

/**
 * The whole tenant's vector search (store alone, top 10) through each graph the schema has, query by query in turn,
 * against the exact scan of every key: p50 / p99 and the share of the exact top 10 each graph returns. A store
 * object keeps the graph it found at bind, so one bound before the half-precision graph is built searches the
 * full-precision one while one bound after searches the new one.
 */
async function graphSearches(queries: string[]) {
  const binding = { id: hash.id, dimensions: hash.dimensions };
  const open = (exactScanLimit?: number, efSearch?: number) =>
    createPostgresStore({ url, schema, exactScanLimit, efSearch });
  const efs = (values["ef-search"] ?? "200").split(",").map(Number);
  const stores: { graph: GraphOperand; ef: number; store: PostgresStore }[] = [];
  const found = await schemaGraph(schema);
  if (found === null)
    throw new Error(`schema ${schema} has no HNSW index: run the full bench with --keep first`);
  for (const ef of efs) {
    const store = open(1, ef);
    await store.bindEmbedder(binding);
    stores.push({ graph: found, ef, store });
  }
  result.graphSizesMiB = await graphSizes(schema);
  if (values["build-half"] && found === "vector") {
    const started = performance.now();
    await admin.query(`SET search_path = "${schema}", public`);
    await admin.query(`SET maintenance_work_mem = '${values["build-memory"]}'`);
    try {
      await admin.query(hnswIndexStatement(hash.dimensions, graphParameters));
    } finally {
      await admin.query("RESET maintenance_work_mem; RESET search_path");
    }
    result.halfBuildSeconds = +((performance.now() - started) / 1000).toFixed(1);
    result.graphSizesMiB = await graphSizes(schema);
    console.log(`half-precision graph built in ${result.halfBuildSeconds} s`);
    for (const ef of efs) {
      const store = open(1, ef);
      await store.bindEmbedder(binding);
      stores.push({ graph: "halfvec", ef, store });
    }
  }
  console.log("HNSW indexes (MiB):", JSON.stringify(result.graphSizesMiB));
  const exact = open(10_000_000);
  await exact.bindEmbedder(binding);
  const vectors = (await hash.embed(queries)).filter((v): v is Float32Array => v !== null);
  const label = (row: { graph: GraphOperand; ef: number }) => `${row.graph} ef ${row.ef}`;
  /** Each store's searches of `filter` beside the exact scan's, query by query: p50 / p99 and the exact top 10 kept. */
  const measure = async (rows: typeof stores, filter: MemoryFilter) => {
    const times = new Map(rows.map((row) => [label(row), [] as number[]]));
    const overlap = new Map(rows.map((row) => [label(row), [] as number[]]));
    for (const [n, vector] of vectors.entries()) {
      const truth = (await exact.searchVectors(filter, vector, 10)).map((hit) => hit.memoryId);
      // alternate which graph goes first, so neither always finds the other's pages in the cache
      const order = n % 2 === 0 ? rows : [...rows].reverse();
      for (const row of order) {
        const started = performance.now();
        const hits = await row.store.searchVectors(filter, vector, 10);
        times.get(label(row))?.push(performance.now() - started);
        if (row.store.lastVectorPlan?.method !== "hnsw")
          throw new Error(`${label(row)} did not search its graph`);
        overlap.get(label(row))?.push(
          kept(
            hits.map((hit) => hit.memoryId),
            truth,
          ),
        );
      }
    }
    return rows.map((row) => {
      const ms = times.get(label(row)) ?? [];
      const shares = overlap.get(label(row)) ?? [];
      return {
        graph: row.graph,
        efSearch: row.ef,
        index: hnswIndexName(hash.dimensions, row.graph),
        queries: ms.length,
        p50Ms: +percentile(ms, 50).toFixed(1),
        p99Ms: +percentile(ms, 99).toFixed(1),
        overlapWithExactTop10: +(shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length)).toFixed(3),
      };
    });
  };
  const summary = await measure(stores, { tenant: DEFAULT_TENANT });
  result.graphSearches = summary;
  for (const row of summary) console.log("whole tenant, store alone:", JSON.stringify(row));
  const filtered: Record<string, unknown>[] = [];
  for (const share of (values["filtered-shares"] ?? "").split(",").filter(Boolean).map(Number)) {
    // the tenant's newest memories, `share` of them: a selective filter that every memory's key carries
    const bound = await admin.query<{ from: string; memories: string }>(
      `SELECT percentile_disc($1::float8) WITHIN GROUP (ORDER BY occurred_at) AS from, count(*) AS memories
         FROM "${schema}".engram_memories WHERE tenant = $2 AND status = 'active'`,
      [1 - share, DEFAULT_TENANT],
    );
    const from = Number(bound.rows[0]?.from);
    const forced = [];
    for (const row of stores) {
      const store = open(1, row.ef);
      await store.bindEmbedder(binding);
      forced.push({ ...row, store });
    }
    const inWindow = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".engram_keys WHERE tenant = $1 AND occurred_at >= $2 AND dimensions = $3 AND status = 'active'`,
      [DEFAULT_TENANT, from, hash.dimensions],
    );
    for (const row of await measure(forced, { tenant: DEFAULT_TENANT, from })) {
      const line = { share, keysInFilter: Number(inWindow.rows[0]?.n), ...row };
      filtered.push(line);
      console.log("newest memories only, through the graph:", JSON.stringify(line));
    }
    for (const { store } of forced) await store.close();
  }
  if (filtered.length > 0) result.filteredGraphSearches = filtered;
  for (const { store } of stores) await store.close();
  await exact.close();
  if (values["drop-full"] && stores.some(({ graph }) => graph === "halfvec")) {
    for (const schemaName of [schema, aloneSchema]) {
      await admin.query(`DROP INDEX IF EXISTS "${schemaName}".${hnswIndexName(hash.dimensions, "vector")}`);
    }
    console.log(
      "dropped the full-precision graphs; stores opened from now on build and search the half-precision one",
    );
  }
}

/**
 * Rebuilds the half-precision graph of `schemaName` with the run's parameters beside the one it has, then swaps it in
 * (docs/postgres.md's steps); returns the build's seconds.
 */
async function rebuildGraph(schemaName: string): Promise<number> {
  const name = hnswIndexName(hash.dimensions, "halfvec");
  const statement = hnswIndexStatement(hash.dimensions, graphParameters);
  const next = statement.replace(`IF NOT EXISTS ${name} `, `${name}_next `);
  if (next === statement)
    throw new Error(`the graph statement no longer names ${name} as expected: ${statement}`);
  const started = performance.now();
  await admin.query(`SET search_path = "${schemaName}", public`);
  await admin.query(`SET maintenance_work_mem = '${values["build-memory"]}'`);
  try {
    await admin.query(`DROP INDEX IF EXISTS ${name}_next`);
    await admin.query(next);
    const seconds = (performance.now() - started) / 1000;
    await admin.query(
      `BEGIN; DROP INDEX IF EXISTS ${name}; ALTER INDEX ${name}_next RENAME TO ${name}; COMMIT`,
    );
    return +seconds.toFixed(1);
  } finally {
    await admin.query("RESET maintenance_work_mem; RESET search_path");
  }
}

/** `users` users' recalls at once on one engine (its pool of 10 connections), each user the queries in turn. */
async function concurrentRecall(engine: Engine, users: number) {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const user = `user-${String(i + 1).padStart(4, "0")}`;
      for (const query of texts) {
        const at = performance.now();
        await engine.recall({ query, user, k: 10 });
        times.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    recallsPerSecond: +(times.length / seconds).toFixed(1),
    p50: +percentile(times, 50).toFixed(2),
    p99: +percentile(times, 99).toFixed(2),
  };
}

/**
 * One user's recall among many against the same user alone, interleaved rounds, then its channels alone; `through`
 * is the URL the engines connect to (the server's, or a latency proxy's in front of it).
 */
async function oneUserRecall(through = url) {
  const large = engineOn(schema, true, through);
  const alone = engineOn(aloneSchema, true, through);
  for (const engine of [large, alone]) await engine.recall({ query: "warm up", user: probeUser });
  const rounds: Record<string, unknown[]> = { oneUser: [], alone: [] };
  for (let round = 0; round < 2; round++) {
    rounds.oneUser?.push(await recallTimes(large, probeUser, texts));
    rounds.alone?.push(await recallTimes(alone, probeUser, texts));
  }
  result.recall = rounds;
  console.log("recall (hash embedder, store alone), per round:", JSON.stringify(rounds));
  result.userChannels = await userChannels(large, alone, probeUser, texts);
  console.log("one user's channels, store calls alone:", JSON.stringify(result.userChannels));
  const concurrent = Number(values.concurrent);
  if (concurrent > 0) {
    result.concurrentRecall = await concurrentRecall(large, concurrent);
    console.log(`${concurrent} users' recalls at once, 1M:`, JSON.stringify(result.concurrentRecall));
  }
  await large.close();
  await alone.close();
}

console.log(
  `scale on PostgreSQL: ${memories.toLocaleString()} memories, ${users} users, on ${describeMachine()}`,
);
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const texts = scaleQueries(Number(values.queries));
if (values["rebuild-graph"]) {
  if (!values["graphs-only"] && !values["writes-only"])
    throw new Error("--rebuild-graph goes with --graphs-only or --writes-only (on kept schemas)");
  result.graphParameters = graphParameters;
  result.graphRebuildSeconds = {
    [schema]: await rebuildGraph(schema),
    [aloneSchema]: await rebuildGraph(aloneSchema),
  };
  console.log(
    `graphs rebuilt with ${JSON.stringify(graphParameters)}:`,
    JSON.stringify(result.graphRebuildSeconds),
  );
}
if (values["writes-only"]) {
  // the graph is read page by page through shared_buffers: whether it fits decides what a merge costs at 1M
  result.server = await serverMemory(schema);
  console.log("server:", JSON.stringify(result.server));
  result.hnswInsertCost = await hnswInsertCost(schema, "user-0002");
  console.log("key inserts at 1M, rolled back:", JSON.stringify(result.hnswInsertCost));
  // one pair of engines per merge quiet time compared (the store's mergeQuietMs), the merging rounds in turn
  const quiets = (values["merge-quiet-ms"] ?? "").split(",").filter(Boolean).map(Number);
  const pairs = (quiets.length > 0 ? quiets : [undefined]).map((quiet) => ({
    label: quiet === undefined ? "merging" : `merging, quiet ${quiet} ms`,
    large: engineOn(schema, true, url, quiet),
    small: engineOn(aloneSchema, true, url, quiet),
  }));
  const [first] = pairs;
  if (!first) throw new Error("no engines");
  const ratios: Record<string, number[]> = Object.fromEntries([
    ...pairs.map((pair) => [pair.label, []]),
    ["settled", []],
  ]);
  // the kept schemas stay as filled: writer users of this run (or of an earlier one that stopped) are forgotten
  await forgetWriters(first.large, schema);
  await forgetWriters(first.small, aloneSchema);
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? pairs : [...pairs].reverse();
    for (const pair of [...order, { ...first, label: "settled" }]) {
      const settle = pair.label === "settled";
      const measured = await sameScopeWrites(
        pair.large,
        pair.small,
        `user-writer-${settle ? "settled" : "merging"}`,
        settle,
      );
      console.log(`one new user's 200-turn batches, HNSW kept, ${pair.label}:`, JSON.stringify(measured));
      ratios[pair.label]?.push(measured.p50LargeOverSmall);
    }
  }
  console.log("p50 large / small per round:", JSON.stringify(ratios));
  result.writeRatios = ratios;
  await forgetWriters(first.large, schema);
  await forgetWriters(first.small, aloneSchema);
  console.log(`saved ${saveResult(`scale-postgres-writes-${memories}`, result)}`);
  for (const pair of pairs) {
    await pair.large.close();
    await pair.small.close();
  }
  await admin.end();
  process.exit(0);
}
if (values["graphs-only"]) {
  await graphSearches(texts);
  console.log(`saved ${saveResult(`scale-postgres-graphs-${memories}`, result)}`);
  await admin.end();
  process.exit(0);
}
if (values["recall-only"]) {
  const latency = Number(values["latency-ms"]);
  const proxy = latency > 0 ? await startLatencyProxy(url, latency) : null;
  result.latencyMsEachWay = latency;
  await oneUserRecall(proxy?.url ?? url);
  await proxy?.close();
  console.log(`saved ${saveResult(`scale-postgres-recall-${memories}`, result)}`);
  await admin.end();
  process.exit(0);
}
try {
  // 1. the fill, without the HNSW index (every insert would update the graph), then the index built once
  let engine = engineOn(schema, false);
  const existing = (await engine.stats()).memories;
  if (existing < memories) {
    console.log(`filling schema ${schema} (${existing.toLocaleString()} memories there)…`);
    result.fill = await fill(engine, scaleCorpus({ memories, users }), memories);
    console.log("fill:", result.fill);
    save();
  }
  // the probe user's memories alone in a schema of their own, and a write whose scope is the same size in both
  // stores, before either has the HNSW index: what Engram's own write path costs at each size
  const plainAlone = engineOn(aloneSchema, false);
  if ((await plainAlone.stats()).memories === 0) {
    await fill(
      plainAlone,
      [...scaleCorpus({ memories, users })].filter((turn) => turn.user === probeUser),
      memories / users,
    );
  }
  if (!(await hasHnswIndex(schema)) && !(await hasHnswIndex(aloneSchema))) {
    result.sameScopeWriteWithoutHnsw = await sameScopeWrites(engine, plainAlone, "user-writer-plain");
    console.log(
      "one new user's 200-turn batches, large store vs small, no HNSW index:",
      JSON.stringify(result.sameScopeWriteWithoutHnsw),
    );
  }
  await plainAlone.close();
  await engine.close();
  // the index the store would build when opened with hnswIndex, built here on a session of the bench's own with
  // more maintenance_work_mem (the server's setting stays as it is); the store then finds it
  const indexStarted = performance.now();
  await admin.query(`SET search_path = "${schema}", public`);
  await admin.query(`SET maintenance_work_mem = '${values["build-memory"]}'`);
  await admin.query(hnswIndexStatement(hash.dimensions, graphParameters));
  await admin.query("RESET maintenance_work_mem");
  await admin.query("RESET search_path");
  engine = engineOn(schema, true);
  await engine.recall({ query: "warm up", user: probeUser });
  result.hnswBuildSeconds = +((performance.now() - indexStarted) / 1000).toFixed(1);
  result.sizes = await sizes(admin, schema);
  console.log(`HNSW index build ${result.hnswBuildSeconds} s; sizes:`, JSON.stringify(result.sizes));
  save();

  // 2. one user among many against the same user alone, interleaved rounds; then the whole tenant
  await oneUserRecall();
  const alone = engineOn(aloneSchema, true);
  result.recallTenant = await recallTimes(engine, undefined, texts);
  console.log("recall, whole tenant:", result.recallTenant);
  result.lexicalBound = await lexicalBound(schema, texts);
  console.log(
    "whole tenant, the lexical bound against the exact ranking:",
    JSON.stringify(result.lexicalBound),
  );

  // 3. the same with the HNSW index kept: pgvector updates the graph in every insert
  result.sameScopeWrite = await sameScopeWrites(engine, alone, "user-writer");
  console.log(
    "one new user's 200-turn batches, large store vs small, HNSW index kept:",
    JSON.stringify(result.sameScopeWrite),
  );
  await alone.close();
  await engine.close();
  result.hnswInsertCost = {
    large: await hnswInsertCost(schema, "user-0002"),
    small: await hnswInsertCost(aloneSchema, probeUser),
  };
  console.log(
    "2,000 key inserts, µs a key, with and without the HNSW index:",
    JSON.stringify(result.hnswInsertCost),
  );
  result.peakRssMiB = peakRssMiB();
  console.log(`peak RSS ${result.peakRssMiB} MiB; saved ${save()}`);
} finally {
  if (!values.keep) {
    for (const name of [schema, aloneSchema]) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    console.log(`dropped schemas ${schema}, ${aloneSchema}`);
  }
  await admin.end();
}
