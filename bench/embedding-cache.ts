/** An embedder wrapper that caches vectors on disk by text (under bench/results), so calibration runs embed each text once. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Embedder } from "../src/spec/embedder.js";

/** Vectors cached on disk by text, so repeated calibration runs embed each turn once. */
export function diskCached(inner: Embedder): Embedder & { save(): void } {
  const path = resolve(
    import.meta.dirname,
    "results",
    `embeddings-${inner.id.replace(/[^a-z0-9.-]/gi, "_")}.json`,
  );
  const cache = new Map<string, number[] | null>(
    existsSync(path) ? Object.entries(JSON.parse(readFileSync(path, "utf8"))) : [],
  );
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length > 0) {
        const vectors = await inner.embed(missing);
        missing.forEach((t, i) => {
          cache.set(t, vectors[i] ? Array.from(vectors[i] as Float32Array) : null);
        });
      }
      return texts.map((t) => {
        const v = cache.get(t);
        return v ? Float32Array.from(v) : null;
      });
    },
    save() {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, JSON.stringify(Object.fromEntries(cache)));
    },
  };
}
