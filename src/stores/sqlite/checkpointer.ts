/**
 * WAL checkpoints off the write path. SQLite copies its write-ahead log into the database file inside the commit that
 * leaves the log over `wal_autocheckpoint` pages (1,000 by default): in a 1M-memory store one single write in about
 * fifty paid for it, 9–10 ms at p99 against 0.4–0.5 ms at p50 (docs/benchmarks.md, issue 18, follow-up 7). A store
 * that writes starts a worker thread with a connection of its own, which runs a passive checkpoint (one that never
 * blocks the writer or a reader) whenever another connection has committed, looking every CHECK_MS. The store's own
 * connection keeps a limit ten times larger as a backstop, in case the worker stops or falls behind, and returns to
 * SQLite's default if the worker fails. Closing waits (at most CLOSE_WAIT_MS) for the worker's connection to close, so
 * the store's own close is the last and folds and removes the log as before.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** How often the worker looks for new commits, ms. */
const CHECK_MS = 50;
/** The log size at which a store starts its worker: a store that has written this much keeps writing. */
export const START_WAL_BYTES = 1 << 20;
/** The writer's own limit while the worker runs, and SQLite's default it returns to without one. */
export const BACKSTOP_PAGES = 10_000;
const DEFAULT_PAGES = 1_000;
const CLOSE_WAIT_MS = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const shared = new Int32Array(workerData.shared);
let db = null;
let timer = null;
function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  try { if (db) db.close(); } catch {}
  db = null;
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
  parentPort.close();
}
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma("busy_timeout = 1000");
  let version = -1;
  timer = setInterval(() => {
    try {
      const now = db.pragma("data_version", { simple: true });
      if (now === version) return;
      version = now;
      db.pragma("wal_checkpoint(PASSIVE)");
      Atomics.add(shared, 1, 1);
    } catch (error) {
      parentPort.postMessage({ failed: String(error && error.message ? error.message : error) });
      stop();
    }
  }, workerData.checkMs);
} catch (error) {
  parentPort.postMessage({ failed: String(error && error.message ? error.message : error) });
  stop();
}
parentPort.on("message", (message) => { if (message === "close") stop(); });
`;

export interface Checkpointer {
  /** After a commit of this store's: starts the worker once the log has grown past START_WAL_BYTES. */
  wrote(): void;
  /** Whether the worker runs now. */
  running(): boolean;
  /** Passive checkpoints the worker has run. */
  checkpoints(): number;
  /** Stops the worker and waits for its connection to close; the store's connection closes after it. */
  close(): void;
}

/**
 * Checkpoints for the store whose connection is `db` on `file` (a file store opened for writing).
 * @example
 * const checkpointer = createCheckpointer(db, "/data/engram.db");
 * // after each write transaction:
 * checkpointer.wrote();
 */
export function createCheckpointer(db: Database.Database, file: string): Checkpointer {
  let worker: Worker | null = null;
  // [0]: the worker's connection is closed; [1]: checkpoints it ran
  let shared: Int32Array | null = null;
  let failed = false;

  function fallBack(): void {
    if (worker === null) return;
    worker = null;
    failed = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
  }

  function start(): void {
    const buffer = new SharedArrayBuffer(8);
    shared = new Int32Array(buffer);
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, checkMs: CHECK_MS, shared: buffer },
    });
    started.on("message", (message: { failed?: string }) => {
      if (message.failed !== undefined) fallBack();
    });
    started.on("error", fallBack);
    started.on("exit", () => {
      if (worker === started) fallBack();
    });
    // after the listeners: a "message" listener refs the worker's port again, and a script that never closes its
    // store would then never exit
    started.unref();
    worker = started;
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }

  return {
    wrote() {
      if (worker !== null || failed) return;
      let size = 0;
      try {
        size = statSync(`${file}-wal`).size;
      } catch {
        return;
      }
      if (size >= START_WAL_BYTES) start();
    },
    running: () => worker !== null,
    checkpoints: () => (shared === null ? 0 : Atomics.load(shared, 1)),
    close() {
      const active = worker;
      worker = null;
      if (active === null || shared === null) return;
      active.postMessage("close");
      // the worker closes its connection between two looks; the store's own close must come after it
      Atomics.wait(shared, 0, 0, CLOSE_WAIT_MS);
    },
  };
}
