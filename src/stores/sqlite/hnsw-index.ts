/**
 * An HNSW index (usearch, int8, cosine) beside the exact int8 scan of one tenant: candidates for large scopes, re-ranked
 * exactly. It is a cache of the keys table, kept in a file beside the database and rebuilt when missing or unreadable.
 *
 * Why the parts are as they are:
 * - The file's name carries the highest key id it holds (`<tenant>-<keyId>.usearch`), written to a temporary name and
 *   renamed, so what a file covers can never disagree with the file, whatever crashed when.
 * - Rows written after the file (key id above it) are the tail: scanned exactly on every search until a background
 *   build (a worker thread, so writes and searches go on) folds them in. Nothing written is ever missing from a search.
 * - Forgotten rows stay in the graph until the next full build; every candidate is checked against the exact rows
 *   (status, scope, vector), so a stale entry can only cost a slot, never return a forgotten memory.
 * - How many candidates a search fetches is measured, not set: a graph's recall at a fixed count falls as it grows
 *   (0.95 at 100k, 0.85 at 1M on the scale corpus, M 16), so each build searches a sample of the queries the store
 *   was searched with (of its own vectors until it has enough) exactly and through the graph, and the file's name
 *   carries the count that kept `recall` of the exact top-10.
 * - A file built with another M (an older release's) keeps answering until a full build with today's replaces it.
 * - createAnnVectorIndex is one closure of about 290 lines: the exact index, the loaded graph, the tail and the
 *   build worker are one state that each method reads and changes together (files and worker source: hnsw-files.ts).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { VectorHit } from "../../spec/store.js";
import {
  BUILDER_SOURCE,
  type CalibrationStep,
  CONNECTIVITY,
  type CompiledIndex,
  EXPANSION_ADD,
  EXPANSION_SEARCH,
  indexFiles,
  tenantFileKey,
  usearchBinding,
} from "./hnsw-files.js";
import type { VectorIndex, VectorRow, VectorScanFilter } from "./vector-index.js";

/** What tunes the index; the defaults were measured on the 100k and 1M scale corpora (docs/benchmarks.md, issue 18). */
export interface HnswOptions {
  /** Build an HNSW index once the tenant holds this many vectors; below it every search is exact. */
  minRows: number;
  /** A search whose scope (its user's rows, or the tenant's) is at most this many rows stays exact. */
  exactRows: number;
  /** Fold the tail into the index once it is this many rows (or a tenth of the index, if more). */
  tailRows: number;
  /** Candidates fetched from the graph at most; a filter that would need more is selective: exact scan. */
  maxCandidates: number;
  /** Candidates fetched per result wanted, and at least, before the scope's share multiplies them. */
  candidatesPerResult: number;
  minCandidates: number;
  /**
   * The share of the exact top-10 a search through the graph should keep. Each build measures its graph and raises
   * the candidates (from `minCandidates`, by half each step, up to `maxCandidates`) until it does; 0 measures nothing
   * and fetches `minCandidates`. The measure uses a sample of `calibrationQueries` queries the store was searched with,
   * once it holds that many (a graph measured before is measured again then, once), and the tenant's own vectors
   * before: those are nearer their neighbours than a short query is, so they overrate the graph (0.976 against 0.912
   * at 400 candidates on the 1M scale corpus).
   */
  recall: number;
  calibrationQueries: number;
  /**
   * Build threads; 0 = every core but one (at least one), so that a build in the background leaves a core to the
   * thread that writes and recalls (on 2 cores, all of them put a write's p90 during a 1M build at 2.4–6.6 ms against
   * 1.2–1.4 with one: docs/benchmarks.md, issue 18's follow-up 17).
   */
  threads: number;
  /**
   * A build waits until no row was added for this long (ms), so that a bulk load keeps the cores; searches meanwhile
   * scan the tail exactly.
   */
  quietMs: number;
}

/** The threads a build uses for `threads` (0: every core but one, at least one). */
export function buildThreads(threads: number, cores: number = availableParallelism()): number {
  return threads > 0 ? threads : Math.max(1, cores - 1);
}

export const DEFAULT_HNSW_OPTIONS: HnswOptions = {
  minRows: 50_000,
  exactRows: 50_000,
  tailRows: 20_000,
  maxCandidates: 4096,
  candidatesPerResult: 4,
  minCandidates: 400,
  recall: 0.95,
  calibrationQueries: 200,
  threads: 0,
  quietMs: 2000,
};

