/**
 * Runs memory network training runs in parallel on worker threads (one run per thread at a time), or in this thread
 * when one worker is asked for. Results come back in the order of the jobs, whatever order they finish in.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
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
  const entry = workerEntry();
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

/**
 * `memn2n-worker.js` beside this module when running from dist/; from src/ (vitest, tsx) a small bootstrap registers
 * tsx's loader in the worker first (the same arrangement as the local embedder's worker pool).
 */
function workerEntry(): { code: string | URL; eval: boolean } {
  const compiled = new URL("./memn2n-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { code: compiled, eval: false };
  const source = new URL("./memn2n-worker.ts", import.meta.url);
  const manifestPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const api = manifest.exports?.["./esm/api"];
  const relative = typeof api === "object" ? api.import?.default : undefined;
  if (!relative)
    throw new Error(
      `${manifestPath} has no "./esm/api" entry: build first (npm run build) or use --workers 1`,
    );
  const href = new URL(relative, pathToFileURL(manifestPath)).href;
  const code = `import(${JSON.stringify(href)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return { code, eval: true };
}
