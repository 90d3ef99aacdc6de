/**
 * Archive and restore: an archived memory is kept whole (exported, listed with its status, restorable) but left out
 * of recall unless archived memories are asked for. Nothing is deleted here; deletion is `forget`.
 */
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { DEFAULT_TENANT, type MemoryRecord } from "../../spec/memory.js";
import type { MemoryFilter, MemoryPatch } from "../../spec/store.js";
import type { EngineRuntime } from "../engine-runtime.js";
import { type ArchiveInput, archiveInputSchema } from "../schemas.js";
import { parseInput } from "../validate.js";
import { effectiveStrength } from "./strength.js";

export interface ArchiveResult {
  /** Memories archived by this call. */
  archived: string[];
  /** Memories named that were archived already. */
  unchanged: string[];
}

export interface RestoreResult {
  /** Memories made active again by this call. */
  restored: string[];
  /** Memories named that were active already. */
  unchanged: string[];
}

const PAGE = 1000;
const PATCH_BATCH = 500;

/** Every memory in the filter, page by page, oldest first. */
export async function* scanMemories(
  runtime: EngineRuntime,
  filter: MemoryFilter,
): AsyncGenerator<MemoryRecord> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await runtime.store.list(filter, { order: "asc", limit: PAGE, offset });
    yield* page;
    if (page.length < PAGE) return;
  }
}

/** Apply patches in transactions of PATCH_BATCH. */
export async function applyPatches(
  runtime: EngineRuntime,
  tenant: string,
  patches: MemoryPatch[],
): Promise<void> {
  for (let i = 0; i < patches.length; i += PATCH_BATCH) {
    await runtime.store.updateMemories(tenant, patches.slice(i, i + PATCH_BATCH));
  }
}

/** The records of `ids` in the tenant; fails with not_found naming every missing id, before anything changes. */
async function getAll(runtime: EngineRuntime, tenant: string, ids: string[]): Promise<MemoryRecord[]> {
  const records = await runtime.store.get(tenant, ids);
  const found = new Set(records.map((record) => record.id));
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new EngramError({
      code: ERROR_CODES.notFound,
      category: "user",
      where: tenant === DEFAULT_TENANT ? undefined : `tenant ${tenant}`,
      message: `no memor${missing.length === 1 ? "y" : "ies"} ${missing.join(", ")}: nothing was changed; check the ids with \`engram recall --archived\` or the export`,
    });
  }
  return records;
}

/** Archive the memories named by id (all of them exist, or nothing changes). */
export async function archiveByIds(
  runtime: EngineRuntime,
  tenant: string,
  ids: string[],
): Promise<ArchiveResult> {
  const records = await getAll(runtime, tenant, ids);
  const archived = records.filter((record) => record.status === "active").map((record) => record.id);
  await applyPatches(
    runtime,
    tenant,
    archived.map((id) => ({ id, status: "archived" })),
  );
  return { archived, unchanged: records.filter((r) => r.status === "archived").map((r) => r.id) };
}

/** Archive every active memory in the filter whose strength, decayed to `now`, is below `threshold`. */
export async function archiveBelow(
  runtime: EngineRuntime,
  filter: MemoryFilter,
  threshold: number,
  now: number,
): Promise<{ archived: string[]; scanned: number }> {
  const archived: string[] = [];
  let scanned = 0;
  for await (const record of scanMemories(runtime, { ...filter, statuses: ["active"] })) {
    scanned++;
    if (effectiveStrength(record, now, runtime.options) < threshold) archived.push(record.id);
  }
  await applyPatches(
    runtime,
    filter.tenant,
    archived.map((id) => ({ id, status: "archived" })),
  );
  return { archived, scanned };
}

/** engine.archive: validates `input`, then archives its ids, or every active memory of its scope below `below`. */
export async function archiveMemories(runtime: EngineRuntime, input: ArchiveInput): Promise<ArchiveResult> {
  const query = parseInput(archiveInputSchema, input);
  const tenant = query.tenant ?? DEFAULT_TENANT;
  if (query.ids) return archiveByIds(runtime, tenant, query.ids);
  const { archived } = await archiveBelow(
    runtime,
    { tenant, user: query.user, agent: query.agent, session: query.session },
    query.below as number,
    query.now ?? runtime.now(),
  );
  return { archived, unchanged: [] };
}

/**
 * Make archived memories active again. A restored memory gets at least the initial strength, as of `now`, so that
 * the next maintenance pass does not archive it again at once.
 */
export async function restoreByIds(
  runtime: EngineRuntime,
  tenant: string,
  ids: string[],
  now: number,
): Promise<RestoreResult> {
  const records = await getAll(runtime, tenant, ids);
  const toRestore = records.filter((record) => record.status === "archived");
  await applyPatches(
    runtime,
    tenant,
    toRestore.map((record) => {
      const at = Math.max(record.lastSeenAt, now);
      return {
        id: record.id,
        status: "active",
        strength: Math.max(effectiveStrength(record, at, runtime.options), runtime.options.initialStrength),
        lastSeenAt: at,
      };
    }),
  );
  return {
    restored: toRestore.map((record) => record.id),
    unchanged: records.filter((record) => record.status === "active").map((record) => record.id),
  };
}