/** A tenant's vectors: the exact scan, plus an HNSW index from `folder` (or built into it) for large scopes. */
export interface AnnVectorIndex extends VectorIndex {
  /** Resolves once no build is running (tests and benchmarks wait for one). */
  idle(): Promise<void>;
  /** Stops a running build (its file is left unfinished and never used) and releases the index. */
  close(): void;
  /** Whether searches use the HNSW index now (false while it is being built for the first time). */
  readonly usesHnsw: boolean;
  /** Starts a build in the background when one is due (the store calls it after each write). */
  maintain(): void;
  /**
   * Ends the initial load from the database: rows added from then on are new writes (one whose key id the graph
   * already covers is an id SQLite gave again after a forget, and goes to the tail).
   */
  markLoaded(): void;
  /** What the index holds and how searches were answered, for benchmarks and tests. */
  stats(): AnnIndexStats;
}

export interface AnnIndexStats {
  rows: number;
  /** The candidates a whole-tenant search fetches from the graph: the build's measured count, or minCandidates. */
  candidates: number;
  /** What the last build of this process measured: the share of the exact top-10 kept at each count tried. */
  calibration: CalibrationStep[];
  /** What the count was measured on: the tenant's own vectors, or queries searched. */
  measuredOn: "rows" | "searches" | null;
  /** Entries in the HNSW graph (forgotten ones included until the next full build); 0 without one. */
  graphRows: number;
  /** Searches answered from HNSW candidates, and by the exact scan. */
  graphSearches: number;
  exactSearches: number;
  /** Whether a build is running in the background now (searches meanwhile scan the rows it has not folded in). */
  building: boolean;
}

/**
 * Wraps the exact index of one tenant. With `folder` null (an in-memory store) or no usearch binary it is the exact
 * index alone.
 * @example
 * const index = createAnnVectorIndex(createVectorIndex(512), { folder: "engram.db.hnsw", tenant: "default" });
 * index.search(query, scale, { statuses: ["active"] }, 10);
 */
