/**
 * The PostgreSQL store's writes, each in the caller's transaction: a batch (memories, keys with their lexemes, the
 * tenants' BM25 statistics, reinforcements, graph), patches, and forgetting.
 */
import type pg from "pg";
import type { MemoryKey, MemoryRecord, NewMemory } from "../../spec/memory.js";
import type { ForgetSelector, MemoryPatch, WriteBatch } from "../../spec/store.js";
import { MEMORY_COLUMN_COUNT, MEMORY_COLUMNS, memoryRowValues } from "../memory-row.js";
import { duplicateMemoryId, invalidStoreInput, reinforcementNotFound } from "../runtime/store-errors.js";
import { compareIds, type VectorState } from "../runtime/store-rules.js";
import { errorCode, storeFailure } from "./connection.js";
import type { PostgresGraphStore } from "./graph-store.js";
import { asJson, vectorLiteral } from "./key-row.js";
import { keyLexemes } from "./lexical.js";
import { vectorState } from "./meta.js";
import { roomForPending } from "./pending-vectors.js";
import { runStatement as run, tenantParameters, tenantStatement } from "./tenant-sql.js";

/** Rows per multi-row INSERT (19 values a row stays well under Postgres's 65,535 parameters). */
const INSERT_CHUNK = 1000;

/** Placeholders for a multi-row VALUES list: ($1, $2, …), ($k, …). */
function valuesList(rows: number, columns: number, casts: readonly string[] = []): string {
  const groups: string[] = [];
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    for (let column = 0; column < columns; column++) {
      cells.push(`$${row * columns + column + 1}${casts[column] ?? ""}`);
    }
    groups.push(`(${cells.join(", ")})`);
  }
  return groups.join(", ");
}

/**
 * Ids are unique in the whole store, whatever the tenant (docs/architecture.md): the one look-up by id alone, so
 * it is written out here, past tenant-sql (docs/distribution.md lists it).
 */
async function refuseTakenIds(client: pg.PoolClient, inserts: readonly NewMemory[]): Promise<void> {
  const ids = inserts.map(({ record }) => record.id);
  const taken = await client.query<{ id: string }>(
    "SELECT m.id FROM engram_memories AS m WHERE m.id = ANY($1::text[])",
    [ids],
  );
  if (taken.rows.length === 0) return;
  const found = new Set(taken.rows.map((row) => row.id));
  const position = ids.findIndex((id) => found.has(id));
  throw duplicateMemoryId(ids[position] as string, position);
}

async function insertMemories(client: pg.PoolClient, inserts: readonly NewMemory[]): Promise<void> {
  for (let start = 0; start < inserts.length; start += INSERT_CHUNK) {
    const chunk = inserts.slice(start, start + INSERT_CHUNK);
    const values: unknown[] = [];
    for (const { record } of chunk) values.push(...memoryRowValues(record));
    await client.query(
      `INSERT INTO engram_memories (${MEMORY_COLUMNS}) VALUES ${valuesList(chunk.length, MEMORY_COLUMN_COUNT)}`,
      values,
    );
  }
}

interface KeyInsert {
  record: MemoryRecord;
  key: MemoryKey;
  position: number;
  lexemes: ReturnType<typeof keyLexemes>;
}

/**
 * Inserts key rows; a vector of a tenant in `pending` waits outside the HNSW graph (its size in pending_dimensions,
 * pending-vectors.ts), any other goes into the graph with the row.
 */
