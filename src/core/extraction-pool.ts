/**
 * Rule-based fact extraction (the costliest step of a write with facts on) for a large batch, shared between worker
 * threads and the engine's own thread: the batch is cut into chunks, each idle, loaded worker takes the next chunk,
 * and when the engine's thread has planned its write it extracts the chunks no worker has taken. Results come back in
 * job order and are the same as in-thread extraction (the same function on the same inputs); a worker that fails or
 * dies has its chunk extracted in-thread, so a worker never changes what a write stores, only when it is done.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type Extraction, extractFacts, type Speakers } from "../text/facts/index.js";
import { workerEntry } from "./worker-entry.js";

/** One turn to extract from, as the rules take it. */
export interface ExtractionJob {
  text: string;
  at: number;
  speakers: Speakers;
}

export interface ExtractionRequest {
  id: number;
  jobs: ExtractionJob[];
}

export type ExtractionReply =
  | { type: "ready" }
  | { type: "done"; id: number; extractions: Extraction[] }
  | { type: "failed"; id: number; message: string };

export interface ExtractionRun {
  /** Extracts here every chunk no worker has taken, then waits for the workers' chunks: one result per job, in order. */
  finish(): Promise<Extraction[]>;
  /** Drops the chunks no worker has taken (the write failed before it needed them). */
  abandon(): void;
}

export interface ExtractionPool {
  readonly size: number;
  /** Starts the workers if needed and hands them the jobs' chunks as they come free. */
  start(jobs: ExtractionJob[]): ExtractionRun;
  /** Starts the workers if needed; resolves once each has loaded or failed (a bulk load can start them early). */
  ready(): Promise<void>;
  /** Chunks the workers have extracted so far (for diagnostics and tests). */
  workerChunks(): number;
  /** Workers running now, loaded or loading (for diagnostics and tests). */
  liveWorkers(): number;
  /** Terminates the workers; runs still open finish in the calling thread. */
  close(): Promise<void>;
}

/** Turns per chunk: enough to make a message's cost small beside the extraction, few enough to share a batch out. */
const CHUNK_SIZE = 32;

/**
 * Workers by default: none below 4 cores (on 2 cores, quiet or loaded, a worker made facts-on bulk writes slower:
 * docs/benchmarks.md, issue 18's follow-up 3), else every core but two (the engine's thread and SQLite's, GC), at
 * most 3.
 */
export function defaultExtractionWorkers(cores = availableParallelism()): number {
  return cores < 4 ? 0 : Math.min(3, cores - 2);
}

const shared = new Map<number, ExtractionPool>();

/**
 * The process's pool of `size` workers, shared by every engine that was given none (engines come and go, sometimes
 * unclosed, as in an evaluation that opens one per conversation: the workers stay as many as the cores, and idle ones
 * end by themselves).
 */
export function sharedExtractionPool(size: number): ExtractionPool {
  let pool = shared.get(size);
  if (!pool) {
    pool = createExtractionPool(size);
    shared.set(size, pool);
  }
  return pool;
}

interface Chunk {
  run: RunState;
  from: number;
  to: number;
}

interface RunState {
  jobs: ExtractionJob[];
  results: (Extraction | undefined)[];
  queued: Chunk[];
  /** Chunks out with a worker. */
  outstanding: number;
  settle: (() => void) | null;
  failure: unknown;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  loaded: Promise<void>;
  chunk: { id: number; chunk: Chunk } | null;
  /** Ends the worker once it has been idle for IDLE_MS; cleared when it takes a chunk. */
  idle: NodeJS.Timeout | null;
  /** Ended for idleness: its exit is not a failure, and the next run starts it again. */
  resting: boolean;
}

/** A worker idle this long ends (its parser models hold memory); the next large batch starts one again. */
const IDLE_MS = 10_000;

export interface ExtractionPoolOptions {
  /** How long a worker may sit idle before it ends (default 10 s). */
  idleMs?: number;
}

/**
 * @example
 * const pool = createExtractionPool(1);
 * const run = pool.start(turns.map((text) => ({ text, at: Date.now(), speakers: {} })));
 * // …plan the write…
 * const extractions = await run.finish();
 */
