import { describe, expect, it } from "vitest";
import { EngramError } from "../../spec/errors.js";
import type { MemoryRecord, NewMemory } from "../../spec/memory.js";
import type { ReindexJob, ReindexStore } from "../../spec/store.js";
import { storeFixtures } from "../../testing/store-contract.js";
import { createStore } from "./create-store.js";
import type { StoreDialect } from "./store-dialect.js";

const { axis, memory } = storeFixtures;

/**
 * A dialect over a plain array that records what the runtime passes it, to pin what the runtime itself does: it is
 * not a store (the contract suites run the real ones).
 */
function recordingDialect(records: MemoryRecord[] = []) {
  const calls: { method: string; args: unknown[] }[] = [];
  const log = (method: string, ...args: unknown[]) => calls.push({ method, args });
  let closes = 0;
  const dialect: StoreDialect = {
    name: "recording",
    factory: "createRecordingStore",
    exportPageSize: 2,
    async bindEmbedder(binding, decide) {
      log("bindEmbedder", binding, decide({ binding: { id: "old", dimensions: 8 }, dimensions: null }));
    },
    async write(batch, check) {
      log("write", check({ binding: null, dimensions: null }));
      records.push(...batch.inserts.map((insert) => insert.record));
    },
    async get(tenant, ids) {
      log("get", tenant, ids);
      // in another order than asked, as a database may answer
      return records.filter((record) => ids.includes(record.id)).reverse();
    },
    async keys(tenant, ids, kinds) {
      log("keys", tenant, ids, kinds);
      return [];
    },
    async findByTextHash(_filter, hashes) {
      log("findByTextHash", hashes);
      return records.filter((record) => hashes.includes(record.textHash)).reverse();
    },
    async searchVectors(_filter, limit, prepare) {
      const prepared = prepare({ binding: null, dimensions: 8 });
      log("searchVectors", limit, prepared?.values.length ?? null);
      return [];
    },
    async searchTerms(_filter, terms, limit) {
      log("searchTerms", terms, limit);
      return [];
    },
    async list(_filter, options) {
      log("list", options);
      return [];
    },
    async forget(selector) {
      log("forget", selector);
      return [...(selector.ids ?? [])].reverse();
    },
    async exportPage(tenant, after, limit) {
      log("exportPage", tenant, after, limit);
      const sorted = [...records].sort((a, b) => a.occurredAt - b.occurredAt);
      const start = after === null ? 0 : sorted.findIndex((record) => record.id === after.id) + 1;
      return sorted.slice(start, start + limit).map((record): NewMemory => ({ record, keys: [] }));
    },
    async count() {
      return {
        groups: [{ kind: "episode", status: "active", count: 2 }],
        keys: 2,
        vectors: 1,
        tenants: 1,
        users: 1,
      };
    },
    async updateMemories(tenant, patches) {
      log("updateMemories", tenant, patches);
      return patches.map((patch) => patch.id).filter((id) => id !== "missing");
    },
    close() {
      closes += 1;
    },
    toError(error) {
      return new EngramError({
        code: "store_failure",
        category: "system",
        message: `mapped: ${String(error)}`,
      });
    },
  };
  return { dialect, calls, closes: () => closes };
}

