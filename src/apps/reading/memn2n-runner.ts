/**
 * Runs memory network training runs in parallel on worker threads (one run per thread at a time), or in this thread
 * when one worker is asked for. Results come back in the order of the jobs, whatever order they finish in.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { workerEntry } from "../../core/worker-entry.js";
import { EngramError } from "../../spec/errors.js";
import { type Memn2nJob, type Memn2nJobResult, runMemn2nJob } from "./memn2n-job.js";
import type { Memn2nWorkerReply } from "./memn2n-worker.js";

export interface RunnerOptions {
  /** Worker threads (default: the cores available, at most 2); 1 runs every job in this thread. */
  workers?: number;
  /** Called as each run ends, with how many have ended. */
  onResult?: (result: Memn2nJobResult, done: number, total: number) => void;
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * @example const results = await runMemn2nJobs(jobs, { workers: 2 });
 */
export async function runMemn2nJobs(
  jobs: readonly Memn2nJob[],
  options: RunnerOptions = {},
): Promise<Memn2nJobResult[]> {
  const workers = Math.min(options.workers ?? defaultWorkers(), jobs.length);
  const results: Memn2nJobResult[] = new Array(jobs.length);
  let done = 0;
  if (workers <= 1) {
    for (const [i, job] of jobs.entries()) {
      // yield between runs so that a caller's timers and output keep going
      await new Promise((resolve) => setImmediate(resolve));
      const result = runMemn2nJob(job);
      results[i] = result;
      options.onResult?.(result, ++done, jobs.length);
    }
    return results;
  }
  let next = 0;
  const entry = workerEntry(import.meta.url, "memn2n-worker");
  const threads: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        const worker = new Worker(entry.code, { eval: entry.eval });
        threads.push(worker);
        while (next < jobs.length) {
          const index = next++;
          const result = await ask(worker, jobs[index] as Memn2nJob);
          results[index] = result;
          options.onResult?.(result, ++done, jobs.length);
        }
      }),
    );
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
  return results;
}

function ask(worker: Worker, job: Memn2nJob): Promise<Memn2nJobResult> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (reply: Memn2nWorkerReply) => {
      cleanup();
      if ("result" in reply) resolve(reply.result);
      else
        reject(
          reply.error.code === "invalid_input"
            ? new EngramError({ code: "invalid_input", category: "user", message: reply.error.message })
            : new Error(`a memory network training thread failed: ${reply.error.message}`),
        );
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`a memory network training thread failed: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`a memory network training thread stopped (exit code ${code}) during a run`));
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(job);
  });
}