async function insertKeys(
  client: pg.PoolClient,
  rows: readonly KeyInsert[],
  pending: ReadonlySet<string>,
): Promise<void> {
  const casts = ["", "", "", "", "", "", "::text[]", "::integer[]", "", "", "", "", "::vector"];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const values: unknown[] = [];
    for (const { record, key, position, lexemes } of chunk) {
      values.push(
        record.tenant,
        record.id,
        position,
        key.kind,
        key.text,
        JSON.stringify(key.terms),
        lexemes.lexemes,
        lexemes.frequencies,
        lexemes.length,
        key.scale,
        key.vector === null || pending.has(record.tenant) ? null : key.vector.length,
        key.vector === null || !pending.has(record.tenant) ? null : key.vector.length,
        key.vector === null ? null : vectorLiteral(key.vector, key.scale),
        record.user,
        record.agent,
        record.session,
        record.kind,
        record.status,
        record.occurredAt,
      );
    }
    await client.query(
      `INSERT INTO engram_keys (tenant, memory_id, position, key_kind, text, terms, lexemes, frequencies, length,
         scale, dimensions, pending_dimensions, embedding, user_id, agent_id, session_id, kind, status, occurred_at)
       VALUES ${valuesList(chunk.length, 19, casts)}`,
      values,
    );
  }
}

/**
 * Adds (or, with sign -1, removes) keys to the BM25 statistics. The tenant's row is locked first, then the
 * lexemes in sorted order, so concurrent writers of a tenant queue instead of deadlocking.
 */
async function updateTermStats(
  client: pg.PoolClient,
  tenant: string,
  keys: number,
  tokens: number,
  documents: Map<string, number>,
  sign: 1 | -1,
): Promise<void> {
  if (keys === 0) return;
  await client.query(
    `INSERT INTO engram_tenant_stats AS s (tenant, keys, tokens) VALUES ($1, $2, $3)
     ON CONFLICT (tenant) DO UPDATE SET keys = s.keys + excluded.keys, tokens = s.tokens + excluded.tokens`,
    [tenant, sign * keys, sign * tokens],
  );
  if (documents.size === 0) return;
  const terms = [...documents.keys()].sort(compareIds);
  await client.query(
    `INSERT INTO engram_term_stats AS s (tenant, term, documents)
       SELECT $1, u.term, u.documents FROM unnest($2::text[], $3::bigint[]) AS u(term, documents) ORDER BY u.term
     ON CONFLICT (tenant, term) DO UPDATE SET documents = s.documents + excluded.documents`,
    [tenant, terms, terms.map((term) => sign * (documents.get(term) as number))],
  );
  if (sign < 0) {
    const parameters = tenantParameters(tenant);
    await run(
      client,
      tenantStatement(
        `DELETE FROM engram_term_stats AS s WHERE s.tenant = $1 AND s.term = ANY(${parameters.bind(terms)}::text[]) AND s.documents <= 0`,
        parameters,
      ),
    );
  }
}

/**
 * Writes a batch in the transaction of `client`: `check` (the runtime's rule) sees the vector state first; an id any
 * tenant uses, or a reinforcement of a memory the tenant lacks, fails the whole transaction. With `pendingLimit` > 0
 * (the store keeps the HNSW index), the vectors of a tenant with fewer than that many keys waiting are written outside
 * the graph. Returns whether keys wait to be merged into the graph (this batch's, or a tenant's at the limit).
 */
