/** The int8 vector cache: its scan equals a plain dotInt8 loop, whatever the size, filter or removals. */
import { describe, expect, it } from "vitest";
import { dotInt8, quantizeInt8 } from "../../src/mechanisms/quantization.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createVectorIndex, type VectorRow } from "../../src/stores/sqlite/vector-index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { TURNS } from "../knowledge/conversation-script.js";

const { randomUnit, seededRandom } = storeFixtures;

function rows(count: number, dimensions: number, seed: number): VectorRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const quantized = quantizeInt8(randomUnit(random, dimensions));
    return {
      memoryId: `m${Math.floor(i / 2)}`,
      keyKind: i % 2 === 0 ? "text" : "fact",
      vector: quantized.values,
      scale: quantized.scale,
      user: i % 3 === 0 ? "ana" : "ben",
      agent: null,
      session: i % 5 === 0 ? "s1" : null,
      kind: i % 4 === 0 ? "fact" : "episode",
      status: i % 7 === 0 ? "archived" : "active",
      occurredAt: i * 1000,
    };
  });
}

/** The expected answer, computed the slow way. */
function bruteForce(
  all: VectorRow[],
  query: Int8Array,
  queryScale: number,
  keep: (row: VectorRow) => boolean,
  limit: number,
) {
  const best = new Map<string, { similarity: number; keyKind: string }>();
  for (const row of all) {
    if (!keep(row)) continue;
    const similarity = dotInt8(query, row.vector, 0) * queryScale * row.scale;
    const previous = best.get(row.memoryId);
    if (!previous || similarity > previous.similarity)
      best.set(row.memoryId, { similarity, keyKind: row.keyKind });
  }
  return [...best.entries()]
    .map(([memoryId, hit]) => ({ memoryId, ...hit }))
    .sort((a, b) => b.similarity - a.similarity || (a.memoryId < b.memoryId ? -1 : 1))
    .slice(0, limit);
}

