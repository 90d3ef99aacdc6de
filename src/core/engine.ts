/** The engine: remember, recall, forget, export, import and stats over one store and one embedder. No I/O of its own. */
import type { Embedder } from "../spec/embedder.js";
import { invalidInput } from "../spec/errors.js";
import { DEFAULT_TENANT, type NewMemory } from "../spec/memory.js";
import type { EmbedderBinding, Store, StoreStats } from "../spec/store.js";
import type { EngineContext } from "./context.js";
import { decodeLine, encodeHeader, encodeMemory, type ImportLine } from "./portable.js";
import { type RecallResult, recallMemories } from "./recall.js";
import {
  type EngineOptionsInput,
  engineOptionsSchema,
  type ForgetInput,
  forgetInputSchema,
  type RecallInput,
  type RememberInput,
  type RememberItem,
  recallInputSchema,
  rememberInputSchema,
} from "./schemas.js";
import { parseInput } from "./validate.js";
import { makeKey, type WriteOutcome, writeThroughGate } from "./write-path.js";

export interface EngineConfig {
  store: Store;
  embedder: Embedder;
  options?: EngineOptionsInput;
  now?: () => number;
}

export interface RememberResult {
  items: WriteOutcome[];
  inserted: number;
  reinforced: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportResult {
  lines: number;
  inserted: number;
  reinforced: number;
  /** Exported memories written as they were. */
  restored: number;
  /** Exported memories whose id was already in the store. */
  skipped: number;
}

export interface Engine {
  /** Remember one item or a batch (one transaction), through the write gate. */
  remember(input: RememberInput | RememberInput[]): Promise<RememberResult>;
  /** Attention read over a scope. */
  recall(input: RecallInput): Promise<RecallResult>;
  /** Forget by ids or by scope; returns the removed ids. */
  forget(input: ForgetInput): Promise<{ removed: string[] }>;
  /** The export file, line by line: a header, then every memory of the tenant (all tenants when omitted). */
  exportLines(tenant?: string): AsyncIterable<string>;
  /**
   * Import JSONL lines (exported memories or remember items). Every line is validated before anything is
   * written: one bad line and nothing changes. Then it writes in transactions of `batchSize` items.
   */
  importLines(
    lines: Iterable<string> | AsyncIterable<string>,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportResult>;
  stats(tenant?: string): Promise<StoreStats & { embedder: EmbedderBinding }>;
  readonly embedder: Embedder;
  readonly store: Store;
  close(): Promise<void>;
}

/**
 * Make an engine over a store and an embedder.
 * @example
 * const engine = createEngine({ store: createSqliteStore({ path: "memory.db" }), embedder: createLocalEmbedder() });
 * await engine.remember({ text: "I moved to Lisbon in May", user: "ana" });
 * const { results } = await engine.recall({ query: "where does Ana live?", user: "ana" });
 */
export function createEngine(config: EngineConfig): Engine {
  const options = parseInput(engineOptionsSchema, config.options ?? {}, "engine options");
  const store = config.store;
  const embedder = bindOnFirstVector(config.embedder, store);
  const context: EngineContext = { store, embedder, options, now: config.now ?? Date.now };
  let closed = false;

  async function writeInBatches(items: RememberItem[], done: (n: number) => void): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    for (let i = 0; i < items.length; i += options.batchSize) {
      const batch = items.slice(i, i + options.batchSize);
      outcomes.push(...(await writeThroughGate(context, batch)));
      done(batch.length);
    }
    return outcomes;
  }

