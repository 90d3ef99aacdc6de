/** A MemoryFilter as a predicate over one record, for dialects that filter in process (the in-memory store, tests). */
import type { JsonValue, MemoryRecord } from "../../spec/memory.js";
import type { TextHashFilter } from "../../spec/store.js";
import { DEFAULT_STATUSES } from "./store-rules.js";

/** Equality that compares JSON types as well as values (1 ≠ "1" ≠ true); arrays and objects as minified JSON text. */
function sameJson(stored: JsonValue | undefined, wanted: JsonValue): boolean {
  if (stored === undefined) return false;
  if (wanted === null || typeof wanted !== "object") return stored === wanted;
  if (stored === null || typeof stored !== "object" || Array.isArray(stored) !== Array.isArray(wanted)) {
    return false;
  }
  return JSON.stringify(stored) === JSON.stringify(wanted);
}

/**
 * Whether a record is in the filter: scope (a null user: the record has none), kinds, inclusive time range, statuses
 * (default active), metadata.
 */
export function matchesFilter(record: MemoryRecord, filter: TextHashFilter): boolean {
  if (record.tenant !== filter.tenant) return false;
  if (filter.user !== undefined && record.user !== filter.user) return false;
  if (filter.agent !== undefined && record.agent !== filter.agent) return false;
  if (filter.session !== undefined && record.session !== filter.session) return false;
  if (filter.kinds !== undefined && !filter.kinds.includes(record.kind)) return false;
  if (filter.from !== undefined && record.occurredAt < filter.from) return false;
  if (filter.to !== undefined && record.occurredAt > filter.to) return false;
  if (!(filter.statuses ?? DEFAULT_STATUSES).includes(record.status)) return false;
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    if (!Object.hasOwn(record.metadata, key) || !sameJson(record.metadata[key], value)) return false;
  }
  return true;
}
