/** Times at the edge: ISO strings, epoch milliseconds or Dates in; milliseconds since the epoch inside. */
import { z } from "zod";

/** Accepts an ISO 8601 string, a Date or epoch milliseconds; yields epoch milliseconds. */
export const timeSchema = z.union([z.string(), z.number(), z.date()]).transform((value, context) => {
  const ms =
    typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(ms)) {
    context.addIssue({
      code: "custom",
      message: `"${String(value)}" is not a time: use ISO 8601 such as 2024-05-01T10:00:00Z, or epoch milliseconds`,
    });
    return z.NEVER;
  }
  return ms;
});

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