export async function writeBatch(
  client: pg.PoolClient,
  graph: PostgresGraphStore,
  batch: WriteBatch,
  check: (state: VectorState) => number | null,
  pendingLimit: number,
): Promise<boolean> {
  let mergeWanted = false;
  check(await vectorState(client));
  if (batch.inserts.length > 0) {
    await refuseTakenIds(client, batch.inserts);
    try {
      await client.query("SAVEPOINT inserts");
      await insertMemories(client, batch.inserts);
      await client.query("RELEASE SAVEPOINT inserts");
    } catch (error) {
      if (errorCode(error) === "23505") {
        const detail = (error as { detail?: string }).detail ?? "";
        throw invalidStoreInput(
          "inserts",
          `a memory with this id already exists (${detail}): reinforce it, or give the new memory another id`,
          error,
        );
      }
      throw error;
    }
    const keyRows: KeyInsert[] = [];
    const perTenant = new Map<string, { keys: number; tokens: number; documents: Map<string, number> }>();
    for (const { record, keys } of batch.inserts) {
      let stats = perTenant.get(record.tenant);
      if (!stats) {
        stats = { keys: 0, tokens: 0, documents: new Map() };
        perTenant.set(record.tenant, stats);
      }
      for (const [position, key] of keys.entries()) {
        const lexemes = keyLexemes(key.terms);
        keyRows.push({ record, key, position, lexemes });
        stats.keys += 1;
        stats.tokens += lexemes.length;
        for (const lexeme of lexemes.lexemes) {
          stats.documents.set(lexeme, (stats.documents.get(lexeme) ?? 0) + 1);
        }
      }
    }
    const pending = new Set<string>();
    if (pendingLimit > 0) {
      // only tenants whose keys in this batch carry vectors are asked (a count of their waiting keys)
      const withVectors = new Set(
        keyRows.filter((row) => row.key.vector !== null).map((row) => row.record.tenant),
      );
      for (const tenant of withVectors) {
        if (await roomForPending(client, tenant, pendingLimit)) pending.add(tenant);
        // a tenant at the limit has keys to merge: the caller starts the merge even if none were added
        else mergeWanted = true;
      }
      for (const row of keyRows)
        if (row.key.vector !== null && pending.has(row.record.tenant)) mergeWanted = true;
    }
    await insertKeys(client, keyRows, pending);
    for (const tenant of [...perTenant.keys()].sort(compareIds)) {
      const stats = perTenant.get(tenant) as {
        keys: number;
        tokens: number;
        documents: Map<string, number>;
      };
      await updateTermStats(client, tenant, stats.keys, stats.tokens, stats.documents, 1);
    }
  }
  for (const [position, reinforcement] of batch.reinforcements.entries()) {
    const parameters = tenantParameters(reinforcement.tenant);
    const found = await run(
      client,
      tenantStatement(
        `SELECT m.sources, m.last_seen_at FROM engram_memories AS m
          WHERE m.tenant = $1 AND m.id = ${parameters.bind(reinforcement.memoryId)} FOR UPDATE`,
        parameters,
      ),
    );
    const row = found.rows[0] as { sources: unknown; last_seen_at: number } | undefined;
    if (!row) {
      throw reinforcementNotFound(reinforcement.tenant, reinforcement.memoryId, position);
    }
    const sources = asJson(row.sources, "sources", reinforcement.memoryId);
    if (!Array.isArray(sources)) {
      throw storeFailure(`the stored sources of memory ${reinforcement.memoryId} are not an array`);
    }
    sources.push(reinforcement.source);
    const update = tenantParameters(reinforcement.tenant);
    await run(
      client,
      tenantStatement(
        `UPDATE engram_memories AS m SET sources = ${update.bind(JSON.stringify(sources))}::json,
                count = m.count + 1, last_seen_at = ${update.bind(Math.max(row.last_seen_at, reinforcement.source.occurredAt))},
                strength = ${update.bind(reinforcement.strength)}
          WHERE m.tenant = $1 AND m.id = ${update.bind(reinforcement.memoryId)}`,
        update,
      ),
    );
  }
  // the graph rows, in the same transaction
  if (batch.graph) {
    const tenants = [
      ...batch.inserts.map(({ record }) => record.tenant),
      ...batch.reinforcements.map((reinforcement) => reinforcement.tenant),
    ];
    await graph.apply(client, batch.graph, tenants);
  }
  return mergeWanted;
}

/**
 * Removes the selected memories with their keys and their share of the BM25 statistics (a whole user's, agent's or
 * tenant's graph too when the selector names no ids and no session). Returns the removed ids by occurredAt then id.
 */
