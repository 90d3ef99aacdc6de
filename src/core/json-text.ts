/** JSON text from outside (request bodies, import lines), parsed only after a linear scan has checked its nesting depth. */
import { invalidInput } from "../spec/errors.js";
import { JSON_MAX_DEPTH } from "../spec/limits.js";

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of objects and arrays in `text`, outside strings; stops counting once past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) depth--;
  }
  return deepest;
}

/**
 * Parse JSON text from a client or a file. Nesting deeper than JSON_MAX_DEPTH is refused before JSON.parse runs, so
 * no later step (validation, storage, export) ever walks a value deep enough to overflow the stack.
 * @example
 * const body = parseJsonText(await request.text(), "body", "send a JSON object with Content-Type: application/json");
 */
export function parseJsonText(text: string, where: string, hint: string): unknown {
  if (jsonDepth(text, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
    throw invalidInput(
      `is nested more than ${JSON_MAX_DEPTH} levels deep (metadata may nest at most 32): flatten it`,
      where,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput(`is not valid JSON (${(error as Error).message}): ${hint}`, where);
  }
}
