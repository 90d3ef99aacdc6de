/** The engine's export file, line by line, and its import: validated whole before anything is written. */
import { invalidInput } from "../spec/errors.js";
import type { GraphWrite } from "../spec/graph.js";
import type { NewMemory } from "../spec/memory.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { YIELD_EVERY_LINES, yieldToEventLoop } from "./event-loop.js";
import { checkImportReferences, type NumberedGraphRecord } from "./import-references.js";
import { DATE_KEY_KIND } from "./key-expansion.js";
import { encodeGraphRecord } from "./knowledge/graph-lines.js";
import { encodeLearningRecord } from "./learning-lines.js";
import { decodeLine, encodeHeader, encodeMemory, type ImportLine } from "./portable.js";
import type { RememberItem } from "./schemas.js";
import { makeKey } from "./write-path.js";

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

/** Writes remember items through the engine's write gate, in batches, calling `done` with each batch's size. */
export type RememberItems = (
  items: RememberItem[],
  done: (n: number) => void,
) => Promise<{ inserted: number; reinforced: number }>;

/** A header, then every memory of the tenant (all tenants when omitted), its graph, then its learning records. */
export async function* exportLines(runtime: EngineRuntime, tenant?: string): AsyncIterable<string> {
  const { store, embedder } = runtime;
  yield encodeHeader({ id: embedder.id, dimensions: embedder.dimensions }, runtime.now());
  for await (const memory of store.exportAll(tenant)) yield encodeMemory(memory);
  // then the graph, entities first
  if (store.graph) for await (const record of store.graph.exportAll(tenant)) yield encodeGraphRecord(record);
  // then what the tenants taught recall: learned weights and feedback
  for await (const record of store.learning.exportAll(tenant)) yield encodeLearningRecord(record);
}

/**
 * Reads every line first (one bad line and nothing changes), then writes exported memories as they were (re-embedded
 * when the file's embedder is another), the graph once its memories exist, learning records, and last the remember
 * items through `rememberItems`.
 */
export async function importLines(
  runtime: EngineRuntime,
  lines: Iterable<string> | AsyncIterable<string>,
  rememberItems: RememberItems,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const { store } = runtime;
  const { parsed, graphRecords, lineNumber } = await readLines(lines);
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

  const sameEmbedder = header?.type === "header" && header.header.embedder.id === runtime.embedder.id;
  const { restored, skipped } = await restoreMemories(runtime, memories, sameEmbedder, progress);
  const graph = await writeGraph(runtime, graphRecords);
  const learning = await writeLearning(runtime, parsed);
  const outcomes = await rememberItems(items, progress);
  return {
    lines: lineNumber,
    inserted: outcomes.inserted,
    reinforced: outcomes.reinforced,
    restored,
    skipped,
    graph,
    learning,
  };
}

async function readLines(
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<{ parsed: ImportLine[]; graphRecords: NumberedGraphRecord[]; lineNumber: number }> {
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
  return { parsed, graphRecords, lineNumber };
}

/** Exported memories in batches; one whose id the store holds already is skipped. */
async function restoreMemories(
  runtime: EngineRuntime,
  memories: NewMemory[],
  sameEmbedder: boolean,
  progress: (n: number) => void,
): Promise<{ restored: number; skipped: number }> {
  const { store, options } = runtime;
  let restored = 0;
  let skipped = 0;
  for (let i = 0; i < memories.length; i += options.batchSize) {
    const batch = memories.slice(i, i + options.batchSize);
    const fresh: NewMemory[] = [];
    for (const memory of batch) {
      const existing = await store.get(memory.record.tenant, [memory.record.id]);
      if (existing.length > 0) skipped++;
      else fresh.push(sameEmbedder ? memory : await reembed(runtime, memory));
    }
    await store.write({ inserts: fresh, reinforcements: [] });
    restored += fresh.length;
    progress(batch.length);
    await yieldToEventLoop();
  }
  return { restored, skipped };
}

/** The graph lines, once the memories they hang on exist; returns how many were written. */
async function writeGraph(runtime: EngineRuntime, graphRecords: NumberedGraphRecord[]): Promise<number> {
  const { store } = runtime;
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
  return graphLines;
}

/** Learned weights and feedback, after the memories: feedback may only name memories the tenant now holds. */
async function writeLearning(runtime: EngineRuntime, parsed: ImportLine[]): Promise<number> {
  const { store, options } = runtime;
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
  return learning;
}

async function reembed(runtime: EngineRuntime, memory: NewMemory): Promise<NewMemory> {
  // a date key carries days for recall's features, never a vector
  const embedded = memory.keys.filter((key) => key.kind !== DATE_KEY_KIND);
  const vectors = await runtime.embedder.embed(embedded.map((key) => key.text));
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

function assertUniqueIds(memories: NewMemory[]): void {
  const seen = new Set<string>();
  for (const memory of memories) {
    if (seen.has(memory.record.id)) {
      throw invalidInput(`memory id ${memory.record.id} appears twice in the file: remove one of the lines`);
    }
    seen.add(memory.record.id);
  }
}
