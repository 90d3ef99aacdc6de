// Copies the inspector page (plain HTML, JS and CSS) next to the compiled server, and recall's shipped weights
// (src/core/recall-weights.json) next to the compiled scorer, so the installed package needs no build step at start.
import { copyFileSync, cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "dist", "inspector", "page");
mkdirSync(target, { recursive: true });
cpSync(join(root, "src", "inspector", "page"), target, { recursive: true });
mkdirSync(join(root, "dist", "core"), { recursive: true });
copyFileSync(join(root, "src", "core", "recall-weights.json"), join(root, "dist", "core", "recall-weights.json"));
