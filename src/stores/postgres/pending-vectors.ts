/**
 * Key vectors that wait outside the HNSW graph. pgvector updates its graph in every insert, at a cost that grows with
 * the graph (a few hundred microseconds a key in a small one, ~10 ms at a million keys: docs/benchmarks.md, issue 18),
 * so with the index kept a write would cost more the larger the store. Instead, while a tenant has fewer than
 * `limit` keys waiting, a write stores its vectors' size in `pending_dimensions` rather than `dimensions`, which puts
 * them outside the partial HNSW index: the write's cost is the table's and its small indexes'. A search through the
 * graph also scans the filter's pending keys exactly (vector-search.ts), so they are found at once; a merge in the
 * background moves them into the graph a batch at a time (an UPDATE that sets `dimensions`), each batch a
 * transaction of its own that skips rows another merger holds. A crash loses nothing: a pending key is a complete
 * row, merged after the next write of any store object. Past the limit a write pays the graph insert itself (and
 * starts the merge), so the exact scan beside the graph stays bounded. The merge waits while this store object's
 * writes keep coming (until none has run for `quietMs`), as SQLite's graph build waits for a bulk load to end: on a
 * small machine a merge into a large graph takes the cores a burst of writes needs (a 1M store's 200-turn batches ran
 * 1.1–1.8 times the small store's with the merge beside them, 0.7–1.0 without: docs/benchmarks.md, issue 18,
 * follow-up 15). It goes on regardless once half the limit is waiting, so a write never meets a full tenant sooner.
 */
import type pg from "pg";
import { runStatement as run, tenantParameters, tenantStatement } from "./tenant-sql.js";

/** Keys moved into the graph per merge transaction (a fraction of a second at a million keys). */
export const MERGE_BATCH = 100;

/** Whether the tenant has fewer than `limit` keys waiting outside the graph (a count that stops at `limit`). */
export async function roomForPending(client: pg.PoolClient, tenant: string, limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  const parameters = tenantParameters(tenant);
  const result = await run(
    client,
    tenantStatement(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM engram_keys AS k WHERE k.tenant = $1 AND k.pending_dimensions IS NOT NULL
          LIMIT ${parameters.bind(limit)}) AS waiting`,
      parameters,
    ),
  );
  return (result.rows[0] as { n: number }).n < limit;
}

/**
 * Moves up to MERGE_BATCH of a tenant's pending keys into the graph, in the caller's transaction; rows another
 * transaction holds are skipped. Returns how many moved.
 */
export async function mergePendingBatch(client: pg.PoolClient, tenant: string): Promise<number> {
  const parameters = tenantParameters(tenant);
  const result = await run(
    client,
    tenantStatement(
      `UPDATE engram_keys AS k SET dimensions = k.pending_dimensions, pending_dimensions = NULL
         FROM (SELECT w.tenant, w.memory_id, w.position FROM engram_keys AS w
                WHERE w.tenant = $1 AND w.pending_dimensions IS NOT NULL
                LIMIT ${parameters.bind(MERGE_BATCH)} FOR UPDATE SKIP LOCKED) AS waiting
        WHERE k.tenant = $1 AND k.memory_id = waiting.memory_id AND k.position = waiting.position`,
      parameters,
    ),
  );
  return result.rowCount ?? 0;
}

/**
 * A tenant with keys waiting, or null. The one statement of the merge that spans tenants (docs/distribution.md):
 * it reads one row of the small pending index.
 */
export async function tenantWithPending(client: pg.PoolClient): Promise<string | null> {
  const result = await client.query<{ tenant: string }>(
    "SELECT tenant FROM engram_keys WHERE pending_dimensions IS NOT NULL LIMIT 1",
  );
  return result.rows[0]?.tenant ?? null;
}

type Work = <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/** The background merge of one store object: kicked after a write that left keys pending, stopped by close. */
export interface PendingMerger {
  /** Starts a merge unless one is running (a running one goes on until nothing is pending). */
  kick(): void;
  /** Runs a write of this store object: the merge waits while writes run, and for `quietMs` after the last. */
  during<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Merges what waits without waiting for quiet; resolves when no merge is running. The merge's last error, if it
   * stopped on one, is returned, not thrown.
   */
  idle(): Promise<unknown>;
  /** Lets the running batch finish and starts no more. */
  close(): Promise<void>;
}

export interface PendingMergerOptions {
  /** How long after this store object's last write the merge waits (ms); 0 merges at once. */
  quietMs: number;
  /** Keys waiting in a tenant at which the merge goes on while writes arrive (0: no such count; it waits for quiet). */
  pressingAt: number;
}

/**
 * The merge loop over `read` (for the tenant look-up) and `transaction` (one per batch). A failed batch ends the
 * loop (its keys stay pending and searchable); the next kick tries again.
 */
export function createPendingMerger(
  read: Work,
  transaction: Work,
  options: PendingMergerOptions = { quietMs: 0, pressingAt: 0 },
): PendingMerger {
  let running: Promise<unknown> | null = null;
  let closed = false;
  let again = false;
  /** Writes of this store object running now, and when the last one ended (ms). */
  let writing = 0;
  let lastWrite = 0;
  /** idle() asked for the merge now. */
  let flushing = false;
  /** Ends the current wait for quiet early (close, idle). */
  let wake: (() => void) | null = null;

  /** Waits until no write has run for quietMs, unless the tenant has pressingAt keys waiting (then at once). */
  async function quiet(tenant: string): Promise<void> {
    for (;;) {
      if (closed || flushing || options.quietMs <= 0) return;
      const since = Date.now() - lastWrite;
      if (writing === 0 && since >= options.quietMs) return;
      if (
        options.pressingAt > 0 &&
        !(await read((client) => roomForPending(client, tenant, options.pressingAt)))
      )
        return;
      await new Promise<void>((resolve) => {
        // closed or asked for the merge while the count above was read: no wait
        if (closed || flushing) {
          resolve();
          return;
        }
        const timer = setTimeout(resolve, writing > 0 ? options.quietMs : options.quietMs - since);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  async function loop(): Promise<unknown> {
    try {
      do {
        again = false;
        for (;;) {
          if (closed) return undefined;
          const tenant = await read(tenantWithPending);
          if (tenant === null) break;
          await quiet(tenant);
          if (closed) return undefined;
          const moved = await transaction((client) => mergePendingBatch(client, tenant));
          // every pending row is held by another merger: it will finish them
          if (moved === 0) break;
        }
      } while (again && !closed);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  return {
    kick() {
      if (closed) return;
      if (running) {
        again = true;
        // a merge waiting for quiet looks again: this write may have brought the tenant to pressingAt
        wake?.();
        return;
      }
      running = loop().finally(() => {
        running = null;
        flushing = false;
      });
    },
    async during(work) {
      writing++;
      try {
        return await work();
      } finally {
        writing--;
        lastWrite = Date.now();
      }
    },
    async idle() {
      if (!running) return undefined;
      flushing = true;
      wake?.();
      return await running;
    },
    async close() {
      closed = true;
      wake?.();
      if (running) await running;
    },
  };
}
