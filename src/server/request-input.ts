/** A request's input as the routes read it: the JSON body, and the query string without empty values. */
import type { Context } from "hono";
import { parseJsonText } from "../core/json-text.js";
import { invalidInput } from "../spec/errors.js";

/** The body as JSON: empty, too deep (checked before parsing) or malformed is a 400 that says how to fix it. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") {
    throw invalidInput("the request has no body: send a JSON object with Content-Type: application/json");
  }
  return parseJsonText(text, "body", "send a JSON object with Content-Type: application/json");
}

export function queryParams(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
}
