import { describe, expect, it } from "vitest";
import { quantizeInt8 } from "../../mechanisms/quantization.js";
import { EngramError } from "../../spec/errors.js";
import type { MemoryRecord, NewMemory } from "../../spec/memory.js";
import type { WriteBatch } from "../../spec/store.js";
import { storeFixtures } from "../../testing/store-contract.js";
import {
  applyReinforcement,
  checkBatch,
  checkPatch,
  decideBinding,
  foldStats,
  mergePatches,
  orderByIds,
  prepareQuery,
} from "./store-rules.js";

const { axis, memory, unit } = storeFixtures;

function batch(...inserts: NewMemory[]): WriteBatch {
  return { inserts, reinforcements: [] };
}

function thrown(work: () => unknown): EngramError {
  try {
    work();
  } catch (error) {
    if (EngramError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an EngramError");
}

describe("checkBatch", () => {
  const unbound = { binding: null, dimensions: null };

  it("returns the vector size the store holds after the batch: the stored one, else the batch's, else null", () => {
    expect(checkBatch(batch(memory({ vector: axis(0) })), unbound)).toBe(8);
    expect(checkBatch(batch(memory({ vector: null })), unbound)).toBeNull();
    expect(checkBatch(batch(), { binding: null, dimensions: 8 })).toBe(8);
  });

  it("refuses a record without a tenant, an id twice, and a key of another memory, saying which insert", () => {
    const noTenant = memory({ tenant: "" });
    expect(thrown(() => checkBatch(batch(memory(), noTenant), unbound))).toMatchObject({
      code: "invalid_input",
      where: "inserts[1]",
    });
    const first = memory();
    const twice = memory({ id: first.record.id });
    expect(thrown(() => checkBatch(batch(first, twice), unbound)).message).toBe(
      `inserts[1]: memory id ${first.record.id} appears twice in one batch: give each new memory its own id`,
    );
    const stray = memory();
    stray.keys[0] = { ...(stray.keys[0] as NewMemory["keys"][number]), memoryId: "elsewhere" };
    expect(thrown(() => checkBatch(batch(stray), unbound)).where).toBe("inserts[0].keys[0]");
  });

  it("refuses a vector of another size than the binding or the stored vectors (embedder_mismatch)", () => {
    const bound = { binding: { id: "hash-8", dimensions: 8 }, dimensions: null };
    expect(thrown(() => checkBatch(batch(memory({ vector: axis(0, 16) })), bound)).message).toBe(
      "this store's vectors come from hash-8 (8 dims), not a vector of 16 dims: open it with the same embedder, or export and re-import",
    );
    const stored = { binding: null, dimensions: 4 };
    expect(thrown(() => checkBatch(batch(memory({ vector: axis(0) })), stored)).code).toBe(
      "embedder_mismatch",
    );
    // the first vector of an unbound, empty store fixes the size for the rest of the batch
    expect(
      thrown(() => checkBatch(batch(memory({ vector: axis(0) }), memory({ vector: axis(0, 16) })), unbound))
        .message,
    ).toContain("an unnamed embedder (8 dims), not a vector of 16 dims");
  });
});

describe("decideBinding", () => {
  const wanted = { id: "hash-8", dimensions: 8 };

  it("saves a new binding, keeps the same one, and allows another while no vector is stored", () => {
    expect(decideBinding(wanted, { binding: null, dimensions: null })).toBe(true);
    expect(decideBinding(wanted, { binding: wanted, dimensions: 8 })).toBe(false);
    expect(decideBinding(wanted, { binding: { id: "other", dimensions: 4 }, dimensions: null })).toBe(true);
    // unbound vectors of the same size: bind them
    expect(decideBinding(wanted, { binding: null, dimensions: 8 })).toBe(true);
  });

  it("refuses another embedder, or another size, once vectors are stored", () => {
    expect(
      thrown(() => decideBinding(wanted, { binding: { id: "other", dimensions: 8 }, dimensions: 8 })).message,
    ).toBe(
      "this store's vectors come from other (8 dims), not hash-8 (8 dims): open it with the same embedder, or export and re-import",
    );
    expect(thrown(() => decideBinding(wanted, { binding: null, dimensions: 16 })).code).toBe(
      "embedder_mismatch",
    );
  });

  it("rebinds to an embedder that extends the bound one with the same size, and to no other", () => {
    const bound = { binding: { id: "hash-8", dimensions: 8 }, dimensions: 8 };
    expect(decideBinding({ id: "hash-8-zh", dimensions: 8, extends: "hash-8" }, bound)).toBe(true);
    expect(
      thrown(() => decideBinding({ id: "hash-16", dimensions: 16, extends: "hash-8" }, bound)).code,
    ).toBe("embedder_mismatch");
    expect(thrown(() => decideBinding({ id: "x-8", dimensions: 8, extends: "other" }, bound)).code).toBe(
      "embedder_mismatch",
    );
  });
});

describe("prepareQuery", () => {
  it("scales the int8 query so that the int8 dot product with a key is their cosine", () => {
    // q = (3, 4): |q| = 5, max |qᵢ| = 4, so values = (95, 127) (3/4·127 = 95.25 rounds to 95) and scale = (4/127)/5.
    const query = Float32Array.from([3, 4]);
    const prepared = prepareQuery(query, 10, { binding: null, dimensions: 2 });
    expect(prepared?.values).toEqual(Int8Array.from([95, 127]));
    expect(prepared?.scale).toBe(4 / 127 / 5);
    // against the key (0, 1) stored as (0, 127) × 1/127: 127·127 × (4/127/5) × (1/127) = 0.8 = cos
    const key = quantizeInt8(Float32Array.from([0, 1]));
    const dot = (prepared?.values[1] as number) * (key.values[1] as number);
    expect(dot * (prepared?.scale as number) * key.scale).toBeCloseTo(0.8, 15);
  });

  it("needs no search for a limit of 0, an empty store or a zero vector, and refuses another size", () => {
    const state = { binding: null, dimensions: 2 };
    expect(prepareQuery(Float32Array.from([1, 0]), 0, state)).toBeNull();
    expect(prepareQuery(Float32Array.from([0, 0]), 5, state)).toBeNull();
    expect(
      prepareQuery(Float32Array.from([1, 0]), 5, { binding: { id: "e", dimensions: 2 }, dimensions: null }),
    ).toBeNull();
    expect(thrown(() => prepareQuery(unit([1, 0, 0]), 5, state)).message).toContain(
      "not a query vector of 3 dims",
    );
    expect(
      thrown(() =>
        prepareQuery(unit([1, 0, 0]), 5, { binding: { id: "e", dimensions: 2 }, dimensions: null }),
      ).code,
    ).toBe("embedder_mismatch");
  });
});

describe("patches", () => {
  it("refuses a patch without an id, with an unknown status, a strength outside [0, 1] or a time that is not one", () => {
    expect(thrown(() => checkPatch({ id: "" }, 0)).where).toBe("patches[0]");
    expect(thrown(() => checkPatch({ id: "a", status: "deleted" as never }, 1)).message).toBe(
      'patches[1]: status "deleted" is not a status: use "active" or "archived"',
    );
    expect(thrown(() => checkPatch({ id: "a", strength: 1.5 }, 0)).code).toBe("invalid_input");
    expect(thrown(() => checkPatch({ id: "a", strength: Number.NaN }, 0)).code).toBe("invalid_input");
    expect(thrown(() => checkPatch({ id: "a", lastSeenAt: Number.POSITIVE_INFINITY }, 0)).code).toBe(
      "invalid_input",
    );
    expect(() => checkPatch({ id: "a", status: "archived", strength: 0, lastSeenAt: 0 }, 0)).not.toThrow();
  });

  it("merges the patches of one memory in order, first mention first, ignoring undefined fields", () => {
    expect(
      mergePatches([
        { id: "b", strength: 0.1 },
        { id: "a", status: "archived" },
        { id: "b", strength: 0.2, status: undefined, lastSeenAt: 5 },
        { id: "a", status: "active" },
      ]),
    ).toEqual([
      { id: "b", strength: 0.2, lastSeenAt: 5 },
      { id: "a", status: "active" },
    ]);
  });
});

describe("reinforcement, order and stats", () => {
  it("adds the source, counts one more telling, and never moves lastSeenAt back", () => {
    const record = memory().record;
    const source = { source: "again", occurredAt: record.lastSeenAt - 10, recordedAt: 0, session: null };
    const reinforced = applyReinforcement(record, {
      tenant: record.tenant,
      memoryId: record.id,
      source,
      strength: 0.9,
    });
    expect(reinforced).toEqual({
      sources: [...record.sources, source],
      count: record.count + 1,
      lastSeenAt: record.lastSeenAt,
      strength: 0.9,
    });
    const later = { ...source, occurredAt: record.lastSeenAt + 10 };
    expect(
      applyReinforcement(record, { tenant: record.tenant, memoryId: record.id, source: later, strength: 0.9 })
        .lastSeenAt,
    ).toBe(record.lastSeenAt + 10);
  });

  it("orders items as the ids asked for, each once, leaving out the missing", () => {
    const records = ["a", "b", "c"].map((id) => ({ id }) as MemoryRecord);
    expect(
      orderByIds(records, ["c", "x", "a", "c"], (record) => record.id).map((record) => record.id),
    ).toEqual(["c", "a"]);
  });

  it("folds (kind, status) counts into the stats", () => {
    expect(
      foldStats({
        groups: [
          { kind: "episode", status: "active", count: 2 },
          { kind: "episode", status: "archived", count: 1 },
          { kind: "fact", status: "active", count: 3 },
        ],
        keys: 9,
        vectors: 7,
        tenants: 1,
        users: 2,
      }),
    ).toEqual({
      memories: 6,
      byKind: { episode: 3, fact: 3 },
      byStatus: { active: 5, archived: 1 },
      keys: 9,
      vectors: 7,
      tenants: 1,
      users: 2,
    });
  });
});
