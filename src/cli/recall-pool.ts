/**
 * Recall served by a pool of worker threads, so that every core answers: each worker has its own engine and read
 * connection to the store; the main thread keeps HTTP, every write, and the reinforcement recalls give (collected
 * from the workers and written in one transaction per tenant every `flushMs`, so readers are not invalidated by a
 * write per recall).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EngineOptionsInput, RecallInput, RecallResult } from "../core/index.js";
import { workerEntry } from "../core/worker-entry.js";
import type { EmbedderConfigInput } from "../providers/index.js";
import { EngramError, ERROR_CODES, type ErrorCategory, type ErrorCode } from "../spec/errors.js";
import type { MemoryPatch } from "../spec/store.js";
import type { PostgresEnvOptions } from "../stores/postgres/index.js";

export type RecallPoolStore =
  | { kind: "sqlite"; path: string }
  | { kind: "postgres"; url: string; options?: PostgresEnvOptions };

export interface RecallWorkerData {
  store: RecallPoolStore;
  embedder: EmbedderConfigInput;
  engineOptions?: EngineOptionsInput;
}

export type RecallWorkerRequest = { type: "recall"; id: number; input: RecallInput } | { type: "close" };

export type RecallWorkerReply =
  | { type: "result"; id: number; result: RecallResult }
  | {
      type: "error";
      id: number;
      error: { code: ErrorCode | "internal"; category: ErrorCategory; message: string; where?: string };
    }
  | { type: "reinforce"; tenant: string; patches: MemoryPatch[] }
  | { type: "ready" };

export interface RecallPoolOptions extends RecallWorkerData {
  /** Worker threads (default: the cores available, at most 4). */
  size?: number;
  /** Writes the reinforcement the workers' recalls gave: the server's engine.store.updateMemories. */
  reinforce: (tenant: string, patches: MemoryPatch[]) => Promise<unknown>;
  /** How often collected reinforcement is written (default 2 s: every write makes the workers reload their vector caches). */
  flushMs?: number;
  /**
   * Answers recalls while no worker is ready yet (they load for a few seconds after the first recall): the server's
   * engine.recall, in the main thread. Without it, those recalls wait for the first worker.
   */
  fallback?: (input: RecallInput) => Promise<RecallResult>;
}

export interface RecallPool {
  readonly size: number;
  /**
   * Recall on the least busy worker; the input is validated there by the engine's schema, as in process. A recall
   * still queued when `signal` aborts (its client went away) is dropped, never computed.
   */
  recall(input: RecallInput, signal?: AbortSignal): Promise<RecallResult>;
  /** Writes the reinforcement collected so far. */
  flush(): Promise<void>;
  /** Recalls each worker has answered (for diagnostics and tests: every worker takes a share). */
  answered(): number[];
  /** Workers that have loaded and take recalls (they load for a few seconds after the first recall). */
  readyWorkers(): number;
  /** Stops the workers (recalls in flight fail) and writes what reinforcement is left. */
  close(): Promise<void>;
}

interface Pending {
  resolve(result: RecallResult): void;
  reject(error: unknown): void;
}

interface Queued extends Pending {
  input: RecallInput;
  signal?: AbortSignal;
}

/** Recalls a worker holds at once: one computing, one waiting in its port, so it never idles between two. */
const IN_FLIGHT_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  answered: number;
  ready: boolean;
}

function shuttingDown(): EngramError {
  return new EngramError({
    code: ERROR_CODES.storeUnavailable,
    category: "system",
    message: "the server is shutting down: retry on another instance, or once it is back",
  });
}

/** The default pool size: every core, at most 4 (beyond that the main thread's HTTP work is the limit). */
export function defaultRecallWorkers(): number {
  return Math.min(4, availableParallelism());
}

/**
 * The workers start together on the first recall (each loads the engine and opens its connection).
 * @example
 * const pool = createRecallPool({ store: { kind: "sqlite", path }, embedder: { kind: "hash" }, reinforce: (t, p) => engine.store.updateMemories(t, p) });
 * const { results } = await pool.recall({ query: "Lisbon", user: "ana" });
 */
