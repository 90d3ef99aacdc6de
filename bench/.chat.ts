import { readFileSync } from "node:fs";
import { createDialogueApp } from "../src/apps/index.js";
import { createEngine } from "../src/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";

let t = Date.parse("2026-11-02T09:00:00Z");
const engine = createEngine({
  store: createSqliteStore({ path: ":memory:" }),
  embedder: createHashEmbedder(),
  now: () => t,
} as never);
const app = createDialogueApp(engine, { now: () => t });
const speaker = process.argv[3] ?? "Ana";
let session = 1;
for (const line of readFileSync(process.argv[2], "utf8").split("\n")) {
  if (!line.trim()) continue;
  if (line.startsWith("#")) {
    session++;
    t += 3 * 86400e3;
    console.log(`--- session ${session} ${new Date(t).toISOString().slice(0, 10)}`);
    continue;
  }
  t += 3600e3;
  const r = await app.turn(line, { user: "u", speaker, session: `s${session}` } as never);
  console.log(`> ${line}\n  ${r.mode === "context-only" && !r.facts ? "(ctx)" : r.answer}`);
}
const f = await engine.facts({ user: "u", all: true } as never);
for (const x of (f as any).facts ?? f)
  console.log(`  [${x.validTo || x.invalidAt || x.supersededBy ? "old" : "cur"}] ${x.predicate}|${x.text}`);
await (engine as any).close?.();
