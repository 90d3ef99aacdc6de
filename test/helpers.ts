/** Shared test helpers: temporary folders and engines over a real SQLite file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createEngine, type Engine, type EngineOptionsInput } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = "engram-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestEngine {
  engine: Engine;
  store: SqliteStore;
  path: string;
}

/** An engine over a new SQLite file; the hash embedder unless another is given. Closed after the test. */
export function openTestEngine(
  options: { embedder?: Embedder; options?: EngineOptionsInput; now?: () => number; path?: string } = {},
): TestEngine {
  const path = options.path ?? join(tempDir(), "engram.db");
  const store = createSqliteStore({ path });
  const engine = createEngine({
    store,
    embedder: options.embedder ?? createHashEmbedder(),
    options: options.options,
    now: options.now,
  });
  cleanups.push(() => engine.close());
  return { engine, store, path };
}
