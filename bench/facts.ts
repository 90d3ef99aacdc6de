/**
 * Knowledge extraction on LoCoMo dev: facts, entities and relations derived per 1,000 turns, and the time it takes
 * (remember with fact derivation minus remember without it, same store and hash embedder, session by session).
 * Usage: npm run bench:facts [-- --limit <conversations>]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../src/core/index.js";
import { turnText } from "../src/evaluation/locomo.js";
import { loadLocomo } from "../src/evaluation/locomo-data.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine, peakRssMiB } from "./common.js";

const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.log("LoCoMo dev is not at ../shared/data/locomo/locomo-dev.json (or $ENGRAM_DATA_DIR): skipped.");
  process.exit(0);
}
const limitFlag = process.argv.indexOf("--limit");
const limit = limitFlag > 0 ? Number(process.argv[limitFlag + 1]) : undefined;
const data = loadLocomo(file);
const conversations = data.conversations.slice(0, limit);

async function run(deriveFacts: boolean) {
  const folder = mkdtempSync(join(tmpdir(), "engram-bench-facts-"));
  const store = createSqliteStore({ path: join(folder, "engram.db") });
  const engine = createEngine({ store, embedder: createHashEmbedder(), options: { deriveFacts } });
  const totals = { turns: 0, inserted: 0, reinforced: 0, superseded: 0, ms: 0 };
  const predicates = new Map<string, number>();
  let entities = 0;
  let relations = 0;
  let mentions = 0;
  for (const conversation of conversations) {
    const sessions = new Map<number, typeof conversation.turns>();
    for (const turn of conversation.turns)
      sessions.set(turn.session, [...(sessions.get(turn.session) ?? []), turn]);
    for (const [session, turns] of sessions) {
      const started = performance.now();
      const result = await engine.remember(
        turns.map((turn) => ({
          text: turnText(turn),
          user: conversation.id,
          session: `session-${session}`,
          speaker: turn.speaker,
          at: turn.at,
          source: turn.diaId,
        })),
      );
      totals.ms += performance.now() - started;
      totals.turns += turns.length;
      totals.inserted += result.knowledge?.facts.inserted ?? 0;
      totals.reinforced += result.knowledge?.facts.reinforced ?? 0;
      totals.superseded += result.knowledge?.facts.superseded ?? 0;
      mentions += result.knowledge?.mentions ?? 0;
    }
    if (deriveFacts && store.graph) {
      const scope = { tenant: "default", user: conversation.id, agent: null };
      entities += (await store.graph.entities(scope)).length;
      relations += (await store.graph.relations(scope, { includeRetired: true })).length;
      for (const fact of await store.graph.listFacts(scope, { includeRetired: true })) {
        predicates.set(fact.predicate, (predicates.get(fact.predicate) ?? 0) + 1);
      }
    }
  }
  await engine.close();
  rmSync(folder, { recursive: true, force: true });
  return { ...totals, entities, relations, mentions, predicates };
}

console.log(`bench:facts — ${describeMachine()}`);
console.log(`LoCoMo dev: ${conversations.length} conversations`);
const without = await run(false);
const withFacts = await run(true);
const per1000 = (n: number) => ((n * 1000) / withFacts.turns).toFixed(1);
const extractionMs = withFacts.ms - without.ms;
console.log(`turns ${withFacts.turns}`);
console.log(
  `facts ${withFacts.inserted} (${per1000(withFacts.inserted)} per 1,000 turns); told again ${withFacts.reinforced}; superseded ${withFacts.superseded}`,
);
console.log(`entities ${withFacts.entities} (${per1000(withFacts.entities)} per 1,000 turns)`);
console.log(`relations ${withFacts.relations} (${per1000(withFacts.relations)} per 1,000 turns)`);
console.log(`episode→entity mentions ${withFacts.mentions} (${per1000(withFacts.mentions)} per 1,000 turns)`);
console.log(
  `predicates: ${[...withFacts.predicates]
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${p} ${n}`)
    .join(", ")}`,
);
console.log(
  `remember: ${(without.ms / 1000).toFixed(1)} s without facts, ${(withFacts.ms / 1000).toFixed(1)} s with; extraction ${(extractionMs / 1000).toFixed(1)} s = ${((extractionMs * 1000) / withFacts.turns / 1000).toFixed(2)} s per 1,000 turns (${(extractionMs / withFacts.turns).toFixed(2)} ms a turn)`,
);
console.log(`peak RSS ${peakRssMiB()} MiB`);