export function createAnnVectorIndex(
  exact: VectorIndex,
  settings: { folder: string | null; tenant: string; options?: Partial<HnswOptions> },
): AnnVectorIndex {
  const options = { ...DEFAULT_HNSW_OPTIONS, ...settings.options };
  const binding = settings.folder === null ? null : usearchBinding();
  const folder = settings.folder;
  let graph: CompiledIndex | null = null;
  /** The highest key id the graph holds; rows above it are the tail. */
  let covered = -1;
  let graphRows = 0;
  let forgottenSinceBuild = 0;
  /** The graph was built with other parameters than CONNECTIVITY (an older Engram's file): rebuild it whole. */
  let otherParameters = false;
  /** The candidates the graph's build measured as enough for options.recall (0: not measured). */
  let calibrated = 0;
  let calibration: CalibrationStep[] = [];
  let measuredOn: "rows" | "searches" | null = null;
  /** A uniform sample (reservoir) of the queries searched, for the measure; made once the tenant is large enough. */
  let sampled: Int8Array | null = null;
  let searchedQueries = 0;
  let worker: Worker | null = null;
  let building: Promise<void> | null = null;
  let closed = false;
  let serial = 0;
  let graphSearches = 0;
  let exactSearches = 0;
  let lastAdd = 0;
  let loaded = false;
  /** The last key id of a build that failed or could not be opened. */
  let failedThrough = Number.NaN;
  let quietTimer: ReturnType<typeof setTimeout> | null = null;
  /** The counts a build's measure tries: minCandidates (at least 1), half as many again each step, maxCandidates. */
  const ladder: number[] = [];
  for (
    let count = Math.max(1, options.minCandidates);
    count < options.maxCandidates;
    count = Math.ceil(count * 1.5)
  )
    ladder.push(count);
  ladder.push(options.maxCandidates);

  function openNewest(): void {
    if (!binding || folder === null) return;
    if (existsSync(folder)) {
      // what a build left when its process stopped halfway
      const prefix = `${tenantFileKey(settings.tenant)}-`;
      for (const name of readdirSync(folder))
        if (name.startsWith(prefix) && name.includes(".tmp-") && !building)
          rmSync(join(folder, name), { force: true });
    }
    for (const file of indexFiles(folder, settings.tenant)) {
      try {
        const candidate = new binding.CompiledIndex(
          exact.dimensions,
          "cos",
          "i8",
          CONNECTIVITY,
          EXPANSION_ADD,
          EXPANSION_SEARCH,
          false,
        );
        candidate.view(file.path);
        if (candidate.dimensions() !== exact.dimensions) throw new Error("dimensions differ");
        graph = candidate;
        covered = file.covered;
        graphRows = candidate.size();
        otherParameters = candidate.connectivity() !== CONNECTIVITY;
        // a file's measured count serves only a store that asks for a measure
        calibrated = options.recall > 0 ? file.candidates : 0;
        measuredOn = file.measuredOn;
        // older files are superseded by this one
        for (const old of indexFiles(folder, settings.tenant))
          if (old.path !== file.path) rmSync(old.path, { force: true });
        return;
      } catch {
        // unreadable (truncated, overwritten, another size): drop it, and the next older one is tried
        rmSync(file.path, { force: true });
      }
    }
  }

  /** Keeps each query searched with the same chance (reservoir sampling), for the next measure. */
  function sample(query: Int8Array): void {
    const size = options.calibrationQueries;
    // a tenant below minRows never has a graph: no sample is kept (a server may hold many small tenants)
    if (options.recall <= 0 || size <= 0 || query.length !== exact.dimensions || exact.size < options.minRows)
      return;
    sampled ??= new Int8Array(size * exact.dimensions);
    const slot = searchedQueries < size ? searchedQueries : Math.floor(Math.random() * (searchedQueries + 1));
    searchedQueries++;
    if (slot < size) sampled.set(query, slot * exact.dimensions);
  }

  function tailSize(): number {
    return exact.lastKeyId > covered ? exact.rowsOfKeys([], covered).length : 0;
  }

  /** Starts a build when the tenant is large enough and the tail (or the dead part of the graph) has grown. */
  function maintain(): void {
    if (!binding || folder === null || closed || building) return;
    if (exact.size < options.minRows) return;
    if (performance.now() - lastAdd < options.quietMs) return;
    if (exact.lastKeyId === failedThrough) return;
    const tail = tailSize();
    // an older file keeps answering until its replacement, built with today's parameters, is opened
    const full = graph === null || otherParameters || forgottenSinceBuild > graphRows / 5;
    // a graph no build has measured (written with the measure off) is measured by one that adds only the tail
    const sampleFull = options.calibrationQueries > 0 && searchedQueries >= options.calibrationQueries;
    const unmeasured =
      graph !== null && options.recall > 0 && (calibrated === 0 || (measuredOn !== "searches" && sampleFull));
    if (!full && !unmeasured && tail < Math.max(options.tailRows, graphRows / 10)) return;
    const after = full ? -1 : covered;
    const through = exact.lastKeyId;
    // the rows to add are those after `after`; the measure searches every row exactly, so it is sent them all
    const measure = options.recall > 0;
    const all = exact.vectorsOfKeys(measure ? -1 : after, through);
    const allKeys = BigUint64Array.from(all.keyIds, (id) => BigInt(id));
    let first = 0;
    while (first < all.keyIds.length && (all.keyIds[first] as number) <= after) first++;
    // (ids ascend in the exact index, so the rows to add are a suffix; none copied when they are all)
    const keys = first === 0 ? null : allKeys.slice(first);
    const vectors = first === 0 ? null : all.vectors.slice(first * exact.dimensions);
    mkdirSync(folder, { recursive: true });
    const stem = join(folder, `${tenantFileKey(settings.tenant)}-${through}`);
    const base = full ? null : indexFiles(folder, settings.tenant).find((f) => f.covered === covered)?.path;
    if (!full && !base) {
      // the file this graph came from is gone: start over
      graph = null;
      covered = -1;
      maintain();
      return;
    }
    worker ??= new Worker(BUILDER_SOURCE, {
      eval: true,
      workerData: { gypPath: binding.gypPath, root: binding.root },
    });
    worker.unref();
    const active = worker;
    serial++;
    const forgottenAtStart = forgottenSinceBuild;
    building = new Promise<void>((resolve) => {
      const finish = (reply: { ok: boolean; error?: string; tried?: CalibrationStep[] }) => {
        active.off("message", finish);
        active.off("error", failed);
        active.off("exit", exited);
        building = null;
        if (closed) return resolve();
        let opened = false;
        if (reply.ok) {
          const previous = graph;
          const previousCovered = covered;
          openNewest();
          opened = covered === through;
          if (!opened) {
            graph = previous;
            covered = previousCovered;
          } else {
            calibration = reply.tried ?? [];
            if (full) forgottenSinceBuild -= forgottenAtStart;
          }
        }
        if (!opened) {
          // not again for the same rows: searches stay exact until more are written
          failedThrough = through;
          if (worker === active) worker = null;
          void active.terminate();
        }
        resolve();
        // the tail may have grown again while this build ran
        if (opened) maintain();
      };
      const failed = (error: Error) => finish({ ok: false, error: error.message });
      const exited = () => finish({ ok: false, error: "the build worker stopped" });
      active.on("message", finish);
      active.once("error", failed);
      active.once("exit", exited);
    });
    active.postMessage(
      {
        stem,
        base,
        dimensions: exact.dimensions,
        keys,
        vectors,
        allKeys,
        allVectors: all.vectors,
        calibration: measure
          ? {
              recall: options.recall,
              queries: options.calibrationQueries,
              ladder,
              searched: sampleFull && sampled ? sampled.slice() : null,
            }
          : null,
        threads: buildThreads(options.threads),
        serial,
      },
      [
        allKeys.buffer,
        all.vectors.buffer,
        ...(keys && vectors ? [keys.buffer, vectors.buffer] : []),
      ] as ArrayBuffer[],
    );
  }

  function hnswSearch(
    query: Int8Array,
    queryScale: number,
    filter: VectorScanFilter,
    limit: number,
  ): VectorHit[] | null {
    if (!graph || graphRows === 0 || filter.memoryIds !== undefined) return null;
    const scope = exact.scopeSize(filter);
    if (scope <= options.exactRows) return null;
    // over-fetch in proportion to how much of the tenant the scope is, so that a filter keeps `limit` of them
    const share = Math.max(1, exact.size / Math.max(1, scope));
    const fetch = Math.ceil(
      Math.max(limit * options.candidatesPerResult, options.minCandidates, calibrated) *
        share *
        (filter.kinds || filter.from || filter.to ? 2 : 1),
    );
    if (!(fetch >= 1 && fetch <= options.maxCandidates)) return null;
    const [found, , counts] = graph.search(query, Math.min(fetch, graphRows), 1);
    const count = Number(counts[0] ?? 0n);
    const keyIds = new Float64Array(count);
    for (let i = 0; i < count; i++) keyIds[i] = Number(found[i] as bigint);
    const candidateRows = exact.rowsOfKeys(keyIds, covered);
    const hits = exact.search(query, queryScale, { ...filter, candidateRows }, limit);
    // too few kept: the filter was more selective than it looked, so the exact scan answers
    return hits.length < limit ? null : hits;
  }

  openNewest();

  return {
    dimensions: exact.dimensions,
    get size() {
      return exact.size;
    },
    get lastKeyId() {
      return exact.lastKeyId;
    },
    get usesHnsw() {
      return graph !== null;
    },
    add(row: VectorRow) {
      if (loaded && row.keyId !== undefined && row.keyId <= covered) {
        // an id given again after its row was forgotten: the graph holds the old vector, so the tail starts below it
        covered = row.keyId - 1;
      }
      exact.add(row);
      if (loaded && binding && folder !== null && exact.size >= options.minRows) {
        lastAdd = performance.now();
        if (quietTimer === null) {
          const check = () => {
            const wait = options.quietMs - (performance.now() - lastAdd);
            if (wait > 0) {
              quietTimer = setTimeout(check, wait);
              quietTimer.unref?.();
              return;
            }
            quietTimer = null;
            maintain();
          };
          quietTimer = setTimeout(check, options.quietMs);
          quietTimer.unref?.();
        }
      }
    },
    removeMemories(memoryIds) {
      const before = exact.size;
      exact.removeMemories(memoryIds);
      forgottenSinceBuild += before - exact.size;
    },
    setStatus(memoryIds, status) {
      exact.setStatus(memoryIds, status);
    },
    maintain,
    markLoaded() {
      loaded = true;
    },
    search(query, queryScale, filter, limit) {
      sample(query);
      maintain();
      const hits = hnswSearch(query, queryScale, filter, limit);
      if (hits) {
        graphSearches++;
        return hits;
      }
      exactSearches++;
      return exact.search(query, queryScale, filter, limit);
    },
    searchMany(queries, filter, limit, minSimilarity) {
      // a search with a floor is the write gate's scan for near-duplicates of new rows, not a query: not sampled
      if (minSimilarity === undefined) for (const { query } of queries) sample(query);
      maintain();
      const results = queries.map(({ query, scale }) => {
        const hits = hnswSearch(query, scale, filter, limit);
        return hits && minSimilarity !== undefined
          ? hits.filter((hit) => hit.similarity >= minSimilarity)
          : hits;
      });
      const rest = queries.filter((_, i) => results[i] === null);
      graphSearches += queries.length - rest.length;
      exactSearches += rest.length;
      const exactResults = rest.length > 0 ? exact.searchMany(rest, filter, limit, minSimilarity) : [];
      let next = 0;
      return results.map((hits) => hits ?? (exactResults[next++] as VectorHit[]));
    },
    stats: () => ({
      rows: exact.size,
      graphRows: graph ? graphRows : 0,
      graphSearches,
      exactSearches,
      candidates: Math.max(options.minCandidates, calibrated),
      calibration,
      measuredOn: calibrated > 0 ? measuredOn : null,
      building: building !== null,
    }),
    scopeSize: (filter) => exact.scopeSize(filter),
    rowsOfKeys: (keyIds, after) => exact.rowsOfKeys(keyIds, after),
    vectorsOfKeys: (after, through) => exact.vectorsOfKeys(after, through),
    async idle() {
      lastAdd = 0;
      maintain();
      while (building) await building;
    },
    close() {
      closed = true;
      if (quietTimer !== null) clearTimeout(quietTimer);
      graph = null;
      void worker?.terminate();
      worker = null;
    },
  };
}
