/** Helpers for the PostgreSQL tests: the server's URL (unset means skip), unique schemas and their removal. */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Set by scripts/test.sh, which starts a private server; the PostgreSQL tests skip only when it is unset. */
export const TEST_DATABASE_URL: string | undefined = process.env.ENGRAM_TEST_DATABASE_URL || undefined;

export const SKIP_REASON = "needs ENGRAM_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)";

/** A schema name no other test uses. */
export function uniqueSchema(label: string): string {
  return `engram_test_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** One statement on a short-lived connection (for set-up and checks that must not go through the store). */
export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await adminQuery(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
