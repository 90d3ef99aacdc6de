/**
 * npm run bench:crosslingual: the bilingual embedder's figures on pairs it never trained on: the validation split
 * held back from cmn-train.tsv (all of it, and its longest 800 pairs, closer to the hidden test's long sentences),
 * the pairs of the 5k subset that share no sentence with cmn-train.tsv, and the MemoryBank chat check; then load
 * time and speed of the Chinese side. The local model's vectors are cached under bench/results/chinese.
 */

import { join } from "node:path";
import {
  evaluateCrosslingual,
  evaluateMemoryBank,
  type TranslationPair,
} from "../../src/evaluation/crosslingual.js";
import { createBilingualEmbedder, loadChineseModel } from "../../src/providers/chinese/bilingual-embedder.js";
import { studentFeatures } from "../../src/providers/chinese/student-features.js";
import { studentEmbed } from "../../src/providers/chinese/student-model.js";
import { createLocalEmbedder } from "../../src/providers/local-embedder.js";
import type { Embedder } from "../../src/spec/embedder.js";
import { dataDir, dataFile, describeMachine, saveResult } from "../common.js";
import { oneToOne, readPairs, splitPairs } from "./tatoeba.js";
import { openVectorCache } from "./vector-cache.js";

const trainFile = dataFile("tatoeba-cmn-eng", "cmn-train.tsv");
const subsetFile = dataFile("tatoeba-cmn-eng", "cmn_eng_5k_subset.tsv");
if (!trainFile || !subsetFile) throw new Error("the Tatoeba files are missing under ../shared/data");
const all = readPairs(trainFile);
const { validation: held } = splitPairs(all);
const validation = oneToOne(held);
const longest = [...validation].sort((a, b) => b.english.length - a.english.length).slice(0, 800);
const trainingEnglish = new Set(all.map((p) => p.english));
const trainingChinese = new Set(all.map((p) => p.chinese));
const subset = readPairs(subsetFile);
const unseen = oneToOne(
  subset.filter((p) => !trainingEnglish.has(p.english) && !trainingChinese.has(p.chinese)),
);

const model = createLocalEmbedder();
const cache = openVectorCache(model, "eval");
const local: Embedder = { id: model.id, dimensions: model.dimensions, embed: (texts) => cache.embed(texts) };

const started = performance.now();
const sets: [string, TranslationPair[]][] = [
  ["validation", validation],
  ["validationLongest800", longest],
  ["subsetUnseen", unseen],
];
const results: Record<string, unknown> = {};
for (const [name, pairs] of sets) {
  const report = await evaluateCrosslingual({
    pairs,
    local,
    onProgress: (m) => console.log(`${name}: ${m}`),
  });
  results[name] = report;
  console.log(name, JSON.stringify(report));
}
const memorybank = await evaluateMemoryBank(
  join(dataDir(), "memorybank"),
  createBilingualEmbedder({ local }),
);
console.log("memorybank", JSON.stringify(memorybank));
cache.save();

// load time and speed of the Chinese side (sentences of the validation split)
const loadStart = performance.now();
const chinese = loadChineseModel();
const loadMs = performance.now() - loadStart;
const sentences = validation.map((p) => p.chinese);
studentFeatures("预热"); // jieba's dictionary loads on first use: timed apart
const studentStart = performance.now();
for (const sentence of sentences) studentEmbed(chinese.student, studentFeatures(sentence));
const studentPerSecond = sentences.length / ((performance.now() - studentStart) / 1000);
const fresh = createBilingualEmbedder({ local: model });
const sample = sentences.slice(0, 200).map((s) => `${s} `); // not in the cache: the local model runs on the glosses
await fresh.embed(sample.slice(0, 8));
const fusedStart = performance.now();
await fresh.embed(sample);
const fusedPerSecond = sample.length / ((performance.now() - fusedStart) / 1000);
await model.close();
const speed = {
  loadMs: Math.round(loadMs),
  studentSentencesPerSecond: Math.round(studentPerSecond),
  fusedSentencesPerSecond: Math.round(fusedPerSecond),
};
console.log("speed", JSON.stringify(speed));
saveResult("crosslingual", {
  machine: describeMachine(),
  pairs: { validation: validation.length, longest: longest.length, subsetUnseen: unseen.length },
  results,
  memorybank,
  speed,
  seconds: Math.round((performance.now() - started) / 1000),
});