export function createRecallPool(options: RecallPoolOptions): RecallPool {
  const size = Math.max(1, options.size ?? defaultRecallWorkers());
  const data: RecallWorkerData = {
    store: options.store,
    embedder: options.embedder,
    engineOptions: options.engineOptions,
  };
  const slots: Slot[] = [];
  const queue: Queued[] = [];
  const collected = new Map<string, Map<string, MemoryPatch>>();
  let nextId = 1;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  function collect(tenant: string, patches: MemoryPatch[]): void {
    const byId = collected.get(tenant) ?? new Map<string, MemoryPatch>();
    collected.set(tenant, byId);
    for (const patch of patches) {
      // two recalls of one memory in a window: keep the stronger, later reinforcement
      const earlier = byId.get(patch.id);
      if (!earlier || (patch.strength ?? 0) >= (earlier.strength ?? 0)) byId.set(patch.id, patch);
    }
    if (!timer && !closed) {
      timer = setTimeout(() => void flush(), options.flushMs ?? 2000);
      timer.unref();
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = [...collected];
    collected.clear();
    flushing = flushing.then(async () => {
      for (const [tenant, byId] of batch) {
        try {
          await options.reinforce(tenant, [...byId.values()]);
        } catch (error) {
          // reinforcement is a nudge to strength, not a memory: a failed write is logged, never fatal
          console.error(error);
        }
      }
    });
    return flushing;
  }

  function start(index: number): Slot {
    const entry = workerEntry(import.meta.url, "recall-worker");
    const worker = new Worker(entry.code, { eval: entry.eval, workerData: data });
    const slot: Slot = { worker, pending: new Map(), answered: slots[index]?.answered ?? 0, ready: false };
    slots[index] = slot;
    worker.on("message", (reply: RecallWorkerReply) => {
      if (reply.type === "reinforce") return collect(reply.tenant, reply.patches);
      if (reply.type === "ready") {
        slot.ready = true;
        return dispatch();
      }
      const pending = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      dispatch();
      if (!pending) return;
      slot.answered++;
      if (reply.type === "result") pending.resolve(reply.result);
      else if (reply.error.code === "internal") pending.reject(new Error(reply.error.message));
      else
        pending.reject(
          new EngramError({
            code: reply.error.code,
            category: reply.error.category,
            message: reply.error.message,
            where: reply.error.where,
          }),
        );
    });
    const stop = (why: string) => {
      if (slots[index] !== slot) return;
      for (const pending of slot.pending.values())
        pending.reject(closed ? shuttingDown() : new Error(`a recall worker ${why}`));
      slot.pending.clear();
      if (!closed) start(index);
      else for (const queued of queue.splice(0)) queued.reject(shuttingDown());
    };
    worker.on("error", (error) => stop(`failed: ${error.message}`));
    worker.on("exit", (code) => stop(`stopped (exit code ${code})`));
    worker.unref();
    return slot;
  }

  /** Hands queued recalls to workers with room, oldest first; one whose client went away is dropped. */
  function dispatch(): void {
    while (queue.length > 0) {
      const open = slots.filter((slot) => slot.ready && slot.pending.size < IN_FLIGHT_PER_WORKER);
      // before any worker is ready, the first one started takes the queue (it answers once loaded)
      const candidates = open.length > 0 ? open : slots.some((slot) => slot.ready) ? [] : slots;
      if (candidates.length === 0) return;
      const slot = candidates.reduce((best, candidate) =>
        candidate.pending.size < best.pending.size ? candidate : best,
      );
      const queued = queue.shift() as Queued;
      if (queued.signal?.aborted) {
        queued.reject(new Error("the client went away before its recall ran"));
        continue;
      }
      const id = nextId++;
      slot.pending.set(id, queued);
      slot.worker.ref();
      const request: RecallWorkerRequest = { type: "recall", id, input: queued.input };
      slot.worker.postMessage(request);
    }
  }

  return {
    size,
    recall(input, signal) {
      if (closed) return Promise.reject(shuttingDown());
      // every worker starts with the first recall: a server that is never asked one costs no threads
      if (slots.length === 0) for (let i = 0; i < size; i++) start(i);
      if (options.fallback && !slots.some((slot) => slot.ready)) return options.fallback(input);
      return new Promise<RecallResult>((resolve, reject) => {
        queue.push({ input, signal, resolve, reject });
        dispatch();
      });
    },
    flush,
    answered: () => slots.map((slot) => slot.answered),
    readyWorkers: () => slots.filter((slot) => slot.ready).length,
    async close() {
      if (closed) return;
      closed = true;
      const running = [...slots];
      await Promise.all(
        running.map(
          (slot) =>
            new Promise<void>((resolve) => {
              slot.worker.once("exit", () => resolve());
              const request: RecallWorkerRequest = { type: "close" };
              slot.worker.postMessage(request);
              // a worker that does not close by itself in time is stopped
              setTimeout(() => void slot.worker.terminate(), 2000).unref();
            }),
        ),
      );
      await flush();
    },
  };
}
