/** The worker thread behind createLocalEmbedder({ workers }): one USE-lite model, one batch at a time, vectors sent back without copying. */
import { parentPort } from "node:worker_threads";
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { EngramError } from "../spec/errors.js";
import { embedLocalBatch, errorMessage, loadLocalModel } from "./local-model.js";

/** What the pool sends: one batch of texts the model can represent. */
export interface LocalModelRequest {
  texts: string[];
}

/** What the worker answers, one reply per request, in order. */
export type LocalModelReply =
  | { vectors: (Float32Array | null)[] }
  | { error: { message: string; code: string | null } };

const port = parentPort;
if (!port)
  throw new Error("local-model-worker runs only as a worker thread (createLocalEmbedder({ workers }))");

let loading: Promise<EmbeddingsModel> | null = null;
let queue: Promise<void> = Promise.resolve();

function load(): Promise<EmbeddingsModel> {
  if (!loading) {
    loading = loadLocalModel().catch((error: unknown) => {
      loading = null; // the next request tries again
      throw error;
    });
  }
  return loading;
}

async function answer(request: LocalModelRequest): Promise<LocalModelReply> {
  try {
    return { vectors: await embedLocalBatch(await load(), request.texts) };
  } catch (error) {
    return {
      error: { message: errorMessage(error), code: EngramError.isInstance(error) ? error.code : null },
    };
  }
}

port.on("message", (request: LocalModelRequest) => {
  // One batch at a time, in arrival order: the model is single-threaded anyway.
  queue = queue.then(async () => {
    const reply = await answer(request);
    const buffers =
      "vectors" in reply
        ? reply.vectors.flatMap((vector) => (vector ? [vector.buffer as ArrayBuffer] : []))
        : [];
    port.postMessage(reply, buffers);
  });
});
