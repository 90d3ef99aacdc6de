/** An embedder wrapper that remembers the vectors of texts it has seen, so one run can embed a corpus once and share it. */
import type { Embedder } from "../spec/embedder.js";

export interface CachedEmbedder extends Embedder {
  readonly hits: number;
  readonly misses: number;
}

/** Wrap `inner` with an in-memory cache keyed by the exact text (same id and size as `inner`). */
export function createCachedEmbedder(inner: Embedder, options: { maxEntries?: number } = {}): CachedEmbedder {
  const maxEntries = options.maxEntries ?? 100_000;
  const cache = new Map<string, Float32Array | null>();
  let hits = 0;
  let misses = 0;
  return {
    get id() {
      return inner.id;
    },
    get dimensions() {
      return inner.dimensions;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
      hits += texts.length - missing.length;
      misses += missing.length;
      const fresh = new Map<string, Float32Array | null>();
      if (missing.length > 0) {
        const vectors = await inner.embed(missing);
        missing.forEach((text, i) => {
          fresh.set(text, vectors[i] ?? null);
          if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
          cache.set(text, vectors[i] ?? null);
        });
      }
      return texts.map((text) => (fresh.has(text) ? (fresh.get(text) ?? null) : (cache.get(text) ?? null)));
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}
