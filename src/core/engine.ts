/** The engine: remember, recall, forget, export, import and stats over one store and one embedder. No I/O of its own. */
import type { Embedder } from "../spec/embedder.js";
import { invalidInput } from "../spec/errors.js";
import type { GraphApi } from "../spec/graph.js";
import type { LanguageModel } from "../spec/language-model.js";
import { DEFAULT_TENANT, type MemoryRecord } from "../spec/memory.js";
import type { EmbedderBinding, Store, StoreStats } from "../spec/store.js";
import { assembleContext, type ContextBlock } from "./context-assembly.js";
import { type ArchiveResult, archiveMemories, type RestoreResult, restoreByIds } from "./dynamics/archive.js";
import { type MaintainResult, maintainScope } from "./dynamics/maintain.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { yieldToEventLoop } from "./event-loop.js";
import { exportLines, type ImportProgress, type ImportResult, importLines } from "./export-import.js";
import { defaultExtractionWorkers, type ExtractionPool, sharedExtractionPool } from "./extraction-pool.js";
import { forgetMemories } from "./forget.js";
import {
  addKnowledgeToBatch,
  derives,
  type ExtractionPlan,
  type KnowledgeReport,
  knownPeopleOf,
  planKnowledge,
  speakersOf,
} from "./knowledge/derive-knowledge.js";
import {
  type FactHistory,
  type FactListInput,
  type FactView,
  factHistory,
  listFacts,
} from "./knowledge/fact-history.js";
import { createGraphApi } from "./knowledge/graph-api.js";
import { createLearning, type FeedbackResult, type LearnReport, type WeightsView } from "./learn.js";
import { type MemoryHistory, type MemoryHistoryInput, memoryHistory } from "./memory-history.js";
import {
  type FindByTextInput,
  findByText,
  type GetInput,
  getMemories,
  type TimelineInput,
  timeline,
} from "./memory-lookup.js";
import type { RecallResult } from "./recall.js";
import { type ReindexOptions, type ReindexResult, reindexStore } from "./reindex.js";
import {
  type ArchiveInput,
  type ContextInput,
  contextInputSchema,
  type EngineOptionsInput,
  engineOptionsSchema,
  type FeedbackInput,
  type ForgetInput,
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
import { planWrite, type WriteOutcome } from "./write-path.js";

export interface EngineConfig {
  store: Store;
  embedder: Embedder;
  options?: EngineOptionsInput;
  now?: () => number;
  /** Optional LLM: with one, session summaries are abstractive; without, extractive. */
  languageModel?: LanguageModel;
  /**
   * Worker threads for the rules' fact extraction (its owner closes it); without one, the engine uses the process's
   * shared pool of `extractionWorkers` workers, started on the first large batch, whose idle workers end by themselves.
   */
  extractionPool?: ExtractionPool;
}

export interface RememberResult {
  items: WriteOutcome[];
  inserted: number;
  reinforced: number;

  /** Facts, entities and relations derived from the episodes, and the LLM calls and tokens it took. */
  knowledge?: KnowledgeReport;
}

export type { ImportProgress, ImportResult } from "./export-import.js";

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

  // the rules' extraction of a large batch runs on worker threads while this thread plans the write
  const extractionWorkers = config.extractionPool
    ? config.extractionPool.size
    : (options.extractionWorkers ?? defaultExtractionWorkers());
  async function rulesOnWorkers(
    items: RememberItem[],
  ): Promise<{ finish(): Promise<ExtractionPlan>; abandon(): void } | null> {
    if (languageModel || extractionWorkers === 0 || closed) return null;
    if (items.filter(derives).length < POOLED_EXTRACTION_MIN) return null;
    const extractionPool = config.extractionPool ?? sharedExtractionPool(extractionWorkers);
    // the same calls as planKnowledge's rules: the turn's text, when it was said, who speaks to whom, whom it names
    const now = runtime.now();
    const people = await knownPeopleOf(runtime, items);
    const positions: number[] = [];
    const jobs = items.flatMap((item, index) => {
      if (!derives(item)) return [];
      positions.push(index);
      return [{ text: item.text, at: item.at ?? now, speakers: speakersOf(items, index, people) }];
    });
    const run = extractionPool.start(jobs);
    return {
      async finish() {
        const found = await run.finish();
        const extractions: ExtractionPlan["extractions"] = items.map(() => null);
        positions.forEach((index, i) => {
          extractions[index] = found[i] ?? null;
        });
        return { extractions, usage: null };
      },
      abandon: () => run.abandon(),
    };
  }

  // facts, entities and relations from the episodes. Extraction comes first, so that an LLM
  // reply that is refused writes nothing; the facts are written right after the episodes they come from.
  async function rememberBatch(
    items: RememberItem[],
  ): Promise<{ outcomes: WriteOutcome[]; knowledge: KnowledgeReport | undefined }> {
    const deriving = options.deriveFacts && Boolean(store.graph);
    const pooled = deriving ? await rulesOnWorkers(items) : null;
    let plan: ExtractionPlan | null = null;
    let planned: Awaited<ReturnType<typeof planWrite>>;
    try {
      plan = deriving && !pooled ? await planKnowledge(runtime, items, languageModel) : null;
      planned = await planWrite(runtime, items);
      if (pooled) plan = await pooled.finish();
    } catch (error) {
      pooled?.abandon();
      throw error;
    }
    const { outcomes, batch } = planned;
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

    forget: (input) => forgetMemories(runtime, input),

    exportLines: (tenant) => exportLines(runtime, tenant),

    async importLines(lines, onProgress) {
      const rememberItems = async (items: RememberItem[], done: (n: number) => void) =>
        summarise(await writeInBatches(items, done));
      return importLines(runtime, lines, rememberItems, onProgress);
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

    archive: (input) => archiveMemories(runtime, input),

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
}

function summarise(items: WriteOutcome[]): RememberResult {
  return {
    items,
    inserted: items.filter((o) => o.action === "inserted").length,
    reinforced: items.filter((o) => o.action === "reinforced").length,
  };
}

/** Episodes in a batch from which the rules' extraction goes to worker threads: below it, starting them costs more. */
const POOLED_EXTRACTION_MIN = 64;

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
