/** The engine: remember, recall, forget, export, import and stats over one store and one embedder. No I/O of its own. */
import type { Embedder } from "../spec/embedder.js";
import { invalidInput } from "../spec/errors.js";
import type { GraphApi, GraphWrite } from "../spec/graph.js";
import type { LanguageModel } from "../spec/language-model.js";
import { DEFAULT_TENANT, type MemoryRecord, type NewMemory } from "../spec/memory.js";
import type { EmbedderBinding, Store, StoreStats } from "../spec/store.js";
import { assembleContext, type ContextBlock } from "./context-assembly.js";
import {
  type ArchiveResult,
  archiveBelow,
  archiveByIds,
  type RestoreResult,
  restoreByIds,
} from "./dynamics/archive.js";
import { type MaintainResult, maintainScope } from "./dynamics/maintain.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { YIELD_EVERY_LINES, yieldToEventLoop } from "./event-loop.js";
import { checkImportReferences, type NumberedGraphRecord } from "./import-references.js";
import { DATE_KEY_KIND } from "./key-expansion.js";
import { addKnowledgeToBatch, type KnowledgeReport, planKnowledge } from "./knowledge/derive-knowledge.js";
import {
  type FactHistory,
  type FactListInput,
  type FactView,
  factHistory,
  listFacts,
} from "./knowledge/fact-history.js";
import { createGraphApi } from "./knowledge/graph-api.js";
import { encodeGraphRecord } from "./knowledge/graph-lines.js";
import { createLearning, type FeedbackResult, type LearnReport, type WeightsView } from "./learn.js";
import { encodeLearningRecord } from "./learning-lines.js";
import { type MemoryHistory, type MemoryHistoryInput, memoryHistory } from "./memory-history.js";
import {
  type FindByTextInput,
  findByText,
  type GetInput,
  getMemories,
  type TimelineInput,
  timeline,
} from "./memory-lookup.js";
import { decodeLine, encodeHeader, encodeMemory, type ImportLine } from "./portable.js";
import type { RecallResult } from "./recall.js";
import { type ReindexOptions, type ReindexResult, reindexStore } from "./reindex.js";
import {
  type ArchiveInput,
  archiveInputSchema,
  type ContextInput,
  contextInputSchema,
  type EngineOptionsInput,
  engineOptionsSchema,
  type FeedbackInput,
  type ForgetInput,
  forgetInputSchema,
  type LearnInput,
  type MaintainInput,
  maintainInputSchema,
  type RecallInput,
  type RememberInput,
  type RememberItem,
  type ResetWeightsInput,
  type RestoreInput,
  recallInputSchema,
  rememberInputSchema,
  restoreInputSchema,
  type TurnsInput,
  turnsInputSchema,
} from "./schemas.js";
import { createAbstractiveSummarizer } from "./summarize.js";
import { parseInput } from "./validate.js";
import { listSessionTurns } from "./working-memory.js";
import { makeKey, planWrite, type WriteOutcome } from "./write-path.js";

export interface EngineConfig {
  store: Store;
  embedder: Embedder;
  options?: EngineOptionsInput;
  now?: () => number;
  /** Optional LLM: with one, session summaries are abstractive; without, extractive. */
  languageModel?: LanguageModel;
}

export interface RememberResult {
  items: WriteOutcome[];
  inserted: number;
  reinforced: number;

  /** Facts, entities and relations derived from the episodes, and the LLM calls and tokens it took. */
  knowledge?: KnowledgeReport;
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
  /** Knowledge-graph lines (entities, facts, relations, mentions) written. */
  graph: number;
  /** Learned-weights and feedback lines written (feedback naming no memory the tenant holds is left out). */
  learning: number;
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
  /** Give keys without a vector one (all keys with `all`, or when the store's vectors are another embedder's); resumable. */
  reindex(options?: ReindexOptions): Promise<ReindexResult>;

  /** A prompt-ready block: the session's latest turns, then recalled facts and episodes, within a token budget. */
  context(input: ContextInput): Promise<ContextBlock>;
  /** A session's turns (episodes), oldest first: the conversation as a chat history reads it back. */
  turns(input: TurnsInput): Promise<MemoryRecord[]>;
  /** Archive memories by id, or every one whose decayed strength is below `below`: kept, exported, not recalled. */
  archive(input: ArchiveInput): Promise<ArchiveResult>;
  /** Make archived memories active again. */
  restore(input: RestoreInput): Promise<RestoreResult>;
  /** Consolidate sessions' overflowing turns into summaries, then archive what has decayed below the threshold. */
  maintain(input?: MaintainInput): Promise<MaintainResult>;

