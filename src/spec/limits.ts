/** The limits every input is held to at the edge, in one place (docs/security.md lists them); stores clamp stored times to the same range. */

/** The earliest time Engram accepts: 0001-01-01T00:00:00.000Z, in ms since the epoch. */
export const MIN_TIME_MS = -62_135_596_800_000;
/** The latest time Engram accepts: 9999-12-31T23:59:59.999Z (every time in range has a four-digit ISO year). */
export const MAX_TIME_MS = 253_402_300_799_999;
/** The range in words, for messages. */
export const TIME_RANGE_TEXT = "years 0001 to 9999 (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)";

/** Whether `ms` is a time in Engram's range. */
export function isTimeInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS;
}

/**
 * A stored time brought into range for reading: a value from an older version or a hand-edited file never makes a
 * read fail (`engram doctor` reports it). Not a number at all reads as the earliest time.
 */
export function clampTime(ms: number): number {
  if (typeof ms !== "number" || Number.isNaN(ms)) return MIN_TIME_MS;
  return Math.min(MAX_TIME_MS, Math.max(MIN_TIME_MS, ms));
}

/** Tenant, user, agent, session and memory ids: this many characters at most. */
export const ID_MAX_LENGTH = 128;
/**
 * The characters of an id: letters and digits of any script, combining marks, and `_ - . : @ + / # ~`, with single
 * spaces inside (not at either end). No quotes, backslashes, semicolons, commas or control characters, so an id can
 * go into a path, a log line or a header without escaping.
 */
export const ID_PATTERN = /^[\p{L}\p{M}\p{N}_\-.:@+/#~]+(?: [\p{L}\p{M}\p{N}_\-.:@+/#~]+)*$/u;
export const ID_RULE_TEXT = `1 to ${ID_MAX_LENGTH} letters, digits, marks or _ - . : @ + / # ~ (single spaces inside allowed)`;

/** Names (speaker, role, document, entity names): this many characters at most, and no control characters. */
export const NAME_MAX_LENGTH = 256;

/** Metadata (and any free JSON value): nesting depth, entries (object keys plus array items) and string length. */
export const METADATA_MAX_DEPTH = 32;
export const METADATA_MAX_ENTRIES = 1000;
export const METADATA_MAX_STRING = 10_000;

/** Any JSON body or import line: deeper nesting is refused by a linear scan before JSON.parse builds it. */
export const JSON_MAX_DEPTH = 64;

/**
 * Items in one POST /v1/memories batch; more is 413: split it, or send the file to POST /v1/import (a job). The same
 * as an import's write transaction (the engine's batchSize, 256), so that no request holds the server longer than one
 * slice of an import does: about 0.1 s at 2,000 writes/s.
 */
export const BATCH_MAX_ITEMS = 256;

/** `clampTime` for a time that may be absent (a fact's valid time, a retirement). */
export function clampOptionalTime(ms: number | null): number | null {
  return ms === null ? null : clampTime(ms);
}
