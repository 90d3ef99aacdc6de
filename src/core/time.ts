/** Times at the edge: ISO strings, epoch milliseconds or Dates in, within years 0001–9999; milliseconds since the epoch inside. */
import { z } from "zod";
import { clampTime, isTimeInRange, TIME_RANGE_TEXT } from "../spec/limits.js";

/**
 * Accepts an ISO 8601 string, a Date or epoch milliseconds within years 0001–9999; yields whole epoch milliseconds
 * (a fraction is rounded: stores keep integers, and `engram doctor` reports any other value).
 */
export const timeSchema = z.union([z.string(), z.number(), z.date()]).transform((value, context) => {
  const ms =
    typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(ms)) {
    context.addIssue({
      code: "custom",
      message: `"${String(value).slice(0, 64)}" is not a time: use ISO 8601 such as 2024-05-01T10:00:00Z, or epoch milliseconds`,
    });
    return z.NEVER;
  }
  if (!isTimeInRange(ms)) {
    context.addIssue({
      code: "custom",
      message: `${String(value).slice(0, 64)} is outside the times Engram accepts, ${TIME_RANGE_TEXT}: check the unit (milliseconds since the epoch) or the year`,
    });
    return z.NEVER;
  }
  return Math.round(ms);
});

/** Epoch milliseconds as stored in an export file: whole, within years 0001–9999. */
export const storedTimeSchema = z
  .number()
  .int("must be whole milliseconds since the epoch")
  .refine(isTimeInRange, `is outside ${TIME_RANGE_TEXT}: check the unit (milliseconds since the epoch)`);

/** ISO 8601 text of a time; a stored time out of range is clamped first, so formatting never throws. */
export function isoTime(ms: number): string {
  return new Date(clampTime(ms)).toISOString();
}
