/**
 * Imports over HTTP as jobs: POST /v1/import answers 202 at once with a status URL, and the import runs in the
 * background in batches that yield to the event loop, so a large file never holds other clients up.
 */
import { randomBytes } from "node:crypto";
import type { ImportResult } from "../core/index.js";
import { type Problem, toProblem } from "./problem.js";

export type ImportJobStatus = "running" | "done" | "failed";

export interface ImportJob {
  id: string;
  status: ImportJobStatus;
  /** Who started it: only the same tenant's admin keys see it. */
  tenant: string;
  startedAt: string;
  finishedAt: string | null;
  progress: { done: number; total: number };
  result: ImportResult | null;
  /** Why it failed (a bad line names its number): nothing was written then, or whole batches only for a store outage. */
  problem: Problem | null;
}

export interface ImportJobs {
  /** Start `run` in the background; it reports progress through the callback it is given. */
  start(
    tenant: string,
    run: (progress: (state: { done: number; total: number }) => void) => Promise<ImportResult>,
  ): ImportJob;
  get(id: string): ImportJob | undefined;
  /** Resolves once no job is running (a server waits for this before it closes the store). */
  idle(): Promise<void>;
}

/**
 * The jobs of one server, kept in memory: the newest `keep` finished jobs stay readable.
 * @example
 * const jobs = createImportJobs();
 * const job = jobs.start("acme", (progress) => engine.importLines(lines, progress));
 */
export function createImportJobs(options: { keep?: number; now?: () => number } = {}): ImportJobs {
  const keep = options.keep ?? 100;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, ImportJob>();
  const running = new Set<Promise<void>>();

  function forgetOldest(): void {
    const finished = [...jobs.values()].filter((job) => job.status !== "running");
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(job.id);
  }

  return {
    start(tenant, run) {
      const job: ImportJob = {
        id: `imp_${randomBytes(8).toString("hex")}`,
        status: "running",
        tenant,
        startedAt: new Date(now()).toISOString(),
        finishedAt: null,
        progress: { done: 0, total: 0 },
        result: null,
        problem: null,
      };
      jobs.set(job.id, job);
      const work = (async () => {
        // the answer (202) goes out before the first line is read
        await new Promise<void>((resolve) => setImmediate(resolve));
        try {
          job.result = await run((state) => {
            job.progress = { done: state.done, total: state.total };
          });
          job.status = "done";
        } catch (error) {
          job.problem = toProblem(error);
          job.status = "failed";
          if (job.problem.status >= 500) console.error(error);
        }
        job.finishedAt = new Date(now()).toISOString();
        forgetOldest();
      })();
      running.add(work);
      void work.finally(() => running.delete(work));
      return job;
    },
    get: (id) => jobs.get(id),
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
