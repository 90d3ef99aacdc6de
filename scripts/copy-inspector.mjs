// Copies the inspector page (plain HTML, JS and CSS) next to the compiled server, so the installed package serves it with no build step at start.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "dist", "inspector", "page");
mkdirSync(target, { recursive: true });
cpSync(join(root, "src", "inspector", "page"), target, { recursive: true });
