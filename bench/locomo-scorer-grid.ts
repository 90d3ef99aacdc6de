/**
 * Settings of recall's trained scorer compared by leave-one-conversation-out on the LoCoMo dev file: read options (the
 * channel depth, hops) change the candidates, so they are read once per setting; training options (λ, the loss, the
 * additive layer) are compared on the same candidates. The lists are cached on disk between runs (--cache).
 * Usage: npx tsx bench/locomo-scorer-grid.ts [--read '{"candidatesPerChannel":100}'] [--grid '[{"l2":0.01},{"l2":0.01,"hidden":8}]'] [--cache file]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FEATURE_COUNT, RECALL_FEATURES } from "../src/core/recall-features.js";
import { defaultScorer, HAND_SET_SCORER } from "../src/core/recall-scorer.js";
import { type TrainOptions, trainScorer } from "../src/core/train-scorer.js";
import {
  evaluateLists,
  type LocomoList,
  leaveOneConversationOut,
  locomoLists,
} from "../src/evaluation/locomo-lists.js";
import { describeMachine } from "./common.js";
import { ingestLocomoDev } from "./locomo-dev.js";
import { KS, TABLE_HEADER, tableLine } from "./locomo-tables.js";

const { values } = parseArgs({
  options: {
    read: { type: "string", default: "{}" },
    cache: { type: "string" },
    grid: { type: "string", default: '[{"l2":0.01}]' },
    /** The weights of the first read when --read asks for two: "default" (shipped) or "hand-set". */
    first: { type: "string", default: "default" },
  },
});

/** Feature vectors as saved, padded with zeros for features added since (they were zero when read). */
function load(path: string): LocomoList[] {
  return (JSON.parse(readFileSync(path, "utf8")) as (LocomoList & { features: number[][] })[]).map(
    (list) => ({
      ...list,
      features: list.features.map((f) => {
        const phi = new Float64Array(FEATURE_COUNT);
        phi.set(f.slice(0, FEATURE_COUNT));
        return phi;
      }),
    }),
  );
}

async function read(): Promise<LocomoList[]> {
  const { embedder, stores, dispose } = await ingestLocomoDev("local");
  const lists: LocomoList[] = [];
  for (const { conversation, store } of stores)
    lists.push(
      ...(await locomoLists(
        store,
        embedder,
        conversation,
        JSON.parse(values.read),
        values.first === "hand-set" ? HAND_SET_SCORER : defaultScorer(),
      )),
    );
  await dispose();
  return lists;
}

console.log(`scorer grid on ${describeMachine()}, read ${values.read}`);
const lists = values.cache && existsSync(values.cache) ? load(values.cache) : await read();
if (values.cache && !existsSync(values.cache))
  writeFileSync(
    values.cache,
    JSON.stringify(
      lists.map((l) => ({
        ...l,
        features: l.features.map((f) => Array.from(f, (x) => Math.round(x * 1e5) / 1e5)),
      })),
    ),
  );
const candidates = lists.reduce((n, l) => n + l.features.length, 0);
console.log(
  `${lists.length} questions, ${(candidates / lists.length).toFixed(0)} candidates each, ${lists.filter((l) => l.groups.every((g) => g.length === 0)).length} with no evidence among them\n${TABLE_HEADER}`,
);
console.log(tableLine("hand-set", evaluateLists(lists, HAND_SET_SCORER, KS)));
for (const options of JSON.parse(values.grid) as TrainOptions[]) {
  const { scorer } = trainScorer(lists, options);
  console.log(tableLine(`in-sample ${JSON.stringify(options)}`, evaluateLists(lists, scorer, KS)));
  const loco = leaveOneConversationOut(lists, KS, (train) => trainScorer(train, options).scorer);
  console.log(tableLine(`LOCO ${JSON.stringify(options)}`, loco.table));
  console.log(
    `  ${RECALL_FEATURES.map((f, j) => `${f.name} ${(scorer.weights[j] as number).toFixed(2)}`).join(", ")}`,
  );
}