describe("vector index", () => {
  for (const dimensions of [1, 8, 37, 512]) {
    it(`scans ${dimensions}-dimensional rows exactly, with filters, before and after removals`, () => {
      const all = rows(600, dimensions, dimensions);
      const index = createVectorIndex(dimensions);
      for (const row of all) index.add(row);
      const query = quantizeInt8(randomUnit(seededRandom(99), dimensions));

      const active = (row: VectorRow) => row.status === "active";
      expect(index.search(query.values, query.scale, { statuses: ["active"] }, 15)).toEqual(
        bruteForce(all, query.values, query.scale, active, 15),
      );
      const filter = {
        user: "ana",
        kinds: ["episode"],
        statuses: ["active", "archived"],
        from: 50_000,
        to: 400_000,
      };
      const keep = (row: VectorRow) =>
        row.user === "ana" && row.kind === "episode" && row.occurredAt >= 50_000 && row.occurredAt <= 400_000;
      expect(index.search(query.values, query.scale, filter, 10)).toEqual(
        bruteForce(all, query.values, query.scale, keep, 10),
      );
      const allowed = new Set(["m1", "m7", "m200", "unknown"]);
      expect(
        index.search(query.values, query.scale, { statuses: ["active"], memoryIds: allowed }, 10),
      ).toEqual(
        bruteForce(all, query.values, query.scale, (row) => active(row) && allowed.has(row.memoryId), 10),
      );

      // Removing most memories forces a compaction; adding afterwards reuses the space.
      const gone = new Set(Array.from({ length: 220 }, (_, i) => `m${i}`));
      index.removeMemories(gone);
      const left = all.filter((row) => !gone.has(row.memoryId));
      expect(index.size).toBe(left.length);
      const extra = rows(30, dimensions, 1000 + dimensions).map((row) => ({
        ...row,
        memoryId: `new-${row.memoryId}`,
      }));
      for (const row of extra) index.add(row);
      expect(index.search(query.values, query.scale, { statuses: ["active"] }, 25)).toEqual(
        bruteForce([...left, ...extra], query.values, query.scale, active, 25),
      );
      expect(index.search(query.values, query.scale, { statuses: ["active"], session: "nope" }, 5)).toEqual(
        [],
      );
    });
  }

  /** Rows of unit vectors (cosine scales), and the same vectors as queries. */
  function cosineRows(vectors: Float32Array[], memoryPrefix: string): VectorRow[] {
    return vectors.map((vector, i) => {
      const quantized = quantizeInt8(vector);
      return {
        memoryId: `${memoryPrefix}${Math.floor(i / 2)}`,
        keyKind: i % 2 === 0 ? "text" : "fact",
        vector: quantized.values,
        scale: quantized.scale,
        user: i % 5 === 0 ? "ben" : "ana",
        agent: null,
        session: null,
        kind: "episode",
        status: "active",
        occurredAt: i,
      };
    });
  }

  /** Queries as the store prepares them: scale over the int8 norm, so that similarities are cosines. */
  function cosineQueries(vectors: Float32Array[]) {
    return vectors.map((vector) => {
      const quantized = quantizeInt8(vector);
      const norm = Math.sqrt(dotInt8(quantized.values, quantized.values, 0));
      return { query: quantized.values, scale: norm > 0 ? 1 / norm : 0 };
    });
  }

  /** With a minimum similarity, the answer is the full scan's hits that reach it, to the bit; returns how many. */
  function compareWithMinimum(
    index: ReturnType<typeof createVectorIndex>,
    queries: { query: Int8Array; scale: number }[],
  ): number {
    let found = 0;
    for (const minimum of [0.97, 0.9, 0.8, 0.5])
      for (const filter of [{ statuses: ["active"] }, { statuses: ["active"], user: "ana" }])
        for (const limit of [1, 5]) {
          const full = index.searchMany(queries, filter, limit);
          const bounded = index.searchMany(queries, filter, limit, minimum);
          expect(bounded).toEqual(full.map((hits) => hits.filter((hit) => hit.similarity >= minimum)));
          found += bounded.flat().length;
        }
    return found;
  }

  function noisyCopies(bases: Float32Array[], random: () => number): Float32Array[] {
    const unit = (values: Float32Array) => {
      let norm = 0;
      for (const v of values) norm += v * v;
      return values.map((v) => v / Math.sqrt(norm));
    };
    // noise scales that put a copy's cosine on both sides of 0.97 and 0.9
    return bases.flatMap((base) =>
      [0.005, 0.01, 0.02, 0.03, 0.05].map((noise) => unit(base.map((v) => v + noise * (random() - 0.5) * 2))),
    );
  }

  it("with a minimum similarity, skips rows by block-norm bounds and returns what the full scan finds above it (hash vectors)", async () => {
    const texts = TURNS.map((turn) => turn.text);
    const variants = texts.flatMap((text) => [`${text} Really.`, text.replace(/^\S+\s/, ""), `${text}!`]);
    const vectors = (await createHashEmbedder().embed([...texts, ...variants])).filter(
      (v): v is Float32Array => v !== null,
    );
    const index = createVectorIndex(512);
    const half = Math.floor(vectors.length / 2);
    const queries = cosineQueries(vectors);
    const all = cosineRows(vectors, "m");
    for (const row of all.slice(0, half)) index.add(row);
    expect(compareWithMinimum(index, queries)).toBeGreaterThan(0);
    // rows added after the block norms were made, then a removal that compacts
    for (const row of all.slice(half)) index.add(row);
    expect(compareWithMinimum(index, queries)).toBeGreaterThan(0);
    index.removeMemories(all.slice(0, Math.ceil(all.length * 0.6)).map((row) => row.memoryId));
    expect(compareWithMinimum(index, queries)).toBeGreaterThan(0);
  });

  for (const dimensions of [37, 384, 1536]) {
    it(`with a minimum similarity, returns what the full scan finds above it (${dimensions}-dimensional dense vectors and noisy copies)`, () => {
      const random = seededRandom(dimensions);
      const bases = Array.from({ length: 30 }, () => randomUnit(random, dimensions));
      // a vector at int8's largest norm: its block norms must not overflow their 16 bits
      const extreme = new Float32Array(dimensions).fill(1 / Math.sqrt(dimensions));
      const vectors = [extreme, ...bases, ...noisyCopies(bases, random)];
      const index = createVectorIndex(dimensions);
      for (const row of cosineRows(vectors, "d")) index.add(row);
      expect(compareWithMinimum(index, cosineQueries(vectors))).toBeGreaterThan(0);
      const [self] = index.searchMany(cosineQueries([extreme]), { statuses: ["active"] }, 1, 0.99);
      expect(self?.[0]?.memoryId).toBe("d0");
    });
  }

  it("a user's scope in a much larger index gives the exact answer: best key per memory, ties by id, filters that change between scans", () => {
    // 4,096 memories of two keys each; the probe user holds every 64th memory (ordinals a power of two apart, the
    // worst case for a table indexed by the ordinal's low bits), some with equal vectors (ties broken by id)
    const dimensions = 16;
    const random = seededRandom(7);
    const shared = quantizeInt8(randomUnit(random, dimensions));
    const all: VectorRow[] = [];
    for (let memory = 0; memory < 4096; memory++) {
      for (let key = 0; key < 2; key++) {
        const probe = memory % 64 === 0;
        const vector = probe && memory % 256 === 0 ? shared : quantizeInt8(randomUnit(random, dimensions));
        all.push({
          memoryId: `m${String(memory).padStart(5, "0")}`,
          keyKind: key === 0 ? "text" : "fact",
          vector: vector.values,
          scale: vector.scale,
          user: probe ? "probe" : `user-${memory % 50}`,
          agent: null,
          session: null,
          kind: memory % 3 === 0 ? "fact" : "episode",
          status: memory % 5 === 0 ? "archived" : "active",
          occurredAt: memory,
        });
      }
    }
    const index = createVectorIndex(dimensions);
    for (const row of all) index.add(row);
    const query = { values: shared.values, scale: shared.scale };
    const probe = (row: VectorRow) => row.user === "probe";
    const cases: { filter: Parameters<typeof index.search>[2]; keep: (row: VectorRow) => boolean }[] = [
      { filter: { user: "probe", statuses: ["active"] }, keep: (r) => probe(r) && r.status === "active" },
      {
        filter: { user: "probe", statuses: ["archived"], kinds: ["fact"] },
        keep: (r) => probe(r) && r.status === "archived" && r.kind === "fact",
      },
      { filter: { user: "probe", statuses: ["active", "archived"] }, keep: probe },
      {
        filter: {
          user: "probe",
          statuses: ["active", "archived"],
          memoryIds: new Set(["m00064", "m00256", "m00512"]),
        },
        keep: (r) => probe(r) && ["m00064", "m00256", "m00512"].includes(r.memoryId),
      },
      // the last scan's flags (kinds, memories) must not survive into this one
      { filter: { user: "probe", statuses: ["active"] }, keep: (r) => probe(r) && r.status === "active" },
      { filter: { statuses: ["active"] }, keep: (r) => r.status === "active" },
    ];
    for (const { filter, keep } of cases)
      for (const limit of [1, 10, 100])
        expect(index.search(query.values, query.scale, filter, limit)).toEqual(
          bruteForce(all, query.values, query.scale, keep, limit),
        );
  });
});
