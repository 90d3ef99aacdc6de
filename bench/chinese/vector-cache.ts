/**
 * Local-model vectors cached on disk under bench/results/chinese (git-ignored), in binary (a JSON list of texts
 * beside a Float32 file), so that training and evaluation reruns embed each English or gloss sentence once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Embedder } from "../../src/spec/embedder.js";

export const CACHE_DIR = resolve(import.meta.dirname, "..", "results", "chinese");

export interface VectorCache {
  /** Vectors for `texts` (null where the model gives none), embedding only the texts not cached yet. */
  embed(
    texts: string[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<(Float32Array | null)[]>;
  save(): void;
}

/** A cache named after the embedder's id and `name` ("english", "gloss-v1"), loaded when it exists. */
export function openVectorCache(embedder: Embedder, name: string): VectorCache {
  const base = join(CACHE_DIR, `${name}-${embedder.id.replace(/[^a-z0-9.-]/gi, "_")}`);
  const cache = new Map<string, Float32Array | null>();
  const dimensions = embedder.dimensions;
  if (existsSync(`${base}.json`) && existsSync(`${base}.f32`)) {
    const texts = JSON.parse(readFileSync(`${base}.json`, "utf8")) as (string | [string])[];
    const raw = readFileSync(`${base}.f32`);
    const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    let row = 0;
    for (const entry of texts) {
      // a text whose vector was null is stored as [text] and takes no row
      if (Array.isArray(entry)) cache.set(entry[0], null);
      else cache.set(entry, all.slice(row * dimensions, ++row * dimensions));
    }
  }
  let dirty = false;
  const save = (): void => {
    if (!dirty) return;
    mkdirSync(CACHE_DIR, { recursive: true });
    const texts: (string | [string])[] = [];
    const rows: Float32Array[] = [];
    for (const [text, vector] of cache) {
      if (vector) {
        texts.push(text);
        rows.push(vector);
      } else texts.push([text]);
    }
    const out = new Float32Array(rows.length * dimensions);
    for (const [i, vector] of rows.entries()) out.set(vector, i * dimensions);
    writeFileSync(`${base}.f32`, out);
    writeFileSync(`${base}.json`, JSON.stringify(texts));
    dirty = false;
  };
  return {
    async embed(texts, onProgress) {
      const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
      // longest last, in chunks that are saved as they finish: a killed run keeps what it embedded
      const chunk = 512;
      for (let start = 0; start < missing.length; start += chunk) {
        const part = missing.slice(start, start + chunk);
        const vectors = await embedder.embed(part);
        part.forEach((text, i) => {
          cache.set(text, vectors[i] ?? null);
        });
        dirty = true;
        onProgress?.(Math.min(missing.length, start + chunk), missing.length);
        if ((start / chunk) % 8 === 7) save();
      }
      save();
      return texts.map((text) => cache.get(text) ?? null);
    },
    save,
  };
}