export async function forgetMemories(
  client: pg.PoolClient,
  graph: PostgresGraphStore,
  selector: ForgetSelector,
): Promise<string[]> {
  const parameters = tenantParameters(selector.tenant);
  const conditions = ["m.tenant = $1"];
  if (selector.user !== undefined) conditions.push(`m.user_id = ${parameters.bind(selector.user)}`);
  if (selector.agent !== undefined) conditions.push(`m.agent_id = ${parameters.bind(selector.agent)}`);
  if (selector.session !== undefined) conditions.push(`m.session_id = ${parameters.bind(selector.session)}`);
  if (selector.ids !== undefined) conditions.push(`m.id = ANY(${parameters.bind(selector.ids)}::text[])`);
  const found = await run(
    client,
    tenantStatement(
      `SELECT m.id FROM engram_memories AS m WHERE ${conditions.join(" AND ")}
        ORDER BY m.occurred_at, m.id FOR UPDATE`,
      parameters,
    ),
  );
  let ids = found.rows.map((row: { id: string }) => row.id);
  if (selector.ids !== undefined) {
    const present = new Set(ids);
    ids = [...new Set(selector.ids)].filter((id) => present.has(id));
  }
  // forgetting a user, agent or tenant forgets its graph too
  if (selector.ids === undefined && selector.session === undefined) await graph.forgetScope(client, selector);
  if (ids.length === 0) return ids;
  const gone = tenantParameters(selector.tenant);
  const deleted = await run(
    client,
    tenantStatement(
      `DELETE FROM engram_keys AS k WHERE k.tenant = $1 AND k.memory_id = ANY(${gone.bind(ids)}::text[])
       RETURNING k.lexemes, k.length`,
      gone,
    ),
  );
  let tokens = 0;
  const documents = new Map<string, number>();
  for (const row of deleted.rows as { lexemes: string[]; length: number }[]) {
    tokens += row.length;
    for (const lexeme of row.lexemes) documents.set(lexeme, (documents.get(lexeme) ?? 0) + 1);
  }
  const memories = tenantParameters(selector.tenant);
  await run(
    client,
    tenantStatement(
      `DELETE FROM engram_memories AS m WHERE m.tenant = $1 AND m.id = ANY(${memories.bind(ids)}::text[])`,
      memories,
    ),
  );
  await updateTermStats(client, selector.tenant, deleted.rows.length, tokens, documents, -1);
  return ids;
}

/** Whether any patch changes a memory's status (its keys then follow, in the same transaction). */
export function changesStatus(patches: readonly MemoryPatch[]): boolean {
  return patches.some((patch) => (patch.status ?? null) !== null);
}

/** Applies checked patches (one per memory); the keys follow their memory's status in the same commit. */
export async function updateMemories(
  client: pg.PoolClient,
  tenant: string,
  patches: MemoryPatch[],
): Promise<string[]> {
  const parameters = tenantParameters(tenant);
  const ids = parameters.bind(patches.map((patch) => patch.id));
  const statuses = parameters.bind(patches.map((patch) => patch.status ?? null));
  const updated = await run(
    client,
    tenantStatement(
      `UPDATE engram_memories AS m SET status = coalesce(u.status, m.status),
              strength = coalesce(u.strength, m.strength), last_seen_at = coalesce(u.last_seen_at, m.last_seen_at)
         FROM unnest(${ids}::text[], ${statuses}::text[], ${parameters.bind(
           patches.map((patch) => patch.strength ?? null),
         )}::float8[], ${parameters.bind(patches.map((patch) => patch.lastSeenAt ?? null))}::bigint[])
           AS u(id, status, strength, last_seen_at)
        WHERE m.tenant = $1 AND m.id = u.id
        RETURNING m.id`,
      parameters,
    ),
  );
  const present = new Set(updated.rows.map((row: { id: string }) => row.id));
  const applied = patches.map((patch) => patch.id).filter((id) => present.has(id));
  // a recall's reinforcement changes strength and last-seen time only: no key to touch, no second statement
  if (!changesStatus(patches)) return applied;
  // The keys carry their memory's status, so searches see the change in the same commit.
  const keys = tenantParameters(tenant);
  await run(
    client,
    tenantStatement(
      `UPDATE engram_keys AS k SET status = u.status
         FROM unnest(${keys.bind(patches.map((patch) => patch.id))}::text[], ${keys.bind(
           patches.map((patch) => patch.status ?? null),
         )}::text[]) AS u(id, status)
        WHERE k.tenant = $1 AND k.memory_id = u.id AND u.status IS NOT NULL AND k.status <> u.status`,
      keys,
    ),
  );
  return applied;
}
