/** `engram doctor` for a SQLite store: read-only checks of the file, its times, its JSON and its references. */
import Database from "better-sqlite3";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { type IntegrityFinding, type IntegrityReport, MEND } from "../../spec/integrity.js";
import { MAX_TIME_MS, MIN_TIME_MS, TIME_RANGE_TEXT } from "../../spec/limits.js";
import { inspectSchema, META_KEYS, readMeta } from "./schema.js";

const EXAMPLES = 5;

/** A time column that is not a whole number of milliseconds within years 0001–9999. */
function badTime(column: string): string {
  return `(typeof(${column}) != 'integer' OR ${column} < ${MIN_TIME_MS} OR ${column} > ${MAX_TIME_MS})`;
}
function badOptionalTime(column: string): string {
  return `(${column} IS NOT NULL AND ${badTime(column)})`;
}

interface Check {
  name: string;
  problem: string;
  /** A query of one column: the id of each row with the problem. */
  sql: string;
  mend: string;
}

const CHECKS: Check[] = [
  {
    name: "time-range",
    problem: `memories with a time outside ${TIME_RANGE_TEXT} (occurred, recorded or last seen)`,
    sql: `SELECT id FROM memories WHERE ${badTime("occurred_at")} OR ${badTime("recorded_at")} OR ${badTime("last_seen_at")}`,
    mend: MEND.forget,
  },
  {
    name: "time-range",
    problem: `memories with a source whose time is outside ${TIME_RANGE_TEXT}`,
    sql: `SELECT DISTINCT m.id FROM memories AS m, json_each(m.sources) AS s
          WHERE json_valid(m.sources) AND (
            ${badTime("json_extract(s.value, '$.occurredAt')")} OR ${badTime("json_extract(s.value, '$.recordedAt')")})`,
    mend: MEND.forget,
  },
  {
    name: "time-range",
    problem: `facts with a valid, recorded or retired time outside ${TIME_RANGE_TEXT}`,
    sql: `SELECT memory_id FROM facts WHERE ${badTime("recorded_at")} OR ${badOptionalTime("valid_from")}
          OR ${badOptionalTime("valid_to")} OR ${badOptionalTime("retired_at")}`,
    mend: MEND.forget,
  },
  {
    name: "time-range",
    problem: `entities or relations with a time outside ${TIME_RANGE_TEXT}`,
    sql: `SELECT id FROM entities WHERE ${badTime("created_at")}
          UNION ALL SELECT id FROM relations WHERE ${badTime("recorded_at")} OR ${badOptionalTime("valid_from")}
          OR ${badOptionalTime("valid_to")} OR ${badOptionalTime("retired_at")}`,
    mend: MEND.rebuild,
  },
  {
    name: "invalid-json",
    problem: "memories whose sources or metadata are not valid JSON of the right shape",
    sql: `SELECT id FROM memories WHERE NOT json_valid(sources) OR NOT json_valid(metadata)
          OR json_type(sources) != 'array' OR json_type(metadata) != 'object'`,
    mend: MEND.forget,
  },
  {
    name: "invalid-value",
    problem: "memories with an unknown kind or status, or a strength outside [0, 1]",
    sql: `SELECT id FROM memories WHERE kind NOT IN ('episode', 'fact', 'summary', 'segment', 'unit')
          OR status NOT IN ('active', 'archived') OR NOT (strength BETWEEN 0 AND 1)`,
    mend: MEND.forget,
  },
  {
    name: "dangling-reference",
    problem: "keys of a memory that does not exist",
    sql: "SELECT k.memory_id FROM keys AS k WHERE NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = k.memory_id)",
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "facts whose memory, subject or object does not exist",
    sql: `SELECT f.memory_id FROM facts AS f
          WHERE NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = f.memory_id)
             OR NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.id = f.subject_id)
             OR (f.object_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.id = f.object_id))`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "facts superseded by a memory that does not exist",
    sql: `SELECT f.memory_id FROM facts AS f WHERE f.superseded_by IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = f.superseded_by)`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "fact sources naming a memory that does not exist",
    sql: `SELECT s.fact_id FROM fact_sources AS s
          WHERE NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = s.fact_id)
             OR NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = s.memory_id)`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "relations whose entities or fact do not exist",
    sql: `SELECT r.id FROM relations AS r
          WHERE NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.id = r.from_id)
             OR NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.id = r.to_id)
             OR (r.fact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = r.fact_id))`,
    mend: MEND.rebuild,
  },
  {
    name: "dangling-reference",
    problem: "mentions whose memory or entity does not exist",
    sql: `SELECT n.memory_id FROM mentions AS n
          WHERE NOT EXISTS (SELECT 1 FROM memories AS m WHERE m.id = n.memory_id)
             OR NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.id = n.entity_id)`,
    mend: MEND.rebuild,
  },
];

function findingOf(db: Database.Database, check: Check): IntegrityFinding | null {
  let ids: unknown[];
  try {
    ids = db.prepare(check.sql).pluck().all() as unknown[];
  } catch (error) {
    // a store of an older schema lacks the graph tables: nothing there to check
    if (/no such table/.test((error as Error).message)) return null;
    throw error;
  }
  if (ids.length === 0) return null;
  return {
    check: check.name,
    problem: check.problem,
    count: ids.length,
    examples: [...new Set(ids.map(String))].slice(0, EXAMPLES),
    mend: check.mend,
  };
}

/**
 * Checks an Engram SQLite file without writing to it (opened read-only: no migration, no WAL checkpoint of ours).
 * @example
 * const report = checkSqliteStore("engram.db");
 * if (report.findings.length > 0) console.log(report.findings[0]?.mend);
 */
export function checkSqliteStore(path: string): IntegrityReport {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new EngramError({
      code: ERROR_CODES.notEngramStore,
      category: "user",
      where: path,
      message: `cannot open this file read-only (${(error as Error).message}): check the path (--db / ENGRAM_DB)`,
      cause: error,
    });
  }
  try {
    if (inspectSchema(db, path) === 0) {
      throw new EngramError({
        code: ERROR_CODES.notEngramStore,
        category: "user",
        where: path,
        message:
          "this SQLite database is empty, so it is not an Engram store yet: check the path (--db / ENGRAM_DB)",
      });
    }
    const findings: IntegrityFinding[] = [];
    const checks = ["sqlite-integrity"];
    const integrity = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    const messages = integrity.map((row) => row.integrity_check).filter((message) => message !== "ok");
    if (messages.length > 0) {
      findings.push({
        check: "sqlite-integrity",
        problem: "SQLite's integrity check failed: the file is damaged",
        count: messages.length,
        examples: messages.slice(0, EXAMPLES),
        mend: MEND.restore,
      });
    }
    for (const check of CHECKS) {
      if (!checks.includes(check.name)) checks.push(check.name);
      const finding = findingOf(db, check);
      if (finding) findings.push(finding);
    }
    checks.push("vector-size");
    const dimensions = Number(readMeta(db, META_KEYS.embedderDimensions) ?? Number.NaN);
    if (Number.isInteger(dimensions)) {
      const finding = findingOf(db, {
        name: "vector-size",
        problem: `keys whose vector is not ${dimensions} dimensions, the size of the store's embedder`,
        sql: `SELECT memory_id FROM keys WHERE vector IS NOT NULL AND length(vector) != ${dimensions}`,
        mend: MEND.forget,
      });
      if (finding) findings.push(finding);
    }
    return { store: `sqlite:${path}`, checks, findings };
  } finally {
    db.close();
  }
}
