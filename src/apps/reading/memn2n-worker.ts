/** The worker thread behind `runMemn2nJobs`: one training run per message, its result sent back. */
import { parentPort } from "node:worker_threads";
import { EngramError } from "../../spec/errors.js";
import { type Memn2nJob, type Memn2nJobResult, runMemn2nJob } from "./memn2n-job.js";

export type Memn2nWorkerReply =
  | { result: Memn2nJobResult }
  | { error: { message: string; code: string | null } };

const port = parentPort;
if (!port) throw new Error("memn2n-worker runs only as a worker thread (runMemn2nJobs)");

port.on("message", (job: Memn2nJob) => {
  let reply: Memn2nWorkerReply;
  try {
    reply = { result: runMemn2nJob(job) };
  } catch (error) {
    reply = {
      error: {
        message: error instanceof Error ? error.message : String(error),
        code: EngramError.isInstance(error) ? error.code : null,
      },
    };
  }
  port.postMessage(reply);
});
