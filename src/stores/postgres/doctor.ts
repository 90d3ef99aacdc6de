/** `engram doctor` for a PostgreSQL store: the same read-only checks as SQLite's, in one READ ONLY transaction. */
import pg from "pg";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { type IntegrityFinding, type IntegrityReport, MEND } from "../../spec/integrity.js";
import { MAX_TIME_MS, MIN_TIME_MS, TIME_RANGE_TEXT } from "../../spec/limits.js";
import { SCHEMA_NAME, toEngramError } from "./connection.js";

const EXAMPLES = 5;

function badTime(column: string): string {
  return `(${column} NOT BETWEEN ${MIN_TIME_MS} AND ${MAX_TIME_MS})`;
}
function badOptionalTime(column: string): string {
  return `(${column} IS NOT NULL AND ${badTime(column)})`;
}
/** A time inside JSON: not a number, or a number out of range (never a failed cast). */
function badJsonTime(field: string): string {
  return `(CASE WHEN json_typeof(${field}) = 'number' THEN ((${field})::text)::numeric NOT BETWEEN ${MIN_TIME_MS} AND ${MAX_TIME_MS} ELSE true END)`;
}

interface Check {
  name: string;
  problem: string;
  sql: string;
  mend: string;
}

const CHECKS: Check[] = [
  {
    name: "time-range",
    problem: `memories with a time outside ${TIME_RANGE_TEXT} (occurred, recorded or last seen)`,
    sql: `SELECT id FROM engram_memories WHERE ${badTime("occurred_at")} OR ${badTime("recorded_at")} OR ${badTime("last_seen_at")}`,
    mend: MEND.forget,
  },
  {
    name: "time-range",
    problem: `memories with a source whose time is outside ${TIME_RANGE_TEXT}`,
    sql: `SELECT DISTINCT m.id FROM engram_memories AS m, json_array_elements(
            CASE WHEN json_typeof(m.sources) = 'array' THEN m.sources ELSE '[]'::json END) AS s
          WHERE ${badJsonTime("s->'occurredAt'")} OR ${badJsonTime("s->'recordedAt'")}`,
    mend: MEND.forget,
  },
  {
    name: "time-range",
    problem: `facts with a valid, recorded or retired time outside ${TIME_RANGE_TEXT}`,
    sql: `SELECT memory_id FROM engram_facts WHERE ${badTime("recorded_at")} OR ${badOptionalTime("valid_from")}
          OR ${badOptionalTime("valid_to")} OR ${badOptionalTime("retired_at")}`,
    mend: MEND.forget,
  },
  {
    name: "time-range",
    problem: `entities or relations with a time outside ${TIME_RANGE_TEXT}`,
    sql: `SELECT id FROM engram_entities WHERE ${badTime("created_at")}
          UNION ALL SELECT id FROM engram_relations WHERE ${badTime("recorded_at")} OR ${badOptionalTime("valid_from")}
          OR ${badOptionalTime("valid_to")} OR ${badOptionalTime("retired_at")}`,
    mend: MEND.rebuild,
  },
  {
    name: "invalid-json",
    problem: "memories whose sources or metadata are JSON of the wrong shape",
    sql: `SELECT id FROM engram_memories WHERE json_typeof(sources) != 'array' OR json_typeof(metadata) != 'object'`,
    mend: MEND.forget,
  },
  {
    name: "invalid-value",
    problem: "memories with an unknown kind or status, or a strength outside [0, 1]",
    sql: `SELECT id FROM engram_memories WHERE kind NOT IN ('episode', 'fact', 'summary', 'segment', 'unit')
          OR status NOT IN ('active', 'archived') OR NOT (strength BETWEEN 0 AND 1)`,
    mend: MEND.forget,
  },
  {
    name: "dangling-reference",
    problem: "keys of a memory that does not exist",
    sql: `SELECT k.memory_id FROM engram_keys AS k WHERE NOT EXISTS
          (SELECT 1 FROM engram_memories AS m WHERE m.tenant = k.tenant AND m.id = k.memory_id)`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "facts whose memory, subject or object does not exist",
    sql: `SELECT f.memory_id FROM engram_facts AS f
          WHERE NOT EXISTS (SELECT 1 FROM engram_memories AS m WHERE m.tenant = f.tenant AND m.id = f.memory_id)
             OR NOT EXISTS (SELECT 1 FROM engram_entities AS e WHERE e.tenant = f.tenant AND e.id = f.subject_id)
             OR (f.object_id IS NOT NULL AND NOT EXISTS
                 (SELECT 1 FROM engram_entities AS e WHERE e.tenant = f.tenant AND e.id = f.object_id))`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "facts superseded by a memory that does not exist",
    sql: `SELECT f.memory_id FROM engram_facts AS f WHERE f.superseded_by IS NOT NULL AND NOT EXISTS
          (SELECT 1 FROM engram_memories AS m WHERE m.tenant = f.tenant AND m.id = f.superseded_by)`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "fact sources naming a memory that does not exist",
    sql: `SELECT s.fact_id FROM engram_fact_sources AS s
          WHERE NOT EXISTS (SELECT 1 FROM engram_memories AS m WHERE m.tenant = s.tenant AND m.id = s.fact_id)
             OR NOT EXISTS (SELECT 1 FROM engram_memories AS m WHERE m.tenant = s.tenant AND m.id = s.memory_id)`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "relations whose entities or fact do not exist",
    sql: `SELECT r.id FROM engram_relations AS r
          WHERE NOT EXISTS (SELECT 1 FROM engram_entities AS e WHERE e.tenant = r.tenant AND e.id = r.from_id)
             OR NOT EXISTS (SELECT 1 FROM engram_entities AS e WHERE e.tenant = r.tenant AND e.id = r.to_id)
             OR (r.fact_id IS NOT NULL AND NOT EXISTS
                 (SELECT 1 FROM engram_memories AS m WHERE m.tenant = r.tenant AND m.id = r.fact_id))`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "mentions whose memory or entity does not exist",
    sql: `SELECT n.memory_id FROM engram_mentions AS n
          WHERE NOT EXISTS (SELECT 1 FROM engram_memories AS m WHERE m.tenant = n.tenant AND m.id = n.memory_id)
             OR NOT EXISTS (SELECT 1 FROM engram_entities AS e WHERE e.tenant = n.tenant AND e.id = n.entity_id)`,
    mend: MEND.rebuild,
  },
];

