/** engram reindex: keys without a vector get one, another embedder's vectors are all replaced, and a killed run resumes. */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine, reindexStore } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import type { Embedder } from "../../src/spec/embedder.js";
import type { Store } from "../../src/spec/store.js";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { runEngram, tempDir } from "../helpers.js";
import { dropSchema, SKIP_REASON, TEST_DATABASE_URL, uniqueSchema } from "../stores/postgres-helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const HAN = /\p{Script=Han}/u;

/** An old English-only embedder: Chinese text gets no vector (as USE-lite before the bilingual embedder). */
function englishOnly(dimensions = 64): Embedder {
  const hash = createHashEmbedder({ dimensions });
  return {
    id: hash.id,
    dimensions,
    embed: async (texts) => {
      const vectors = await hash.embed(texts);
      return texts.map((text, i) => (HAN.test(text) ? null : (vectors[i] ?? null)));
    },
  };
}

/** Its successor: the same vectors for English, and a vector for Chinese too. */
function bilingual(dimensions = 64): Embedder {
  const hash = createHashEmbedder({ dimensions });
  return { id: `${hash.id}+zh@test`, dimensions, extends: hash.id, embed: (texts) => hash.embed(texts) };
}

const TEXTS = [
  "I adopted two cats last spring.",
  "我最喜欢的画家是莫奈。",
  "She works as a nurse in Lisbon.",
  "我们下周五去北京。",
  "The budget meeting moved to Monday.",
];

async function keyVectors(store: Store): Promise<Map<string, (number[] | null)[]>> {
  const out = new Map<string, (number[] | null)[]>();
  for await (const memory of store.exportAll()) {
    out.set(
      memory.record.text,
      // a key with no terms only carries data for recall (the days a memory speaks of): never embedded
      memory.keys
        .filter((key) => key.terms.length > 0)
        .map((key) => (key.vector ? Array.from(key.vector) : null)),
    );
  }
  return out;
}

interface StoreKind {
  name: string;
  open: () => { store: () => Store; cleanup: () => Promise<void> };
}

function storeKinds(): StoreKind[] {
  const kinds: StoreKind[] = [
    {
      name: "sqlite",
      open: () => {
        const path = join(tempDir(), "reindex.db");
        return { store: (): Store => createSqliteStore({ path }), cleanup: async () => undefined };
      },
    },
  ];
  if (TEST_DATABASE_URL) {
    const url = TEST_DATABASE_URL;
    kinds.push({
      name: "postgres",
      open: () => {
        const schema = uniqueSchema("reindex");
        return {
          store: () => createPostgresStore({ url, schema, hnswIndex: false }),
          cleanup: () => dropSchema(url, schema),
        };
      },
    });
  }
  return kinds;
}