  /**
   * Report what an application used of a recall (by its `recallId`, or its query and scope): the used memories, and
   * optionally the rejected ones. Refused, storing nothing, for ids that are not the tenant's or an empty `used`.
   */
  feedback(input: FeedbackInput): Promise<FeedbackResult>;
  /**
   * Keep the id of a recall that another engine over the same store answered (a server's recall worker thread), so
   * that `feedback({ recallId })` here can name it. Recalls made by this engine are kept already.
   */
  noteRecall(input: RecallInput, result: RecallResult): void;
  /**
   * Refit the tenant's recall weights from its feedback, starting from the shipped defaults; the new weights are kept
   * only when recall on a held-back fifth of the feedback does not get worse (the report says which, and why).
   */
  learn(input?: LearnInput): Promise<LearnReport>;
  /** The weights a tenant's recall uses (learned or default), beside the defaults and the hand-set prior. */
  weights(tenant?: string): Promise<WeightsView>;
  /** Back to the shipped defaults: forget the tenant's learned weights (and, when asked, its feedback). */
  resetWeights(input?: ResetWeightsInput): Promise<{ tenant: string; removed: boolean; feedback: number }>;

  /** The knowledge graph: the reference MCP memory server's operations, plus neighbours. */
  readonly graph: GraphApi;
  /** Facts of a scope: current ones, all of them (`all`), or those true at `asOf`. */
  facts(input: FactListInput): Promise<FactView[]>;
  /** The chain of values a fact belongs to, oldest first: what it was before and what superseded it. */
  history(id: string, tenant?: string): Promise<FactHistory>;

  // memories as records, for apps, shells and inspectors (which never reach into `store`: docs/architecture.md)
  /** Memories by id within a tenant, in the order asked; unknown ids are left out. */
  get(input: GetInput): Promise<MemoryRecord[]>;
  /** Active memories of a scope whose normalised text is `text` (the write gate's exact-duplicate test). */
  findByText(input: FindByTextInput): Promise<MemoryRecord[]>;
  /** Memories of a scope in the order they happened (archived ones too, unless `statuses` says otherwise). */
  timeline(input?: TimelineInput): Promise<MemoryRecord[]>;
  /**
   * One memory's story: each telling, the facts around it, its status, and its strength over time under this
   * engine's strength options. Fails with `not_found` when the tenant has no such memory.
   */
  memoryHistory(input: MemoryHistoryInput): Promise<MemoryHistory>;

  readonly embedder: Embedder;
  /**
   * The store the engine runs on, for what measures or maintains the store itself (evaluation harnesses,
   * benchmarks, tests). Apps and shells use the methods above instead.
   */
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
  const runtime: EngineRuntime = { store, embedder, options, now: config.now ?? Date.now };
  let closed = false;
  // recall with the tenant's weights, and learning them from feedback
  const learning = createLearning(runtime);

  // session summaries through the language model when there is one; the optional inline
  // maintenance, every `maintainEveryWrites` remember() calls.
  const languageModel = config.languageModel;
  const summarizer = languageModel ? createAbstractiveSummarizer(languageModel) : undefined;
  let writesSinceMaintenance = 0;
  async function maintainEveryWrites(items: RememberItem[]): Promise<void> {
    if (options.maintainEveryWrites === 0) return;
    writesSinceMaintenance++;
    if (writesSinceMaintenance < options.maintainEveryWrites) return;
    writesSinceMaintenance = 0;
    for (const tenant of new Set(items.map((item) => item.tenant ?? DEFAULT_TENANT))) {
      await maintainScope(runtime, { tenant, archive: true, consolidate: true }, summarizer);
    }
  }

  // facts, entities and relations from the episodes. Extraction comes first, so that an LLM
  // reply that is refused writes nothing; the facts are written right after the episodes they come from.
  async function rememberBatch(
    items: RememberItem[],
  ): Promise<{ outcomes: WriteOutcome[]; knowledge: KnowledgeReport | undefined }> {
    const plan =
      options.deriveFacts && store.graph ? await planKnowledge(runtime, items, languageModel) : null;
    const { outcomes, batch } = await planWrite(runtime, items);
    // the episodes and what was derived from them commit together: a crash leaves all of it or none
    const knowledge = plan ? await addKnowledgeToBatch(runtime, items, outcomes, plan, batch) : undefined;
    await store.write(batch);
    return { outcomes, knowledge };
  }