describe("the store runtime", () => {
  it("answers empty input itself, never asking the dialect", async () => {
    const { dialect, calls } = recordingDialect();
    const store = createStore(dialect);
    expect(await store.get("t", [])).toEqual([]);
    expect(await store.findByTextHash({ tenant: "t" }, [])).toEqual([]);
    expect(await store.searchTerms({ tenant: "t" }, ["", ""], 5)).toEqual([]);
    expect(await store.searchTerms({ tenant: "t" }, ["apple"], 0)).toEqual([]);
    expect(await store.forget({ tenant: "t", ids: [] })).toEqual([]);
    expect(await store.updateMemories("t", [])).toEqual([]);
    expect(await store.keys("t", [])).toEqual([]);
    expect(await store.keys("t", ["a"], [])).toEqual([]);
    expect(await store.learning.forgetInFeedback("t", [])).toBe(0);
    expect(calls).toEqual([]);
  });

  it("passes each id, hash and term once, and puts results in the order asked for", async () => {
    const [a, b, c] = [memory(), memory(), memory()];
    const { dialect, calls } = recordingDialect([a.record, b.record, c.record]);
    const store = createStore(dialect);
    const ids = [c.record.id, a.record.id, c.record.id, "unknown"];
    expect((await store.get("tenant-a", ids)).map((record) => record.id)).toEqual([c.record.id, a.record.id]);
    expect(calls.at(-1)).toEqual({
      method: "get",
      args: ["tenant-a", [c.record.id, a.record.id, "unknown"]],
    });
    // findByTextHash: by occurredAt then id, whatever order the dialect answered in
    const found = await store.findByTextHash({ tenant: "tenant-a" }, [
      c.record.textHash,
      a.record.textHash,
      a.record.textHash,
    ]);
    expect(found.map((record) => record.id)).toEqual([a.record.id, c.record.id]);
    expect(calls.at(-1)?.args).toEqual([[c.record.textHash, a.record.textHash]]);
    await store.searchTerms({ tenant: "tenant-a" }, ["pear", "", "pear", "plum"], 3);
    expect(calls.at(-1)).toEqual({ method: "searchTerms", args: [["pear", "plum"], 3] });
    expect(await store.forget({ tenant: "tenant-a", ids: ["x", "y", "x"] })).toEqual(["x", "y"]);
    expect(calls.at(-1)?.args).toEqual([{ tenant: "tenant-a", ids: ["x", "y"] }]);
    await store.keys("tenant-a", ["x", "y", "x"], ["date", "date"]);
    expect(calls.at(-1)?.args).toEqual(["tenant-a", ["x", "y"], ["date"]]);
  });

  it("keeps a dialect's feedback and learned weights in process memory when it has no learning store", async () => {
    const store = createStore(recordingDialect().dialect);
    const scorer = { tenant: "t", file: { format: "engram-recall-scorer", version: 1 }, updatedAt: 5 };
    await store.learning.setScorer(scorer);
    expect(await store.learning.scorer("t")).toEqual(scorer);
    expect(await store.learning.scorer("other")).toBeNull();
    await store.close();
    await expect(store.learning.scorer("t")).rejects.toThrow(/closed/);
  });

  it("checks patches before the dialect sees them, merges them per memory, and returns the updated in order", async () => {
    const { dialect, calls } = recordingDialect();
    const store = createStore(dialect);
    await expect(store.updateMemories("t", [{ id: "a" }, { id: "b", strength: 2 }])).rejects.toMatchObject({
      code: "invalid_input",
      where: "patches[1]",
    });
    expect(calls).toEqual([]);
    expect(
      await store.updateMemories("t", [
        { id: "b", strength: 0.5 },
        { id: "missing", status: "archived" },
        { id: "a", status: "archived" },
        { id: "b", lastSeenAt: 3 },
      ]),
    ).toEqual(["b", "a"]);
    expect(calls.at(-1)?.args).toEqual([
      "t",
      [
        { id: "b", strength: 0.5, lastSeenAt: 3 },
        { id: "missing", status: "archived" },
        { id: "a", status: "archived" },
      ],
    ]);
  });

  it("hands the dialect the rules: the batch check, the binding decision and the prepared query", async () => {
    const { dialect, calls } = recordingDialect();
    const store = createStore(dialect);
    await store.write({ inserts: [memory({ vector: axis(0) })], reinforcements: [] });
    expect(calls.at(-1)).toEqual({ method: "write", args: [8] });
    await expect(
      store.write({ inserts: [memory({ tenant: "" })], reinforcements: [] }),
    ).rejects.toMatchObject({ code: "invalid_input", where: "inserts[0]" });
    await expect(store.bindEmbedder({ id: "new", dimensions: 8 })).resolves.toBeUndefined();
    expect(calls.at(-1)).toEqual({ method: "bindEmbedder", args: [{ id: "new", dimensions: 8 }, true] });
    await store.searchVectors({ tenant: "t" }, axis(1), 4);
    expect(calls.at(-1)).toEqual({ method: "searchVectors", args: [4, 8] });
    await expect(store.searchVectors({ tenant: "t" }, axis(1, 16), 4)).rejects.toMatchObject({
      code: "embedder_mismatch",
    });
  });

  it("applies list's defaults, pages the export after the last record, and folds the stats", async () => {
    const inserts = [memory(), memory(), memory(), memory(), memory()];
    const { dialect, calls } = recordingDialect(inserts.map((item) => item.record));
    const store = createStore(dialect);
    await store.list({ tenant: "t" });
    expect(calls.at(-1)?.args).toEqual([{ limit: undefined, offset: 0, order: "asc" }]);
    const exported: string[] = [];
    for await (const item of store.exportAll("tenant-a")) exported.push(item.record.id);
    expect(exported).toEqual(inserts.map((item) => item.record.id));
    const pages = calls.filter((call) => call.method === "exportPage").map((call) => call.args[1]);
    const second = inserts[1]?.record as MemoryRecord;
    expect(pages).toHaveLength(3);
    expect(pages[1]).toEqual({ tenant: second.tenant, occurredAt: second.occurredAt, id: second.id });
    expect(await store.stats()).toEqual({
      memories: 2,
      byKind: { episode: 2 },
      byStatus: { active: 2 },
      keys: 2,
      vectors: 1,
      tenants: 1,
      users: 1,
    });
  });

  it("maps what the dialect throws through its toError, and refuses every call once closed; closes once", async () => {
    const { dialect, closes } = recordingDialect();
    dialect.list = async () => {
      throw new Error("disk on fire");
    };
    const store = createStore(dialect, (guard) => ({ ping: () => guard(() => "pong") }));
    await expect(store.list({ tenant: "t" })).rejects.toMatchObject({
      code: "store_failure",
      message: "mapped: Error: disk on fire",
    });
    expect(await store.ping()).toBe("pong");
    await store.close();
    await store.close();
    expect(closes()).toBe(1);
    const refused = "recording: this store is closed: open it again with createRecordingStore";
    await expect(store.get("t", ["a"])).rejects.toMatchObject({ code: "store_failure", message: refused });
    await expect(store.ping()).rejects.toMatchObject({ message: refused });
    await expect(store.exportAll()[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      message: refused,
    });
  });

  it("hands several queries to a dialect's searchVectorsMany in one call, prepared in order; without one, calls searchVectors per query", async () => {
    const { dialect, calls } = recordingDialect();
    const plain = createStore(dialect);
    expect(await plain.searchVectorsMany({ tenant: "t" }, [axis(0), axis(1)], 3)).toEqual([[], []]);
    expect(calls.filter((call) => call.method === "searchVectors")).toHaveLength(2);
    expect(await plain.searchVectorsMany({ tenant: "t" }, [], 3)).toEqual([]);

    const prepared: (number | null)[][] = [];
    const batched = createStore({
      ...dialect,
      async searchVectorsMany(_filter, limit, prepare) {
        const queries = prepare({ binding: null, dimensions: 8 });
        prepared.push(queries.map((query) => query?.values.length ?? null));
        return queries.map((query, position) =>
          query === null
            ? []
            : [{ memoryId: `m${position}`, similarity: 1, keyKind: "text" }].slice(0, limit),
        );
      },
    });
    const hits = await batched.searchVectorsMany({ tenant: "t" }, [axis(0), new Float32Array(8), axis(2)], 2);
    expect(hits.map((list) => list.map((hit) => hit.memoryId))).toEqual([["m0"], [], ["m2"]]);
    // one call for the three queries: a zero vector needs no search, so it is prepared as null
    expect(prepared).toEqual([[8, null, 8]]);
    await expect(batched.searchVectorsMany({ tenant: "t" }, [axis(0, 16)], 2)).rejects.toMatchObject({
      code: "embedder_mismatch",
    });
  });

  it("exposes a dialect's reindex as the store's, guarded like the rest, and none without one", async () => {
    const { dialect } = recordingDialect();
    expect(createStore(dialect).reindex).toBeUndefined();
    const job: ReindexJob = {
      target: { id: "e", dimensions: 8 },
      mode: "all",
      after: null,
      done: 0,
      total: 0,
    };
    const reindex: ReindexStore = {
      job: async () => job,
      start: async () => job,
      next: async () => {
        throw new Error("lost the file");
      },
      write: async () => job,
      finish: async () => undefined,
    };
    const store = createStore({ ...dialect, reindex });
    expect(await store.reindex?.job()).toEqual(job);
    await expect(store.reindex?.next(5)).rejects.toMatchObject({
      code: "store_failure",
      message: "mapped: Error: lost the file",
    });
    await store.close();
    await expect(store.reindex?.job()).rejects.toMatchObject({ code: "store_failure", message: /closed/ });
  });
});
