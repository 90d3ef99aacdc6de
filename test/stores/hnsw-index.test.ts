/** The HNSW index beside a SQLite store: it answers like the exact scan, keeps selective filters, and heals itself. */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import type { MemoryFilter } from "../../src/spec/store.js";
import { CONNECTIVITY, usearchBinding } from "../../src/stores/sqlite/hnsw-files.js";
import { buildThreads, DEFAULT_HNSW_OPTIONS } from "../../src/stores/sqlite/hnsw-index.js";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";

const { memory, seededRandom } = storeFixtures;
const DIMENSIONS = 48;
const HNSW = { minRows: 1000, exactRows: 300, tailRows: 400, quietMs: 0, threads: 1 };

/** Embedding-like vectors: 60 topics, each a direction plus noise (isotropic random vectors defeat any graph index). */
function clusteredVectors(count: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const centres = Array.from({ length: 60 }, () =>
    Float32Array.from({ length: DIMENSIONS }, () => random() - 0.5),
  );
  return Array.from({ length: count }, (_, i) => {
    const centre = centres[(i * 7) % centres.length] as Float32Array;
    const vector = centre.map((value) => value + (random() - 0.5) * 0.6);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

function memories(vectors: Float32Array[], user: (i: number) => string, prefix: string): NewMemory[] {
  return vectors.map((vector, i) =>
    memory({ id: `${prefix}-${String(i).padStart(5, "0")}`, user: user(i), vector, tenant: "t" }),
  );
}

async function fill(store: SqliteStore, all: NewMemory[]): Promise<void> {
  for (let i = 0; i < all.length; i += 500)
    await store.write({ inserts: all.slice(i, i + 500), reinforcements: [] });
}

const opened: SqliteStore[] = [];
function open(path: string, hnsw: Parameters<typeof createSqliteStore>[0]["hnsw"] = HNSW): SqliteStore {
  const store = createSqliteStore({ path, hnsw });
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const filter: MemoryFilter = { tenant: "t" };

function indexFiles(path: string): string[] {
  const folder = `${path}.hnsw`;
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".usearch")) : [];
}

describe("HNSW index beside the SQLite file", () => {
  it("returns the exact scan's top results on a seeded corpus", async () => {
    const path = join(tempDir(), "engram.db");
    const store = open(path);
    await fill(
      store,
      memories(clusteredVectors(3000, 1), () => "ana", "m"),
    );
    await store.searchVectors(filter, clusteredVectors(1, 9)[0] as Float32Array, 10);
    await store.vectorIndexesIdle();
    expect(indexFiles(path)).toHaveLength(1);

    const exact = open(path, false);
    let overlap = 0;
    let sameFirst = 0;
    const queries = clusteredVectors(40, 5);
    for (const query of queries) {
      const fromGraph = await store.searchVectors(filter, query, 10);
      const truth = await exact.searchVectors(filter, query, 10);
      if (fromGraph[0]?.memoryId === truth[0]?.memoryId) sameFirst++;
      const wanted = new Set(truth.map((hit) => hit.memoryId));
      overlap += fromGraph.filter((hit) => wanted.has(hit.memoryId)).length;
      // similarities are the exact ones, re-ranked from the stored vectors
      for (const hit of fromGraph) {
        const same = truth.find((t) => t.memoryId === hit.memoryId);
        if (same) expect(hit.similarity).toBe(same.similarity);
      }
    }
    expect(overlap / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    expect(sameFirst / queries.length).toBeGreaterThanOrEqual(0.95);
    expect(store.vectorIndexStats().t).toMatchObject({ rows: 3000, graphRows: 3000, graphSearches: 40 });
  });

  it("still returns every match of a filter that few memories pass", async () => {
    const path = join(tempDir(), "engram.db");
    const store = open(path);
    // 5 of 3,000 belong to "bo"; 12 of ana's are facts
    const all = memories(clusteredVectors(3000, 2), (i) => (i % 600 === 0 ? "bo" : "ana"), "m");
    for (const [i, item] of all.entries()) if (i % 250 === 1) item.record.kind = "fact";
    await fill(store, all);
    await store.searchVectors(filter, clusteredVectors(1, 9)[0] as Float32Array, 10);
    await store.vectorIndexesIdle();
    const query = clusteredVectors(1, 11)[0] as Float32Array;

    const bo = await store.searchVectors({ ...filter, user: "bo" }, query, 10);
    expect(bo.map((hit) => hit.memoryId).sort()).toEqual(
      all.filter((m) => m.record.user === "bo").map((m) => m.record.id),
    );
    const facts = await store.searchVectors({ ...filter, user: "ana", kinds: ["fact"] }, query, 20);
    expect(facts.map((hit) => hit.memoryId).sort()).toEqual(
      all.filter((m) => m.record.kind === "fact" && m.record.user === "ana").map((m) => m.record.id),
    );
  });

  it("rebuilds an index file that was deleted or corrupted, answering exactly meanwhile", async () => {
    const path = join(tempDir(), "engram.db");
    const first = open(path);
    const all = memories(clusteredVectors(2000, 3), () => "ana", "m");
    await fill(first, all);
    const query = clusteredVectors(1, 12)[0] as Float32Array;
    await first.searchVectors(filter, query, 10);
    await first.vectorIndexesIdle();
    const expected = await first.searchVectors(filter, query, 10);
    await first.close();

    for (const damage of ["delete", "corrupt", "truncate"] as const) {
      const [file] = indexFiles(path);
      expect(file).toBeDefined();
      const full = join(`${path}.hnsw`, file as string);
      if (damage === "delete") rmSync(`${path}.hnsw`, { recursive: true });
      else if (damage === "corrupt") writeFileSync(full, Buffer.alloc(4096, 7));
      else writeFileSync(full, Buffer.alloc(100, 0));
      const store = open(path);
      expect(await store.searchVectors(filter, query, 10)).toEqual(expected);
      await store.vectorIndexesIdle();
      expect(indexFiles(path)).toHaveLength(1);
      expect(await store.searchVectors(filter, query, 10)).toEqual(expected);
      await store.close();
    }
  });

  it("loses no write made while the index is being built", async () => {
    const path = join(tempDir(), "engram.db");
    const store = open(path);
    await fill(
      store,
      memories(clusteredVectors(2000, 4), () => "ana", "m"),
    );
    // the first search starts the build in the background; these writes land while it runs
    await store.searchVectors(filter, clusteredVectors(1, 9)[0] as Float32Array, 10);
    expect(store.vectorIndexStats().t).toMatchObject({ building: true, graphRows: 0 });
    const late = memories(clusteredVectors(600, 6), () => "ana", "late");
    await fill(store, late);
    for (const item of late.slice(0, 50)) {
      const vector = clusteredVectors(600, 6)[Number(item.record.id.slice(5))] as Float32Array;
      const [top] = await store.searchVectors(filter, vector, 1);
      expect(top?.memoryId).toBe(item.record.id);
    }
    await store.vectorIndexesIdle();
    expect(store.vectorIndexStats().t).toMatchObject({ building: false });
    expect(store.vectorIndexStats().t?.graphRows).toBeGreaterThanOrEqual(2000);
    const searchedBefore = store.vectorIndexStats().t?.graphSearches ?? 0;
    const vectors = clusteredVectors(600, 6);
    for (const [i, item] of late.entries()) {
      if (i % 20 !== 0) continue;
      const [top] = await store.searchVectors(filter, vectors[i] as Float32Array, 1);
      expect(top?.memoryId).toBe(item.record.id);
    }
    expect(store.vectorIndexStats().t?.graphSearches).toBe(searchedBefore + 30);
    // and a store opened afterwards sees them all, from the file as it is (no rebuild)
    const files = indexFiles(path);
    const written = statSync(join(`${path}.hnsw`, files[0] as string)).mtimeMs;
    const again = open(path);
    const [top] = await again.searchVectors(filter, vectors[599] as Float32Array, 1);
    expect(top?.memoryId).toBe(late[599]?.record.id);
    expect(again.vectorIndexStats().t).toMatchObject({ graphRows: 2600, graphSearches: 1 });
    await again.vectorIndexesIdle();
    expect(indexFiles(path)).toEqual(files);
    expect(statSync(join(`${path}.hnsw`, files[0] as string)).mtimeMs).toBe(written);
  });

  it("never returns a forgotten memory the graph still holds", async () => {
    const path = join(tempDir(), "engram.db");
    const store = open(path);
    const all = memories(clusteredVectors(2000, 7), () => "ana", "m");
    await fill(store, all);
    await store.searchVectors(filter, clusteredVectors(1, 9)[0] as Float32Array, 10);
    await store.vectorIndexesIdle();
    const target = all[1234] as NewMemory;
    const vector = clusteredVectors(2000, 7)[1234] as Float32Array;
    expect((await store.searchVectors(filter, vector, 1))[0]?.memoryId).toBe(target.record.id);
    await store.forget({ tenant: "t", ids: [target.record.id] });
    const hits = await store.searchVectors(filter, vector, 10);
    expect(hits.map((hit) => hit.memoryId)).not.toContain(target.record.id);
    expect(hits).toHaveLength(10);
  });

  it("rebuilds a file an older Engram built with other graph parameters, answering from it meanwhile", async () => {
    const binding = usearchBinding();
    expect(binding).not.toBeNull();
    const { CompiledIndex } = binding as NonNullable<typeof binding>;
    const path = join(tempDir(), "engram.db");
    const first = open(path);
    await fill(
      first,
      memories(clusteredVectors(2000, 8), () => "ana", "m"),
    );
    const query = clusteredVectors(1, 13)[0] as Float32Array;
    await first.searchVectors(filter, query, 10);
    await first.vectorIndexesIdle();
    const expected = await first.searchVectors(filter, query, 10);
    await first.close();

    // the same rows under the same name, built with a smaller M, as an older release would have written them
    const [name] = indexFiles(path);
    const file = join(`${path}.hnsw`, name as string);
    const database = new Database(path, { readonly: true });
    const rows = database
      .prepare("SELECT id, vector FROM keys WHERE vector IS NOT NULL ORDER BY id")
      .all() as {
      id: number;
      vector: Buffer;
    }[];
    database.close();
    const older = new CompiledIndex(DIMENSIONS, "cos", "i8", CONNECTIVITY / 2, 32, 64, false);
    const vectors = new Int8Array(rows.length * DIMENSIONS);
    for (const [i, row] of rows.entries()) vectors.set(new Int8Array(row.vector), i * DIMENSIONS);
    older.add(
      BigUint64Array.from(rows, (row) => BigInt(row.id)),
      vectors,
      1,
    );
    older.save(file);
    const connectivityOf = (at: string) => {
      const viewed = new CompiledIndex(DIMENSIONS, "cos", "i8", CONNECTIVITY, 64, 128, false);
      viewed.view(at);
      return viewed.connectivity();
    };
    expect(connectivityOf(file)).toBe(CONNECTIVITY / 2);

    const store = open(path);
    // the old graph answers the first search (its rebuild starts with it)...
    expect(await store.searchVectors(filter, query, 10)).toEqual(expected);
    expect(store.vectorIndexStats().t).toMatchObject({ graphRows: 2000, graphSearches: 1 });
    await store.vectorIndexesIdle();
    // ...and is replaced by one built with today's parameters, which answers the same
    const [rebuilt] = indexFiles(path);
    expect(indexFiles(path)).toHaveLength(1);
    expect(rebuilt?.startsWith((name as string).replace(/(-c\d+)?\.usearch$/, ""))).toBe(true);
    expect(connectivityOf(join(`${path}.hnsw`, rebuilt as string))).toBe(CONNECTIVITY);
    expect(await store.searchVectors(filter, query, 10)).toEqual(expected);
    expect(store.vectorIndexStats().t).toMatchObject({ graphRows: 2000, graphSearches: 2 });
  });

  it("measures each graph it builds and fetches as many candidates as keep the recall asked", async () => {
    // isotropic vectors: the hardest case for a graph, where a fixed small candidate count loses neighbours
    const random = seededRandom(21);
    const isotropic = (count: number) =>
      Array.from({ length: count }, () => {
        const vector = Float32Array.from({ length: DIMENSIONS }, () => random() - 0.5);
        const norm = Math.hypot(...vector);
        return vector.map((value) => value / norm);
      });
    const path = join(tempDir(), "engram.db");
    const measured = {
      ...HNSW,
      minCandidates: 10,
      candidatesPerResult: 1,
      maxCandidates: 1000,
      recall: 0.95,
    };
    const store = open(path, measured);
    await fill(
      store,
      memories(isotropic(4000), () => "ana", "m"),
    );
    const queries = isotropic(60);
    await store.searchVectors(filter, queries[0] as Float32Array, 10);
    await store.vectorIndexesIdle();
    const stats = store.vectorIndexStats().t;
    const tried = stats?.calibration ?? [];
    // the ladder starts at minCandidates and grows by half until the measure reaches the recall asked
    expect(tried[0]?.candidates).toBe(10);
    expect(tried.length).toBeGreaterThan(1);
    // (enough means the lower bound of the sample's mean, under the mean when the queries differ)
    expect(tried.slice(0, -1).every((step) => step.lowerBound < 0.95)).toBe(true);
    expect(tried.at(-1)?.lowerBound).toBeGreaterThanOrEqual(0.95);
    for (const step of tried) expect(step.lowerBound).toBeLessThanOrEqual(step.recall);
    expect(stats?.candidates).toBe(tried.at(-1)?.candidates);
    // the count is in the file's name, so a store opened later fetches as many
    const [file] = indexFiles(path);
    expect(file).toBe(`${file?.split("-c")[0]}-c${stats?.candidates}.usearch`);
    const again = open(path, measured);
    const exact = open(path, false);
    let kept = 0;
    for (const query of queries.slice(1)) {
      const truth = new Set((await exact.searchVectors(filter, query, 10)).map((hit) => hit.memoryId));
      const hits = await again.searchVectors(filter, query, 10);
      kept += hits.filter((hit) => truth.has(hit.memoryId)).length;
    }
    expect(again.vectorIndexStats().t).toMatchObject({ candidates: stats?.candidates, graphSearches: 59 });
    // queries the measure never saw keep about as much (the measure's own queries are the tenant's vectors)
    expect(kept / (59 * 10)).toBeGreaterThanOrEqual(0.9);
    // with no measure asked, the graph fetches minCandidates and its file says nothing of it
    const plain = join(tempDir(), "engram.db");
    const unmeasured = open(plain, { ...measured, recall: 0 });
    await fill(
      unmeasured,
      memories(isotropic(2000), () => "ana", "m"),
    );
    await unmeasured.searchVectors(filter, queries[0] as Float32Array, 10);
    await unmeasured.vectorIndexesIdle();
    expect(unmeasured.vectorIndexStats().t).toMatchObject({ candidates: 10, calibration: [] });
    expect(indexFiles(plain)[0]).toMatch(/^[0-9a-f]{16}-\d+\.usearch$/);
    // a store that asks for the measure measures that graph as it is (nothing rebuilt, no row added)
    await unmeasured.close();
    const measuring = open(plain, measured);
    await measuring.searchVectors(filter, queries[0] as Float32Array, 10);
    await measuring.vectorIndexesIdle();
    expect(measuring.vectorIndexStats().t?.calibration.length).toBeGreaterThan(0);
    expect(measuring.vectorIndexStats().t?.graphRows).toBe(2000);
    expect(indexFiles(plain)).toEqual([
      expect.stringMatching(new RegExp(`-c${measuring.vectorIndexStats().t?.candidates}\\.usearch$`)),
    ]);

    // once it has been searched `calibrationQueries` times, the store measures the graph again on those queries
    await measuring.close();
    const searched = open(plain, { ...measured, calibrationQueries: 30 });
    // (the write gate's scans, searches with a floor, are new rows rather than queries: they are not sampled)
    await searched.searchVectorsMany(filter, queries.slice(0, 40), 10, 0.9);
    await searched.vectorIndexesIdle();
    expect(searched.vectorIndexStats().t?.measuredOn).toBe("rows");
    for (const query of queries.slice(0, 40)) await searched.searchVectors(filter, query, 10);
    await searched.vectorIndexesIdle();
    const after = searched.vectorIndexStats().t;
    expect(after).toMatchObject({ measuredOn: "searches", graphRows: 2000 });
    expect(after?.calibration.at(-1)?.lowerBound).toBeGreaterThanOrEqual(0.95);
    expect(indexFiles(plain)).toEqual([
      expect.stringMatching(new RegExp(`-q${after?.candidates}\\.usearch$`)),
    ]);
    // and only once: a store opened on that file measures nothing more
    const reopened = open(plain, { ...measured, calibrationQueries: 30 });
    for (const query of queries.slice(0, 40)) await reopened.searchVectors(filter, query, 10);
    await reopened.vectorIndexesIdle();
    expect(reopened.vectorIndexStats().t).toMatchObject({
      measuredOn: "searches",
      candidates: after?.candidates,
      calibration: [],
    });
  });

  it("measures from one candidate up when minCandidates is 0", async () => {
    const path = join(tempDir(), "engram.db");
    const store = open(path, { ...HNSW, minCandidates: 0, candidatesPerResult: 0, maxCandidates: 64 });
    await fill(
      store,
      memories(clusteredVectors(1200, 14), () => "ana", "m"),
    );
    await store.searchVectors(filter, clusteredVectors(1, 15)[0] as Float32Array, 10);
    await store.vectorIndexesIdle();
    const tried = store.vectorIndexStats().t?.calibration ?? [];
    expect(tried[0]?.candidates).toBe(1);
    expect(tried.map((step) => step.candidates)).toEqual(
      [1, 2, 3, 5, 8, 12, 18, 27, 41, 62, 64].slice(0, tried.length),
    );
  });
});

describe("the build's threads", () => {
  it("leave one core to the writing thread by default, and take what is asked otherwise", () => {
    expect(buildThreads(0, 2)).toBe(1);
    expect(buildThreads(0, 1)).toBe(1);
    expect(buildThreads(0, 8)).toBe(7);
    expect(buildThreads(3, 8)).toBe(3);
    expect(DEFAULT_HNSW_OPTIONS.threads).toBe(0);
  });
});
