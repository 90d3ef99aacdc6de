/** The PostgreSQL graph beyond the shared contract: upgrade from schema 1, several tenants in one batch, repeated rows, refusals. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EntityRecord, GraphWrite } from "../../src/spec/graph.js";
import type { Store } from "../../src/spec/store.js";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { POSTGRES_SCHEMA_VERSION } from "../../src/stores/postgres/schema.js";
import { assertTenantBound } from "../../src/stores/postgres/tenant-sql.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";
import {
  adminQuery,
  dropSchema,
  SKIP_REASON,
  schemaAtVersion,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "./postgres-helpers.js";

const { memory } = storeFixtures;
const T = Date.UTC(2024, 0, 1);

const entity = (tenant: string, id: string, name: string, createdAt = T): EntityRecord => ({
  tenant,
  user: "ana",
  agent: null,
  id,
  name,
  entityType: "thing",
  aliases: [],
  observations: [],
  createdAt,
});

describe("the tenant-sql guard covers the graph tables", () => {
  it("refuses a graph table without an alias bound to the tenant", () => {
    expect(() => assertTenantBound("SELECT * FROM engram_entities WHERE tenant = $1")).toThrow(/no alias/);
    expect(() => assertTenantBound("SELECT r.id FROM engram_relations AS r WHERE r.id = $2")).toThrow(
      /not bound to the tenant/,
    );
    expect(() =>
      assertTenantBound("SELECT s.fact_id FROM engram_fact_sources AS s WHERE s.tenant = $1"),
    ).not.toThrow();
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL graph", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  const schemas: string[] = [];
  const stores: Store[] = [];

  function openPostgres(schema = uniqueSchema("graph")): Store {
    if (!schemas.includes(schema)) schemas.push(schema);
    const store = createPostgresStore({ url, schema, poolSize: 2, hnswIndex: false });
    stores.push(store);
    return store;
  }

  function openSqlite(): Store {
    const store = createSqliteStore({ path: join(tempDir(), "graph.db") });
    stores.push(store);
    return store;
  }

  afterEach(async () => {
    while (stores.length > 0) await stores.pop()?.close();
    while (schemas.length > 0) await dropSchema(url, schemas.pop() as string);
  });

  describe("PostgreSQL graph", () => {
    it("upgrades a schema-1 database in place: memories kept, graph usable, newest version", async () => {
      const schema = uniqueSchema("upgrade");
      schemas.push(schema);
      expect(await schemaAtVersion(url, schema, 1)).toEqual({ from: 0, to: 1 });
      const old = openPostgres(schema);
      await old.write({ inserts: [memory({ id: "m1", tenant: "t1" })], reinforcements: [] });
      expect(
        await adminQuery(url, `SELECT value FROM ${schema}.engram_meta WHERE key = 'schema_version'`),
      ).toEqual([{ value: String(POSTGRES_SCHEMA_VERSION) }]);
      await old.write({
        inserts: [],
        reinforcements: [],
        graph: { entities: [entity("t1", "e1", "Lisbon")], mentions: [{ memoryId: "m1", entityId: "e1" }] },
      });
      expect((await old.get("t1", ["m1"])).map((record) => record.id)).toEqual(["m1"]);
      expect(Object.fromEntries((await old.graph?.entitiesOfMemories("t1", ["m1"])) ?? [])).toEqual({
        m1: ["e1"],
      });
    });

    it("writes a batch over two tenants (an import), giving each mention the tenant that holds both ends", async () => {
      const store = openPostgres();
      await store.write({
        inserts: [memory({ id: "m1", tenant: "t1" }), memory({ id: "m2", tenant: "t2" })],
        reinforcements: [],
      });
      // The same entity id in two tenants is two entities: ids are unique within a tenant.
      await store.write({
        inserts: [],
        reinforcements: [],
        graph: {
          entities: [entity("t1", "e1", "Lisbon"), entity("t2", "e1", "Porto"), entity("t2", "e2", "Braga")],
          mentions: [
            { memoryId: "m1", entityId: "e1" },
            { memoryId: "m2", entityId: "e2" },
          ],
        },
      });
      const graph = store.graph;
      if (!graph) throw new Error("no graph");
      expect((await graph.entities({ tenant: "t1", user: "ana", agent: null })).map((e) => e.name)).toEqual([
        "Lisbon",
      ]);
      expect((await graph.entities({ tenant: "t2", user: "ana", agent: null })).map((e) => e.name)).toEqual([
        "Porto",
        "Braga",
      ]);
      expect(Object.fromEntries(await graph.entitiesOfMemories("t2", ["m1", "m2"]))).toEqual({ m2: ["e2"] });
      const exported = [];
      for await (const record of graph.exportAll()) exported.push(record);
      expect(exported.filter((record) => record.type === "mention")).toEqual([
        { type: "mention", mention: { memoryId: "m1", entityId: "e1" } },
        { type: "mention", mention: { memoryId: "m2", entityId: "e2" } },
      ]);
      // Forgetting one tenant's scope leaves the other's graph.
      await store.forget({ tenant: "t1" });
      expect(await graph.entities({ tenant: "t1", user: "ana", agent: null })).toEqual([]);
      expect(await graph.entities({ tenant: "t2", user: "ana", agent: null })).toHaveLength(2);
    });

    it("refuses a mention its tenant cannot hold, naming it, and writes nothing of the batch", async () => {
      const store = openPostgres();
      await store.write({ inserts: [memory({ id: "m1", tenant: "t1" })], reinforcements: [] });
      // One tenant in the batch: the mention is t2's, and t2 has no memory m1.
      const single = store.write({
        inserts: [memory({ id: "m2", tenant: "t2" })],
        reinforcements: [],
        graph: { entities: [entity("t2", "e2", "Braga")], mentions: [{ memoryId: "m1", entityId: "e2" }] },
      });
      await expect(single).rejects.toMatchObject({
        code: "store_failure",
        where: "graph",
        message: expect.stringContaining("(tenant, memory_id)=(t2, m1)"),
      });
      // Two tenants in the batch: no tenant holds both memory m1 and entity e9.
      const several = store.write({
        inserts: [memory({ id: "m2", tenant: "t2" })],
        reinforcements: [],
        graph: {
          entities: [entity("t1", "e1", "Lisbon"), entity("t2", "e2", "Braga")],
          mentions: [{ memoryId: "m1", entityId: "e9" }],
        },
      });
      await expect(several).rejects.toMatchObject({ code: "store_failure", where: "graph.mentions" });
      expect(await store.get("t2", ["m2"])).toEqual([]);
      expect(await store.graph?.entities({ tenant: "t1", user: "ana", agent: null })).toEqual([]);
      expect(await store.graph?.entities({ tenant: "t2", user: "ana", agent: null })).toEqual([]);
    });

    for (const [name, open] of [
      ["sqlite", openSqlite],
      ["postgres", () => openPostgres()],
    ] as const) {
      it(`${name}: a row upserted twice in one batch keeps its first place and its last values`, async () => {
        const store = open();
        await store.write({
          inserts: [memory({ id: "m1", tenant: "t1" })],
          reinforcements: [],
        });
        const twice: GraphWrite = {
          entities: [
            entity("t1", "e1", "first"),
            entity("t1", "e2", "other"),
            { ...entity("t1", "e1", "last"), aliases: ["L"] },
          ],
          mentions: [
            { memoryId: "m1", entityId: "e1" },
            { memoryId: "m1", entityId: "e1" },
          ],
        };
        await store.write({ inserts: [], reinforcements: [], graph: twice });
        const graph = store.graph;
        if (!graph) throw new Error("no graph");
        expect(
          (await graph.entities({ tenant: "t1", user: "ana", agent: null })).map((e) => [
            e.id,
            e.name,
            e.aliases,
          ]),
        ).toEqual([
          ["e1", "last", ["L"]],
          ["e2", "other", []],
        ]);
        expect(Object.fromEntries(await graph.entitiesOfMemories("t1", ["m1"]))).toEqual({ m1: ["e1"] });
        // A null user is a scope of its own, not a wildcard.
        expect(await graph.entities({ tenant: "t1", user: null, agent: null })).toEqual([]);
      });
    }
  });
}
