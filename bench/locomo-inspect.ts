/**
 * Where recall misses on LoCoMo: for each question of the chosen categories whose evidence is not all in the top k,
 * print the question, each evidence turn with its rank and score breakdown, and the top hits that took the places.
 * Usage: tsx bench/locomo-inspect.ts [--categories 1,3] [--k 10] [--options '<json>'] [--limit 40] [--embedder local]
 */
import { parseArgs } from "node:util";
import { createEngine, type EngineOptionsInput } from "../src/core/index.js";
import { recalledTurns } from "../src/evaluation/locomo.js";
import { ingestLocomoDev } from "./locomo-dev.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    categories: { type: "string", default: "1,3" },
    k: { type: "string", default: "10" },
    options: { type: "string", default: "{}" },
    limit: { type: "string", default: "40" },
  },
});
const k = Number(values.k);
const categories = new Set(values.categories.split(",").map(Number));
const options = JSON.parse(values.options) as EngineOptionsInput;

const { embedder, stores, dispose } = await ingestLocomoDev(values.embedder as "local" | "hash", options);
let shown = 0;
const short = (text: string) => (text.length > 110 ? `${text.slice(0, 107)}...` : text);
const parts = (b: Record<string, number>) =>
  Object.entries(b)
    .filter(([, v]) => Math.abs(v) >= 0.01)
    .map(([key, v]) => `${key} ${v.toFixed(2)}`)
    .join(", ");

for (const { conversation, store } of stores) {
  const engine = createEngine({ store, embedder, options: { recallGain: 0, ...options } });
  const textOf = new Map(conversation.turns.map((t) => [t.diaId, `${t.speaker}: ${t.text}`]));
  for (const q of conversation.questions) {
    if (!categories.has(q.category) || shown >= Number(values.limit)) continue;
    const { results } = await engine.recall({
      query: q.question,
      user: conversation.id,
      k: 200,
      now: conversation.lastSessionAt,
    });
    const turns = await recalledTurns(store, "default", results);
    const rankOf = (dia: string) => turns.findIndex((t) => t.includes(dia)) + 1 || Number.POSITIVE_INFINITY;
    const missed = q.evidence.filter((e) => rankOf(e) > k);
    if (missed.length === 0) continue;
    shown += 1;
    console.log(`\n[cat ${q.category}] ${q.question}   (${conversation.id})`);
    for (const e of q.evidence) {
      const rank = rankOf(e);
      const hit = results[rank - 1];
      console.log(
        `  ${rank <= k ? "✓" : "✗"} #${Number.isFinite(rank) ? rank : ">200"} ${e} ${short(textOf.get(e) ?? "?")}${hit ? `   [${parts(hit.breakdown as never)}]` : ""}`,
      );
    }
    for (const [i, r] of results.slice(0, 5).entries())
      console.log(
        `    top${i + 1} ${short(`${r.speaker ?? r.kind}: ${r.text}`)}   [${parts(r.breakdown as never)}]`,
      );
  }
}
await dispose();
