/**
 * The LoCoMo dev file ingested for calibration and inspection: one SQLite store per conversation in a temporary
 * folder, embeddings cached on disk (bench/embedding-cache.ts) so repeated runs embed each text once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type EngineOptionsInput } from "../src/core/index.js";
import { ingestConversation } from "../src/evaluation/locomo.js";
import { type LocomoConversation, loadLocomo } from "../src/evaluation/locomo-data.js";
import { createEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile } from "./common.js";
import { diskCached } from "./embedding-cache.js";

export interface IngestedLocomo {
  embedder: Embedder;
  stores: { conversation: LocomoConversation; store: SqliteStore }[];
  /** Close the stores and remove their folder. */
  dispose(): Promise<void>;
}

/** Ingest every dev conversation with `writeOptions`, each into its own store. */
export async function ingestLocomoDev(
  embedderKind: "local" | "hash",
  writeOptions: EngineOptionsInput = {},
): Promise<IngestedLocomo> {
  const path = dataFile("locomo", "locomo-dev.json");
  if (!path) throw new Error("LoCoMo dev file not found: set ENGRAM_DATA_DIR");
  const embedder = diskCached(createEmbedder({ kind: embedderKind }));
  const dir = mkdtempSync(join(tmpdir(), "engram-locomo-dev-"));
  const stores: IngestedLocomo["stores"] = [];
  for (const conversation of loadLocomo(path).conversations) {
    const store = createSqliteStore({ path: join(dir, `${conversation.id}.db`) });
    await ingestConversation(createEngine({ store, embedder, options: writeOptions }), conversation);
    stores.push({ conversation, store });
  }
  embedder.save();
  return {
    embedder,
    stores,
    async dispose() {
      for (const { store } of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