describe("reindex", () => {
  if (!TEST_DATABASE_URL) it.skip(`postgres: ${SKIP_REASON}`, () => undefined);

  for (const kind of storeKinds()) {
    it(`${kind.name}: gives Chinese keys a vector and keeps the English ones as they were`, async () => {
      const { store: open, cleanup } = kind.open();
      try {
        const old = createEngine({ store: open(), embedder: englishOnly() });
        await old.remember(TEXTS.map((text) => ({ text, user: "ana" })));
        await old.close();

        let store = open();
        const before = await keyVectors(store);
        const chineseKeys = [...before].filter(([text]) => HAN.test(text));
        expect(chineseKeys.every(([, keys]) => keys.every((key) => key === null))).toBe(true);
        // the successor opens the old store (it extends the old embedder) and reindexes the missing vectors
        const engine = createEngine({ store, embedder: bilingual() });
        const result = await engine.reindex();
        expect(result).toMatchObject({ mode: "missing", resumed: false, memories: chineseKeys.length });
        await engine.close();

        store = open();
        const after = await keyVectors(store);
        expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        for (const [text, keys] of after) {
          if (HAN.test(text)) expect(keys.every((key) => key !== null)).toBe(true);
          else expect(keys).toEqual(before.get(text));
        }
        // a Chinese question now finds the Chinese memory through its vector
        const recalled = createEngine({ store, embedder: bilingual() });
        const stats = await recalled.stats();
        // every key has a vector now, but the date keys ("下周五", "last spring"), which are never embedded
        const dateKeys = (
          await store.keys(
            "default",
            (await store.list({ tenant: "default" })).map((m) => m.id),
            ["date"],
          )
        ).length;
        expect(dateKeys).toBeGreaterThan(0);
        expect(stats.vectors + dateKeys).toBe(stats.keys);
        expect(await recalled.reindex()).toMatchObject({ mode: "missing", memories: 0, vectors: 0 });
        await recalled.close();
      } finally {
        await cleanup();
      }
    });

    it(`${kind.name}: re-embeds every key when the vectors come from another embedder, and blocks binding meanwhile`, async () => {
      const { store: open, cleanup } = kind.open();
      try {
        const old = createEngine({ store: open(), embedder: createHashEmbedder({ dimensions: 64 }) });
        await old.remember(TEXTS.map((text) => ({ text, user: "ana" })));
        await old.close();

        const store = open();
        const wider = createHashEmbedder({ dimensions: 128 });
        await expect(store.bindEmbedder({ id: wider.id, dimensions: 128 })).rejects.toMatchObject({
          code: "embedder_mismatch",
        });
        const memories = (await store.stats()).memories;
        const job = await store.reindex?.start({ id: wider.id, dimensions: 128 }, "all");
        expect(job).toMatchObject({ mode: "all", done: 0, total: memories });
        await expect(store.bindEmbedder({ id: "hash-64", dimensions: 64 })).rejects.toThrow(/reindex to/);
        const result = await reindexStore(store, wider);
        expect(result).toMatchObject({ mode: "all", resumed: true, memories });
        await store.bindEmbedder({ id: wider.id, dimensions: 128 });
        const [query] = await wider.embed(["cats adopted last spring"]);
        const hits = await store.searchVectors({ tenant: "default" }, query as Float32Array, 1);
        const [top] = await store.get("default", [hits[0]?.memoryId as string]);
        expect(top?.text).toBe(TEXTS[0]);
        await store.close();
      } finally {
        await cleanup();
      }
    });
  }

  it("sqlite: a run killed mid-way resumes, and nothing is done twice, skipped or lost", async () => {
    const path = join(tempDir(), "killed.db");
    const old = createEngine({
      store: createSqliteStore({ path }),
      embedder: createHashEmbedder({ dimensions: 64 }),
    });
    const texts = Array.from({ length: 60 }, (_, i) => `memory number ${i} about topic ${i % 7}`);
    await old.remember(texts.map((text) => ({ text, user: "ana" })));
    await old.close();

    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/fixtures/reindex-child.ts"), path],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on("exit", (_code, signal) => done(signal)),
    );
    let output = "";
    await new Promise<void>((done) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        // two batches committed (the third embed call stalls): kill without warning
        if (output.includes('"done":20')) done();
      });
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const store = createSqliteStore({ path });
    const before = await store.countRows();
    expect(await store.reindex.job()).toMatchObject({ mode: "all", done: 20, total: before.memories });
    const result = await reindexStore(store, createHashEmbedder({ dimensions: 128 }), { batchSize: 10 });
    expect(result).toMatchObject({ mode: "all", resumed: true, memories: before.memories - 20 });
    expect(await store.reindex.job()).toBeNull();
    const after = await store.countRows();
    expect(after).toEqual(before);
    expect(await store.integrityCheck()).toBe("ok");
    const sizes = new Set<number>();
    let count = 0;
    for await (const memory of store.exportAll()) {
      count++;
      for (const key of memory.keys) sizes.add(key.vector?.length ?? 0);
    }
    expect(count).toBe(before.memories);
    expect([...sizes]).toEqual([128]);
    await store.close();
  });

  it("engram reindex re-embeds a store from the command line", async () => {
    const db = join(tempDir(), "cli.db");
    const old = createEngine({
      store: createSqliteStore({ path: db }),
      embedder: createHashEmbedder({ dimensions: 64 }),
    });
    await old.remember(TEXTS.map((text) => ({ text })));
    await old.close();
    const run = await runEngram(["--db", db, "--embedder", "hash", "--json", "reindex"]);
    expect(run.code).toBe(0);
    const stats = await runEngram(["--db", db, "--embedder", "hash", "--json", "stats"]);
    expect(run.json()).toMatchObject({
      embedder: "hash-v1-512",
      mode: "all",
      memories: stats.json().memories,
    });
    // every key has a vector but the date keys, which only carry the days a memory speaks of
    const store = createSqliteStore({ path: db });
    let dataOnly = 0;
    for await (const memory of store.exportAll())
      dataOnly += memory.keys.filter((key) => key.terms.length === 0 && key.vector === null).length;
    await store.close();
    expect(dataOnly).toBeGreaterThan(0);
    expect(stats.json().vectors + dataOnly).toBe(stats.json().keys);
  });
});
