/**
 * What one `remember` with fact derivation costs as a scope's knowledge grows (a chat app writes turn by turn): fill one
 * scope with first-person turns that each state a new fact, and at 1k, 10k and 30k facts time single-turn writes.
 * Hash embedder, so the figure is the engine and the store, not the model.
 * Usage: npm run bench:knowledge-scale [-- --sizes 1000,10000,30000 --probes 50]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, peakRssMiB, percentile, saveResult } from "./common.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,30000" },
    probes: { type: "string", default: "50" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const probes = Number(values.probes);

const HOBBIES = [
  "hiking",
  "pottery",
  "chess",
  "jazz",
  "painting",
  "cycling",
  "baking",
  "gardening",
  "surfing",
  "poetry",
];
const SPEAKERS = Array.from({ length: 40 }, (_, i) => `Person${String.fromCharCode(65 + (i % 26))}${i}`);
let counter = 0;
/** A turn whose rule-derived fact is new: "Ana likes pottery class 17." */
function turn() {
  counter += 1;
  const speaker = SPEAKERS[counter % SPEAKERS.length] as string;
  const hobby = HOBBIES[counter % HOBBIES.length] as string;
  return {
    text: `I love ${hobby} class ${counter}.`,
    user: "u",
    speaker,
    session: `s${Math.floor(counter / 20)}`,
  };
}

console.log(`knowledge at scale on ${describeMachine()}`);
/** Fill one fresh store to each size and time single-turn writes there; facts derived or not. */
async function run(deriveFacts: boolean) {
  counter = 0;
  const folder = mkdtempSync(join(tmpdir(), "engram-bench-kscale-"));
  const engine = createEngine({
    store: createSqliteStore({ path: join(folder, "engram.db") }),
    embedder: createHashEmbedder(),
    options: { deriveFacts },
  });
  const rows: { turns: number; facts: number; p50: number; p95: number }[] = [];
  let facts = 0;
  for (const size of sizes) {
    while (counter < size) {
      const result = await engine.remember(Array.from({ length: Math.min(500, size - counter) }, turn));
      facts += result.knowledge?.facts.inserted ?? 0;
    }
    const times: number[] = [];
    for (let i = 0; i < probes; i++) {
      const started = performance.now();
      const result = await engine.remember(turn());
      times.push(performance.now() - started);
      facts += result.knowledge?.facts.inserted ?? 0;
    }
    const row = { turns: counter, facts, p50: percentile(times, 50), p95: percentile(times, 95) };
    rows.push(row);
    console.log(
      `${deriveFacts ? "facts derived" : "no facts     "} ${String(counter).padStart(7)} turns, ${String(facts).padStart(7)} facts: one remember p50 ${row.p50.toFixed(2)} ms, p95 ${row.p95.toFixed(2)} ms`,
    );
  }
  await engine.store.close();
  rmSync(folder, { recursive: true, force: true });
  return rows;
}
const withFacts = await run(true);
const withoutFacts = await run(false);
console.log(
  `peak RSS ${peakRssMiB()} MiB; saved ${saveResult("knowledge-scale", { machine: describeMachine(), withFacts, withoutFacts })}`,
);
