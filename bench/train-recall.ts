/**
 * Trains recall's shipped default weights (npm run train:recall): the LoCoMo dev file is ingested (embeddings cached
 * under bench/results), every question's candidates and features are read as recall reads them, the L2 strength is
 * chosen by leave-one-conversation-out (train on four conversations, rank the fifth, pooled), and the weights trained
 * on all five are written to src/core/recall-weights.json. Deterministic: the same data and code write the same file.
 * Usage: npm run train:recall [-- --embedder local|hash] [--out path]
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { RECALL_FEATURES } from "../src/core/recall-features.js";
import { HAND_SET_SCORER, type RecallScorer, scorerToFile } from "../src/core/recall-scorer.js";
import { engineOptionsSchema } from "../src/core/schemas.js";
import { trainScorer } from "../src/core/train-scorer.js";
import {
  evaluateLists,
  type LocomoList,
  leaveOneConversationOut,
  locomoLists,
} from "../src/evaluation/locomo-lists.js";
import { describeMachine } from "./common.js";
import { ingestLocomoDev } from "./locomo-dev.js";
import { KS, TABLE_HEADER, tableLine } from "./locomo-tables.js";

/** The L2 strengths tried; the strongest pull toward the prior whose LOCO recall@10 is within TOLERANCE of the best. */
const L2_GRID = [0.003, 0.01, 0.03];
const TOLERANCE = 0.5;

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    out: {
      type: "string",
      default: resolve(import.meta.dirname, "..", "src", "core", "recall-weights.json"),
    },
  },
});

/** The scorer file, one feature a line, so a change of weights reads as a small diff. */
function formatScorerFile(scorer: Pick<RecallScorer, "weights" | "layer" | "training">): string {
  const file = scorerToFile(scorer);
  const features = file.features.map((f) => `    ${JSON.stringify(f)}`).join(",\n");
  return `{
  "format": ${JSON.stringify(file.format)},
  "version": ${file.version},
  "features": [
${features}
  ],
  "layer": ${JSON.stringify(file.layer)},
  "training": ${JSON.stringify(file.training, null, 2).replace(/\n/g, "\n  ")}
}
`;
}

async function main() {
  const started = performance.now();
  console.log(`train:recall on ${describeMachine()}, embedder ${values.embedder}`);
  const { embedder, stores, dispose } = await ingestLocomoDev(values.embedder as "local" | "hash");
  const lists: LocomoList[] = [];
  for (const { conversation, store } of stores)
    lists.push(...(await locomoLists(store, embedder, conversation)));
  await dispose();
  const candidates = lists.reduce((n, l) => n + l.features.length, 0);
  console.log(
    `${lists.length} questions from ${stores.length} conversations, ${(candidates / lists.length).toFixed(0)} candidates each on average; ${lists.filter((l) => l.groups.every((g) => g.length === 0)).length} have no evidence among them (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );

  console.log(
    `\nleave-one-conversation-out (train on 4, rank the 5th, pooled), evidence recall %\n${TABLE_HEADER}`,
  );
  console.log(tableLine("hand-set (prior)", evaluateLists(lists, HAND_SET_SCORER, KS)));
  const loco = L2_GRID.map((l2) => {
    const { table } = leaveOneConversationOut(lists, KS, (train) => trainScorer(train, { l2 }).scorer);
    console.log(tableLine(`trained, λ ${l2}`, table));
    return { l2, table, at10: table.all?.["10"] ?? 0 };
  });
  const best = Math.max(...loco.map((r) => r.at10));
  const chosen =
    [...loco].reverse().find((r) => r.at10 >= best - TOLERANCE) ?? (loco[0] as (typeof loco)[number]);
  console.log(
    `chose λ ${chosen.l2}: the strongest pull toward the prior within ${TOLERANCE} of the best LOCO recall@10 (${best})`,
  );

  const { scorer, loss } = trainScorer(lists, { l2: chosen.l2 });
  const inSample = evaluateLists(lists, scorer, KS);
  console.log(tableLine(`trained on all 5, λ ${chosen.l2} (in-sample)`, inSample));
  scorer.training = {
    data: "locomo/locomo-dev.json",
    embedder: embedder.id,
    questions: scorer.training.questions,
    candidatesPerChannel: engineOptionsSchema.parse({}).candidatesPerChannel,
    loss: "mean over evidence items of −log Σ softmax weight on the candidates standing for it",
    l2: chosen.l2,
    epochs: scorer.training.epochs,
    optimizer: "Adam, full batch, learning rate 0.1",
    meanLoss: Math.round(loss * 1e4) / 1e4,
    leaveOneConversationOut: Object.fromEntries(loco.map((r) => [String(r.l2), r.table.all])),
    inSample: inSample.all,
    command: "npm run train:recall",
  };
  writeFileSync(values.out, formatScorerFile(scorer));
  console.log(`\nweights (feature: trained, prior)`);
  console.log(
    RECALL_FEATURES.map(
      (f, j) => `  ${f.name.padEnd(18)} ${(scorer.weights[j] as number).toFixed(3).padStart(7)}  ${f.prior}`,
    ).join("\n"),
  );
  console.log(`wrote ${values.out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
