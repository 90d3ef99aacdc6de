/**
 * Re-embedding a store's keys (`engram reindex`): keys without a vector get one (a Chinese memory written before
 * the bilingual embedder), or, when the store's vectors come from another embedder or `all` is asked, every key
 * is re-embedded. The job is recorded in the store and advances a batch of memories per transaction, so a killed
 * run resumes where it stopped and nothing is done twice or skipped.
 */
import { quantizeInt8 } from "../mechanisms/quantization.js";
import type { Embedder } from "../spec/embedder.js";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import type { KeyVectorUpdate, ReindexJob, Store } from "../spec/store.js";

export interface ReindexOptions {
  /** Re-embed every key, not only those without a vector. */
  all?: boolean;
  /** Memories per transaction. Default 64. */
  batchSize?: number;
  /** Called after each batch with the job's progress (memories). */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface ReindexResult {
  /** The embedder the store is now bound to. */
  embedder: string;
  mode: ReindexJob["mode"];
  /** Whether this run finished a job that an earlier (killed) run had started. */
  resumed: boolean;
  /** Memories visited by this run, and key vectors it wrote (a key the embedder cannot represent stays without). */
  memories: number;
  vectors: number;
}

/** Starts (or resumes) and finishes a reindex of `store` with `embedder`. */
export async function reindexStore(
  store: Store,
  embedder: Embedder,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const operations = store.reindex;
  if (!operations) {
    throw new EngramError({
      code: ERROR_CODES.notAvailable,
      category: "user",
      where: store.name,
      message: "this store cannot re-embed its keys: export it and import the file with the new embedder",
    });
  }
  const target = { id: embedder.id, dimensions: embedder.dimensions };
  let job = await operations.job();
  const resumed = job !== null;
  if (job && job.target.id !== target.id) {
    throw new EngramError({
      code: ERROR_CODES.embedderMismatch,
      category: "user",
      where: store.name,
      message: `a reindex to ${job.target.id} is under way (${job.done} of ${job.total} memories): finish it with that embedder first (--embedder), then reindex again`,
    });
  }
  if (!job) {
    let mode: ReindexJob["mode"] = options.all ? "all" : "missing";
    if (mode === "missing") {
      // Bound to this embedder (or one it extends), or to none: only missing vectors. Bound to another: all.
      try {
        await store.bindEmbedder({ ...target, extends: embedder.extends });
      } catch (error) {
        if (!EngramError.isInstance(error) || error.code !== ERROR_CODES.embedderMismatch) throw error;
        mode = "all";
      }
    }
    job = await operations.start(target, mode);
  }
  const batchSize = options.batchSize ?? 64;
  let memories = 0;
  let vectors = 0;
  options.onProgress?.({ done: job.done, total: job.total });
  for (;;) {
    const batch = await operations.next(batchSize);
    const last = batch[batch.length - 1];
    if (!last) break;
    const wanted: { tenant: string; memoryId: string; position: number; text: string }[] = [];
    for (const memory of batch) {
      memory.keys.forEach((key, position) => {
        if (!key.dataOnly && (job?.mode === "all" || !key.hasVector)) {
          wanted.push({ tenant: memory.tenant, memoryId: memory.memoryId, position, text: key.text });
        }
      });
    }
    const embedded = wanted.length > 0 ? await embedder.embed(wanted.map((key) => key.text)) : [];
    const updates: KeyVectorUpdate[] = [];
    wanted.forEach((key, i) => {
      const vector = embedded[i] ?? null;
      if (vector === null && job?.mode !== "all") return;
      const quantized = vector ? quantizeInt8(vector) : null;
      if (quantized) vectors++;
      updates.push({
        tenant: key.tenant,
        memoryId: key.memoryId,
        position: key.position,
        vector: quantized?.values ?? null,
        scale: quantized?.scale ?? 0,
      });
    });
    job = await operations.write(updates, { tenant: last.tenant, id: last.memoryId }, batch.length);
    memories += batch.length;
    options.onProgress?.({ done: job.done, total: job.total });
  }
  await operations.finish();
  return { embedder: target.id, mode: job.mode, resumed, memories, vectors };
}