/**
 * Checks an Engram PostgreSQL schema without writing to it: one READ ONLY transaction, no migration.
 * @example
 * const report = await checkPostgresStore({ url: "postgres://engram@db/engram" });
 */
export async function checkPostgresStore(options: {
  url: string;
  schema?: string;
}): Promise<IntegrityReport> {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where: "schema",
      message: `"${schema}" is not a plain schema name: use lower-case letters, digits and _ (at most 63)`,
    });
  }
  const url = new URL(options.url);
  url.password = "";
  const name = `postgres:${url.toString()}${schema === "public" ? "" : `#${schema}`}`;
  const client = new pg.Client({ connectionString: options.url, options: `-c search_path=${schema},public` });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("BEGIN READ ONLY");
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1",
      [schema],
    );
    const present = new Set(tables.rows.map((row) => row.name));
    if (!present.has("engram_memories")) {
      throw new EngramError({
        code: ERROR_CODES.notEngramStore,
        category: "user",
        where: name,
        message: "this database (schema) holds no Engram tables: check --database-url and the schema",
      });
    }
    const checks: string[] = [];
    const findings: IntegrityFinding[] = [];
    for (const check of CHECKS) {
      if (!checks.includes(check.name)) checks.push(check.name);
      const used = [...check.sql.matchAll(/engram_[a-z_]+/g)].map((m) => m[0]);
      if (!used.every((table) => present.has(table))) continue;
      const result = await client.query<unknown[]>({ text: check.sql, rowMode: "array" });
      const ids = result.rows.map((row) => String(row[0]));
      if (ids.length === 0) continue;
      findings.push({
        check: check.name,
        problem: check.problem,
        count: ids.length,
        examples: [...new Set(ids)].slice(0, EXAMPLES),
        mend: check.mend,
      });
    }
    await client.query("ROLLBACK");
    return { store: name, checks, findings };
  } catch (error) {
    throw toEngramError(error, name);
  } finally {
    await client.end().catch(() => undefined);
  }
}
