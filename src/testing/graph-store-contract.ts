/** The contract a store's knowledge graph meets (Store.graph and WriteBatch.graph): run it against each backend that keeps one. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EntityRecord, FactRecord, RelationRecord } from "../spec/graph.js";
import type { NewMemory } from "../spec/memory.js";
import type { Store } from "../spec/store.js";

export interface OpenedGraphStore {
  store: Store;
  cleanup: () => Promise<void>;
}

const T = Date.UTC(2024, 0, 1);
const scope = { tenant: "t1", user: "ana", agent: null };

function memory(id: string, kind: "episode" | "fact", text: string): NewMemory {
  return {
    record: {
      id,
      tenant: "t1",
      user: "ana",
      agent: null,
      session: null,
      kind,
      text,
      role: null,
      speaker: null,
      occurredAt: T,
      recordedAt: T,
      source: null,
      sources: [{ source: null, occurredAt: T, recordedAt: T, session: null }],
      metadata: {},
      count: 1,
      lastSeenAt: T,
      strength: 0.5,
      status: "active",
      textHash: id,
    },
    keys: [{ memoryId: id, kind: "text", text, terms: [], vector: null, scale: 0 }],
  };
}

const entity = (id: string, name: string, entityType: string): EntityRecord => ({
  ...scope,
  id,
  name,
  entityType,
  aliases: [],
  observations: [],
  createdAt: T,
});

const fact = (memoryId: string, object: string, objectId: string, sources: string[]): FactRecord => ({
  ...scope,
  memoryId,
  subjectId: "ent_ana",
  predicate: "lives_in",
  object,
  objectId,
  validFrom: T,
  validTo: null,
  recordedAt: T,
  retiredAt: null,
  supersededBy: null,
  sourceMemoryIds: sources,
});

/**
 * Runs the graph store contract against a store that keeps a knowledge graph. `open` gives a fresh, empty store.
 * @example
 * runGraphStoreContract("memory", async () => { const store = createMemoryStore(); return { store, cleanup: () => store.close() }; });
 */