  async function writeInBatches(items: RememberItem[], done: (n: number) => void): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    for (let i = 0; i < items.length; i += options.batchSize) {
      const batch = items.slice(i, i + options.batchSize);
      outcomes.push(...(await rememberBatch(batch)).outcomes);
      done(batch.length);
      await yieldToEventLoop();
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
      const { outcomes, knowledge } = await rememberBatch(items);
      await maintainEveryWrites(items);
      return { ...summarise(outcomes), ...(knowledge ? { knowledge } : {}) };
    },

    async recall(input) {
      return learning.recall(parseInput(recallInputSchema, input));
    },

    noteRecall(input, result) {
      learning.noteRecall(parseInput(recallInputSchema, input), result);
    },

    feedback: (input) => learning.feedback(input),
    learn: (input) => learning.learn(input),
    weights: (tenant) => learning.weights(tenant),
    resetWeights: (input) => learning.resetWeights(input),

    async forget(input) {
      const selector = parseInput(forgetInputSchema, input);
      const tenant = selector.tenant ?? DEFAULT_TENANT;
      // facts told only by the forgotten episodes go with them
      const derived =
        selector.ids && store.graph ? await store.graph.factsDerivedOnlyFrom(tenant, selector.ids) : [];
      const ids = selector.ids
        ? [...selector.ids, ...derived.filter((id) => !selector.ids?.includes(id))]
        : undefined;
      const removed = await store.forget({ ...selector, ...(ids ? { ids } : {}), tenant });
      // feedback names memory ids: a forgotten memory leaves it too
      await store.learning.forgetInFeedback(tenant, removed);
      return { removed };
    },

    async *exportLines(tenant) {
      yield encodeHeader({ id: config.embedder.id, dimensions: config.embedder.dimensions }, runtime.now());
      for await (const memory of store.exportAll(tenant)) yield encodeMemory(memory);
      // then the graph, entities first
      if (store.graph)
        for await (const record of store.graph.exportAll(tenant)) yield encodeGraphRecord(record);
      // then what the tenants taught recall: learned weights and feedback
      for await (const record of store.learning.exportAll(tenant)) yield encodeLearningRecord(record);
    },

