/**
 * Tenant isolation by construction: every statement over a tenant's rows is built here, binds the tenant as $1, and
 * is refused unless each Engram table it reads or changes carries an alias with an `alias.tenant = $1` condition.
 */
import type pg from "pg";

/** A statement ready for `client.query`: the tenant is always the first value. */
export interface TenantStatement {
  text: string;
  values: unknown[];
}

// the knowledge graph's tables are tenant-bound too
const TABLES =
  "engram_(?:memories|keys|term_stats|tenant_stats|entities|facts|fact_sources|relations|mentions|feedback|scorers)";
/** `engram_x AS alias` anywhere except as the target of an INSERT (an insert's tenant comes from the record). */
const ALIASED = new RegExp(`(?<!INSERT INTO )\\b${TABLES}\\s+AS\\s+(\\w+)`, "g");
/** Any mention of an Engram table that is neither aliased nor an INSERT target. */
const BARE = new RegExp(`(?<!INSERT INTO )\\b${TABLES}\\b(?!\\s+AS\\s)`);

const checked = new Set<string>();

/** Throws (a programming error, found by the first test that runs the statement) when a table is not tenant-bound. */
export function assertTenantBound(text: string): void {
  if (checked.has(text)) return;
  const bare = BARE.exec(text);
  if (bare) {
    throw new Error(`tenant-sql: ${bare[0]} has no alias; write "${bare[0]} AS x" and "x.tenant = $1"`);
  }
  for (const match of text.matchAll(ALIASED)) {
    const alias = match[1] as string;
    if (!new RegExp(`\\b${alias}\\.tenant = \\$1\\b`).test(text)) {
      throw new Error(`tenant-sql: ${match[0]} is not bound to the tenant; add "${alias}.tenant = $1"`);
    }
  }
  checked.add(text);
}

const ANY_TENANT_TABLE = new RegExp(`\\b${TABLES}\\b`);

/**
 * For statements outside a tenant's data (the API keys table, engram_api_keys): throws when one names a tenant-bound
 * table, so those tables are reached only through tenantStatement.
 */
export function assertOutsideTenantData(text: string): void {
  const table = ANY_TENANT_TABLE.exec(text);
  if (table) {
    throw new Error(
      `tenant-sql: ${table[0]} holds a tenant's rows; build this statement with tenantStatement`,
    );
  }
}

/** The values after the tenant, numbered from $2: `bind(value)` returns the placeholder to write into the SQL. */
export interface TenantParameters {
  bind(value: unknown): string;
  readonly values: unknown[];
}

export function tenantParameters(tenant: string): TenantParameters {
  const values: unknown[] = [tenant];
  return {
    bind(value) {
      values.push(value);
      return `$${values.length}`;
    },
    values,
  };
}

/**
 * A statement over one tenant's rows.
 * @example
 * const parameters = tenantParameters("acme");
 * tenantStatement(`SELECT m.id FROM engram_memories AS m WHERE m.tenant = $1 AND m.user_id = ${parameters.bind("ana")}`, parameters);
 */
export function tenantStatement(text: string, parameters: TenantParameters): TenantStatement {
  assertTenantBound(text);
  return { text, values: parameters.values };
}

/** Runs a checked statement on a client. */
export function runStatement(client: pg.PoolClient, statement: TenantStatement) {
  return client.query(statement.text, statement.values);
}