export function runGraphStoreContract(name: string, open: () => Promise<OpenedGraphStore>): void {
  describe(`graph store contract: ${name}`, () => {
    let opened: OpenedGraphStore;
    let store: Store;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await store.write({
        inserts: [
          memory("mem_e1", "episode", "I live in Lisbon"),
          memory("mem_e2", "episode", "Lisbon again"),
          memory("mem_f1", "fact", "Ana lives in Lisbon."),
        ],
        reinforcements: [],
        graph: {
          entities: [
            { ...entity("ent_ana", "Ana", "person"), aliases: ["Mel"] },
            entity("ent_lis", "Lisbon", "place"),
          ],
          facts: [fact("mem_f1", "Lisbon", "ent_lis", ["mem_e1", "mem_e2"])],
          relations: [
            {
              ...scope,
              id: "rel_1",
              fromId: "ent_ana",
              toId: "ent_lis",
              relationType: "lives_in",
              validFrom: T,
              validTo: null,
              recordedAt: T,
              retiredAt: null,
              factId: "mem_f1",
            } satisfies RelationRecord,
          ],
          mentions: [{ memoryId: "mem_e1", entityId: "ent_lis" }],
        },
      });
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it("reads back what was written, exactly and in order", async () => {
      const graph = store.graph;
      if (!graph) throw new Error("this store keeps no graph");
      expect((await graph.entities(scope)).map((e) => [e.id, e.name, e.aliases])).toEqual([
        ["ent_ana", "Ana", ["Mel"]],
        ["ent_lis", "Lisbon", []],
      ]);
      expect(await graph.facts("t1", ["mem_f1", "mem_unknown"])).toEqual([
        fact("mem_f1", "Lisbon", "ent_lis", ["mem_e1", "mem_e2"]),
      ]);
      expect(await graph.facts("other", ["mem_f1"])).toEqual([]);
      expect((await graph.relations(scope)).map((r) => r.id)).toEqual(["rel_1"]);
      expect(await graph.entities({ ...scope, user: "bob" })).toEqual([]);
      // by id, in any tenant and any order asked; unknown ids left out
      expect((await graph.entitiesById(["ent_lis", "ent_none", "ent_ana"])).map((e) => e.id).sort()).toEqual([
        "ent_ana",
        "ent_lis",
      ]);
      expect(await graph.entitiesById([])).toEqual([]);
      expect(Object.fromEntries(await graph.entitiesOfMemories("t1", ["mem_f1", "mem_e1"]))).toEqual({
        mem_f1: ["ent_ana", "ent_lis"],
        mem_e1: ["ent_lis"],
      });
      expect((await graph.factsFromSources("t1", ["mem_e2"])).map((f) => f.memoryId)).toEqual(["mem_f1"]);
      expect(await graph.factsDerivedOnlyFrom("t1", ["mem_e1"])).toEqual([]);
      expect(await graph.factsDerivedOnlyFrom("t1", ["mem_e1", "mem_e2"])).toEqual(["mem_f1"]);
      const exported = [];
      for await (const record of graph.exportAll("t1")) exported.push(record.type);
      expect(exported).toEqual(["entity", "entity", "fact", "relation", "mention"]);
    });

    it("upserts whole rows, and hides retired relations unless asked", async () => {
      const graph = store.graph;
      if (!graph) throw new Error("this store keeps no graph");
      await store.write({
        inserts: [],
        reinforcements: [],
        graph: {
          facts: [
            {
              ...fact("mem_f1", "Lisbon", "ent_lis", ["mem_e1"]),
              validTo: T + 1,
              retiredAt: T + 2,
              supersededBy: "mem_x",
            },
          ],
          relations: [
            {
              ...scope,
              id: "rel_1",
              fromId: "ent_ana",
              toId: "ent_lis",
              relationType: "lives_in",
              validFrom: T,
              validTo: T + 1,
              recordedAt: T,
              retiredAt: T + 2,
              factId: "mem_f1",
            },
          ],
        },
      });
      expect((await graph.facts("t1", ["mem_f1"]))[0]).toMatchObject({
        validTo: T + 1,
        sourceMemoryIds: ["mem_e1"],
      });
      expect(await graph.listFacts(scope)).toEqual([]);
      expect(await graph.listFacts(scope, { includeRetired: true })).toHaveLength(1);
      expect(await graph.relations(scope)).toEqual([]);
      expect(await graph.relations(scope, { includeRetired: true })).toHaveLength(1);
    });

    it("lists facts oldest validity first: one with no start (a former value) before those with one", async () => {
      const graph = store.graph;
      if (!graph) throw new Error("this store keeps no graph");
      await store.write({
        inserts: [
          memory("mem_f0", "fact", "Ana lived in Porto."),
          memory("mem_f2", "fact", "Ana lives in Faro."),
        ],
        reinforcements: [],
        graph: {
          entities: [entity("ent_por", "Porto", "place"), entity("ent_far", "Faro", "place")],
          facts: [
            // recorded after the others, its start unknown
            { ...fact("mem_f0", "Porto", "ent_por", ["mem_e1"]), validFrom: null, recordedAt: T + 10 },
            { ...fact("mem_f2", "Faro", "ent_far", ["mem_e2"]), validFrom: T + 5, recordedAt: T + 5 },
          ],
        },
      });
      expect((await graph.listFacts(scope, { includeRetired: true })).map((f) => f.memoryId)).toEqual([
        "mem_f0",
        "mem_f1",
        "mem_f2",
      ]);
    });

    it("forgetting memories removes what hangs on them; forgetting the user removes the graph", async () => {
      const graph = store.graph;
      if (!graph) throw new Error("this store keeps no graph");
      await store.forget({ tenant: "t1", ids: ["mem_f1", "mem_e1"] });
      expect(await graph.facts("t1", ["mem_f1"])).toEqual([]);
      expect(await graph.relations(scope, { includeRetired: true })).toEqual([]);
      expect(Object.fromEntries(await graph.entitiesOfMemories("t1", ["mem_e1"]))).toEqual({});
      expect(await graph.entities(scope)).toHaveLength(2);
      await store.forget({ tenant: "t1", user: "ana" });
      expect(await graph.entities(scope)).toEqual([]);
    });

    it("writes nothing of a batch whose graph part fails", async () => {
      const graph = store.graph;
      if (!graph) throw new Error("this store keeps no graph");
      await expect(
        store.write({
          inserts: [memory("mem_e3", "episode", "new")],
          reinforcements: [],
          graph: { facts: [fact("mem_missing", "Porto", "ent_lis", [])] },
        }),
      ).rejects.toMatchObject({ code: "store_failure" });
      expect(await store.get("t1", ["mem_e3"])).toEqual([]);
    });
  });
}
