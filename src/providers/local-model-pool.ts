/** A pool of worker threads, each running its own USE-lite model: batches queue, and the next idle worker takes one. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { EngramError, type ErrorCode } from "../spec/errors.js";
import { errorMessage, LOCAL_EMBEDDER_ID } from "./local-model.js";
import type { LocalModelReply, LocalModelRequest } from "./local-model-worker.js";

export interface LocalModelPool {
  readonly size: number;
  /**
   * Embeds every batch (all texts representable) on the workers, starting them if needed; vectors per batch, in
   * order. Batches queue in the order given: put the longest first so the workers end together. The first failed
   * batch rejects the call and drops its batches still queued.
   */
  embedBatches(batches: string[][]): Promise<(Float32Array | null)[][]>;
  /** The worker threads running now (for diagnostics and tests). */
  threads(): readonly Worker[];
  /** Terminates every worker; calls still waiting fail with `provider_failure`. A later call starts workers again. */
  close(): Promise<void>;
}

interface Job {
  failed: boolean;
  fail(error: EngramError): void;
}

interface Task {
  texts: string[];
  job: Job;
  resolve(vectors: (Float32Array | null)[]): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

/**
 * Up to `size` workers, each started when a batch finds no idle one (a one-text query starts one; a dead worker is
 * replaced the same way), so concurrent first calls share the same workers and loads. Idle workers are unref'd so
 * that a caller who forgets close() still lets the process exit; a worker with a batch in flight is ref'd so that the
 * process waits for the answer.
 */
export function createLocalModelPool(size: number): LocalModelPool {
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  let queue: Task[] = [];

  function start(index: number): Slot {
    const entry = workerEntry();
    const worker = new Worker(entry.code, { eval: entry.eval });
    const slot: Slot = { worker, task: null };
    slots[index] = slot;
    worker.on("message", (reply: LocalModelReply) => {
      const task = slot.task;
      slot.task = null;
      if (slots[index] === slot) worker.unref();
      if (task) {
        if ("vectors" in reply) task.resolve(reply.vectors);
        else task.job.fail(workerError(reply.error.message, reply.error.code, task.texts.length));
      }
      dispatch();
    });
    const stop = (what: string, cause?: unknown): void => {
      if (slots[index] !== slot) return; // already handled, or closed on purpose
      slots[index] = null;
      void worker.terminate();
      const task = slot.task;
      slot.task = null;
      if (task) {
        task.job.fail(
          new EngramError({
            code: "provider_failure",
            category: "provider",
            message: `the local embedding worker thread (${LOCAL_EMBEDDER_ID}) ${what} while embedding a batch of ${task.texts.length} texts; the next call starts a fresh worker. If it keeps happening, create the embedder with { workers: 0 } to run the model in-thread, or set ENGRAM_EMBEDDER=hash.`,
            cause,
          }),
        );
      }
      dispatch();
    };
    worker.on("error", (error) => stop(`failed (${errorMessage(error)})`, error));
    worker.on("messageerror", (error) =>
      stop(`sent a reply that could not be read (${errorMessage(error)})`, error),
    );
    worker.on("exit", (code) => stop(`stopped (exit code ${code})`));
    // After the listeners: adding a "message" listener refs the worker's port again.
    worker.unref();
    return slot;
  }

  function dispatch(): void {
    while (queue.length > 0) {
      let index = slots.findIndex((slot) => slot !== null && slot.task === null);
      if (index < 0) index = slots.indexOf(null);
      if (index < 0) return; // every worker is busy
      const task = queue.shift() as Task;
      let slot = slots[index];
      if (!slot) {
        try {
          slot = start(index);
        } catch (error) {
          task.job.fail(
            EngramError.isInstance(error)
              ? error
              : workerError(
                  `could not start a worker thread: ${errorMessage(error)}`,
                  null,
                  task.texts.length,
                ),
          );
          continue;
        }
      }
      slot.task = task;
      slot.worker.ref(); // an answer is awaited: keep the process alive for it
      const request: LocalModelRequest = { texts: task.texts };
      slot.worker.postMessage(request);
    }
  }

  return {
    size,
    embedBatches(batches) {
      if (batches.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        const results: (Float32Array | null)[][] = new Array(batches.length);
        let remaining = batches.length;
        const job: Job = {
          failed: false,
          fail(error) {
            if (job.failed) return;
            job.failed = true;
            queue = queue.filter((task) => task.job !== job);
            reject(error);
          },
        };
        batches.forEach((texts, position) => {
          queue.push({
            texts,
            job,
            resolve(vectors) {
              if (job.failed) return;
              results[position] = vectors;
              remaining -= 1;
              if (remaining === 0) resolve(results);
            },
          });
        });
        dispatch();
      });
    },
    threads() {
      return slots.flatMap((slot) => (slot ? [slot.worker] : []));
    },
    async close() {
      const running = slots.flatMap((slot) => (slot ? [slot] : []));
      slots.fill(null);
      const waiting = [...new Set([...queue, ...running.flatMap((slot) => (slot.task ? [slot.task] : []))])];
      queue = [];
      for (const task of waiting) {
        task.job.fail(
          new EngramError({
            code: "provider_failure",
            category: "provider",
            message: `the local embedder was closed while it was embedding: await every embed() call before close().`,
          }),
        );
      }
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}

function workerError(message: string, code: string | null, texts: number): EngramError {
  return new EngramError({
    code: (code as ErrorCode | null) ?? "provider_failure",
    category: "provider",
    message:
      code === null
        ? `the local embedding worker thread failed on a batch of ${texts} texts: ${message}`
        : message, // already says what and how to fix
  });
}

/**
 * How to start the worker: `local-model-worker.js` beside this module when running from dist/; from src/ (vitest,
 * tsx) only the `.ts` exists, so a small bootstrap registers tsx's loader (a dev dependency) in the worker and then
 * imports it. (`execArgv: ["--import", "tsx"]` does not reach a worker's entry module on Node 20.)
 */
function workerEntry(): { code: string | URL; eval: boolean } {
  const compiled = new URL("./local-model-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { code: compiled, eval: false };
  const source = new URL("./local-model-worker.ts", import.meta.url);
  if (!existsSync(fileURLToPath(source))) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      where: fileURLToPath(compiled),
      message:
        "the local embedding worker's file is missing (neither .js nor .ts): reinstall the package, or create the embedder with { workers: 0 }.",
    });
  }
  let api: string;
  try {
    api = tsxApiUrl();
  } catch (error) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      message: `the local embedding worker runs from TypeScript source here and needs tsx's loader, which was not found: ${errorMessage(error)}. Build first (npm run build) and run from dist/, install tsx, or create the embedder with { workers: 0 }.`,
      cause: error,
    });
  }
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return { code, eval: true };
}

/** The file URL of tsx's ESM API (`tsx/esm/api`), found through its package.json so that any working directory works. */
function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports?.["./esm/api"];
  const relative = typeof entry === "object" ? entry.import?.default : undefined;
  if (!relative) throw new Error(`${manifestPath} has no "./esm/api" import entry`);
  return new URL(relative, pathToFileURL(manifestPath)).href;
}