    async importLines(lines, onProgress) {
      const parsed: ImportLine[] = [];
      const graphRecords: NumberedGraphRecord[] = [];
      let lineNumber = 0;
      for await (const raw of lines) {
        lineNumber++;
        // a file saved with a UTF-8 byte-order mark reads like one without
        const text = lineNumber === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
        if (text.trim() === "") continue;
        const line = decodeLine(text, lineNumber);
        parsed.push(line);
        if (line.type === "graph") graphRecords.push({ record: line.record, line: lineNumber });
        if (lineNumber % YIELD_EVERY_LINES === 0) await yieldToEventLoop();
      }
      const header = parsed.find((line) => line.type === "header");
      const memories = parsed.flatMap((line) => (line.type === "memory" ? [line.memory] : []));
      const items = parsed.flatMap((line) => (line.type === "remember" ? [line.item] : []));
      assertUniqueIds(memories);
      await checkImportReferences(
        store,
        new Map(memories.map((memory) => [memory.record.id, memory.record.tenant])),
        graphRecords,
      );

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
        await yieldToEventLoop();
      }
      // the graph lines, once the memories they hang on exist
      const graphWrite: Required<Pick<GraphWrite, "entities" | "facts" | "relations" | "mentions">> = {
        entities: [],
        facts: [],
        relations: [],
        mentions: [],
      };
      for (const { record } of graphRecords) {
        if (record.type === "entity") graphWrite.entities.push(record.entity);
        else if (record.type === "fact") graphWrite.facts.push(record.fact);
        else if (record.type === "relation") graphWrite.relations.push(record.relation);
        else graphWrite.mentions.push(record.mention);
      }
      const graphLines =
        graphWrite.entities.length +
        graphWrite.facts.length +
        graphWrite.relations.length +
        graphWrite.mentions.length;
      if (graphLines > 0) {
        if (!store.graph)
          throw invalidInput(`the file has ${graphLines} graph lines, but ${store.name} keeps no graph`);
        await store.write({ inserts: [], reinforcements: [], graph: graphWrite });
      }
      // learned weights and feedback last: feedback may only name memories the tenant now holds
      let learning = 0;
      for (const line of parsed) {
        if (line.type === "scorer") {
          await store.learning.setScorer(line.scorer);
          learning++;
        } else if (line.type === "feedback") {
          const record = line.feedback;
          const held = new Set(
            (await store.get(record.tenant, [...record.used, ...record.rejected])).map((r) => r.id),
          );
          const used = record.used.filter((id) => held.has(id));
          if (used.length === 0) continue;
          await store.learning.addFeedback(
            { ...record, used, rejected: record.rejected.filter((id) => held.has(id)) },
            options.feedbackLimit,
          );
          learning++;
        }
      }
      const outcomes = summarise(await writeInBatches(items, progress));
      return {
        lines: lineNumber,
        inserted: outcomes.inserted,
        reinforced: outcomes.reinforced,
        restored,
        skipped,
        graph: graphLines,
        learning,
      };
    },

    async stats(tenant) {
      return {
        ...(await store.stats(tenant)),
        embedder: { id: config.embedder.id, dimensions: config.embedder.dimensions },
      };
    },

    async reindex(reindexOptions) {
      return reindexStore(store, config.embedder, reindexOptions);
    },

    graph: createGraphApi(runtime),

    async facts(input) {
      return listFacts(runtime, input);
    },

    async history(id, tenant) {
      return factHistory(runtime, id, tenant);
    },

    get: (input) => getMemories(runtime, input),
    findByText: (input) => findByText(runtime, input),
    timeline: (input) => timeline(runtime, input),
    memoryHistory: (input) => memoryHistory(runtime, input),

    async context(input) {
      return assembleContext(
        runtime,
        parseInput(contextInputSchema, input),
        (recallInput) => this.recall(recallInput),
        summarizer,
      );
    },

    async turns(input) {
      const { last, ...scope } = parseInput(turnsInputSchema, input);
      return listSessionTurns(runtime, scope, last);
    },

    async archive(input) {
      const query = parseInput(archiveInputSchema, input);
      const tenant = query.tenant ?? DEFAULT_TENANT;
      if (query.ids) return archiveByIds(runtime, tenant, query.ids);
      const { archived } = await archiveBelow(
        runtime,
        { tenant, user: query.user, agent: query.agent, session: query.session },
        query.below as number,
        query.now ?? runtime.now(),
      );
      return { archived, unchanged: [] };
    },

    async restore(input) {
      const query = parseInput(restoreInputSchema, input);
      return restoreByIds(runtime, query.tenant ?? DEFAULT_TENANT, query.ids, query.now ?? runtime.now());
    },

    async maintain(input = {}) {
      return maintainScope(runtime, parseInput(maintainInputSchema, input), summarizer);
    },

    async close() {
      if (closed) return;
      closed = true;
      await store.close();
      await config.embedder.close?.();
      await config.languageModel?.close?.();
    },
  };

  async function reembed(memory: NewMemory): Promise<NewMemory> {
    // a date key carries days for recall's features, never a vector
    const embedded = memory.keys.filter((key) => key.kind !== DATE_KEY_KIND);
    const vectors = await embedder.embed(embedded.map((key) => key.text));
    return {
      record: memory.record,
      keys: memory.keys.map((key) => {
        const at = embedded.indexOf(key);
        return {
          ...makeKey(key.memoryId, key.kind, key.text, at < 0 ? null : (vectors[at] ?? null)),
          terms: key.terms,
        };
      }),
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
    get extends() {
      return inner.extends;
    },
    async embed(texts) {
      const vectors = await inner.embed(texts);
      if (!bound) {
        const first = vectors.find((v) => v !== null);
        // a binding that failed (the store was unreachable) is tried again by the next call, never kept: a kept
        // rejection would fail every later write and recall of the process
        if (first)
          bound = store
            .bindEmbedder({ id: inner.id, dimensions: first.length, extends: inner.extends })
            .catch((error: unknown) => {
              bound = null;
              throw error;
            });
      }
      if (bound) await bound;
      return vectors;
    },
  };
}
