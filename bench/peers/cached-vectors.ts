/**
 * One embedding cache for every system in the peers run: the local model's vectors by exact text, read from
 * bench/results, and an adapter for each framework's embedding interface over it. A text that is not in the cache is
 * an error that names it; no model is called during a measured run. `--fill-cache` runs once with a recording cache
 * (a miss gets a placeholder vector and is noted), then embeds the noted texts with the local model and saves them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "../../src/spec/embedder.js";

export interface VectorCache {
  /** The embedder id the vectors came from ("use-lite@0.2.0"), recorded by Engram's store. */
  readonly id: string;
  readonly dimensions: number;
  /** The vectors of these texts; a miss throws unless the cache is recording. */
  lookup(texts: readonly string[], who: string): (number[] | null)[];
  /** Texts asked for and not found, by the system that asked (recording mode only). */
  misses(): Map<string, Set<string>>;
  add(entries: Iterable<[string, number[] | null]>): void;
  save(): void;
  readonly size: number;
}

/** A deterministic unit vector for a text the cache lacks while recording: it only keeps the run going. */
function placeholder(text: string, dimensions: number): number[] {
  let state = 2166136261;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 16777619) >>> 0;
  const out: number[] = [];
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const v = state / 4294967296 - 0.5;
    out.push(v);
    norm += v * v;
  }
  return out.map((v) => v / Math.sqrt(norm));
}

export function createVectorCache(path: string, options: { id: string; recording: boolean }): VectorCache {
  if (!existsSync(path))
    throw new Error(
      `the embedding cache ${path} is missing: copy it from the shared cache (cp /work/cache/embeddings/*.json bench/results/) or run with --fill-cache`,
    );
  const entries = new Map<string, number[] | null>(Object.entries(JSON.parse(readFileSync(path, "utf8"))));
  const first = [...entries.values()].find((v) => v !== null);
  if (!first) throw new Error(`the embedding cache ${path} holds no vector`);
  const dimensions = first.length;
  const missed = new Map<string, Set<string>>();
  return {
    id: options.id,
    dimensions,
    get size() {
      return entries.size;
    },
    lookup(texts, who) {
      return texts.map((text) => {
        const vector = entries.get(text);
        if (vector !== undefined) return vector;
        if (!options.recording)
          throw new Error(
            `embedding cache miss for ${who}: ${JSON.stringify(text.slice(0, 120))} is not in ${path}; run npm run bench:peers -- --fill-cache once to embed the missing texts with the local model`,
          );
        const set = missed.get(who) ?? new Set<string>();
        set.add(text);
        missed.set(who, set);
        return placeholder(text, dimensions);
      });
    },
    misses: () => missed,
    add(more) {
      for (const [text, vector] of more) entries.set(text, vector);
    },
    save() {
      writeFileSync(path, JSON.stringify(Object.fromEntries(entries)));
    },
  };
}

function required(vector: number[] | null, who: string): number[] {
  if (vector === null)
    throw new Error(`${who} was given a text the local model cannot represent (the cache holds null for it)`);
  return vector;
}

/** Engram's Embedder interface over the cache. */
export function engramEmbedder(cache: VectorCache): Embedder {
  return {
    id: cache.id,
    dimensions: cache.dimensions,
    async embed(texts) {
      return cache.lookup(texts, "Engram").map((v) => (v === null ? null : Float32Array.from(v)));
    },
  };
}

/** LangChain's Embeddings over the cache: LangChain's stores and mem0's "langchain" embedder provider take it. */
export class CachedEmbeddings extends Embeddings {
  constructor(
    private readonly cache: VectorCache,
    private readonly who: string,
  ) {
    super({});
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.cache.lookup(texts, this.who).map((v) => required(v, this.who));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return required(this.cache.lookup([text], this.who)[0] ?? null, this.who);
  }
}

/** The AI SDK's embedding model interface (v2, which Mastra's memory calls through its bundled `embedMany`). */
export function aiSdkEmbeddingModel(cache: VectorCache, who: string) {
  return {
    specificationVersion: "v2" as const,
    provider: "engram-bench-cache",
    modelId: cache.id,
    maxEmbeddingsPerCall: 2048,
    supportsParallelCalls: true,
    async doEmbed({ values }: { values: string[] }) {
      return { embeddings: cache.lookup(values, who).map((v) => required(v, who)) };
    },
  };
}
