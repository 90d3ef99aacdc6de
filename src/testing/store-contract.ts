/**
 * The contract every Store meets, as one vitest suite: run it unchanged against each backend with runStoreContract.
 * Over 400 lines on purpose: the cases read top to bottom as the contract's text, one describe per operation.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { quantizeInt8 } from "../mechanisms/quantization.js";
import { EngramError, ERROR_CODES, type ErrorCode } from "../spec/errors.js";
import type { MemoryKey, MemoryRecord, NewMemory } from "../spec/memory.js";
import type { MemoryFilter, Store } from "../spec/store.js";

export interface OpenedStore {
  store: Store;
  /** Closes the store and removes whatever it created. Must tolerate a store already closed. */
  cleanup: () => Promise<void>;
}

const DIMENSIONS = 8;
const BASE_TIME = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

/** A small seeded generator so vector tests are the same on every run and every backend. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function unit(values: readonly number[]): Float32Array {
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return Float32Array.from(values, (value) => value / norm);
}

/** The i-th axis of the test space: orthogonal vectors make similarities exact (1 or 0). */
function axis(i: number, dimensions = DIMENSIONS): Float32Array {
  const values = new Array<number>(dimensions).fill(0);
  values[i] = 1;
  return unit(values);
}

function randomUnit(random: () => number, dimensions: number): Float32Array {
  return unit(Array.from({ length: dimensions }, () => random() * 2 - 1));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

interface KeySpec {
  kind?: string;
  text?: string;
  terms?: string[];
  vector?: Float32Array | null;
}

type MemorySpec = Partial<MemoryRecord> & {
  vector?: Float32Array | null;
  terms?: string[];
  extraKeys?: KeySpec[];
};

let counter = 0;

function key(memoryId: string, spec: KeySpec): MemoryKey {
  const vector = spec.vector ?? null;
  const quantized = vector === null ? null : quantizeInt8(vector);
  return {
    memoryId,
    kind: spec.kind ?? "text",
    text: spec.text ?? `key of ${memoryId}`,
    terms: spec.terms ?? [],
    vector: quantized?.values ?? null,
    scale: quantized?.scale ?? 0,
  };
}

/** A complete new memory: every field filled, so round trips compare everything. */
function memory(spec: MemorySpec = {}): NewMemory {
  counter += 1;
  const id = spec.id ?? `memory-${String(counter).padStart(5, "0")}`;
  const occurredAt = spec.occurredAt ?? BASE_TIME + counter * MINUTE;
  const recordedAt = spec.recordedAt ?? occurredAt + 1000;
  const text = spec.text ?? `the text of ${id}`;
  const record: MemoryRecord = {
    id,
    tenant: spec.tenant ?? "tenant-a",
    user: spec.user === undefined ? "ana" : spec.user,
    agent: spec.agent === undefined ? null : spec.agent,
    session: spec.session === undefined ? null : spec.session,
    kind: spec.kind ?? "episode",
    text,
    role: spec.role === undefined ? "user" : spec.role,
    speaker: spec.speaker === undefined ? "Ana" : spec.speaker,
    occurredAt,
    recordedAt,
    source: spec.source === undefined ? "chat:1" : spec.source,
    sources: spec.sources ?? [{ source: "chat:1", occurredAt, recordedAt, session: spec.session ?? null }],
    metadata: spec.metadata ?? {},
    count: spec.count ?? 1,
    lastSeenAt: spec.lastSeenAt ?? recordedAt,
    strength: spec.strength ?? 0.5,
    status: spec.status ?? "active",
    textHash: spec.textHash ?? `hash-${id}`,
  };
  const keys = [
    key(id, {
      kind: "text",
      text,
      terms: spec.terms ?? ["text"],
      vector: spec.vector === undefined ? axis(0) : spec.vector,
    }),
    ...(spec.extraKeys ?? []).map((extra) => key(id, extra)),
  ];
  return { record, keys };
}

async function expectError(promise: Promise<unknown>, code: ErrorCode): Promise<EngramError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(EngramError.isInstance(error), `expected an EngramError ${code}, got ${String(error)}`).toBe(true);
  expect((error as EngramError).code).toBe(code);
  return error as EngramError;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const ids = (items: readonly { memoryId: string }[]): string[] => items.map((item) => item.memoryId);
const recordIds = (records: readonly MemoryRecord[]): string[] => records.map((record) => record.id);
const sorted = (values: readonly string[]): string[] => [...values].sort();

/**
 * Runs the store contract against a backend. `open` gives a fresh, empty store each time.
 * @example
 * runStoreContract("sqlite", async () => { const store = createSqliteStore({ path }); return { store, cleanup: () => store.close() }; });
 */
export function runStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    const extra: OpenedStore[] = [];

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened.cleanup();
      for (const other of extra.splice(0)) await other.cleanup();
    });

    async function openAnother(): Promise<Store> {
      const other = await open();
      extra.push(other);
      return other.store;
    }

    describe("keys", () => {
      it("reads memories' keys by id within the tenant, all kinds or only those asked for", async () => {
        const written = memory({
          extraKeys: [
            { kind: "date", text: "2023-05-07", terms: [], vector: null },
            { kind: "fact", text: "Ana went to Paris", terms: ["ana", "paris"], vector: axis(3) },
          ],
        });
        const other = memory({ tenant: "tenant-b" });
        await store.write({ inserts: [written, other], reinforcements: [] });
        expect(await store.keys("tenant-a", [written.record.id])).toEqual(written.keys);
        expect(await store.keys("tenant-a", [written.record.id, "no-such-id"], ["date"])).toEqual([
          written.keys[1],
        ]);
        expect(await store.keys("tenant-a", [other.record.id])).toEqual([]);
        expect(await store.keys("tenant-a", [written.record.id], [])).toEqual([]);
        expect(await store.keys("tenant-a", [])).toEqual([]);
      });
    });

    describe("learning: feedback and learned weights, per tenant", () => {
      const feedback = (id: string, tenant: string, recordedAt: number, used = ["m1"]) => ({
        id,
        tenant,
        user: "ana",
        agent: null,
        session: null,
        query: "where does Ana live?",
        used,
        rejected: ["m9"],
        at: recordedAt - 5,
        recordedAt,
      });

      it("keeps feedback oldest first, bounded per tenant (the oldest go), never across tenants", async () => {
        expect(await store.learning.addFeedback(feedback("f1", "tenant-a", 10), 2)).toBe(0);
        expect(await store.learning.addFeedback(feedback("f2", "tenant-a", 20), 2)).toBe(0);
        expect(await store.learning.addFeedback(feedback("f0", "tenant-b", 5), 2)).toBe(0);
        expect(await store.learning.addFeedback(feedback("f3", "tenant-a", 30), 2)).toBe(1);
        expect(await store.learning.feedback("tenant-a")).toEqual([
          feedback("f2", "tenant-a", 20),
          feedback("f3", "tenant-a", 30),
        ]);
        expect(await store.learning.feedback("tenant-b")).toEqual([feedback("f0", "tenant-b", 5)]);
        expect(await store.learning.clearFeedback("tenant-a")).toBe(2);
        expect(await store.learning.feedback("tenant-a")).toEqual([]);
        expect(await store.learning.feedback("tenant-b")).toHaveLength(1);
      });

      it("takes forgotten memories out of feedback, dropping records left with nothing used", async () => {
        await store.learning.addFeedback(feedback("f1", "tenant-a", 10, ["m1", "m2"]), 100);
        await store.learning.addFeedback(feedback("f2", "tenant-a", 20, ["m1"]), 100);
        await store.learning.addFeedback(feedback("f3", "tenant-b", 30, ["m1"]), 100);
        expect(await store.learning.forgetInFeedback("tenant-a", ["m1", "m9"])).toBe(2);
        expect(await store.learning.feedback("tenant-a")).toEqual([
          { ...feedback("f1", "tenant-a", 10, ["m2"]), rejected: [] },
        ]);
        expect(await store.learning.feedback("tenant-b")).toEqual([feedback("f3", "tenant-b", 30, ["m1"])]);
        expect(await store.learning.forgetInFeedback("tenant-a", [])).toBe(0);
      });

      it("stores, replaces, exports and deletes a tenant's learned scorer", async () => {
        const file = {
          format: "engram-recall-scorer",
          version: 1,
          features: [{ name: "meaning", weight: 0.3 }],
        };
        expect(await store.learning.scorer("tenant-a")).toBeNull();
        await store.learning.setScorer({ tenant: "tenant-a", file, updatedAt: 100 });
        await store.learning.setScorer({ tenant: "tenant-a", file: { ...file, version: 1 }, updatedAt: 200 });
        await store.learning.addFeedback(feedback("f1", "tenant-a", 10), 100);
        expect(await store.learning.scorer("tenant-a")).toEqual({ tenant: "tenant-a", file, updatedAt: 200 });
        expect(await store.learning.scorer("tenant-b")).toBeNull();
        expect(await collect(store.learning.exportAll())).toEqual([
          { scorer: { tenant: "tenant-a", file, updatedAt: 200 } },
          { feedback: feedback("f1", "tenant-a", 10) },
        ]);
        expect(await collect(store.learning.exportAll("tenant-b"))).toEqual([]);
        expect(await store.learning.deleteScorer("tenant-a")).toBe(true);
        expect(await store.learning.deleteScorer("tenant-a")).toBe(false);
        expect(await store.learning.scorer("tenant-a")).toBeNull();
      });
    });

    describe("write and get", () => {
      it("returns the records exactly as written, in the order of the ids asked for", async () => {
        const first = memory({
          metadata: { topic: "travel", nested: { a: [1, "two", true, null] } },
          agent: "bot",
        });
        const second = memory({
          user: null,
          role: null,
          speaker: null,
          source: null,
          session: "s1",
          kind: "fact",
        });
        await store.write({ inserts: [first, second], reinforcements: [] });

        const got = await store.get("tenant-a", [second.record.id, "no-such-id", first.record.id]);
        expect(got).toEqual([second.record, first.record]);
      });

      it("keeps keys, terms and vectors exactly (seen through exportAll)", async () => {
        const written = memory({
          terms: ["paris", "trip"],
          extraKeys: [
            { kind: "fact", text: "Ana went to Paris", terms: ["ana", "paris"], vector: axis(3) },
            { kind: "entity", text: "北京", terms: ["北京"], vector: null },
          ],
        });
        await store.write({ inserts: [written], reinforcements: [] });
        const exported = await collect(store.exportAll("tenant-a"));
        expect(exported).toEqual([written]);
        expect(exported[0]?.keys[0]?.vector).toBeInstanceOf(Int8Array);
      });

      it("never returns a record of another tenant from get", async () => {
        const written = memory({ tenant: "tenant-a" });
        await store.write({ inserts: [written], reinforcements: [] });
        expect(await store.get("tenant-b", [written.record.id])).toEqual([]);
        expect(await store.get("tenant-a", [])).toEqual([]);
      });

      it("refuses an id that already exists with invalid_input, and writes nothing of the batch", async () => {
        const existing = memory();
        await store.write({ inserts: [existing], reinforcements: [] });
        const fresh = memory();
        const again = memory({ id: existing.record.id, text: "another text" });
        await expectError(
          store.write({ inserts: [fresh, again], reinforcements: [] }),
          ERROR_CODES.invalidInput,
        );
        expect(await store.get("tenant-a", [fresh.record.id])).toEqual([]);
        expect(await store.get("tenant-a", [existing.record.id])).toEqual([existing.record]);
        expect((await store.stats()).memories).toBe(1);
      });

      it("refuses an id another tenant already uses (ids are unique in the whole store), writing nothing of the batch", async () => {
        const theirs = memory({ tenant: "tenant-b" });
        await store.write({ inserts: [theirs], reinforcements: [] });
        const fresh = memory({ tenant: "tenant-a" });
        const mine = memory({ tenant: "tenant-a", id: theirs.record.id, text: "another text" });
        const error = await expectError(
          store.write({ inserts: [fresh, mine], reinforcements: [] }),
          ERROR_CODES.invalidInput,
        );
        expect(error.where).toBe("inserts[1]");
        // the refusal never says whose the id is
        expect(error.message).not.toContain("tenant-b");
        expect(await store.get("tenant-a", [fresh.record.id, theirs.record.id])).toEqual([]);
        expect(await store.get("tenant-b", [theirs.record.id])).toEqual([theirs.record]);
        // nor may one batch give one id to two tenants
        const twins = [
          memory({ tenant: "tenant-a", id: "twin" }),
          memory({ tenant: "tenant-c", id: "twin" }),
        ];
        await expectError(store.write({ inserts: twins, reinforcements: [] }), ERROR_CODES.invalidInput);
        expect(await store.get("tenant-a", ["twin"])).toEqual([]);
        expect(await store.stats()).toMatchObject({ memories: 1, tenants: 1 });
      });
    });

    describe("searchVectors", () => {
      it("finds a memory once, with the similarity and kind of its best key", async () => {
        const multi = memory({
          vector: axis(0),
          extraKeys: [
            { kind: "fact", vector: axis(1) },
            { kind: "keyphrase", vector: unit([0, 1, 1, 0, 0, 0, 0, 0]) },
          ],
        });
        const other = memory({ vector: unit([1, 1, 0, 0, 0, 0, 0, 0]) });
        await store.write({ inserts: [multi, other], reinforcements: [] });

        const hits = await store.searchVectors({ tenant: "tenant-a" }, axis(1), 10);
        expect(ids(hits)).toEqual([multi.record.id, other.record.id]);
        expect(hits[0]?.keyKind).toBe("fact");
        expect(hits[0]?.similarity).toBeCloseTo(1, 2);
        expect(hits[1]?.similarity).toBeCloseTo(Math.SQRT1_2, 2);
        expect(hits[1]?.keyKind).toBe("text");
      });

      it("answers several queries at once exactly as one at a time, zero vectors with nothing", async () => {
        const random = seededRandom(43);
        const inserts = Array.from({ length: 120 }, (_, i) =>
          memory({ vector: randomUnit(random, 16), user: i % 3 === 0 ? "bo" : "ana" }),
        );
        await store.write({ inserts, reinforcements: [] });
        const queries = [randomUnit(random, 16), new Float32Array(16), randomUnit(random, 16)];
        for (const filter of [{ tenant: "tenant-a" }, { tenant: "tenant-a", user: "bo" }]) {
          const many = await store.searchVectorsMany(filter, queries, 7);
          expect(many).toHaveLength(3);
          expect(many[1]).toEqual([]);
          expect(many[0]).toEqual(await store.searchVectors(filter, queries[0] as Float32Array, 7));
          expect(many[2]).toEqual(await store.searchVectors(filter, queries[2] as Float32Array, 7));
          expect(many[0]).toHaveLength(7);
        }
      });

      it("is exact: the same top memories as a brute-force float scan, similarities within 0.02", async () => {
        const random = seededRandom(42);
        const dimensions = 32;
        const floats = new Map<string, Float32Array[]>();
        const inserts: NewMemory[] = [];
        for (let i = 0; i < 300; i++) {
          const vectors = [randomUnit(random, dimensions), randomUnit(random, dimensions)];
          const written = memory({ vector: vectors[0], extraKeys: [{ kind: "fact", vector: vectors[1] }] });
          floats.set(written.record.id, vectors);
          inserts.push(written);
        }
        await store.write({ inserts, reinforcements: [] });

        for (let round = 0; round < 5; round++) {
          const query = randomUnit(random, dimensions);
          const expected = [...floats.entries()]
            .map(([id, vectors]) => ({
              id,
              similarity: Math.max(...vectors.map((vector) => cosine(query, vector))),
            }))
            .sort((a, b) => b.similarity - a.similarity)
            .slice(0, 10);
          const hits = await store.searchVectors({ tenant: "tenant-a" }, query, 10);
          expect(hits).toHaveLength(10);
          expect(sorted(ids(hits))).toEqual(sorted(expected.map((hit) => hit.id)));
          const byId = new Map(expected.map((hit) => [hit.id, hit.similarity]));
          for (const hit of hits) {
            expect(Math.abs(hit.similarity - (byId.get(hit.memoryId) as number))).toBeLessThan(0.02);
          }
          for (let i = 1; i < hits.length; i++) {
            expect((hits[i - 1] as { similarity: number }).similarity).toBeGreaterThanOrEqual(
              (hits[i] as { similarity: number }).similarity,
            );
          }
        }
      });

      it("breaks ties by memory id and honours the limit", async () => {
        const inserts = ["c", "a", "b"].map((suffix) => memory({ id: `tie-${suffix}`, vector: axis(2) }));
        await store.write({ inserts, reinforcements: [] });
        expect(ids(await store.searchVectors({ tenant: "tenant-a" }, axis(2), 2))).toEqual([
          "tie-a",
          "tie-b",
        ]);
        expect(await store.searchVectors({ tenant: "tenant-a" }, axis(2), 0)).toEqual([]);
      });

      it("sees memories written after an earlier search, and none forgotten since", async () => {
        const first = memory({ vector: axis(4) });
        await store.write({ inserts: [first], reinforcements: [] });
        expect(ids(await store.searchVectors({ tenant: "tenant-a" }, axis(4), 5))).toEqual([first.record.id]);
        const second = memory({ vector: axis(4) });
        await store.write({ inserts: [second], reinforcements: [] });
        expect(sorted(ids(await store.searchVectors({ tenant: "tenant-a" }, axis(4), 5)))).toEqual(
          sorted([first.record.id, second.record.id]),
        );
        await store.forget({ tenant: "tenant-a", ids: [first.record.id] });
        expect(ids(await store.searchVectors({ tenant: "tenant-a" }, axis(4), 5))).toEqual([
          second.record.id,
        ]);
      });

      it("returns nothing for an empty store", async () => {
        expect(await store.searchVectors({ tenant: "tenant-a" }, axis(0), 5)).toEqual([]);
      });
    });

    describe("filters (the same for searchVectors, searchTerms, list and findByTextHash)", () => {
      const T0 = BASE_TIME;
      const fixtures = (): NewMemory[] => [
        memory({
          id: "f-ana-episode",
          user: "ana",
          agent: "bot",
          session: "s1",
          occurredAt: T0 + 1 * MINUTE,
        }),
        memory({
          id: "f-ana-fact",
          user: "ana",
          agent: "bot",
          session: "s2",
          kind: "fact",
          occurredAt: T0 + 2 * MINUTE,
        }),
        memory({
          id: "f-ana-archived",
          user: "ana",
          agent: "bot",
          status: "archived",
          occurredAt: T0 + 3 * MINUTE,
        }),
        memory({
          id: "f-ben-episode",
          user: "ben",
          agent: "helper",
          session: "s1",
          occurredAt: T0 + 4 * MINUTE,
        }),
        memory({ id: "f-ben-summary", user: "ben", kind: "summary", occurredAt: T0 + 5 * MINUTE }),
        memory({ id: "f-nobody", user: null, occurredAt: T0 + 6 * MINUTE }),
        memory({
          id: "f-meta-travel",
          user: "ana",
          metadata: { topic: "travel", score: 3, pinned: true },
          occurredAt: T0 + 7 * MINUTE,
        }),
        memory({
          id: "f-meta-work",
          user: "ana",
          metadata: { topic: "work", score: 3, pinned: false },
          occurredAt: T0 + 8 * MINUTE,
        }),
        memory({
          id: "f-meta-string",
          user: "ana",
          metadata: { topic: "travel", score: "3", pinned: "true" },
          occurredAt: T0 + 9 * MINUTE,
        }),
        memory({ id: "f-other-tenant", tenant: "tenant-b", user: "ana", occurredAt: T0 + 10 * MINUTE }),
      ];
      const cases: {
        label: string;
        filter: Omit<MemoryFilter, "tenant"> & { tenant?: string };
        expected: string[];
      }[] = [
        {
          label: "tenant only: active memories of the tenant",
          filter: {},
          expected: [
            "f-ana-episode",
            "f-ana-fact",
            "f-ben-episode",
            "f-ben-summary",
            "f-nobody",
            "f-meta-travel",
            "f-meta-work",
            "f-meta-string",
          ],
        },
        { label: "user", filter: { user: "ben" }, expected: ["f-ben-episode", "f-ben-summary"] },
        { label: "agent", filter: { agent: "bot" }, expected: ["f-ana-episode", "f-ana-fact"] },
        { label: "session", filter: { session: "s1" }, expected: ["f-ana-episode", "f-ben-episode"] },
        { label: "user and session", filter: { user: "ana", session: "s1" }, expected: ["f-ana-episode"] },
        { label: "unknown user", filter: { user: "nobody" }, expected: [] },
        { label: "kinds", filter: { kinds: ["fact", "summary"] }, expected: ["f-ana-fact", "f-ben-summary"] },
        { label: "no kinds at all", filter: { kinds: [] }, expected: [] },
        {
          label: "time range, inclusive at both ends",
          filter: { from: T0 + 2 * MINUTE, to: T0 + 5 * MINUTE },
          expected: ["f-ana-fact", "f-ben-episode", "f-ben-summary"],
        },
        {
          label: "statuses: archived only",
          filter: { statuses: ["archived"] },
          expected: ["f-ana-archived"],
        },
        {
          label: "statuses: both",
          filter: { user: "ana", agent: "bot", statuses: ["active", "archived"] },
          expected: ["f-ana-episode", "f-ana-fact", "f-ana-archived"],
        },
        {
          label: "metadata string",
          filter: { metadata: { topic: "travel" } },
          expected: ["f-meta-travel", "f-meta-string"],
        },
        {
          label: "metadata number is not the string",
          filter: { metadata: { score: 3 } },
          expected: ["f-meta-travel", "f-meta-work"],
        },
        { label: "metadata boolean", filter: { metadata: { pinned: true } }, expected: ["f-meta-travel"] },
        { label: "metadata false", filter: { metadata: { pinned: false } }, expected: ["f-meta-work"] },
        {
          label: "metadata, several entries",
          filter: { metadata: { topic: "travel", score: "3" } },
          expected: ["f-meta-string"],
        },
        { label: "metadata key absent", filter: { metadata: { missing: "x" } }, expected: [] },
        { label: "another tenant", filter: { tenant: "tenant-b" }, expected: ["f-other-tenant"] },
      ];

      for (const { label, filter, expected } of cases) {
        it(`filters by ${label}`, async () => {
          const inserts = fixtures().map((item) => {
            item.keys[0] = { ...(item.keys[0] as MemoryKey), terms: ["apple"] };
            return item;
          });
          await store.write({ inserts, reinforcements: [] });
          const full: MemoryFilter = { tenant: "tenant-a", ...filter };
          expect(sorted(ids(await store.searchVectors(full, axis(0), 100)))).toEqual(sorted(expected));
          expect(sorted(ids(await store.searchTerms(full, ["apple"], 100)))).toEqual(sorted(expected));
          expect(sorted(recordIds(await store.list(full)))).toEqual(sorted(expected));
          const hashes = inserts.map((item) => item.record.textHash);
          expect(sorted(recordIds(await store.findByTextHash(full, hashes)))).toEqual(sorted(expected));
        });
      }
    });

    describe("tenant isolation", () => {
      it("never lets a search, list or get return another tenant's memory, nor a user filter another user's", async () => {
        const tenants = ["t-1", "t-2", "t-3"];
        const users = ["u-1", "u-2", null];
        let run = 0;
        // 30 random cases from a fixed seed: the same on every run and every backend.
        const random = seededRandom(2024);
        const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
        for (let round = 0; round < 30; round++) {
          const rows = Array.from({ length: 1 + Math.floor(random() * 25) }, () => ({
            tenant: pick(tenants),
            user: pick(users),
            axis: Math.floor(random() * DIMENSIONS),
            term: pick(["apple", "pear", "plum"]),
          }));
          const tenant = pick(tenants);
          const user = pick(["u-1", "u-2"]);
          const queryAxis = Math.floor(random() * DIMENSIONS);
          run += 1;
          const prefix = `run${run}-`;
          const inserts = rows.map((row, i) =>
            memory({
              id: `${prefix}${i}`,
              tenant: prefix + row.tenant,
              user: row.user,
              vector: axis(row.axis),
              terms: [row.term],
            }),
          );
          await store.write({ inserts, reinforcements: [] });
          const owner = new Map(inserts.map((item) => [item.record.id, item.record]));
          const scopedTenant = prefix + tenant;
          const inTenant = (id: string) => owner.get(id)?.tenant === scopedTenant;
          const ofUser = (id: string) => inTenant(id) && owner.get(id)?.user === user;

          const tenantFilter: MemoryFilter = { tenant: scopedTenant };
          const userFilter: MemoryFilter = { tenant: scopedTenant, user };
          const allIds = [...owner.keys()];
          const expectedTenant = sorted(allIds.filter(inTenant));
          const expectedUser = sorted(allIds.filter(ofUser));

          // Every fixture has a vector, so a search with a large limit returns the whole tenant.
          expect(sorted(ids(await store.searchVectors(tenantFilter, axis(queryAxis), 100)))).toEqual(
            expectedTenant,
          );
          for (const hit of await store.searchVectors(userFilter, axis(queryAxis), 100)) {
            expect(ofUser(hit.memoryId)).toBe(true);
          }
          for (const term of ["apple", "pear", "plum"]) {
            for (const hit of await store.searchTerms(tenantFilter, [term], 100)) {
              expect(inTenant(hit.memoryId)).toBe(true);
            }
            for (const hit of await store.searchTerms(userFilter, [term], 100)) {
              expect(ofUser(hit.memoryId)).toBe(true);
            }
          }
          expect(sorted(recordIds(await store.list(tenantFilter)))).toEqual(expectedTenant);
          expect(sorted(recordIds(await store.list(userFilter)))).toEqual(expectedUser);
          expect(sorted(recordIds(await store.get(scopedTenant, allIds)))).toEqual(expectedTenant);
        }
      });
    });

    describe("findByTextHash", () => {
      it("finds active memories with one of the hashes, within the filter (a null user: those with none)", async () => {
        const same = memory({ textHash: "h-1" });
        const sameArchived = memory({ textHash: "h-1", status: "archived" });
        const otherUser = memory({ textHash: "h-1", user: "ben" });
        const noUser = memory({ textHash: "h-1", user: null });
        const noUserArchived = memory({ textHash: "h-1", user: null, status: "archived" });
        const otherTenant = memory({ textHash: "h-1", tenant: "tenant-b" });
        const differentHash = memory({ textHash: "h-2" });
        await store.write({
          inserts: [same, sameArchived, otherUser, noUser, noUserArchived, otherTenant, differentHash],
          reinforcements: [],
        });

        expect(recordIds(await store.findByTextHash({ tenant: "tenant-a", user: "ana" }, ["h-1"]))).toEqual([
          same.record.id,
        ]);
        expect(
          recordIds(await store.findByTextHash({ tenant: "tenant-a", user: null }, ["h-1", "h-2"])),
        ).toEqual([noUser.record.id]);
        expect(
          sorted(
            recordIds(
              await store.findByTextHash({ tenant: "tenant-a", user: null, statuses: ["archived"] }, ["h-1"]),
            ),
          ),
        ).toEqual([noUserArchived.record.id]);
        expect(sorted(recordIds(await store.findByTextHash({ tenant: "tenant-a" }, ["h-1", "h-2"])))).toEqual(
          sorted([same.record.id, otherUser.record.id, noUser.record.id, differentHash.record.id]),
        );
        expect(await store.findByTextHash({ tenant: "tenant-a" }, [])).toEqual([]);
        expect(await store.findByTextHash({ tenant: "tenant-a" }, ["h-none"])).toEqual([]);
      });
    });

    describe("reinforcement", () => {
      it("counts, appends the source, moves lastSeenAt (occurredAt of the latest source) forward only, and sets the strength", async () => {
        const original = memory({ strength: 0.4 });
        await store.write({ inserts: [original], reinforcements: [] });
        const later = {
          source: "chat:2",
          occurredAt: BASE_TIME + 10 * 86_400_000,
          recordedAt: BASE_TIME + 20 * 86_400_000,
          session: "s9",
        };
        const earlier = {
          source: null,
          occurredAt: BASE_TIME - 1000,
          recordedAt: BASE_TIME - 1000,
          session: null,
        };
        await store.write({
          inserts: [],
          reinforcements: [
            { tenant: "tenant-a", memoryId: original.record.id, source: later, strength: 0.7 },
          ],
        });
        await store.write({
          inserts: [],
          reinforcements: [
            { tenant: "tenant-a", memoryId: original.record.id, source: earlier, strength: 0.8 },
          ],
        });
        const [record] = await store.get("tenant-a", [original.record.id]);
        expect(record).toEqual({
          ...original.record,
          count: 3,
          sources: [...original.record.sources, later, earlier],
          lastSeenAt: later.occurredAt, // world time of the latest telling, not when it was recorded
          strength: 0.8,
        });
      });

      it("may reinforce a memory inserted in the same batch", async () => {
        const fresh = memory();
        const source = {
          source: "doc:3",
          occurredAt: BASE_TIME,
          recordedAt: fresh.record.recordedAt + 5,
          session: null,
        };
        await store.write({
          inserts: [fresh],
          reinforcements: [{ tenant: "tenant-a", memoryId: fresh.record.id, source, strength: 0.9 }],
        });
        const [record] = await store.get("tenant-a", [fresh.record.id]);
        expect(record?.count).toBe(2);
        expect(record?.sources).toEqual([...fresh.record.sources, source]);
      });

      it("rolls the whole batch back when a reinforcement names an unknown memory (not_found)", async () => {
        const existing = memory();
        await store.write({ inserts: [existing], reinforcements: [] });
        const fresh = memory({ vector: axis(5), terms: ["zebra"] });
        const source = {
          source: null,
          occurredAt: BASE_TIME,
          recordedAt: BASE_TIME + 99 * MINUTE,
          session: null,
        };
        await expectError(
          store.write({
            inserts: [fresh],
            reinforcements: [
              { tenant: "tenant-a", memoryId: existing.record.id, source, strength: 0.9 },
              { tenant: "tenant-a", memoryId: "no-such-memory", source, strength: 0.9 },
            ],
          }),
          ERROR_CODES.notFound,
        );
        expect(await store.get("tenant-a", [fresh.record.id])).toEqual([]);
        expect(await store.get("tenant-a", [existing.record.id])).toEqual([existing.record]);
        expect(await store.searchTerms({ tenant: "tenant-a" }, ["zebra"], 5)).toEqual([]);
        expect(ids(await store.searchVectors({ tenant: "tenant-a" }, axis(5), 5))).toEqual([
          existing.record.id,
        ]);
        expect((await store.stats()).keys).toBe(1);
      });

      it("refuses to reinforce another tenant's memory (not_found), changing nothing", async () => {
        const theirs = memory({ tenant: "tenant-b" });
        await store.write({ inserts: [theirs], reinforcements: [] });
        const source = {
          source: null,
          occurredAt: BASE_TIME,
          recordedAt: BASE_TIME + 99 * MINUTE,
          session: null,
        };
        await expectError(
          store.write({
            inserts: [],
            reinforcements: [{ tenant: "tenant-a", memoryId: theirs.record.id, source, strength: 1 }],
          }),
          ERROR_CODES.notFound,
        );
        expect(await store.get("tenant-b", [theirs.record.id])).toEqual([theirs.record]);
      });
    });

    // archive, restore and strength updates
    describe("updateMemories", () => {
      it("archives: every read leaves the memory out unless archived is asked for; restore brings it back", async () => {
        const kept = memory({ vector: axis(1), terms: ["lamp"], textHash: "hash-kept" });
        const archived = memory({ vector: axis(1), terms: ["lamp"], textHash: "hash-archived" });
        await store.write({ inserts: [kept, archived], reinforcements: [] });
        // Search once so a vector cache, if the store keeps one, is warm before the status changes.
        expect(ids(await store.searchVectors({ tenant: "tenant-a" }, axis(1), 5))).toHaveLength(2);

        expect(
          await store.updateMemories("tenant-a", [{ id: archived.record.id, status: "archived" }]),
        ).toEqual([archived.record.id]);
        const active = { tenant: "tenant-a" };
        const onlyArchived: MemoryFilter = { tenant: "tenant-a", statuses: ["archived"] };
        expect(ids(await store.searchVectors(active, axis(1), 5))).toEqual([kept.record.id]);
        expect(ids(await store.searchTerms(active, ["lamp"], 5))).toEqual([kept.record.id]);
        expect((await store.list(active)).map((r) => r.id)).toEqual([kept.record.id]);
        expect((await store.findByTextHash(active, ["hash-kept", "hash-archived"])).map((r) => r.id)).toEqual(
          [kept.record.id],
        );
        expect(ids(await store.searchVectors(onlyArchived, axis(1), 5))).toEqual([archived.record.id]);
        expect(ids(await store.searchTerms(onlyArchived, ["lamp"], 5))).toEqual([archived.record.id]);
        expect(await store.get("tenant-a", [archived.record.id])).toEqual([
          { ...archived.record, status: "archived" },
        ]);
        expect((await store.stats("tenant-a")).byStatus).toEqual({ active: 1, archived: 1 });

        await store.updateMemories("tenant-a", [{ id: archived.record.id, status: "active" }]);
        expect(ids(await store.searchVectors(active, axis(1), 5)).sort()).toEqual(
          [kept.record.id, archived.record.id].sort(),
        );
        expect(ids(await store.searchVectors(onlyArchived, axis(1), 5))).toEqual([]);
        expect(await store.get("tenant-a", [archived.record.id])).toEqual([archived.record]);
      });

      it("sets strength and lastSeenAt and nothing else; skips unknown ids and other tenants' memories", async () => {
        const mine = memory({ strength: 0.5 });
        const theirs = memory({ tenant: "tenant-b", strength: 0.5 });
        await store.write({ inserts: [mine, theirs], reinforcements: [] });
        const updated = await store.updateMemories("tenant-a", [
          { id: "no-such-memory", strength: 0.1 },
          { id: theirs.record.id, strength: 0.2, status: "archived" },
          { id: mine.record.id, strength: 0.75, lastSeenAt: BASE_TIME + 86_400_000 },
        ]);
        expect(updated).toEqual([mine.record.id]);
        expect(await store.get("tenant-a", [mine.record.id])).toEqual([
          { ...mine.record, strength: 0.75, lastSeenAt: BASE_TIME + 86_400_000 },
        ]);
        expect(await store.get("tenant-b", [theirs.record.id])).toEqual([theirs.record]);
        expect(await store.updateMemories("tenant-a", [])).toEqual([]);
      });

      it("refuses an impossible patch (invalid_input) and changes nothing of the call", async () => {
        const first = memory({ strength: 0.5 });
        await store.write({ inserts: [first], reinforcements: [] });
        await expectError(
          store.updateMemories("tenant-a", [
            { id: first.record.id, status: "archived" },
            { id: first.record.id, strength: 1.5 },
          ]),
          ERROR_CODES.invalidInput,
        );
        await expectError(
          store.updateMemories("tenant-a", [{ id: first.record.id, status: "deleted" as never }]),
          ERROR_CODES.invalidInput,
        );
        expect(await store.get("tenant-a", [first.record.id])).toEqual([first.record]);
      });
    });

    describe("forget", () => {
      async function seed() {
        const anaOne = memory({ user: "ana", terms: ["kiwi"], vector: axis(6) });
        const anaTwo = memory({
          user: "ana",
          terms: ["kiwi"],
          vector: axis(6),
          extraKeys: [{ kind: "fact", terms: ["kiwi"], vector: axis(6) }],
        });
        const ben = memory({ user: "ben", terms: ["kiwi"], vector: axis(6) });
        const otherTenant = memory({ tenant: "tenant-b", user: "ana", terms: ["kiwi"], vector: axis(6) });
        await store.write({ inserts: [anaOne, anaTwo, ben, otherTenant], reinforcements: [] });
        // Load any search caches before forgetting, so forgetting has to update them.
        await store.searchVectors({ tenant: "tenant-a" }, axis(6), 10);
        await store.searchVectors({ tenant: "tenant-b" }, axis(6), 10);
        return { anaOne, anaTwo, ben, otherTenant };
      }

      async function expectGone(tenant: string, gone: string[]) {
        expect(await store.get(tenant, gone)).toEqual([]);
        const filter = { tenant, statuses: ["active", "archived"] } satisfies MemoryFilter;
        const found = [
          ...ids(await store.searchVectors(filter, axis(6), 100)),
          ...ids(await store.searchTerms(filter, ["kiwi"], 100)),
          ...recordIds(await store.list(filter)),
          ...(await collect(store.exportAll(tenant))).map((item) => item.record.id),
        ];
        for (const id of gone) expect(found).not.toContain(id);
      }

      it("forgets by ids within the tenant and returns what it removed", async () => {
        const { anaOne, anaTwo, ben, otherTenant } = await seed();
        const removed = await store.forget({
          tenant: "tenant-a",
          ids: [anaTwo.record.id, otherTenant.record.id, "no-such-id", anaOne.record.id],
        });
        expect(removed).toEqual([anaTwo.record.id, anaOne.record.id]);
        await expectGone("tenant-a", removed);
        expect(recordIds(await store.list({ tenant: "tenant-a" }))).toEqual([ben.record.id]);
        expect(await store.get("tenant-b", [otherTenant.record.id])).toEqual([otherTenant.record]);
        const stats = await store.stats("tenant-a");
        expect(stats).toMatchObject({ memories: 1, keys: 1, vectors: 1 });
        expect(await store.forget({ tenant: "tenant-a", ids: [] })).toEqual([]);
      });

      it("forgets by user", async () => {
        const { anaOne, anaTwo, ben, otherTenant } = await seed();
        const removed = await store.forget({ tenant: "tenant-a", user: "ana" });
        expect(sorted(removed)).toEqual(sorted([anaOne.record.id, anaTwo.record.id]));
        await expectGone("tenant-a", removed);
        expect(ids(await store.searchTerms({ tenant: "tenant-a" }, ["kiwi"], 10))).toEqual([ben.record.id]);
        expect(ids(await store.searchVectors({ tenant: "tenant-b" }, axis(6), 10))).toEqual([
          otherTenant.record.id,
        ]);
      });

      it("forgets a whole tenant when the selector names only the tenant", async () => {
        const { anaOne, anaTwo, ben, otherTenant } = await seed();
        const removed = await store.forget({ tenant: "tenant-a" });
        expect(sorted(removed)).toEqual(sorted([anaOne.record.id, anaTwo.record.id, ben.record.id]));
        await expectGone("tenant-a", removed);
        const stats = await store.stats("tenant-a");
        expect(stats).toEqual({
          memories: 0,
          byKind: {},
          byStatus: {},
          keys: 0,
          vectors: 0,
          tenants: 0,
          users: 0,
        });
        expect((await store.stats()).memories).toBe(1);
        expect(await store.get("tenant-b", [otherTenant.record.id])).toEqual([otherTenant.record]);
      });
    });

    describe("export and import", () => {
      it("round-trips every record and key exactly into an empty store, in (tenant, occurredAt, id) order", async () => {
        const random = seededRandom(7);
        const inserts: NewMemory[] = [];
        for (let i = 0; i < 620; i++) {
          inserts.push(
            memory({
              tenant: i % 3 === 0 ? "tenant-b" : "tenant-a",
              occurredAt: BASE_TIME + (i % 17) * MINUTE,
              metadata: i % 2 === 0 ? { i, label: `n${i}`, flags: [true, false] } : {},
              vector: i % 5 === 0 ? null : randomUnit(random, DIMENSIONS),
              terms: i % 4 === 0 ? ["我", "去", "北京"] : ["word", `w${i}`],
              extraKeys:
                i % 7 === 0
                  ? [{ kind: "fact", terms: ["fact"], vector: randomUnit(random, DIMENSIONS) }]
                  : [],
            }),
          );
        }
        await store.write({ inserts, reinforcements: [] });
        const reinforced = inserts[1] as NewMemory;
        await store.write({
          inserts: [],
          reinforcements: [
            {
              tenant: reinforced.record.tenant,
              memoryId: reinforced.record.id,
              source: {
                source: "again",
                occurredAt: BASE_TIME,
                recordedAt: BASE_TIME + 86_400_000,
                session: null,
              },
              strength: 0.99,
            },
          ],
        });

        const exported = await collect(store.exportAll());
        expect(exported).toHaveLength(inserts.length);
        const order = exported.map(
          (item) => [item.record.tenant, item.record.occurredAt, item.record.id] as const,
        );
        const expectedOrder = [...order].sort((a, b) =>
          a[0] !== b[0]
            ? a[0] < b[0]
              ? -1
              : 1
            : a[1] !== b[1]
              ? a[1] - b[1]
              : a[2] < b[2]
                ? -1
                : a[2] > b[2]
                  ? 1
                  : 0,
        );
        expect(order).toEqual(expectedOrder);

        const target = await openAnother();
        await target.write({ inserts: exported, reinforcements: [] });
        expect(await collect(target.exportAll())).toEqual(exported);
        expect(await target.stats()).toEqual(await store.stats());
        expect(
          (await collect(store.exportAll("tenant-b"))).every((item) => item.record.tenant === "tenant-b"),
        ).toBe(true);
        const query = randomUnit(random, DIMENSIONS);
        expect(await target.searchVectors({ tenant: "tenant-a" }, query, 20)).toEqual(
          await store.searchVectors({ tenant: "tenant-a" }, query, 20),
        );
      });
    });

    describe("searchTerms", () => {
      it("ranks by BM25 (higher is better, above zero), one hit per memory with its best key", async () => {
        const both = memory({
          terms: ["red", "apple"],
          extraKeys: [{ kind: "fact", terms: ["red", "apple", "pie"] }],
        });
        const one = memory({ terms: ["green", "apple", "tree", "leaf"] });
        const none = memory({ terms: ["banana"] });
        await store.write({ inserts: [both, one, none], reinforcements: [] });
        const hits = await store.searchTerms({ tenant: "tenant-a" }, ["red", "apple"], 10);
        expect(ids(hits)).toEqual([both.record.id, one.record.id]);
        expect(hits[0]?.keyKind).toBe("text");
        for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
        expect((hits[0] as { score: number }).score).toBeGreaterThan((hits[1] as { score: number }).score);
        expect(ids(await store.searchTerms({ tenant: "tenant-a" }, ["red", "apple"], 1))).toEqual([
          both.record.id,
        ]);
      });

      it("finds a Chinese word as a whole term", async () => {
        const beijing = memory({ terms: ["我", "去", "北京", "旅游"] });
        const shanghai = memory({ terms: ["我", "去", "上海"] });
        await store.write({ inserts: [beijing, shanghai], reinforcements: [] });
        expect(ids(await store.searchTerms({ tenant: "tenant-a" }, ["北京"], 10))).toEqual([
          beijing.record.id,
        ]);
        expect(await store.searchTerms({ tenant: "tenant-a" }, ["北"], 10)).toEqual([]);
      });

      it("treats quotes and FTS operators in terms as plain text, never as syntax", async () => {
        const plain = memory({ terms: ["near", "and", "star"] });
        await store.write({ inserts: [plain], reinforcements: [] });
        const hostile = [
          '"',
          '""',
          "*",
          "AND",
          "OR",
          "NOT",
          "NEAR(",
          "NEAR(a b)",
          'a"b',
          "(",
          ")",
          "^",
          ":",
          "-",
          "terms:x",
          "{terms}",
        ];
        for (const term of hostile) {
          await expect(store.searchTerms({ tenant: "tenant-a" }, [term], 10)).resolves.toBeInstanceOf(Array);
        }
        await expect(store.searchTerms({ tenant: "tenant-a" }, hostile, 10)).resolves.toBeInstanceOf(Array);
        expect(ids(await store.searchTerms({ tenant: "tenant-a" }, ["star", "*"], 10))).toEqual([
          plain.record.id,
        ]);
      });

      it("returns nothing for no terms", async () => {
        await store.write({ inserts: [memory({ terms: ["x"] })], reinforcements: [] });
        expect(await store.searchTerms({ tenant: "tenant-a" }, [], 10)).toEqual([]);
        expect(await store.searchTerms({ tenant: "tenant-a" }, [""], 10)).toEqual([]);
      });

      it("ranks a user's memories by that user's own statistics: another user's writes never move them", async () => {
        const ana = ["owl night", "owl", "forest walk", "owl owl tree"].map((words) =>
          memory({ user: "ana", terms: words.split(" ") }),
        );
        await store.write({ inserts: ana, reinforcements: [] });
        const filter = { tenant: "tenant-a", user: "ana" };
        const before = await store.searchTerms(filter, ["owl", "forest"], 10);
        expect(before).toHaveLength(4);
        // another user makes "owl" common and "forest" rare in the tenant
        const others = Array.from({ length: 30 }, (_, i) =>
          memory({ user: "bo", terms: ["owl", "owl", `w${i}`, "meadow"] }),
        );
        await store.write({ inserts: others, reinforcements: [] });
        expect(await store.searchTerms(filter, ["owl", "forest"], 10)).toEqual(before);
        // the tenant as a whole ranks by the tenant's statistics, which did move
        const tenantWide = await store.searchTerms({ tenant: "tenant-a" }, ["forest"], 1);
        expect(tenantWide[0]?.score).not.toBe(
          before.find((hit) => hit.memoryId === ana[2]?.record.id)?.score,
        );
      });

      it("finds the best memories of a small scope among many better matches elsewhere", async () => {
        const crowd = Array.from({ length: 300 }, () =>
          memory({ tenant: "tenant-b", terms: ["owl", "owl"] }),
        );
        const mine = memory({ tenant: "tenant-a", terms: ["owl", "forest", "night", "tree", "moss"] });
        await store.write({ inserts: [...crowd, mine], reinforcements: [] });
        expect(ids(await store.searchTerms({ tenant: "tenant-a" }, ["owl"], 3))).toEqual([mine.record.id]);
      });
    });

    describe("list", () => {
      it("orders by occurredAt then id, ascending or descending, with limit and offset", async () => {
        const a = memory({ id: "list-b", occurredAt: BASE_TIME + 2 });
        const b = memory({ id: "list-a", occurredAt: BASE_TIME + 2 });
        const c = memory({ id: "list-c", occurredAt: BASE_TIME + 1 });
        const d = memory({ id: "list-d", occurredAt: BASE_TIME + 3 });
        await store.write({ inserts: [a, b, c, d], reinforcements: [] });
        const filter = { tenant: "tenant-a" };
        expect(recordIds(await store.list(filter))).toEqual(["list-c", "list-a", "list-b", "list-d"]);
        expect(recordIds(await store.list(filter, { order: "desc" }))).toEqual([
          "list-d",
          "list-b",
          "list-a",
          "list-c",
        ]);
        expect(recordIds(await store.list(filter, { limit: 2, offset: 1 }))).toEqual(["list-a", "list-b"]);
        expect(recordIds(await store.list(filter, { offset: 3 }))).toEqual(["list-d"]);
      });
    });

    describe("adjacent", () => {
      it("finds each anchor's previous and next memory of its session through the filter, as two one-row lists would", async () => {
        const inserts: NewMemory[] = [];
        for (let i = 0; i < 40; i++) {
          inserts.push(
            memory({
              id: `adj-${String(i).padStart(2, "0")}`,
              session: `s${i % 3}`,
              user: i % 5 === 0 ? "bo" : "ana",
              kind: i % 7 === 0 ? "fact" : "episode",
              status: i % 11 === 0 ? "archived" : "active",
              // two memories of each session at each time (i and i + 3): the id orders them
              occurredAt: BASE_TIME + Math.floor(i / 6) * MINUTE,
            }),
          );
        }
        await store.write({ inserts, reinforcements: [] });
        const anchors = inserts
          .filter((_, i) => i % 4 === 1)
          .map(({ record }) => ({ session: record.session as string, occurredAt: record.occurredAt }));
        anchors.push({ session: "no-such-session", occurredAt: BASE_TIME });
        const filters = [
          { tenant: "tenant-a" },
          { tenant: "tenant-a", user: "ana", kinds: ["episode" as const] },
          { tenant: "tenant-a", session: "s1", statuses: ["active" as const, "archived" as const] },
          { tenant: "tenant-a", from: BASE_TIME + 5 * MINUTE, to: BASE_TIME + 14 * MINUTE },
          { tenant: "tenant-b" },
        ];
        let found = 0;
        for (const filter of filters) {
          const adjacent = await store.adjacent(filter, anchors);
          expect(adjacent).toHaveLength(anchors.length);
          for (const [i, anchor] of anchors.entries()) {
            const [previous] = await store.list(
              { ...filter, session: anchor.session, to: anchor.occurredAt - 1 },
              { limit: 1, order: "desc" },
            );
            const [next] = await store.list(
              { ...filter, session: anchor.session, from: anchor.occurredAt + 1 },
              { limit: 1, order: "asc" },
            );
            expect(adjacent[i]).toEqual({ previous: previous ?? null, next: next ?? null });
            found += (previous ? 1 : 0) + (next ? 1 : 0);
          }
        }
        expect(found).toBeGreaterThan(30);
        expect(await store.adjacent({ tenant: "tenant-a" }, [])).toEqual([]);
      });

      it("carries the neighbours' keys of the kinds asked, as keys reads them", async () => {
        const inserts: NewMemory[] = [];
        for (let i = 0; i < 12; i++) {
          inserts.push(
            memory({
              id: `adjk-${String(i).padStart(2, "0")}`,
              session: `k${i % 2}`,
              occurredAt: BASE_TIME + i * MINUTE,
              // two date keys on some memories, one on others, none on every third
              extraKeys:
                i % 3 === 0
                  ? []
                  : [
                      { kind: "date", text: `day ${i}`, terms: [`d${i}`] },
                      ...(i % 2 === 0 ? [{ kind: "date", text: `day ${i + 100}`, terms: [] }] : []),
                      { kind: "speaker", text: `Ana: ${i}`, terms: ["ana"] },
                    ],
            }),
          );
        }
        await store.write({ inserts, reinforcements: [] });
        const anchors = inserts.map(({ record }) => ({
          session: record.session as string,
          occurredAt: record.occurredAt,
        }));
        const filter = { tenant: "tenant-a", session: "ignored" };
        const plain = await store.adjacent(filter, anchors);
        for (const kinds of [["date"], ["date", "speaker", "date"], ["text"], []]) {
          const found = await store.adjacent(filter, anchors, kinds);
          expect(found.map(({ previous, next }) => ({ previous, next }))).toEqual(plain);
          let carried = 0;
          for (const answer of found) {
            for (const side of ["previous", "next"] as const) {
              const record = answer[side];
              const keys = answer[side === "previous" ? "previousKeys" : "nextKeys"];
              const expected = record ? await store.keys("tenant-a", [record.id], kinds) : [];
              expect(keys).toEqual(expected);
              carried += keys?.length ?? 0;
            }
          }
          if (kinds.length > 0) expect(carried).toBeGreaterThan(0);
        }
        expect(plain.every((answer) => answer.previousKeys === undefined)).toBe(true);
      });
    });

    describe("embedder binding", () => {
      it("refuses another embedder once vectors exist (embedder_mismatch), and vectors or queries of another size", async () => {
        await store.bindEmbedder({ id: "hash-8", dimensions: DIMENSIONS });
        await store.bindEmbedder({ id: "hash-8", dimensions: DIMENSIONS });
        await store.write({ inserts: [memory({ vector: axis(1) })], reinforcements: [] });

        const error = await expectError(
          store.bindEmbedder({ id: "other", dimensions: DIMENSIONS }),
          ERROR_CODES.embedderMismatch,
        );
        expect(error.message).toContain("hash-8");
        await expectError(store.bindEmbedder({ id: "hash-8", dimensions: 16 }), ERROR_CODES.embedderMismatch);
        await expectError(
          store.searchVectors({ tenant: "tenant-a" }, axis(1, 16), 5),
          ERROR_CODES.embedderMismatch,
        );
        const wrongSize = memory({ vector: axis(1, 16) });
        await expectError(
          store.write({ inserts: [wrongSize], reinforcements: [] }),
          ERROR_CODES.embedderMismatch,
        );
        expect(await store.get("tenant-a", [wrongSize.record.id])).toEqual([]);
      });

      it("allows rebinding while no vector is stored", async () => {
        await store.bindEmbedder({ id: "first", dimensions: 4 });
        await store.write({ inserts: [memory({ vector: null })], reinforcements: [] });
        await store.bindEmbedder({ id: "second", dimensions: DIMENSIONS });
        await store.write({ inserts: [memory({ vector: axis(0) })], reinforcements: [] });
        await expectError(store.bindEmbedder({ id: "first", dimensions: 4 }), ERROR_CODES.embedderMismatch);
      });

      it("lets the first vector fix the size when nothing is bound", async () => {
        await store.write({ inserts: [memory({ vector: axis(0) })], reinforcements: [] });
        await expectError(
          store.write({ inserts: [memory({ vector: axis(0, 16) })], reinforcements: [] }),
          ERROR_CODES.embedderMismatch,
        );
        await expectError(
          store.searchVectors({ tenant: "tenant-a" }, axis(0, 4), 5),
          ERROR_CODES.embedderMismatch,
        );
      });
    });

    describe("stats", () => {
      it("counts memories by kind and status, keys, vectors, tenants and users", async () => {
        await store.write({
          inserts: [
            memory({ user: "ana", kind: "episode", extraKeys: [{ kind: "fact", vector: null }] }),
            memory({ user: "ana", kind: "fact", status: "archived" }),
            memory({ user: "ben", kind: "episode", vector: null }),
            memory({ user: null, kind: "summary" }),
            memory({ tenant: "tenant-b", user: "ana", kind: "segment" }),
          ],
          reinforcements: [],
        });
        expect(await store.stats()).toEqual({
          memories: 5,
          byKind: { episode: 2, fact: 1, summary: 1, segment: 1 },
          byStatus: { active: 4, archived: 1 },
          keys: 6,
          vectors: 4,
          tenants: 2,
          users: 3,
        });
        expect(await store.stats("tenant-a")).toEqual({
          memories: 4,
          byKind: { episode: 2, fact: 1, summary: 1 },
          byStatus: { active: 3, archived: 1 },
          keys: 5,
          vectors: 3,
          tenants: 1,
          users: 2,
        });
      });
    });

    describe("close", () => {
      it("can be called twice", async () => {
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}

/** The builders the contract uses, for backend-specific tests that want the same fixtures. */
export const storeFixtures = { axis, unit, memory, seededRandom, randomUnit } as const;
