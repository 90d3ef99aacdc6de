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
 * starts the merge), so the exact scan beside the graph stays bounded.
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
  /** Resolves when no merge is running; the merge's last error, if it stopped on one, is returned, not thrown. */
  idle(): Promise<unknown>;
  /** Lets the running batch finish and starts no more. */
  close(): Promise<void>;
}

/**
 * The merge loop over `read` (for the tenant look-up) and `transaction` (one per batch). A failed batch ends the
 * loop (its keys stay pending and searchable); the next kick tries again.
 */
export function createPendingMerger(read: Work, transaction: Work): PendingMerger {
  let running: Promise<unknown> | null = null;
  let closed = false;
  let again = false;

  async function loop(): Promise<unknown> {
    try {
      do {
        again = false;
        for (;;) {
          if (closed) return undefined;
          const tenant = await read(tenantWithPending);
          if (tenant === null) break;
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
        return;
      }
      running = loop().finally(() => {
        running = null;
      });
    },
    async idle() {
      return running ? await running : undefined;
    },
    async close() {
      closed = true;
      if (running) await running;
    },
  };
}
