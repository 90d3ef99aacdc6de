/** One remember is one transaction: the episodes and the facts, entities and relations derived from them commit together. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import type { WriteBatch } from "../../src/spec/store.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { tempDir } from "../helpers.js";

describe("atomic remember", () => {
  it("writes episodes and derived knowledge in a single store write, and nothing when that write fails", async () => {
    const store = createSqliteStore({ path: join(tempDir(), "atomic.db") });
    const writes: WriteBatch[] = [];
    let fail = false;
    const counting = {
      ...store,
      graph: store.graph,
      async write(batch: WriteBatch) {
        writes.push(batch);
        if (fail) throw new Error("disk full");
        return store.write(batch);
      },
    };
    const engine = createEngine({ store: counting, embedder: createHashEmbedder() });
    try {
      await engine.remember({
        text: "I live in Lisbon and I work at the city library.",
        user: "ana",
        speaker: "Ana",
      });
      expect(writes).toHaveLength(1);
      expect(writes[0]?.inserts.map((m) => m.record.kind)).toContain("fact");
      expect(writes[0]?.graph?.entities?.length ?? 0).toBeGreaterThan(0);

      const before = await store.countRows();
      fail = true;
      await expect(
        engine.remember({ text: "I moved to Porto and I love surfing.", user: "ana", speaker: "Ana" }),
      ).rejects.toThrow("disk full");
      expect(await store.countRows()).toEqual(before);
      expect((await engine.facts({ user: "ana" })).map((f) => f.text).join(" ")).not.toContain("Porto");
      expect((await engine.facts({ user: "ana" })).map((f) => f.text).join(" ")).toContain("Lisbon");
    } finally {
      await store.close();
    }
  });
});
