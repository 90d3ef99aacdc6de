/**
 * The student's quality/size trade-off on the validation split of cmn-train.tsv (never the test pairs):
 * rank, frequency cut, epochs, int8 / 4-bit rows, and the fusion weight with the gloss bridge.
 * Usage: tsx bench/chinese/experiment.ts [--rank 512,256,128] [--min 2] [--epochs 6] [--lr 0.2]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { glossSentence, parseGlossTable } from "../../src/providers/chinese/gloss.js";
import { studentFeatures } from "../../src/providers/chinese/student-features.js";
import { createLocalEmbedder } from "../../src/providers/local-embedder.js";
import { dataFile } from "../common.js";
import {
  buildVocabulary,
  fuse,
  principalBasis,
  project,
  studentVector,
  toRows,
  trainTable,
} from "./student-training.js";
import { oneToOne, readPairs, retrievalAccuracy, splitPairs } from "./tatoeba.js";
import { openVectorCache } from "./vector-cache.js";

const { values } = parseArgs({
  options: {
    rank: { type: "string", default: "512" },
    min: { type: "string", default: "2" },
    epochs: { type: "string", default: "6" },
    lr: { type: "string", default: "0.2" },
  },
});
const DIMS = 512;
const file = dataFile("tatoeba-cmn-eng", "cmn-train.tsv");
if (!file) throw new Error("cmn-train.tsv not found under ../shared/data");
const { training, validation: held } = splitPairs(readPairs(file));
const validation = oneToOne(held);
console.log(`training ${training.length} pairs, validation ${validation.length} (one-to-one)`);

const local = createLocalEmbedder();
const english = openVectorCache(local, "english");
const trainingTargets = (await english.embed(training.map((p) => p.english))) as Float32Array[];
const validationEnglish = await english.embed(validation.map((p) => p.english));
const table = parseGlossTable(
  gunzipSync(readFileSync(new URL("../../data/zh/cedict-glosses.tsv.gz", import.meta.url))).toString(),
);
const glossCache = openVectorCache(local, "gloss");
const glossVectors = await glossCache.embed(validation.map((p) => glossSentence(p.chinese, table)));
await local.close();
console.log("gloss bridge", JSON.stringify(evaluate(glossVectors)));

function evaluate(chinese: (Float32Array | null)[]) {
  return {
    enToZh: retrievalAccuracy(validationEnglish, chinese),
    zhToEn: retrievalAccuracy(chinese, validationEnglish),
  };
}

let started = performance.now();
const trainingFeatures = training.map((p) => studentFeatures(p.chinese));
const validationFeatures = validation.map((p) => studentFeatures(p.chinese));
console.log(`features in ${((performance.now() - started) / 1000).toFixed(1)} s`);

for (const minCount of values.min.split(",").map(Number)) {
  const vocabulary = buildVocabulary(trainingFeatures, minCount);
  const trainingRows = toRows(trainingFeatures, vocabulary);
  const validationRows = toRows(validationFeatures, vocabulary);
  for (const rank of values.rank.split(",").map(Number)) {
    started = performance.now();
    const basis = principalBasis(trainingTargets, DIMS, rank);
    const targets = trainingTargets.map((t) => project(t, basis, DIMS, rank));
    const captured = targets.reduce((sum, t) => sum + t.reduce((s, v) => s + v * v, 0), 0) / targets.length;
    console.log(
      `min ${minCount}: ${vocabulary.features.length} features; rank ${rank}: basis in ${((performance.now() - started) / 1000).toFixed(1)} s, keeps ${(100 * captured).toFixed(1)}% of the targets' energy`,
    );
    const vectorsOf = (rowTable: (index: number, out: Float32Array) => void) =>
      validationRows.map((rows) => studentVector(rows, rowTable, basis, DIMS, rank));
    const floatRow = (t: Float32Array) => (index: number, out: Float32Array) =>
      out.set(t.subarray(index * rank, (index + 1) * rank));
    const trained = trainTable(trainingRows, targets, vocabulary.features.length, {
      rank,
      epochs: Number(values.epochs),
      learningRate: Number(values.lr),
      seed: 1,
      onEpoch(epoch, t, seconds) {
        const result = evaluate(vectorsOf(floatRow(t)));
        console.log(`  epoch ${epoch} (${seconds.toFixed(0)} s): ${JSON.stringify(result)}`);
      },
    });
    for (const bits of [8, 4]) {
      const quantized = quantizeRows(trained, rank, bits);
      const student = vectorsOf(quantized);
      console.log(`  int${bits}: ${JSON.stringify(evaluate(student))}`);
      for (const weight of [0.4, 0.5, 0.6, 0.7]) {
        const fused = student.map((s, i) => fuse(s, glossVectors[i] ?? null, weight));
        console.log(`    fused ${weight}: ${JSON.stringify(evaluate(fused))}`);
      }
    }
  }
}

/** Symmetric per-row quantisation to `bits`, read back as floats (what the shipped table gives). */
function quantizeRows(t: Float32Array, rank: number, bits: number) {
  const levels = 2 ** (bits - 1) - 1;
  const rows = t.length / rank;
  const q = new Int8Array(t.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < rank; c++) max = Math.max(max, Math.abs(t[r * rank + c] as number));
    const scale = max / levels || 1;
    scales[r] = scale;
    for (let c = 0; c < rank; c++) q[r * rank + c] = Math.round((t[r * rank + c] as number) / scale);
  }
  return (index: number, out: Float32Array) => {
    const scale = scales[index] as number;
    for (let c = 0; c < rank; c++) out[c] = (q[index * rank + c] as number) * scale;
  };
}
