/**
 * Where a key's vector lies (schema 10): a key row up to a page's size stays whole in engram_keys, so an exact scan
 * reads a 512-dimension vector from the row instead of from two TOAST chunks; a schema-9 database gets the setting
 * when it opens, and its old rows move inline when rewritten.
 */

import { afterEach, describe, expect, it } from "vitest";
import type { NewMemory } from "../../src/spec/memory.js";
import { createPostgresStore, type PostgresStore } from "../../src/stores/postgres/index.js";
import { POSTGRES_SCHEMA_VERSION } from "../../src/stores/postgres/schema.js";
import { storeFixtures } from "../contract/store-contract.js";
import {
  adminQuery,
  dropSchema,
  SKIP_REASON,
  schemaAtVersion,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory, seededRandom, randomUnit } = storeFixtures;
// the hash embedder's size: 2 kB of vector, which alone passes PostgreSQL's ~2 kB threshold for moving a row out
const DIMENSIONS = 512;
const opened: PostgresStore[] = [];
const schemas: string[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const schema of schemas.splice(0)) if (TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
});

describe.skipIf(TEST_DATABASE_URL === undefined)("PostgreSQL key rows and their vectors", () => {
  const url = TEST_DATABASE_URL as string;

  function newSchema(label: string): string {
    const schema = uniqueSchema(label);
    schemas.push(schema);
    return schema;
  }

  async function open(schema: string): Promise<PostgresStore> {
    const store = createPostgresStore({ url, schema, poolSize: 2 });
    opened.push(store);
    await store.bindEmbedder({ id: "test-512", dimensions: DIMENSIONS });
    return store;
  }

  function notes(seed: number, count: number): NewMemory[] {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () =>
      memory({ user: "ana", vector: randomUnit(random, DIMENSIONS) }),
    );
  }

  /** The chunks in engram_keys' TOAST table: vectors (or texts) stored out of their rows. */
  async function toastChunks(schema: string): Promise<number> {
    const [relation] = await adminQuery<{ toast: string }>(
      url,
      `SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE oid = '${schema}.engram_keys'::regclass`,
    );
    const [row] = await adminQuery<{ chunks: number }>(
      url,
      `SELECT count(*)::int AS chunks FROM ${relation?.toast}`,
    );
    return row?.chunks ?? -1;
  }

  async function keyOptions(schema: string): Promise<string[]> {
    const [row] = await adminQuery<{ options: string[] | null }>(
      url,
      `SELECT reloptions AS options FROM pg_class WHERE oid = '${schema}.engram_keys'::regclass`,
    );
    return row?.options ?? [];
  }

  it("keeps each key's 512-dimension vector in its row; without the setting the same write goes to TOAST", async () => {
    const inline = newSchema("inline");
    const store = await open(inline);
    await store.write({ inserts: notes(3, 40), reinforcements: [] });
    expect(await keyOptions(inline)).toContain("toast_tuple_target=8160");
    expect(await toastChunks(inline)).toBe(0);
    const [size] = await adminQuery<{ bytes: number }>(
      url,
      `SELECT min(pg_column_size(embedding))::int AS bytes FROM ${inline}.engram_keys`,
    );
    expect(size?.bytes).toBeGreaterThan(DIMENSIONS * 4);

    // the control: the same rows in a schema whose keys table has PostgreSQL's default threshold
    const outOfLine = newSchema("toasted");
    const control = await open(outOfLine);
    await control.stats();
    await adminQuery(url, `ALTER TABLE ${outOfLine}.engram_keys RESET (toast_tuple_target)`);
    await control.write({ inserts: notes(3, 40), reinforcements: [] });
    expect(await toastChunks(outOfLine)).toBeGreaterThanOrEqual(40);
    // both find the same nearest keys
    const query = randomUnit(seededRandom(9), DIMENSIONS);
    const filter = { tenant: "default", user: "ana" };
    const near = async (s: PostgresStore) =>
      (await s.searchVectors(filter, query, 5)).map((hit) => hit.similarity.toFixed(6));
    expect(await near(store)).toEqual(await near(control));
  });

  it("gives a schema-9 database the setting when it opens; its old rows move inline when rewritten", async () => {
    const schema = newSchema("upgrade10");
    expect(await schemaAtVersion(url, schema, 9)).toEqual({ from: 0, to: 9 });
    expect(await keyOptions(schema)).toEqual([]);
    // a row as schema 9 stored it, written by hand (a store migrates to 10 before its first write)
    await adminQuery(
      url,
      `INSERT INTO ${schema}.engram_meta (key, value) VALUES ('embedder_id', 'test-512'), ('embedder_dimensions', '${DIMENSIONS}')
         ON CONFLICT (key) DO NOTHING`,
    );
    await adminQuery(
      url,
      `INSERT INTO ${schema}.engram_memories (tenant, id, user_id, kind, text, occurred_at, recorded_at, sources,
         metadata, text_hash, count, last_seen_at, strength, status)
       VALUES ('default', 'old-1', 'ana', 'episodic', 'an old note', 1, 1, '[]', '{}', 'h', 1, 1, 1, 'active')`,
    );
    await adminQuery(
      url,
      `INSERT INTO ${schema}.engram_keys (tenant, memory_id, position, key_kind, text, terms, lexemes, frequencies,
         length, scale, dimensions, embedding, user_id, kind, status, occurred_at)
       VALUES ('default', 'old-1', 0, 'text', 'an old note', '[]', '{old,note}', '{1,1}', 2, 1, ${DIMENSIONS},
         $1::vector, 'ana', 'episodic', 'active', 1)`,
      [`[${randomUnit(seededRandom(4), DIMENSIONS).join(",")}]`],
    );
    expect(await toastChunks(schema)).toBeGreaterThan(0);

    const store = await open(schema);
    await store.write({ inserts: notes(5, 10), reinforcements: [] });
    expect(await keyOptions(schema)).toContain("toast_tuple_target=8160");
    const [version] = await adminQuery<{ value: string }>(
      url,
      `SELECT value FROM ${schema}.engram_meta WHERE key = 'schema_version'`,
    );
    expect(version?.value).toBe(String(POSTGRES_SCHEMA_VERSION));
    expect((await store.get("default", ["old-1"])).map((record) => record.text)).toEqual(["an old note"]);
    // a rewrite (what VACUUM FULL or a reindex does) stores the old row whole
    await adminQuery(url, `VACUUM FULL ${schema}.engram_keys`);
    expect(await toastChunks(schema)).toBe(0);
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL key rows and their vectors", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
