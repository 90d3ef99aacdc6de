/** Helpers for the PostgreSQL tests: the server's URL (unset means skip), unique schemas and their removal. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migratePostgres, POSTGRES_MIGRATIONS } from "../../src/stores/postgres/schema.js";

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

/** A new schema migrated to `version` only, as an older Engram left it; returns what the migration reported. */
export async function schemaAtVersion(
  url: string,
  schema: string,
  version: number,
): Promise<{ from: number; to: number }> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema},public` });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    const pool = { query: client.query.bind(client) } as unknown as pg.PoolClient;
    return await migratePostgres(
      pool,
      "test",
      POSTGRES_MIGRATIONS.filter((migration) => migration.version <= version),
    );
  } finally {
    await client.end();
  }
}

/**
 * The statements (text and values) matching `pattern` that any pg client sends while `work` runs: pg.Client's query
 * is wrapped for that time and put back after it.
 */
export async function capturedStatements(
  pattern: RegExp,
  work: () => Promise<unknown>,
): Promise<{ text: string; values: unknown[] }[]> {
  const query = pg.Client.prototype.query;
  const seen: { text: string; values: unknown[] }[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof first === "string" ? first : (first?.text ?? "");
    const values = (typeof first === "string" ? args[1] : first?.values) as unknown[] | undefined;
    if (pattern.test(text)) seen.push({ text, values: values ?? [] });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return seen;
}

/** A node of a plan read back with EXPLAIN (ANALYZE, FORMAT JSON). */
export interface PlanNode {
  "Node Type": string;
  "Parent Relationship"?: string;
  "Subplan Name"?: string;
  "Actual Loops": number;
  "Actual Rows": number;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/**
 * Every node of the plan a captured statement ran with, read back with EXPLAIN (ANALYZE, FORMAT JSON) in `schema`
 * (its tables named with the schema, as the store's search_path names them), after `settings` (SET statements).
 */
export async function analyzedPlanNodes(
  url: string,
  schema: string,
  statement: { text: string; values: unknown[] },
  settings: string[] = [],
): Promise<PlanNode[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let explained: { "QUERY PLAN": { Plan: PlanNode }[] } | undefined;
  try {
    for (const setting of settings) await client.query(setting);
    const result = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text.replaceAll("engram_", `${schema}.engram_`)}`,
      statement.values,
    );
    explained = result.rows[0];
  } finally {
    await client.end();
  }
  const plan = explained?.["QUERY PLAN"][0]?.Plan;
  if (plan === undefined) throw new Error("EXPLAIN returned no plan");
  const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
  return nodes(plan);
}
