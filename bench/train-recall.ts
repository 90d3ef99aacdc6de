/**
 * Trains recall's shipped default weights (npm run train:recall): the LoCoMo dev file is ingested (embeddings cached
 * under bench/results), every question's candidates and features are read as recall reads them, the L2 strength is
 * chosen by leave-one-conversation-out (train on four conversations, rank the fifth, pooled), and the weights trained
 * on all five are written to src/core/recall-weights.json, with the first-read weights a two-read recall reads behind
 * (src/evaluation/locomo-training.ts). Deterministic: the same data and code write the same file.
 * With --facts off the conversations are ingested with `deriveFacts: false` (the baseline facts must not fall below;
 * pass --out elsewhere then: the shipped weights are trained with facts derived, the default).
 * Usage: npm run train:recall [-- --embedder local|hash] [--facts on|off] [--out path]
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { RECALL_FEATURES } from "../src/core/recall-features.js";
import { HAND_SET_SCORER, type RecallScorer, scorerToFile } from "../src/core/recall-scorer.js";
import { engineOptionsSchema } from "../src/core/schemas.js";
import { evaluateLists } from "../src/evaluation/locomo-lists.js";
import { trainOnLocomo } from "../src/evaluation/locomo-training.js";
import { describeMachine } from "./common.js";
import { ingestLocomoDev } from "./locomo-dev.js";
import { KS, TABLE_HEADER, tableLine } from "./locomo-tables.js";

/** The L2 strengths tried; the strongest pull toward the prior whose LOCO recall@10 is within TOLERANCE of the best. */
const L2_GRID = [0.003, 0.01, 0.03];
const TOLERANCE = 0.5;

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    facts: { type: "string", default: "on" },
    out: {
      type: "string",
      default: resolve(import.meta.dirname, "..", "src", "core", "recall-weights.json"),
    },
  },
});

/** The scorer file, one feature a line, so a change of weights reads as a small diff. */
function formatScorerFile(scorer: RecallScorer): string {
  const file = scorerToFile(scorer);
  // one feature a line, as Biome formats it
  const line = (f: { name: string; weight: number }) =>
    `    { "name": ${JSON.stringify(f.name)}, "weight": ${f.weight} }`;
  const features = file.features.map(line).join(",\n");
  return `{
  "format": ${JSON.stringify(file.format)},
  "version": ${file.version},
  "features": [
${features}
  ],
  "layer": ${JSON.stringify(file.layer)},${
    file.firstRead ? `\n  "firstRead": [\n${file.firstRead.map(line).join(",\n")}\n  ],` : ""
  }
  "training": ${JSON.stringify(file.training, null, 2).replace(/\n/g, "\n  ")}
}
`;
}

async function main() {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  if (values.facts !== "on" && values.facts !== "off") throw new Error("--facts takes on or off");
  console.log(`train:recall on ${describeMachine()}, embedder ${values.embedder}, facts ${values.facts}`);
  const { embedder, stores, dispose } = await ingestLocomoDev(values.embedder as "local" | "hash", {
    deriveFacts: values.facts === "on",
  });
  console.log(`ingested ${stores.length} conversations (${seconds()})`);
  const result = await trainOnLocomo(stores, embedder, {
    ks: KS,
    l2Grid: L2_GRID,
    tolerance: TOLERANCE,
    onProgress: (message) => console.log(`  ${message} (${seconds()})`),
  });
  await dispose();
  const { scorer, lists } = result;
  const candidates = lists.reduce((n, l) => n + l.features.length, 0);
  console.log(
    `${lists.length} questions, ${(candidates / lists.length).toFixed(0)} candidates each on average; ${lists.filter((l) => l.groups.every((g) => g.length === 0)).length} have no evidence among them`,
  );
  console.log(
    `\nleave-one-conversation-out (train on 4, rank the 5th, pooled), evidence recall %\n${TABLE_HEADER}`,
  );
  console.log(tableLine("hand-set (prior), final candidates", evaluateLists(lists, HAND_SET_SCORER, KS)));
  for (const { l2, table } of result.oneReadLoco) console.log(tableLine(`one read, trained, λ ${l2}`, table));
  console.log(
    `chose λ ${result.l2}: the strongest pull toward the prior within ${TOLERANCE} of the best one-read LOCO @10`,
  );
  if (result.hops > 1) console.log(tableLine(`two reads, trained, λ ${result.l2}`, result.loco));
  console.log(tableLine(`final, trained on all 5 (in-sample)`, result.inSample));

  scorer.training = {
    data: "locomo/locomo-dev.json",
    embedder: embedder.id,
    questions: result.questions,
    candidatesPerChannel: engineOptionsSchema.parse({}).candidatesPerChannel,
    hops: result.hops,
    loss: "mean over evidence items of −log Σ softmax weight on the candidates standing for it",
    l2: result.l2,
    epochs: scorer.training.epochs,
    optimizer: "Adam, full batch, learning rate 0.1",
    firstRead: result.hops > 1 ? "one-read weights trained on the same conversations (same λ)" : "none",
    leaveOneConversationOut: result.loco.all,
    oneReadLeaveOneConversationOut: Object.fromEntries(
      result.oneReadLoco.map((r) => [String(r.l2), r.table.all]),
    ),
    inSample: result.inSample.all,
    command: "npm run train:recall",
  };
  writeFileSync(values.out, formatScorerFile(scorer));
  console.log(`\nweights (feature: trained, first read, prior)`);
  console.log(
    RECALL_FEATURES.map(
      (f, j) =>
        `  ${f.name.padEnd(18)} ${(scorer.weights[j] as number).toFixed(3).padStart(7)} ${(scorer.firstRead?.[j] ?? Number.NaN).toFixed(3).padStart(7)}  ${f.prior}`,
    ).join("\n"),
  );
  console.log(`wrote ${values.out} in ${seconds()}`);
}

await main();
