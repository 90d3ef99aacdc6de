/**
 * Calibration of recall's fusion on the LoCoMo dev file: ingest once (embeddings cached on disk under bench/results),
 * then evaluate a grid of read options on the same stores. Used to choose the defaults in src/core/schemas.ts;
 * the defaults are then fixed, and `npm run bench:locomo` reports them.
 * With --folds, a leave-one-conversation-out check: for each conversation, the option set that is best @10 on the other
 * four is scored on it, which says how well a choice made on some conversations holds on others.
 * Usage: tsx bench/locomo-tune.ts [--embedder local|hash] [--grid '<json array of option objects>'] [--write '<json>'] [--folds]
 */
import { parseArgs } from "node:util";
import { createEngine, type EngineOptionsInput } from "../src/core/index.js";
import { createRecallTable, recalledTurns } from "../src/evaluation/locomo.js";
import { describeMachine } from "./common.js";
import { ingestLocomoDev } from "./locomo-dev.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    grid: { type: "string", default: "[{}]" },
    write: { type: "string", default: "{}" },
    ks: { type: "string", default: "5,10,25,50" },
    kinds: { type: "string" },
    folds: { type: "boolean", default: false },
  },
});
const ks = values.ks.split(",").map(Number);
const grid = JSON.parse(values.grid) as EngineOptionsInput[];
const writeOptions = JSON.parse(values.write) as EngineOptionsInput;

const { embedder, stores, dispose } = await ingestLocomoDev(
  values.embedder as "local" | "hash",
  writeOptions,
);
console.log(
  `calibration on ${describeMachine()}, embedder ${embedder.id}, write ${JSON.stringify(writeOptions)}`,
);

const CATEGORIES = ["all", "1", "2", "3", "4", "5"];
/** Per option set, per conversation: recall@10 and the number of questions, by category. */
const perConversation: { at10: Record<string, number>; n: Record<string, number> }[][] = [];
for (const options of grid) {
  const table = createRecallTable(ks);
  const conversations: { at10: Record<string, number>; n: Record<string, number> }[] = [];
  perConversation.push(conversations);
  for (const { conversation, store } of stores) {
    const own = createRecallTable([10]);
    const n: Record<string, number> = {};
    const engine = createEngine({ store, embedder, options: { recallGain: 0, ...writeOptions, ...options } });
    for (const q of conversation.questions) {
      const { results } = await engine.recall({
        query: q.question,
        user: conversation.id,
        k: Math.max(...ks),
        now: conversation.lastSessionAt,
        kinds: values.kinds?.split(",") as never,
      });
      const turns = await recalledTurns(store, "default", results);
      table.add(q.category, turns, q.evidence);
      own.add(q.category, turns, q.evidence);
      for (const key of ["all", String(q.category)]) n[key] = (n[key] ?? 0) + 1;
    }
    const ownTable = own.table();
    conversations.push({
      at10: Object.fromEntries(CATEGORIES.map((c) => [c, ownTable[c]?.["10"] ?? 0])),
      n,
    });
  }
  const recall = table.table();
  const at10 = ["1", "2", "3", "4", "5"].map((c) => `${c}:${recall[c]?.["10"] ?? "–"}`).join(" ");
  console.log(
    `${JSON.stringify(options).padEnd(70)} all ${ks.map((k) => recall.all?.[String(k)]).join("/")}  @10 by cat ${at10}`,
  );
}
if (values.folds && grid.length > 1) {
  // pooled over questions: Σ n·recall / Σ n
  const pooled = (rows: { at10: Record<string, number>; n: Record<string, number> }[], category: string) => {
    const total = rows.reduce((sum, row) => sum + (row.n[category] ?? 0), 0);
    return total === 0
      ? 0
      : rows.reduce((sum, row) => sum + (row.at10[category] ?? 0) * (row.n[category] ?? 0), 0) / total;
  };
  const heldOut: { at10: Record<string, number>; n: Record<string, number> }[] = [];
  for (const [fold, { conversation }] of stores.entries()) {
    const scores = perConversation.map((rows) =>
      pooled(
        rows.filter((_, i) => i !== fold),
        "all",
      ),
    );
    const best = scores.indexOf(Math.max(...scores));
    heldOut.push(perConversation[best]?.[fold] as (typeof heldOut)[number]);
    console.log(
      `fold ${conversation.id}: chose ${JSON.stringify(grid[best])} (${scores[best]?.toFixed(1)} on the others), held out @10 ${heldOut.at(-1)?.at10.all}`,
    );
  }
  console.log(
    `leave-one-conversation-out @10: ${CATEGORIES.map((c) => `${c} ${pooled(heldOut, c).toFixed(1)}`).join(", ")}`,
  );
}
await dispose();
