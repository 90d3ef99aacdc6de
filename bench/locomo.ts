/**
 * LoCoMo evidence recall (npm run bench:locomo), in one run on the dev file with the local model (embeddings cached
 * under bench/results):
 * 1. end to end through `engine.recall` and `engine.context`: the trained default weights and the hand-set ones over
 *    the same stores, interleaved question by question, with both baselines (lexical, dense, and dense over
 *    "Speaker: text"), recall@5/10/25/50, per category, latency, and the evidence inside the context block at each
 *    token budget;
 * 2. the same questions' candidates ranked by hand-set, trained (in-sample: the shipped weights were trained on this
 *    file) and leave-one-conversation-out weights (train:recall's training with the shipped λ: train on four
 *    conversations, rank the fifth, all five folds pooled; with two reads, each held-out conversation's first read
 *    uses weights trained without it).
 * With --facts-on-off, only this: facts derived on write against `deriveFacts: false`, each dev conversation ingested
 * both ways, ranked by the shipped weights over the candidates recall reads (what engine.recall returns: part 2's
 * check says so), recall@5/10/25/50 and per category, then the two compared question by question @10 (questions
 * gained and lost, the mean difference with a bootstrap interval, the sign test) and per conversation.
 * Usage: npm run bench:locomo [-- --embedder local|hash] [--budgets 500,1000,2000] [--facts-on-off]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultScorer, firstReadScorer, HAND_SET_SCORER } from "../src/core/recall-scorer.js";
import { DRAGON_BASELINE, formatBudgetTable, runLocomo } from "../src/evaluation/locomo.js";
import { evidenceShare } from "../src/evaluation/locomo-budget.js";
import { evaluateLists, locomoLists, rankedTurns } from "../src/evaluation/locomo-lists.js";
import { trainOnLocomo } from "../src/evaluation/locomo-training.js";
import { comparePaired } from "../src/evaluation/paired-comparison.js";
import { createEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine, saveResult } from "./common.js";
import { diskCached } from "./embedding-cache.js";
import { ingestLocomoDev } from "./locomo-dev.js";
import { KS, TABLE_HEADER, tableLine } from "./locomo-tables.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    budgets: { type: "string", default: "500,1000,2000" },
    "facts-on-off": { type: "boolean", default: false },
  },
});
const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.error(
    "LoCoMo dev file not found: set ENGRAM_DATA_DIR to the folder that holds locomo/locomo-dev.json",
  );
  process.exit(2);
}
const budgets = values.budgets.split(",").map(Number);
const shipped = defaultScorer();
const l2 = Number(shipped.training.l2 ?? 0.01);
console.log(
  `LoCoMo dev, embedder ${values.embedder}, on ${describeMachine()}; shipped weights trained with λ ${l2}`,
);

if (values["facts-on-off"]) {
  console.log(`\nfacts on and off, the shipped one-read weights, evidence recall %\n${TABLE_HEADER}`);
  const perQuestion: { conversation: string; question: string; at10: number }[][] = [];
  for (const [label, options] of [
    ["facts derived (default)", {}],
    ["deriveFacts: false", { deriveFacts: false }],
  ] as const) {
    const ingested = await ingestLocomoDev(values.embedder as "local" | "hash", options);
    const lists = await Promise.all(
      ingested.stores.map(({ conversation, store }) =>
        locomoLists(store, ingested.embedder, conversation, options),
      ),
    ).then((all) => all.flat());
    await ingested.dispose();
    const scorer = firstReadScorer(shipped);
    console.log(tableLine(label, evaluateLists(lists, scorer, KS)));
    perQuestion.push(
      lists.map((list) => ({
        conversation: list.conversation,
        question: list.question,
        at10: 100 * evidenceShare(rankedTurns(list, scorer).slice(0, 10).flat(), list.evidence),
      })),
    );
  }
  // question by question: the same questions in the same order from both ingestions
  const [on = [], off = []] = perQuestion;
  if (on.some((q, i) => q.question !== off[i]?.question))
    throw new Error("facts on and off listed different questions: the paired comparison needs the same ones");
  const paired = comparePaired(
    on.map((q) => q.at10),
    off.map((q) => q.at10),
  );
  const points = (x: number) => x.toFixed(2);
  console.log(
    `\nfacts on − off @10, question by question (${paired.questions} questions): on better on ${paired.gained}, worse on ${paired.lost}; mean ${points(paired.meanDifference)} points, bootstrap 95 % interval [${points(paired.interval[0])}, ${points(paired.interval[1])}] (10,000 resamples of the questions, seed 1); sign test p = ${paired.signTestP.toFixed(3)}`,
  );
  for (const conversation of [...new Set(on.map((q) => q.conversation))]) {
    const at = on.flatMap((q, i) => (q.conversation === conversation ? [i] : []));
    const one = comparePaired(
      at.map((i) => (on[i] as { at10: number }).at10),
      at.map((i) => (off[i] as { at10: number }).at10),
      { resamples: 0 },
    );
    console.log(
      `  ${conversation}: ${one.questions} questions, better on ${one.gained}, worse on ${one.lost}, mean ${points(one.meanDifference)}`,
    );
  }
  process.exit(0);
}

// 1. end to end
const embedder = diskCached(createEmbedder({ kind: values.embedder as "local" | "hash" }));
const dir = mkdtempSync(join(tmpdir(), "engram-bench-locomo-"));
const report = await runLocomo({
  path: file,
  ks: KS,
  embedder,
  budgets,
  compareHandSet: true,
  createStore: (label) => createSqliteStore({ path: join(dir, `${label}.db`) }),
  onProgress: (message) => console.log(`  ${message}`),
});
embedder.save();
rmSync(dir, { recursive: true, force: true });

console.log(`\nend to end (engine.recall), evidence recall %\n${TABLE_HEADER}`);
console.log(tableLine("Engram, trained weights (default)", report.recall));
if (report.handSet) console.log(tableLine("Engram, hand-set weights", report.handSet.recall));
console.log(tableLine("lexical only (BM25)", report.baselines.lexical));
console.log(tableLine("dense only (cosine)", report.baselines.dense));
console.log(tableLine('dense only, "Speaker: text"', report.baselines.denseSpeaker));
console.log(
  tableLine("DRAGON (LoCoMo paper)", {
    all: DRAGON_BASELINE.all,
    ...Object.fromEntries(Object.entries(DRAGON_BASELINE.at10).map(([c, v]) => [c, { "10": v }])),
  }),
);
console.log(
  `recall latency, end to end: trained p50 ${report.latency.p50} ms p95 ${report.latency.p95} ms; hand-set p50 ${report.handSet?.latency.p50} ms p95 ${report.handSet?.latency.p95} ms (interleaved)`,
);
if (report.budget) {
  console.log(`\nevidence inside the context block (% of evidence turns), by token budget`);
  console.log(formatBudgetTable(report.budget));
  if (report.handSet?.budget)
    console.log(
      `hand-set weights' context block: ${budgets.map((b) => `${b}: ${report.handSet?.budget?.all?.[String(b)]}`).join(", ")}`,
    );
}

// 2. in-sample and leave-one-conversation-out, on the candidates recall reads (the training of npm run train:recall,
// with the shipped λ)
const ingested = await ingestLocomoDev(values.embedder as "local" | "hash");
const trained = await trainOnLocomo(ingested.stores, ingested.embedder, {
  ks: KS,
  l2Grid: [l2],
  onProgress: (message) => console.log(`  ${message}`),
});
const lists = await Promise.all(
  ingested.stores.map(({ conversation, store }) => locomoLists(store, ingested.embedder, conversation)),
).then((all) => all.flat());
// the default reads once (the file's first-read weights); hops: 2 reads twice with the file's two-read weights
const twoReadLists = await Promise.all(
  ingested.stores.map(({ conversation, store }) =>
    locomoLists(store, ingested.embedder, conversation, { hops: 2 }, shipped),
  ),
).then((all) => all.flat());
await ingested.dispose();
const handSet = evaluateLists(lists, HAND_SET_SCORER, KS);
const inSample = evaluateLists(lists, firstReadScorer(shipped), KS);
console.log(`\ncandidates ranked by each set of weights, evidence recall %\n${TABLE_HEADER}`);
console.log(tableLine("hand-set (no training)", handSet));
console.log(tableLine("trained, one read (default), in-sample", inSample));
console.log(tableLine("trained, two reads (hops: 2), in-sample", evaluateLists(twoReadLists, shipped, KS)));
const oneRead = trained.oneReadLoco.find((r) => r.l2 === l2)?.table;
if (oneRead && trained.hops > 1) console.log(tableLine("trained, one read, LOCO", oneRead));
console.log(tableLine(`trained, ${trained.hops === 1 ? "one read" : "two reads"}, LOCO`, trained.loco));
const same = trained.scorer.weights.every((w, j) => Math.abs(w - (shipped.weights[j] as number)) < 1e-5);
console.log(
  `(the in-sample row is what engine.recall returned above: ${JSON.stringify(inSample.all) === JSON.stringify(report.recall.all) ? "equal" : `differs: ${JSON.stringify(report.recall.all)}`}; retraining here gives the shipped weights: ${same ? "yes" : "no, run npm run train:recall"})`,
);
console.log(
  `saved ${saveResult(`locomo-${values.embedder}`, { report, handSet, inSample, loco: trained.loco, oneReadLoco: trained.oneReadLoco, l2 })}`,
);
