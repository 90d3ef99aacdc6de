/** WAL checkpoints off the write path: a store that writes folds its log in a worker, bounded, and loses nothing. */
import { spawnSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BACKSTOP_PAGES, START_WAL_BYTES } from "../../src/stores/sqlite/checkpointer.js";
import { createSqliteStore, type SqliteStore } from "../../src/stores/sqlite/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { tempDir } from "../helpers.js";

const { memory } = storeFixtures;
const ROOT = resolve(import.meta.dirname, "..", "..");

/** `batches` batches of 200 memories with a few hundred bytes of text each: a megabyte of log every few batches. */
async function writeBatches(store: SqliteStore, batches: number, from = 0): Promise<number> {
  for (let b = from; b < from + batches; b++) {
    const inserts = Array.from({ length: 200 }, (_, i) =>
      memory({
        id: `m-${String(b).padStart(4, "0")}-${String(i).padStart(3, "0")}`,
        user: `u${i % 5}`,
        text: `batch ${b} memory ${i}: ${"the garden kept its roses through the long dry summer ".repeat(6)}`,
      }),
    );
    await store.write({ inserts, reinforcements: [] });
  }
  return (from + batches) * 200;
}

async function until(condition: () => boolean, ms = 5_000): Promise<boolean> {
  const started = Date.now();
  while (!condition() && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

describe("SQLite WAL checkpoints", () => {
  it("a store that writes moves its checkpoints to a worker, keeps the log bounded and loses nothing", async () => {
    const path = join(tempDir(), "engram.db");
    const store = createSqliteStore({ path, hnsw: false });
    await writeBatches(store, 1);
    // a small store checkpoints as SQLite does until its log passes a megabyte
    expect(statSync(`${path}-wal`).size).toBeLessThan(START_WAL_BYTES);
    expect(store.walCheckpoints()).toEqual({ background: false, runs: 0 });
    let written = await writeBatches(store, 5, 1);
    expect(store.walCheckpoints().background).toBe(true);
    expect(await until(() => store.walCheckpoints().runs > 0)).toBe(true);
    // sustained writes: the log stays within the writer's backstop (it folds what the worker has not yet)
    written = await writeBatches(store, 40, 6);
    expect(statSync(`${path}-wal`).size).toBeLessThan(1.2 * BACKSTOP_PAGES * 4096);
    await store.close();
    // the store's own close is the last: the log is folded and removed, as without the worker
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = createSqliteStore({ path, hnsw: false });
    expect(await again.integrityCheck()).toBe("ok");
    expect((await again.countRows()).memories).toBe(written);
    await again.close();
  });

  it("checkpoints: 'inline' keeps them in the commits; read-only and in-memory stores start no worker", async () => {
    const path = join(tempDir(), "inline.db");
    const inline = createSqliteStore({ path, hnsw: false, checkpoints: "inline" });
    await writeBatches(inline, 8);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(START_WAL_BYTES);
    expect(inline.walCheckpoints()).toEqual({ background: false, runs: 0 });
    await inline.close();
    const readonly = createSqliteStore({ path, readonly: true, hnsw: false });
    expect(readonly.walCheckpoints().background).toBe(false);
    await readonly.close();
    const memory = createSqliteStore({ path: ":memory:" });
    await writeBatches(memory, 8);
    expect(memory.walCheckpoints()).toEqual({ background: false, runs: 0 });
    await memory.close();
  });

  it("a script that writes past a megabyte and never closes its store still exits, and nothing is lost", async () => {
    const dir = tempDir();
    const path = join(dir, "unclosed.db");
    const script = join(dir, "unclosed.mts");
    writeFileSync(
      script,
      `import { createSqliteStore } from ${JSON.stringify(join(ROOT, "src/stores/sqlite/index.ts"))};
import { storeFixtures } from ${JSON.stringify(join(ROOT, "src/testing/index.ts"))};
const store = createSqliteStore({ path: ${JSON.stringify(path)}, hnsw: false });
for (let b = 0; b < 12; b++) {
  const text = (i) => "memory " + b + " " + i + " " + "the garden kept its roses through the long dry summer ".repeat(6);
  const inserts = Array.from({ length: 100 }, (_, i) => storeFixtures.memory({ id: "m-" + b + "-" + i, text: text(i) }));
  await store.write({ inserts, reinforcements: [] });
}
console.log(JSON.stringify(store.walCheckpoints()));
`,
    );
    // the checkpoint worker has started; the process must end when its work does, as it would without the worker
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, timeout: 30_000 });
    expect(child.signal, String(child.stderr)).toBeNull();
    expect(child.status, String(child.stderr)).toBe(0);
    expect(JSON.parse(String(child.stdout))).toMatchObject({ background: true });
    const again = createSqliteStore({ path, hnsw: false });
    expect(await again.integrityCheck()).toBe("ok");
    expect((await again.countRows()).memories).toBe(1_200);
    await again.close();
  });

  it("refuses a mode it does not know, naming the option, before opening anything", () => {
    const path = join(tempDir(), "never.db");
    expect(() => createSqliteStore({ path, checkpoints: "sometimes" as unknown as "inline" })).toThrowError(
      expect.objectContaining({ code: "config_invalid", where: "checkpoints" }) as unknown as Error,
    );
    expect(existsSync(path)).toBe(false);
  });
});
