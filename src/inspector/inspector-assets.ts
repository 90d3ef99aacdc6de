/** The inspector page's files (plain HTML, JS and CSS shipped beside this module), read once and served as they are. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type InspectorAssetName = "index.html" | "inspector.js" | "inspector.css";

const CONTENT_TYPES: Record<InspectorAssetName, string> = {
  "index.html": "text/html; charset=utf-8",
  "inspector.js": "text/javascript; charset=utf-8",
  "inspector.css": "text/css; charset=utf-8",
};

/** src/inspector/page when run from source, dist/inspector/page once built (the build copies it). */
const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "page");
const cache = new Map<InspectorAssetName, string>();

/** One of the page's files with its content type. */
export function inspectorAsset(name: InspectorAssetName): { body: string; contentType: string } {
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(join(PAGE_DIR, name), "utf8");
    cache.set(name, body);
  }
  return { body, contentType: CONTENT_TYPES[name] };
}