export function createExtractionPool(size: number, options: ExtractionPoolOptions = {}): ExtractionPool {
  const idleMs = options.idleMs ?? IDLE_MS;
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  const queue: Chunk[] = [];
  let nextId = 1;
  let extractedByWorkers = 0;
  // a worker that failed to start or died: the pool stops using workers (in-thread extraction is always right)
  let broken = size === 0;

  function extractHere(chunk: Chunk): void {
    const { run } = chunk;
    for (let i = chunk.from; i < chunk.to; i++) {
      const job = run.jobs[i] as ExtractionJob;
      run.results[i] = extractFacts(job.text, job.at, job.speakers);
    }
  }

  function settled(run: RunState): void {
    if (run.outstanding === 0 && run.settle) run.settle();
  }

  /** The chunk a failed or dead worker held is extracted here; its error, if any, is the run's. */
  function recover(slot: Slot): void {
    const held = slot.chunk;
    slot.chunk = null;
    if (!held) return;
    const { run } = held.chunk;
    run.outstanding--;
    try {
      extractHere(held.chunk);
    } catch (error) {
      run.failure ??= error;
    }
    settled(run);
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (!slot?.ready || slot.chunk) continue;
      const chunk = queue.shift();
      if (!chunk) return;
      const id = nextId++;
      slot.chunk = { id, chunk };
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      chunk.run.outstanding++;
      const index = chunk.run.queued.indexOf(chunk);
      if (index >= 0) chunk.run.queued.splice(index, 1);
      slot.worker.ref();
      slot.worker.postMessage({
        id,
        jobs: chunk.run.jobs.slice(chunk.from, chunk.to),
      } satisfies ExtractionRequest);
    }
  }

  function retire(index: number, slot: Slot): void {
    if (slots[index] === slot) slots[index] = null;
    if (slot.idle) clearTimeout(slot.idle);
    if (!slot.resting) broken = true;
    recover(slot);
    void slot.worker.terminate();
  }

  function restWhenIdle(index: number, slot: Slot): void {
    if (slot.chunk || slot.idle) return;
    slot.idle = setTimeout(() => {
      slot.resting = true;
      retire(index, slot);
    }, idleMs);
    slot.idle.unref();
  }

  function startWorker(index: number): void {
    let entry: { code: string | URL; eval: boolean };
    try {
      entry = workerEntry(import.meta.url, "extraction-worker");
    } catch {
      broken = true;
      return;
    }
    const worker = new Worker(entry.code, { eval: entry.eval });
    worker.unref();
    let loaded = () => {};
    const slot: Slot = {
      worker,
      ready: false,
      loaded: new Promise((resolve) => (loaded = resolve)),
      chunk: null,
      idle: null,
      resting: false,
    };
    slots[index] = slot;
    worker.on("message", (reply: ExtractionReply) => {
      if (reply.type === "ready") {
        slot.ready = true;
        loaded();
        dispatch();
        restWhenIdle(index, slot);
        return;
      }
      const held = slot.chunk;
      if (!held || held.id !== reply.id) return;
      if (reply.type === "failed") {
        recover(slot);
      } else {
        slot.chunk = null;
        const { run, from } = held.chunk;
        reply.extractions.forEach((extraction, i) => {
          run.results[from + i] = extraction;
        });
        run.outstanding--;
        extractedByWorkers++;
        settled(run);
      }
      worker.unref();
      dispatch();
      restWhenIdle(index, slot);
    });
    worker.on("error", () => retire(index, slot));
    worker.on("exit", () => {
      loaded();
      retire(index, slot);
    });
  }

  function startWorkers(): void {
    if (broken) return;
    slots.forEach((slot, index) => {
      if (!slot) startWorker(index);
    });
  }

  return {
    size,

    start(jobs) {
      const run: RunState = {
        jobs,
        results: new Array(jobs.length),
        queued: [],
        outstanding: 0,
        settle: null,
        failure: undefined,
      };
      for (let from = 0; from < jobs.length; from += CHUNK_SIZE)
        run.queued.push({ run, from, to: Math.min(jobs.length, from + CHUNK_SIZE) });
      if (!broken) {
        queue.push(...run.queued);
        startWorkers();
        dispatch();
      }
      const unqueue = () => {
        for (const chunk of run.queued) {
          const index = queue.indexOf(chunk);
          if (index >= 0) queue.splice(index, 1);
        }
        const left = run.queued;
        run.queued = [];
        return left;
      };
      return {
        async finish() {
          for (const chunk of unqueue()) extractHere(chunk);
          if (run.outstanding > 0) await new Promise<void>((resolve) => (run.settle = resolve));
          if (run.failure !== undefined) throw run.failure;
          return run.results as Extraction[];
        },
        abandon() {
          unqueue();
        },
      };
    },

    async ready() {
      startWorkers();
      await Promise.all(slots.map((slot) => slot?.loaded));
    },

    workerChunks: () => extractedByWorkers,

    liveWorkers: () => slots.filter((slot) => slot !== null).length,

    async close() {
      broken = true;
      const open = slots.filter((slot): slot is Slot => slot !== null);
      slots.fill(null);
      for (const slot of open) recover(slot);
      await Promise.all(open.map((slot) => slot.worker.terminate()));
    },
  };
}
