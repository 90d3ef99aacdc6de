/**
 * npm run train:zh: trains the Chinese student on cmn-train.tsv less its validation split, quantises it, picks the
 * student's weight against the gloss bridge on the validation split (with a two-fold out-of-fold check), and
 * writes data/zh/student.bin. The local model's English vectors are cached under bench/results/chinese.
 * Usage: npm run train:zh [-- --rank 256 --bits 4 --epochs 3 --min 2]
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  CHINESE_MODEL_VERSION,
  loadGlossTable,
  STUDENT_FILE,
} from "../../src/providers/chinese/bilingual-embedder.js";
import { glossSentence } from "../../src/providers/chinese/gloss.js";
import { studentFeatures } from "../../src/providers/chinese/student-features.js";
import {
  parseStudent,
  quantizeRows,
  serializeStudent,
  studentEmbed,
} from "../../src/providers/chinese/student-model.js";
import { createLocalEmbedder } from "../../src/providers/local-embedder.js";
import { dataFile, describeMachine } from "../common.js";
import { buildVocabulary, fuse, principalBasis, project, toRows, trainTable } from "./student-training.js";
import { attributionFile, oneToOne, readPairs, retrievalAccuracy, splitPairs } from "./tatoeba.js";
import { openVectorCache } from "./vector-cache.js";

const { values } = parseArgs({
  options: {
    rank: { type: "string", default: "256" },
    bits: { type: "string", default: "4" },
    epochs: { type: "string", default: "3" },
    min: { type: "string", default: "2" },
    lr: { type: "string", default: "0.2" },
  },
});
const DIMS = 512;
const rank = Number(values.rank);
const bits = Number(values.bits) as 8 | 4;
const file = dataFile("tatoeba-cmn-eng", "cmn-train.tsv");
if (!file) throw new Error("cmn-train.tsv not found under ../shared/data (or $ENGRAM_DATA_DIR)");
const { training, validation: held } = splitPairs(readPairs(file));
const validation = oneToOne(held);
console.log(
  `${describeMachine()}\ntraining ${training.length} pairs; validation ${validation.length} (one-to-one)`,
);

const started = performance.now();
const local = createLocalEmbedder();
const english = openVectorCache(local, "english");
const trainingTargets = (await english.embed(training.map((p) => p.english))) as Float32Array[];
const validationEnglish = await english.embed(validation.map((p) => p.english));
const glosses = loadGlossTable();
const glossVectors = await openVectorCache(local, "gloss").embed(
  validation.map((p) => glossSentence(p.chinese, glosses)),
);
await local.close();

const trainingFeatures = training.map((p) => studentFeatures(p.chinese));
const vocabulary = buildVocabulary(trainingFeatures, Number(values.min));
const basis = principalBasis(trainingTargets, DIMS, rank);
const targets = trainingTargets.map((t) => project(t, basis, DIMS, rank));
const trained = trainTable(toRows(trainingFeatures, vocabulary), targets, vocabulary.features.length, {
  rank,
  epochs: Number(values.epochs),
  learningRate: Number(values.lr),
  seed: 1,
  onEpoch: (epoch, _, seconds) => console.log(`epoch ${epoch}: ${seconds.toFixed(0)} s`),
});
const { table, scales } = quantizeRows(trained, rank, bits);
const header = {
  version: CHINESE_MODEL_VERSION,
  dims: DIMS,
  rank,
  rows: vocabulary.features.length,
  bits,
  studentWeight: 0.6,
  training: {},
};
const draft = parseStudent(
  serializeStudent({
    header,
    features: vocabulary.features,
    scales,
    basis: rank === DIMS ? new Float32Array(0) : basis,
    table,
  }),
  "draft",
);
const student = validation.map((p) => studentEmbed(draft, studentFeatures(p.chinese)));
const score = (chinese: (Float32Array | null)[], english: (Float32Array | null)[]) => ({
  enToZh: retrievalAccuracy(english, chinese),
  zhToEn: retrievalAccuracy(chinese, english),
});
const mean = (s: ReturnType<typeof score>) => (s.enToZh["1"] + s.zhToEn["1"]) / 2;
const WEIGHTS = [0.4, 0.5, 0.6, 0.7, 0.8];
const fusedAt = (weight: number, indices: number[]) =>
  score(
    indices.map((i) => fuse(student[i] ?? null, glossVectors[i] ?? null, weight)),
    indices.map((i) => validationEnglish[i] ?? null),
  );
const all = validation.map((_, i) => i);
const sweep = WEIGHTS.map((weight) => ({ weight, ...fusedAt(weight, all) }));
for (const row of sweep) console.log(`student weight ${row.weight}: ${JSON.stringify(row)}`);
const best = sweep.reduce((a, b) => (mean(b) > mean(a) ? b : a));
// out of fold: the weight picked on one half, scored on the other
const halves = [all.filter((i) => i % 2 === 0), all.filter((i) => i % 2 === 1)];
const byHalf = halves.map((half) => WEIGHTS.map((weight) => fusedAt(weight, half)));
const outOfFold = halves.map((_, h) => {
  const fit = byHalf[h] as ReturnType<typeof score>[];
  const pick = WEIGHTS.reduce((a, b, i) =>
    mean(fit[i] as ReturnType<typeof score>) > mean(fit[WEIGHTS.indexOf(a)] as ReturnType<typeof score>)
      ? b
      : a,
  );
  return { weight: pick, ...(byHalf[1 - h] as ReturnType<typeof score>[])[WEIGHTS.indexOf(pick)] };
});
const figures = {
  validationPairs: validation.length,
  studentAlone: score(student, validationEnglish),
  glossAlone: score(glossVectors, validationEnglish),
  fused: { weight: best.weight, enToZh: best.enToZh, zhToEn: best.zhToEn },
  outOfFold,
};
console.log(JSON.stringify(figures, null, 1));
header.studentWeight = best.weight;
header.training = {
  data: "Tatoeba cmn-eng, cmn-train.tsv (CC BY 2.0 FR), less the validation split (bench/chinese/tatoeba.ts)",
  pairs: training.length,
  features: `jieba words, Han characters and bigrams seen in >= ${values.min} training sentences`,
  epochs: Number(values.epochs),
  learningRate: Number(values.lr),
  validation: figures,
};
const bytes = serializeStudent({
  header,
  features: vocabulary.features,
  scales,
  basis: rank === DIMS ? new Float32Array(0) : basis,
  table,
});
const out = resolve(import.meta.dirname, "..", "..", "data", "zh", STUDENT_FILE);
writeFileSync(out, bytes);
writeFileSync(resolve(out, "..", "tatoeba-attribution.txt.gz"), attributionFile(training));
console.log(
  `${out}: ${(bytes.length / 2 ** 20).toFixed(2)} MiB, ${vocabulary.features.length} features × ${rank}, ${bits}-bit; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
);
