/** Validation at the edge: a zod schema per input, and one way to turn its complaints into an EngramError that says where and how to fix. */
import type { z } from "zod";
import { invalidInput } from "../spec/errors.js";

/** Parse `value` with `schema`; on failure throw `invalid_input` naming every bad field. `where` prefixes the paths (e.g. "line 3"). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "(the whole value)";
    return `${path}: ${issue.message}`;
  });
  throw invalidInput(problems.join("; "), where, result.error);
}
