/** The worker thread behind extraction-pool.ts: rule-based fact extraction for chunks of turns, answered in order. */
import { parentPort } from "node:worker_threads";
import { extractFacts } from "../text/facts/index.js";
import type { ExtractionReply, ExtractionRequest } from "./extraction-pool.js";

const port = parentPort;
if (!port) throw new Error("extraction-worker runs only as a worker thread (see extraction-pool.ts)");

port.on("message", (request: ExtractionRequest) => {
  let reply: ExtractionReply;
  try {
    reply = {
      type: "done",
      id: request.id,
      extractions: request.jobs.map((job) => extractFacts(job.text, job.at, job.speakers)),
    };
  } catch (error) {
    // the pool runs the chunk again in its own thread, where the error surfaces as it would without workers
    reply = {
      type: "failed",
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  port.postMessage(reply);
});

// The parsers load on first use: load them before saying ready, so that no chunk waits for a load.
extractFacts("I moved to Lisbon last May with my sister Maria.", Date.UTC(2024, 0, 1), { speaker: "Ana" });
port.postMessage({ type: "ready" } satisfies ExtractionReply);
