/** The PostgreSQL store's write transactions: acknowledged once COMMIT returned, run again where that is safe. */
import type pg from "pg";
import {
  errorCode,
  isConnectionError,
  type PostgresConnection,
  storeFailure,
  toEngramError,
} from "./connection.js";
import type { PostgresRead } from "./graph-store.js";

/** A transaction that lost a deadlock or a serialization race is rolled back and run again, this many times. */
const TRANSACTION_RETRIES = 5;
const RETRY_CODES = new Set(["40P01", "40001"]);

/**
 * Every write runs here, in one transaction: acknowledged only once COMMIT returned. A transaction whose
 * connection died before COMMIT was sent cannot have committed, so it runs again on a fresh connection; so does
 * one that lost a deadlock. A connection lost during COMMIT is reported, never retried (it may have committed).
 */
export function createTransaction(connection: PostgresConnection): PostgresRead {
  const { name, reconnectTimeoutMs } = connection;
  return async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    try {
      await connection.ready();
      const deadline = Date.now() + reconnectTimeoutMs;
      for (let attempt = 0; ; attempt++) {
        const client = await connection.connect(deadline);
        let committing = false;
        try {
          await client.query("BEGIN");
          const result = await work(client);
          committing = true;
          await client.query("COMMIT");
          client.release();
          return result;
        } catch (error) {
          const dead = isConnectionError(error);
          if (!dead) await client.query("ROLLBACK").catch(() => undefined);
          client.release(dead ? (error as Error) : undefined);
          // "not queryable": the driver knew the connection was dead and never sent COMMIT, so nothing committed.
          const neverSent = error instanceof Error && /not queryable/.test(error.message);
          if (dead && committing && !neverSent) {
            throw storeFailure(
              `the connection to PostgreSQL was lost while committing (${(error as Error).message}): the write may or may not be stored; check with get before writing it again`,
              name,
              error,
            );
          }
          const retry =
            (dead && Date.now() < deadline && !connection.closed) ||
            (RETRY_CODES.has(errorCode(error) ?? "") && attempt < TRANSACTION_RETRIES);
          if (!retry) throw error;
        }
      }
    } catch (error) {
      throw toEngramError(error, name);
    }
  };
}
