/**
 * A recall worker thread: its own engine over its own read connection to the store (a read-only SQLite handle, or a
 * small PostgreSQL pool), answering recalls the server hands it. The reinforcement a recall gives the memories it
 * returns is not written here: it is sent back to the main thread, the store's one writer, which applies it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createEngine } from "../core/index.js";
import { createEmbedder } from "../providers/index.js";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import type { MemoryPatch, Store } from "../spec/store.js";
import { createPostgresStore } from "../stores/postgres/index.js";
import { createSqliteStore } from "../stores/sqlite/index.js";
import type { RecallWorkerData, RecallWorkerReply, RecallWorkerRequest } from "./recall-pool.js";

const data = workerData as RecallWorkerData;
const port = parentPort;
if (!port) throw new Error("recall-worker.ts runs as a worker thread (see recall-pool.ts)");

const opened: Store =
  data.store.kind === "sqlite"
    ? createSqliteStore({ path: data.store.path, readonly: true })
    : // each worker a small pool of its own; the rest of the tuning as the main thread's store has it
      createPostgresStore({ ...data.store.options, url: data.store.url, poolSize: 4 });

/** The store as this worker's engine sees it: reads go through; reinforcement goes to the main thread. */
const store = new Proxy(opened, {
  get(target, property, receiver) {
    if (property === "updateMemories") {
      return async (tenant: string, patches: MemoryPatch[]) => {
        const reply: RecallWorkerReply = { type: "reinforce", tenant, patches };
        port.postMessage(reply);
        return patches.map((patch) => patch.id);
      };
    }
    if (property === "bindEmbedder") {
      // the main thread binds the store on its first write; a read-only handle cannot, and need not
      return async (binding: Parameters<Store["bindEmbedder"]>[0]) => {
        try {
          await target.bindEmbedder(binding);
        } catch (error) {
          if (!EngramError.isInstance(error) || error.code !== ERROR_CODES.storeUnwritable) throw error;
        }
      };
    }
    return Reflect.get(target, property, receiver);
  },
});

const engine = createEngine({
  store,
  embedder: createEmbedder(data.embedder),
  options: data.engineOptions,
  languageModel: undefined,
});

let inFlight = 0;
let closing = false;

async function close(): Promise<void> {
  // the recalls under way finish first: their store must stay open until they answer
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await engine.close().catch(() => undefined);
  port?.close();
}

port.on("message", async (request: RecallWorkerRequest) => {
  if (request.type === "close") {
    closing = true;
    await close();
    return;
  }
  if (closing) return;
  inFlight++;
  let reply: RecallWorkerReply;
  try {
    reply = { type: "result", id: request.id, result: await engine.recall(request.input) };
  } catch (error) {
    reply = {
      type: "error",
      id: request.id,
      error: EngramError.isInstance(error)
        ? { ...error.toJSON(), message: error.message.replace(error.where ? `${error.where}: ` : "", "") }
        : { code: "internal", category: "system", message: String((error as Error)?.stack ?? error) },
    };
  }
  inFlight--;
  port.postMessage(reply);
});

// loaded, connected and the embedder warm (the local model loads on its first text): recalls come here from now on
await engine.embedder.embed(["warm up"]);
port.postMessage({ type: "ready" } satisfies RecallWorkerReply);
