/** The int8 vector cache: its scan equals a plain dotInt8 loop, whatever the size, filter or removals. */
import { describe, expect, it } from "vitest";
import { dotInt8, quantizeInt8 } from "../../src/mechanisms/quantization.js";
import { createVectorIndex, type VectorRow } from "../../src/stores/sqlite/vector-index.js";
import { storeFixtures } from "../contract/store-contract.js";

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
});