  return {
    embedder: config.embedder,
    store,

    async remember(input) {
      const inputs = Array.isArray(input) ? input : [input];
      if (inputs.length === 0) throw invalidInput("nothing to remember: pass one item or a non-empty array");
      const items = inputs.map((item, i) =>
        parseInput(rememberInputSchema, item, Array.isArray(input) ? `item ${i}` : undefined),
      );
      const outcomes = await writeThroughGate(context, items);
      return summarise(outcomes);
    },

    async recall(input) {
      return recallMemories(context, parseInput(recallInputSchema, input));
    },

    async forget(input) {
      const selector = parseInput(forgetInputSchema, input);
      const removed = await store.forget({ ...selector, tenant: selector.tenant ?? DEFAULT_TENANT });
      return { removed };
    },

    async *exportLines(tenant) {
      yield encodeHeader({ id: config.embedder.id, dimensions: config.embedder.dimensions }, context.now());
      for await (const memory of store.exportAll(tenant)) yield encodeMemory(memory);
    },

    async importLines(lines, onProgress) {
      const parsed: ImportLine[] = [];
      let lineNumber = 0;
      for await (const raw of lines) {
        lineNumber++;
        if (raw.trim() === "") continue;
        parsed.push(decodeLine(raw, lineNumber));
      }
      const header = parsed.find((line) => line.type === "header");
      const memories = parsed.flatMap((line) => (line.type === "memory" ? [line.memory] : []));
      const items = parsed.flatMap((line) => (line.type === "remember" ? [line.item] : []));
      assertUniqueIds(memories);

      const total = memories.length + items.length;
      let done = 0;
      const progress = (n: number) => {
        done += n;
        onProgress?.({ done, total });
      };

      const sameEmbedder = header?.type === "header" && header.header.embedder.id === config.embedder.id;
      let restored = 0;
      let skipped = 0;
      for (let i = 0; i < memories.length; i += options.batchSize) {
        const batch = memories.slice(i, i + options.batchSize);
        const fresh: NewMemory[] = [];
        for (const memory of batch) {
          const existing = await store.get(memory.record.tenant, [memory.record.id]);
          if (existing.length > 0) skipped++;
          else fresh.push(sameEmbedder ? memory : await reembed(memory));
        }
        await store.write({ inserts: fresh, reinforcements: [] });
        restored += fresh.length;
        progress(batch.length);
      }
      const outcomes = summarise(await writeInBatches(items, progress));
      return {
        lines: lineNumber,
        inserted: outcomes.inserted,
        reinforced: outcomes.reinforced,
        restored,
        skipped,
      };
    },

    async stats(tenant) {
      return {
        ...(await store.stats(tenant)),
        embedder: { id: config.embedder.id, dimensions: config.embedder.dimensions },
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      await store.close();
      await config.embedder.close?.();
    },
  };

  async function reembed(memory: NewMemory): Promise<NewMemory> {
    const vectors = await embedder.embed(memory.keys.map((key) => key.text));
    return {
      record: memory.record,
      keys: memory.keys.map((key, i) => ({
        ...makeKey(key.memoryId, key.kind, key.text, vectors[i] ?? null),
        terms: key.terms,
      })),
    };
  }
}

function summarise(items: WriteOutcome[]): RememberResult {
  return {
    items,
    inserted: items.filter((o) => o.action === "inserted").length,
    reinforced: items.filter((o) => o.action === "reinforced").length,
  };
}

function assertUniqueIds(memories: NewMemory[]): void {
  const seen = new Set<string>();
  for (const memory of memories) {
    if (seen.has(memory.record.id)) {
      throw invalidInput(`memory id ${memory.record.id} appears twice in the file: remove one of the lines`);
    }
    seen.add(memory.record.id);
  }
}

/** Wraps an embedder so that the store is bound to it the first time it produces a vector (its size is known then). */
function bindOnFirstVector(inner: Embedder, store: Store): Embedder {
  let bound: Promise<void> | null = null;
  return {
    get id() {
      return inner.id;
    },
    get dimensions() {
      return inner.dimensions;
    },
    async embed(texts) {
      const vectors = await inner.embed(texts);
      if (!bound) {
        const first = vectors.find((v) => v !== null);
        if (first) bound = store.bindEmbedder({ id: inner.id, dimensions: first.length });
      }
      if (bound) await bound;
      return vectors;
    },
  };
}
